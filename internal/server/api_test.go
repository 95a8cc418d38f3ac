package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"sitrep/internal/server"
)

func get(t *testing.T, u string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestAPI(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	cases := []struct {
		name, path string
		status     int
		contains   []string
		lacks      []string
	}{
		// Documents.
		{"documents", "/api/documents", 200, []string{`"items":[`, `"title":"Sample"`, `corpus/01_us_strikes_iraq.txt`}, nil},
		{"documents page", "/api/documents?limit=2&offset=1", 200, []string{`"limit":2`, `"offset":1`, `"next_offset":3`}, nil},
		{"last page has no next", "/api/documents?limit=500", 200, nil, []string{`next_offset`}},
		{"bad limit", "/api/documents?limit=x", 400, []string{`"error":"limit`}, nil},
		{"document", "/api/documents/1", 200, []string{`"entities":[`, `"mentions":[[`, `"events":`, `"times":`, `"quotes":`, `"problems":`}, nil},
		{"absent document", "/api/documents/99999", 404, []string{`not found`}, nil},
		{"malformed id", "/api/documents/abc", 404, nil, nil},
		// Actors and events.
		{"actors", "/api/actors?limit=5", 200, []string{`"code":`, `"mentions":`}, nil},
		{"actors by country", "/api/actors?country=USA", 200, []string{`"name":"Donald Trump"`, `"name":"Eric Pahon"`}, nil},
		{"events by actor", "/api/events?actor=USA", 200, []string{`"actor":[{"code":"Donald Trump"`, `"recipient":[{"code":"RUS"`}, nil},
		{"events by actor and recipient", "/api/events?actor=Donald+Trump&recipient=RUS&type=agree", 200, []string{`"type":"AGREE"`, `"cameo":"057"`, `"modality":"future"`}, []string{`"type":"COOPERATE"`}},
		{"events by country", "/api/events?country=RUS&modality=asserted", 200, []string{`"negated":true`}, []string{`"modality":"future"`}},
		{"events in a window", "/api/events?actor=Donald+Trump&since=2017-01-01&until=2017-01-31", 200, []string{`"date":"2017-01-23"`}, nil},
		{"bad date", "/api/events?since=yesterday", 400, []string{`since`}, nil},
		{"bad type", "/api/events?type=HUG", 400, []string{`PLOVER`}, nil},
		{"bad modality", "/api/events?modality=maybe", 400, []string{`modality`}, nil},
		// Quotes.
		{"quotes by speaker", "/api/quotes?speaker=pahon", 200, []string{`"text":"We are not coordinating,"`, `"direct":true`}, nil},
		{"quotes by country", "/api/quotes?country=usa&mentions=russia", 200, []string{`"speaker":"White House"`}, nil},
		// Search.
		{"search", "/api/search?q=coordinating", 200, []string{`"title":"Sample"`, `"snippet":"`}, nil},
		{"search corpus", "/api/search?q=Kobani", 200, []string{`04_turkey_kobani`}, nil},
		{"search syntax is text", "/api/search?q=%22OR+NOT%28", 200, []string{`"items":[]`}, nil},
		// Series and network.
		{"dyad", "/api/dyad?actor=Donald+Trump&recipient=RUS", 200, []string{`"period":"2017-01"`, `"events":2`, `"goldstein":9`, `"interval":"month"`}, nil},
		{"dyad by week", "/api/dyad?actor=Donald+Trump&recipient=RUS&interval=week", 200, []string{`"period":"2017-W04"`}, nil},
		{"dyad needs a recipient", "/api/dyad?actor=USA", 400, []string{`recipient is required`}, nil},
		{"bad interval", "/api/dyad?actor=USA&recipient=RUS&interval=year", 400, []string{`interval`}, nil},
		{"timeline", "/api/timeline?actor=RUS", 200, []string{`"cooperative":`, `"points":[{`}, nil},
		{"network", "/api/network", 200, []string{`"source":"USA","target":"RUS"`, `"nodes":[`, `"view":"rolled"`}, nil},
		{"network exact", "/api/network?view=exact", 200, []string{`"source":"donald trump","target":"RUS"`, `"view":"exact"`}, nil},
		{"network bad view", "/api/network?view=sideways", 400, nil, nil},
		{"network window", "/api/network?since=2030-01-01", 200, []string{`"edges":[]`}, nil},
		// Other.
		{"stats", "/api/stats", 200, []string{`"documents":14`}, nil},
		{"openapi", "/api/openapi.json", 200, []string{`"openapi":"3.0.3"`, `"/api/events"`}, nil},
		{"health", "/healthz", 200, []string{"ok"}, nil},
		{"unknown", "/api/nothing", 404, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := get(t, ts.URL+c.path)
			if code != c.status {
				t.Fatalf("GET %s = %d, want %d: %s", c.path, code, c.status, body)
			}
			if code == 200 && strings.HasPrefix(c.path, "/api/") && !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type = %q", h.Get("Content-Type"))
			}
			for _, s := range c.contains {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s lacks %s in %.600s", c.path, s, body)
				}
			}
			for _, s := range c.lacks {
				if strings.Contains(body, s) {
					t.Errorf("GET %s contains %s", c.path, s)
				}
			}
		})
	}
}

// TestPagination walks the events page by page: every event once, in the
// same order as one big page.
func TestPagination(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	type pageT struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
		Next *int `json:"next_offset"`
	}
	fetch := func(q string) pageT {
		_, _, body := get(t, ts.URL+"/api/events?"+q)
		var p pageT
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := fetch("limit=500")
	if len(all.Items) < 4 {
		t.Fatalf("only %d events", len(all.Items))
	}
	var walked []int64
	for offset := 0; ; {
		p := fetch(fmt.Sprintf("limit=3&offset=%d", offset))
		for _, it := range p.Items {
			walked = append(walked, it.ID)
		}
		if p.Next == nil {
			break
		}
		offset = *p.Next
	}
	if len(walked) != len(all.Items) {
		t.Fatalf("walked %d events, want %d", len(walked), len(all.Items))
	}
	for i := range walked {
		if walked[i] != all.Items[i].ID {
			t.Fatalf("event %d: page order %d, full order %d", i, walked[i], all.Items[i].ID)
		}
	}
}

func post(t *testing.T, u, token, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPostDocument(t *testing.T) {
	article := "Turkish troops shelled Kurdish positions near Kobani on Monday, the Turkish army said."
	t.Run("read-only without a token", func(t *testing.T) {
		ts, _ := newServer(t, server.Options{})
		if code, body := post(t, ts.URL+"/api/documents", "anything", "text/plain", article); code != 403 {
			t.Errorf("POST = %d %s, want 403", code, body)
		}
	})
	ts, st := newServer(t, server.Options{Token: "s3cret", MaxBody: 4096})
	u := ts.URL + "/api/documents?published=2014-10-07"
	cases := []struct {
		name, token, ctype, body string
		status                   int
		contains                 string
	}{
		{"no token", "", "text/plain", article, 401, "token"},
		{"wrong token", "s3cret!", "text/plain", article, 401, "token"},
		{"raw text", "s3cret", "text/plain", article, 201, `"added":true`},
		{"same text again", "s3cret", "text/plain", article, 200, `"added":false`},
		{"JSON record", "s3cret", "application/json",
			`{"text": "Russia and the United States agreed on a truce in Syria.", "published": "2016-09-10", "title": "Truce", "url": "https://example.org/truce"}`,
			201, `"added":true`},
		{"malformed JSON", "s3cret", "application/json", `{"text": `, 400, "JSON"},
		{"empty", "s3cret", "text/plain", "   ", 400, "no text"},
		{"too large", "s3cret", "text/plain", strings.Repeat("word ", 2000), 413, "larger"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, u, c.token, c.ctype, c.body)
			if code != c.status || !strings.Contains(body, c.contains) {
				t.Errorf("POST = %d %s, want %d containing %s", code, body, c.status, c.contains)
			}
		})
	}
	rows, err := st.Search(t.Context(), storeSearch("truce"))
	if err != nil || len(rows) == 0 {
		t.Fatalf("posted JSON document not found: %v %v", rows, err)
	}
	_, _, page := get(t, ts.URL+"/search?q=shelled")
	if !strings.Contains(page, "Kobani") {
		t.Errorf("posted raw document not searchable")
	}
	_, _, js := get(t, ts.URL+"/api/search?q=truce")
	if !strings.Contains(js, `"published":"2016-09-10"`) || !strings.Contains(js, `"url":"https://example.org/truce"`) {
		t.Errorf("JSON record fields lost: %s", js)
	}
}
