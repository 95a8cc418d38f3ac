package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"sitrep/internal/server"
)

// TestCursorPaging: walking /api/events, /api/quotes and /api/documents by
// next_after gives the items of one whole page, in order; a cursor that is
// not one, or one given with an offset, is refused.
func TestCursorPaging(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	type pageJSON struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
		NextOffset *int   `json:"next_offset"`
		NextAfter  string `json:"next_after"`
	}
	fetch := func(u string) pageJSON {
		t.Helper()
		code, _, body := get(t, ts.URL+u)
		if code != 200 {
			t.Fatalf("GET %s = %d: %.200s", u, code, body)
		}
		var p pageJSON
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, list := range []string{"/api/events?", "/api/events?order=newest&", "/api/quotes?", "/api/documents?"} {
		whole := fetch(list + "limit=500")
		if len(whole.Items) < 10 || len(whole.Items) == 500 {
			t.Fatalf("%s: %d items in the whole listing, want 10 to 499 for this test", list, len(whole.Items))
		}
		var want, got []int64
		for _, it := range whole.Items {
			want = append(want, it.ID)
		}
		u := list + "limit=4"
		for pages := 0; ; pages++ {
			p := fetch(u)
			for _, it := range p.Items {
				got = append(got, it.ID)
			}
			if pages > 0 && p.NextOffset != nil {
				t.Errorf("%s: a page listed after a cursor has next_offset %d", u, *p.NextOffset)
			}
			if p.NextAfter == "" {
				if len(p.Items) == 4 {
					t.Errorf("%s: a full page without next_after", u)
				}
				break
			}
			if pages > 100 {
				t.Fatalf("%s: no end", list)
			}
			u = list + "limit=4&after=" + url.QueryEscape(p.NextAfter)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s walked by cursor:\n%v\nwant\n%v", list, got, want)
		}
	}
	// Not cursors.
	for _, u := range []string{"/api/events?after=xyz!", "/api/quotes?after=" + strings.Repeat("A", 300),
		"/api/documents?after=MjAxNw", "/api/events?after=MjAxNx8xHzI&offset=50"} {
		if code, _, body := get(t, ts.URL+u); code != 400 || !strings.Contains(body, `"error"`) {
			t.Errorf("GET %s = %d %.100s, want 400", u, code, body)
		}
	}
}
