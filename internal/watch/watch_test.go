package watch_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/fetch"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/watch"
)

// site is a news site for the tests: feeds, a sitemap, robots.txt and
// articles that are fine, slow, huge, malformed, looping, gone.
type site struct {
	srv   *httptest.Server
	mu    sync.Mutex
	hits  map[string]int // article path -> GET count
	etag  atomic.Int32   // the RSS feed's version
	extra atomic.Bool    // the RSS feed lists /a/7 too
	gone  atomic.Bool    // the Atom feed has vanished (404)
}

func article(title string) string {
	return `<!DOCTYPE html><html><head><title>` + title + `</title></head><body><article><h1>` + title +
		`</h1><p>The foreign minister met his counterpart in Geneva on Monday to discuss the ceasefire.</p>` +
		`<p>Both sides said the talks had been constructive.</p></article></body></html>`
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}}
	s.etag.Store(1)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		etag := fmt.Sprintf(`"v%d"`, s.etag.Load())
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>`)
		links := []string{"/a/1", "/a/2?utm_source=rss&utm_medium=feed", "/private/3", "/slow", "/huge", "/binary",
			"/loop", "/gone", "/a/1/amp/", "/doc.pdf", "/latin1", "/flaky", "/r/4"}
		if s.extra.Load() {
			links = append(links, "/a/7")
		}
		for _, l := range links {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s%s</link><pubDate>Tue, 24 Jan 2017 10:00:00 GMT</pubDate></item>`,
				l, s.srv.URL, strings.ReplaceAll(l, "&", "&amp;"))
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		if s.gone.Load() {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Four</title><link href="%[1]s/a/4"/></entry>`+
			`<entry><title>One again</title><link href="https://m.%[2]s/a/1"/></entry></feed>`, s.srv.URL, strings.TrimPrefix(s.srv.URL, "http://"))
	})
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<sitemapindex><sitemap><loc>%s/news-sitemap.xml</loc></sitemap></sitemapindex>`, s.srv.URL)
	})
	mux.HandleFunc("/news-sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>%s/a/5</loc>`+
			`<news:news><news:publication_date>2017-01-25</news:publication_date><news:title>Five</news:title></news:news></url></urlset>`, s.srv.URL)
	})
	mux.HandleFunc("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "6", "url": "%s/a/6", "title": "Six"}]}`, s.srv.URL)
	})
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body>This is not a feed</body></html>"))
	})
	count := func(r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
	}
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(article("Article " + r.URL.Path)))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Write([]byte("<html>"))
		w.(http.Flusher).Flush()
		select {
		case <-time.After(20 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Header().Set("Content-Type", "text/html")
		w.Write(bytes.Repeat([]byte("<p>x</p>"), 300<<10))
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Header().Set("Content-Type", "text/html")
		w.Write(bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 1000))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { count(r); http.Redirect(w, r, "/loop", http.StatusFound) })
	// A feed-proxy link that leads to an article the Atom feed lists too.
	mux.HandleFunc("/r/4", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a/4", http.StatusFound) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { count(r); http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html><head><title>Caf\xe9</title></head><body><p>Le caf\xe9 a ferm\xe9 ses portes.</p></body></html>"))
	})
	var flaky atomic.Int32
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		count(r)
		if flaky.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(article("Flaky")))
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) { count(r); w.Write([]byte(article("Private"))) })
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// memSink keeps documents by hash, and stores them unannotated in st (if
// set) so that the watch state sees them.
type memSink struct {
	mu     sync.Mutex
	byHash map[string]*doc.Document
	calls  int
	st     *sqlstore.Store
}

func (m *memSink) put(ctx context.Context, d *doc.Document) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.st != nil {
		if _, err := m.st.Put(ctx, d); err != nil {
			return false, err
		}
	}
	if m.byHash == nil {
		m.byHash = map[string]*doc.Document{}
	}
	if _, ok := m.byHash[d.Hash]; ok {
		return false, nil
	}
	m.byHash[d.Hash] = d
	return true, nil
}

func (m *memSink) urls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, d := range m.byHash {
		out = append(out, d.URL)
	}
	sort.Strings(out)
	return out
}

func testClient() *fetch.Client {
	return fetch.New(fetch.Options{Timeout: 1500 * time.Millisecond, Interval: -1, Backoff: 20 * time.Millisecond,
		MaxBytes: 1 << 20, PerHost: 4, Retries: -1})
}

func TestWatch(t *testing.T) {
	s := newSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sources := []watch.Source{{URL: s.srv.URL + "/rss.xml", Outlet: "Site", Country: "GBR"}, {URL: s.srv.URL + "/atom.xml"},
		{URL: s.srv.URL + "/sitemap_index.xml"}, {URL: s.srv.URL + "/feed.json"}, {URL: s.srv.URL + "/broken.xml"}}
	sink := &memSink{st: st}
	rawDir := t.TempDir()
	var logs bytes.Buffer
	var logMu sync.Mutex
	run := func() watch.Stats {
		t.Helper()
		logMu.Lock()
		defer logMu.Unlock()
		w := watch.New(testClient(), st, sink.put, sources, watch.Options{Once: true, Workers: 3,
			RetryAfter: time.Millisecond, MaxAttempts: 2, KeepRaw: rawDir, Log: slog.New(slog.NewJSONHandler(&logs, nil))})
		start := time.Now()
		if err := w.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("a round took %v", d)
		}
		return w.Stats()
	}

	// Round 1: every article is fetched once; bad ones fail with a reason.
	st1 := run()
	base := s.srv.URL
	// The flaky page failed once and, its retry due at once, was fetched
	// again in the same round.
	want := []string{base + "/a/1", base + "/a/2", base + "/a/4", base + "/a/5", base + "/a/6", base + "/flaky", base + "/latin1"}
	if got := sink.urls(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stored %v\nwant %v", got, want)
	}
	if n := s.hitsOf("/a/1"); n != 1 {
		t.Errorf("/a/1 (also listed as AMP and mobile) fetched %d times", n)
	}
	// /r/4 redirects to /a/4: whichever is claimed first stores it under
	// /a/4 (the list above has no /r/4); the other finds it stored, unless
	// both were in flight at once.
	if n := s.hitsOf("/a/4"); n < 1 || n > 2 {
		t.Errorf("/a/4 (also reached through a redirecting link) fetched %d times", n)
	}
	if n := s.hitsOf("/private/3"); n != 0 {
		t.Errorf("a page robots.txt disallows was fetched")
	}
	items, err := st.WatchItems(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, it := range items {
		reasons[strings.TrimPrefix(it.URL, base)] = it.State + ": " + it.Reason
	}
	for path, want := range map[string]string{
		"/private/3": "failed: disallowed by robots.txt",
		"/slow":      "failed: ",
		"/huge":      "failed: response larger than the size cap",
		"/binary":    "failed: no text: binary input",
		"/loop":      "failed: redirect loop",
		"/gone":      "failed: HTTP 410 Gone",
		"/doc.pdf":   "failed: not an HTML page (application/pdf)",
		"/flaky":     "done: ",
		"/a/1":       "done: ",
		"/r/4":       "done: ",
	} {
		if !strings.HasPrefix(reasons[path], want) {
			t.Errorf("%s: %q, want %q...", path, reasons[path], want)
		}
	}
	if !strings.Contains(reasons["/slow"], "Timeout") && !strings.Contains(reasons["/slow"], "deadline") {
		t.Errorf("/slow: %q, want a timeout", reasons["/slow"])
	}
	if st1.FeedFails != 1 || !strings.Contains(logs.String(), `"feed failed"`) {
		t.Errorf("feed failures %d (the HTML page posing as a feed), log:\n%s", st1.FeedFails, logs.String())
	}
	for _, d := range sink.byHash {
		if d.URL == base+"/latin1" && !bytes.Contains(d.Raw, []byte("Le café a fermé")) {
			t.Errorf("Latin-1 page not decoded: %q", d.Raw)
		}
		if raw, err := os.ReadFile(filepath.Join(rawDir, d.Hash+".html")); err != nil || !bytes.Equal(raw, d.Raw) {
			t.Errorf("%s: raw HTML not kept (%v)", d.URL, err)
		}
		if d.URL == base+"/a/1" && (d.Outlet != "Site" || d.DefaultPublished != "2017-01-24" || d.Fetched == "") {
			t.Errorf("/a/1: outlet %q default published %q fetched %q", d.Outlet, d.DefaultPublished, d.Fetched)
		}
	}

	if n := s.hitsOf("/flaky"); n != 2 {
		t.Errorf("/flaky fetched %d times, want 2", n)
	}

	// Round 2: the RSS feed answers 304, the other feeds list nothing new:
	// nothing is fetched again.
	calls := sink.calls
	hits1, hits4 := s.hitsOf("/a/1"), s.hitsOf("/a/4") // /a/4 may have been fetched twice in round 1 (above)
	st2 := run()
	if st2.Unchanged != 1 {
		t.Errorf("round 2: %d unchanged polls, want 1 (the RSS feed's ETag)", st2.Unchanged)
	}
	if sink.calls != calls || s.hitsOf("/flaky") != 2 || s.hitsOf("/slow") != 2 {
		t.Errorf("round 2: %d documents handed over, /flaky fetched %d times, /slow %d", sink.calls-calls, s.hitsOf("/flaky"), s.hitsOf("/slow"))
	}
	if s.hitsOf("/a/1") != hits1 || s.hitsOf("/a/4") != hits4 {
		t.Errorf("stored articles fetched again: /a/1 %d -> %d, /a/4 %d -> %d", hits1, s.hitsOf("/a/1"), hits4, s.hitsOf("/a/4"))
	}

	// Round 3: the feed changes its ETag and lists one more article; the
	// Atom feed vanishes.
	s.etag.Store(2)
	s.extra.Store(true)
	s.gone.Store(true)
	st3 := run()
	if st3.New != 1 || s.hitsOf("/a/7") != 1 || st3.FeedFails != 2 {
		t.Errorf("round 3: %d new, /a/7 fetched %d times, %d feed failures", st3.New, s.hitsOf("/a/7"), st3.FeedFails)
	}
	if n := s.hitsOf("/a/1"); n != 1 {
		t.Errorf("/a/1 fetched %d times", n)
	}
}

// TestTwoWatchers runs two watchers, each with its own connection to one
// store as two processes would have, on a feed of 40 articles: each article
// is fetched exactly once.
func TestTwoWatchers(t *testing.T) {
	const n = 40
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/feed":
			var b strings.Builder
			b.WriteString("<rss><channel>")
			for i := range n {
				fmt.Fprintf(&b, "<item><link>%s/p/%d</link></item>", srv.URL, i)
			}
			b.WriteString("</channel></rss>")
			w.Write([]byte(b.String()))
		default:
			mu.Lock()
			hits[r.URL.Path]++
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			w.Write([]byte(article("Page " + r.URL.Path)))
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db := filepath.Join(t.TempDir(), "w.db")
	var wg sync.WaitGroup
	sinks := []*memSink{{}, {}}
	for i := range 2 {
		st, err := sqlstore.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := watch.New(testClient(), st, sinks[i].put, []watch.Source{{URL: srv.URL + "/feed"}},
				watch.Options{Once: true, Workers: 3, Owner: fmt.Sprint("w", i)})
			if err := w.Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(hits) != n {
		t.Errorf("%d articles fetched, want %d", len(hits), n)
	}
	for p, k := range hits {
		if k != 1 {
			t.Errorf("%s fetched %d times", p, k)
		}
	}
	if a, b := len(sinks[0].byHash), len(sinks[1].byHash); a+b != n {
		t.Errorf("stored %d + %d, want %d", a, b, n)
	}
}
