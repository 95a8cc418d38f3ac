package server_test

import (
	"context"
	"encoding/json"
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
	first, copy1, second := storetest.Sample(1), storetest.Sample(2), storetest.Sample(3)
	first.Title = "Strikes with Russia"
	copy1.Outlet, copy1.DuplicateOf = "Reuters", first.Hash
	for _, d := range []*doc.Document{first, copy1, second} {
		d.Story = "s1"
	}
	get := storyServer(t, first, copy1, second)
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

// TestSearchAndEvidenceByStory serves two stories: search hits of one
// story are grouped under it (the API lists the story once with its hits
// and outlets; the page shows the best hit with the story line and the
// others folded), and an event three articles of one story report is one
// row of an evidence list, with its sources.
func TestSearchAndEvidenceByStory(t *testing.T) {
	first, copy1, second, other := storetest.Sample(1), storetest.Sample(2), storetest.Sample(3), storetest.Sample(4)
	first.Title = "Strikes with Russia"
	copy1.Outlet, copy1.DuplicateOf = "Reuters", first.Hash
	second.Outlet = "TASS"
	other.Title, other.Published = "Another day", "2017-03-01"
	for _, d := range []*doc.Document{first, copy1, second} {
		d.Story = "s1"
	}
	other.Story = "s2"
	getAny := storyServer(t, first, copy1, second, other)
	get := func(path string) string {
		code, body := getAny(path)
		if code != 200 {
			t.Fatalf("%s: %d\n%s", path, code, body)
		}
		return body
	}
	var page struct {
		Items []struct {
			ID    int64  `json:"id"`
			Story string `json:"story"`
		} `json:"items"`
		Stories []struct {
			ID       string `json:"id"`
			Articles int    `json:"articles"`
			Sources  int    `json:"sources"`
			Outlets  []struct {
				Outlet string `json:"outlet"`
			} `json:"outlets"`
			Hits []int `json:"hits"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(get("/api/search?q=coordinating")), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 4 || len(page.Stories) != 2 {
		t.Fatalf("/api/search: %d hits in %d stories, want 4 in 2: %+v", len(page.Items), len(page.Stories), page)
	}
	for _, s := range page.Stories {
		want := map[string]int{"s1": 3, "s2": 1}[s.ID]
		if len(s.Hits) != want || s.ID == "s1" && (s.Articles != 3 || s.Sources != 3 || len(s.Outlets) != 3) {
			t.Errorf("story %+v: want %d hits (s1: 3 articles from 3 outlets)", s, want)
		}
		for _, i := range s.Hits {
			if page.Items[i].Story != s.ID {
				t.Errorf("hit %d is in story %q, listed under %s", i, page.Items[i].Story, s.ID)
			}
		}
	}
	body := get("/search?q=coordinating")
	if n := strings.Count(body, "<li class=\"story-hit\""); n != 2 {
		t.Errorf("/search shows %d story groups, want 2", n)
	}
	for _, want := range []string{`Story: <a href="/story?id=s1">Strikes with Russia</a> · 3 articles (1 copies) from 3 outlets`,
		"2 more matches in this story"} {
		if !strings.Contains(body, want) {
			t.Errorf("/search lacks %q", want)
		}
	}
	// The White House's AGREE event (same type, day and parties in every
	// sample) is reported by the three originals (the copy's events are
	// not listed): one story event, one row, with its other sources.
	body = get("/actor?code=USA")
	if n := strings.Count(body, `<span class="etype">AGREE</span>`); n != 1 {
		t.Errorf("/actor?code=USA lists AGREE %d times, want once", n)
	}
	if !strings.Contains(body, `<span class="story-sources">· 3 articles, 3 sources: Xinhua, <a`) || !strings.Contains(body, ">TASS</a>") {
		t.Errorf("/actor?code=USA: no merged row naming its 3 articles and other source TASS\n%s", body)
	}
}

// storyServer serves a fresh SQLite store holding docs, and returns a GET
// of the server's status and body.
func storyServer(t *testing.T, docs ...*doc.Document) func(path string) (int, string) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range docs {
		if _, err := st.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
}
