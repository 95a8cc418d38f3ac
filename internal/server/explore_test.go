package server_test

import (
	"encoding/csv"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/server"
)

var (
	totalRe = regexp.MustCompile(`<b>(\d+)</b> events match`)
	facetRe = regexp.MustCompile(`<a href="(/events\?[^"]+)">[^<]*</a> <span class="count">(\d+)</span>`)
)

// explorerTotal reads the number of matching events an explorer page states.
func explorerTotal(t *testing.T, base, path string) int {
	t.Helper()
	code, _, body := get(t, base+path)
	if code != 200 {
		t.Fatalf("GET %s = %d", path, code)
	}
	m := totalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s: no total", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestExplorer follows every facet link of the events explorer: the page
// it opens matches as many events as the facet counted, and the CSV export
// of the same filters has that many rows.
func TestExplorer(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	all := explorerTotal(t, ts.URL, "/events")
	if all < 50 {
		t.Fatalf("explorer finds %d events in the example corpus", all)
	}
	_, _, body := get(t, ts.URL+"/events")
	links := facetRe.FindAllStringSubmatch(body, -1)
	if len(links) < 20 {
		t.Fatalf("only %d facet links", len(links))
	}
	exported := 0
	for _, l := range links {
		path := html.UnescapeString(l[1])
		want, _ := strconv.Atoi(l[2])
		if got := explorerTotal(t, ts.URL, path); got != want {
			t.Errorf("%s: facet counts %d, the page matches %d", path, want, got)
		}
		if want > all {
			t.Errorf("%s: facet counts %d of %d events", path, want, all)
		}
		// The export of a few filters has one row per event.
		if exported < 6 && !strings.Contains(path, "since=") {
			exported++
			code, _, out := get(t, ts.URL+"/api/export?format=csv&"+strings.TrimPrefix(path, "/events?"))
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if code != 200 || err != nil || len(recs) != want+1 {
				t.Errorf("export %s = %d, %d rows (%v); want %d events", path, code, len(recs)-1, err, want)
			}
		}
	}
	// Paging: the second page starts where the first ended.
	_, _, p2 := get(t, ts.URL+"/events?offset=50")
	if !strings.Contains(p2, "showing 51–") {
		t.Errorf("second page does not say it shows 51 on")
	}
	for _, bad := range []string{"/events?quad=7", "/events?negated=maybe", "/events?sort=random", "/events?since=2016-13-01"} {
		if code, _, _ := get(t, ts.URL+bad); code != 400 {
			t.Errorf("GET %s = %d, want 400", bad, code)
		}
	}
	for _, f := range []string{"gdelt", "plover", "graphml", "geojson"} {
		code, h, out := get(t, ts.URL+"/api/export?format="+f+"&type=ASSAULT")
		if code != 200 || out == "" || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Errorf("export %s = %d %q, %d bytes", f, code, h.Get("Content-Disposition"), len(out))
		}
	}
}
