package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/server"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// TestStoryPages serves a story of two originals and a copy: the list
// names it with its counts, its page lists the three articles, marks the
// copy and shows its outlets, actors and events; an unknown id is 404.
func TestStoryPages(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, copy1, second := storetest.Sample(1), storetest.Sample(2), storetest.Sample(3)
	first.Title = "Strikes with Russia"
	copy1.Outlet, copy1.DuplicateOf = "Reuters", first.Hash
	for _, d := range []*doc.Document{first, copy1, second} {
		d.Story = "s1"
		if _, err := st.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("/stories?min=2")
	if code != 200 || !strings.Contains(body, `href="/story?id=s1"`) || !strings.Contains(body, "Strikes with Russia") {
		t.Errorf("/stories: %d\n%s", code, body)
	}
	code, body = get("/story?id=s1")
	for _, want := range []string{"3 articles (1 copies) from 2 outlets", "Reuters", "Xinhua", "copy", "Russia", "AGREE"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/story?id=s1 (%d) lacks %q", code, want)
		}
	}
	if code, _ := get("/story?id=nope"); code != http.StatusNotFound {
		t.Errorf("/story?id=nope: %d, want 404", code)
	}
}
