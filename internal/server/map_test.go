package server_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/server"
)

// TestMapPage checks that the map page lists the example corpus's located
// events by place, with coordinates and evidence links, and that its
// filters apply.
func TestMapPage(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	get := func(path string) (int, string) {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body := get("/map")
	if code != http.StatusOK {
		t.Fatalf("GET /map: %d", code)
	}
	m := regexp.MustCompile(`data-places="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no data-places on the map page")
	}
	var places []struct {
		Name   string  `json:"name"`
		Lat    float64 `json:"lat"`
		Lon    float64 `json:"lon"`
		Events int     `json:"events"`
		Items  []struct {
			URL      string `json:"url"`
			Evidence string `json:"evidence"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &places); err != nil {
		t.Fatal(err)
	}
	if len(places) == 0 {
		t.Fatal("no located events in the example corpus")
	}
	for _, p := range places {
		if p.Lat == 0 && p.Lon == 0 || p.Lat < -90 || p.Lat > 90 {
			t.Errorf("place %s at %v,%v", p.Name, p.Lat, p.Lon)
		}
		if p.Events == 0 || len(p.Items) == 0 || !strings.HasPrefix(p.Items[0].URL, "/documents/") || p.Items[0].Evidence == "" {
			t.Errorf("place %+v: no events or evidence", p)
		}
	}
	if code, _ := get("/map?type=NOPE"); code != http.StatusBadRequest {
		t.Errorf("GET /map?type=NOPE: %d, want 400", code)
	}
	if code, body := get("/map?since=2100-01-01"); code != http.StatusOK || !strings.Contains(body, "No located events") {
		t.Errorf("GET /map?since=2100-01-01: %d, want an empty map", code)
	}
	code, body = get("/api/events?located=true&limit=5")
	if code != http.StatusOK || !strings.Contains(body, `"place":{`) {
		t.Errorf("GET /api/events?located=true: %d %.200s", code, body)
	}
	if code, _ := get("/api/events?near=1,2"); code != http.StatusBadRequest {
		t.Errorf("GET /api/events?near=1,2: %d, want 400", code)
	}
}
