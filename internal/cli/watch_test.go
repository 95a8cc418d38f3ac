package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// newsSite serves a feed of n articles, each page taking delay, on
// 127.0.0.1, and counts the fetches of each article.
func newsSite(t *testing.T, n int, delay time.Duration) (*httptest.Server, func() map[string]int) {
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case r.URL.Path == "/feed.xml":
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
			for i := range n {
				fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s/news/%d?utm_source=rss</link>"+
					"<pubDate>Tue, 24 Jan 2017 10:00:00 GMT</pubDate></item>", i, srv.URL, i)
			}
			b.WriteString("</channel></rss>")
			w.Header().Set("ETag", `"one"`)
			w.Write([]byte(b.String()))
		case strings.HasPrefix(r.URL.Path, "/news/"):
			mu.Lock()
			hits[r.URL.Path]++
			served := len(hits)*1000 + hits[r.URL.Path]
			mu.Unlock()
			time.Sleep(delay)
			id := strings.TrimPrefix(r.URL.Path, "/news/")
			fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>Story %[1]s</title></head><body><article><h1>Story %[1]s</h1>`+
				`<p>Turkey and Russia agreed on Tuesday to cooperate against the Islamic State, officials in Ankara said in report %[1]s.</p>`+
				`<p>The United States welcomed the step, a State Department spokesman said.</p></article>`+
				// Each response differs, as real pages do (ads, clocks): a page
				// fetched twice would be stored twice under two hashes.
				`<footer>Served %[2]d at %[3]d</footer></body></html>`, id, served, time.Now().UnixNano())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range hits {
			out[k] = v
		}
		return out
	}
}

// TestWatchSurvivesKill starts `sitrep watch` on a feed of 30 slow
// articles, kills it with SIGKILL mid-run, restarts it, and checks that
// every article is stored exactly once.
func TestWatchSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	const n = 30
	srv, hits := newsSite(t, n, 150*time.Millisecond)
	dir := t.TempDir()
	sources := filepath.Join(dir, "sources.txt")
	if err := os.WriteFile(sources, []byte("# test\n"+srv.URL+"/feed.xml  Wire Service  USA\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := "sqlite:" + filepath.Join(dir, "watch.db")
	args := []string{"watch", "--sources", sources, "--db", db, "--every", "300ms", "--interval", "0",
		"--lease", "1s", "--workers", "2", "--quiet"}
	killed := killWhen(t, sitrep(t, args...), func() bool {
		c := countDocuments(t, db)
		return c >= 3 && c < n-3
	})
	if !killed {
		t.Fatal("watch exited by itself")
	}
	mid := countDocuments(t, db)
	time.Sleep(2500 * time.Millisecond) // the dead watcher's claims expire
	out, err := sitrep(t, append(args, "--once")...).CombinedOutput()
	if err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	st, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(context.Background(), store.DocumentFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	perURL := map[string]int{}
	for _, d := range docs {
		perURL[d.URL]++
		if d.Outlet != "Wire Service" {
			t.Errorf("%s: outlet %q", d.URL, d.Outlet)
		}
	}
	for i := range n {
		u := fmt.Sprintf("%s/news/%d", srv.URL, i)
		if perURL[u] != 1 {
			t.Errorf("%s stored %d times", u, perURL[u])
		}
	}
	if len(docs) != n {
		t.Errorf("killed at %d documents; after restart %d documents, want %d", mid, len(docs), n)
	}
	// Every stored article was given its story, the killed run's too.
	if storied, err := st.StoryInputs(context.Background(), 0, 1000); err != nil || len(storied) != n {
		t.Errorf("%d of %d articles have a story (%v)", len(storied), n, err)
	}
	items, err := st.WatchItems(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.State != "done" {
			t.Errorf("%s: %s %s", it.URL, it.State, it.Reason)
		}
	}
	refetched := 0
	for _, k := range hits() {
		refetched += k - 1
	}
	t.Logf("killed with %d of %d stored; %d pages fetched again after the kill (claimed, not stored); restart said: %s",
		mid, n, refetched, strings.TrimSpace(string(out)))
	if refetched > 4 {
		t.Errorf("%d pages fetched twice; at most the 2 in flight (and 2 stored but not marked) should be", refetched)
	}
}

// TestWatchQueue follows a feed with --queue: the articles go to JetStream
// and a worker stores them, each once; a second round queues nothing.
func TestWatchQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates")
	}
	const n = 4
	srv, _ := newsSite(t, n, 0)
	dir := t.TempDir()
	ns := startNATS(t, freePort(t), filepath.Join(dir, "nats"))
	defer ns.Shutdown()
	sources := filepath.Join(dir, "sources.txt")
	os.WriteFile(sources, []byte(srv.URL+"/feed.xml\n"), 0o644)
	db := filepath.Join(dir, "q.db")
	natsURL := ns.ClientURL()
	for round := range 2 {
		var out, errOut strings.Builder
		code := Main([]string{"watch", "--sources", sources, "--db", db, "--queue", natsURL, "--once", "--interval", "0"},
			strings.NewReader(""), &out, &errOut)
		if code != exitOK {
			t.Fatalf("round %d: watch exit %d: %s", round, code, errOut.String())
		}
		want := fmt.Sprintf("%d fetched", n*(1-round))
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("round %d: %q, want %q", round, errOut.String(), want)
		}
	}
	var failed strings.Builder
	if code := Main([]string{"watch", "--failed", "--db", db}, strings.NewReader(""), &failed, &strings.Builder{}); code != exitOK || failed.Len() != 0 {
		t.Errorf("watch --failed: exit %d, %q", code, failed.String())
	}
	var errOut strings.Builder
	if code := Main([]string{"worker", "--queue", natsURL, "--db", db, "--exit-when-idle", "2s"},
		strings.NewReader(""), &strings.Builder{}, &errOut); code != exitOK {
		t.Fatalf("worker exit %d: %s", code, errOut.String())
	}
	if got := countDocuments(t, db); got != n {
		t.Errorf("%d documents stored, want %d", got, n)
	}
}
