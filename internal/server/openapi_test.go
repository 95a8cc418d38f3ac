package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

func sampleServer(t *testing.T) *Server {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 1; i <= 3; i++ {
		if _, err := st.Put(context.Background(), storetest.Sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sampleQuery gives each route parameters that make it answer 200.
var sampleQuery = map[string]string{
	"/api/dyad":     "?actor=Donald+Trump&recipient=RUS",
	"/api/timeline": "?actor=RUS",
	"/api/search":   "?q=coordinating",
	"/actor":        "?code=RUS",
	"/dyad":         "?actor=Donald+Trump&recipient=RUS",
	"/search":       "?q=coordinating",
}

// TestOpenAPIDescribesEveryRoute checks that every route registered on the
// mux is in /api/openapi.json with its method, that the mux answers each
// of them, and that the JSON responses use only the fields their schema
// names.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := sampleServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var spec struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Ref   string `json:"$ref"`
					Items struct {
						Ref string `json:"$ref"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &spec); err != nil {
		t.Fatal(err)
	}
	if spec.OpenAPI == "" || len(spec.Paths) == 0 {
		t.Fatalf("not an OpenAPI document: %.300s", rec.Body.String())
	}
	routes := s.routes()
	if len(spec.Paths) < 20 {
		t.Errorf("only %d paths described", len(spec.Paths))
	}
	for _, r := range routes {
		path := strings.TrimSuffix(r.Path, "{$}")
		op, ok := spec.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not in openapi.json", r.Method, path)
			continue
		}
		if op["summary"] == "" || op["responses"] == nil {
			t.Errorf("%s %s: no summary or responses", r.Method, path)
		}
		if r.Method != "GET" {
			continue
		}
		// The mux answers the route.
		target := strings.Replace(path, "{id}", "1", 1) + sampleQuery[path]
		if strings.HasSuffix(target, "/static/") {
			target += "app.css"
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != http.StatusOK && rec.Code != http.StatusMovedPermanently {
			t.Errorf("GET %s = %d: %.300s", target, rec.Code, rec.Body.String())
			continue
		}
		if r.Schema == "" {
			continue
		}
		// The response's fields are those of its schema.
		var got map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Errorf("GET %s: %v", target, err)
			continue
		}
		schema := spec.Components.Schemas[r.Schema]
		for k, v := range got {
			prop, ok := schema.Properties[k]
			if !ok {
				t.Errorf("GET %s: field %q is not in schema %s", target, k, r.Schema)
				continue
			}
			items, _ := v.([]any)
			if name := strings.TrimPrefix(prop.Items.Ref, "#/components/schemas/"); name != "" && len(items) > 0 {
				item, _ := items[0].(map[string]any)
				for f := range item {
					if _, ok := spec.Components.Schemas[name].Properties[f]; !ok {
						t.Errorf("GET %s: item field %q is not in schema %s", target, f, name)
					}
				}
			}
		}
	}
	// Nothing else is routed: a path not in the table is 404.
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/admin", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /admin = %d", rec.Code)
	}
}
