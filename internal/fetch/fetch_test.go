package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		// Tracking parameters, fragments, scheme, www.
		{"https://www.example.com/news/story-1?utm_source=rss&utm_medium=feed", "example.com/news/story-1"},
		{"http://Example.com/news/story-1/#comments", "example.com/news/story-1"},
		{"https://example.com/news/story-1?fbclid=abc&id=7&b=2", "example.com/news/story-1?b=2&id=7"},
		// AMP and mobile variants.
		{"https://m.example.com/news/story-1", "example.com/news/story-1"},
		{"https://amp.example.com/news/story-1", "example.com/news/story-1"},
		{"https://example.com/news/story-1/amp/", "example.com/news/story-1"},
		{"https://example.com/amp/news/story-1", "example.com/news/story-1"},
		{"https://example.com/news/story-1.amp.html", "example.com/news/story-1.html"},
		{"https://example.com/news/story-1?outputType=amp", "example.com/news/story-1"},
		// A host that is only "m.something" keeps its label.
		{"https://m.com/a", "m.com/a"},
		// Ports other than the default are kept.
		{"http://127.0.0.1:8080/a?utm_campaign=x", "127.0.0.1:8080/a"},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Clean("https://Example.com:443/a?utm_source=x&q=1#top"); got != "https://example.com/a?q=1" {
		t.Errorf("Clean = %q", got)
	}
}

// fast are options for tests: no waits worth the name.
func fast() Options {
	return Options{Timeout: 2 * time.Second, Backoff: 10 * time.Millisecond, Interval: -1, MaxBytes: 1 << 20}
}

func TestGet(t *testing.T) {
	var flaky atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.UserAgent(), "sitrep/1 (+mailto:ops@example.org)") {
			http.Error(w, "who are you", http.StatusForbidden)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>Hello</p></body></html>"))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write([]byte("<html><body><p>Caf\xe9 cr\xe8me</p></body></html>"))
	})
	mux.HandleFunc("/cp1252-meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>\x93Quoted\x94 \x96 dash</p></body></html>"))
	})
	mux.HandleFunc("/utf16", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var b bytes.Buffer
		b.Write([]byte{0xFF, 0xFE})
		for _, c := range "<p>Über</p>" {
			b.Write([]byte{byte(c), byte(c >> 8)})
		}
		w.Write(b.Bytes())
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		// The transport asks for gzip and decodes it transparently.
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "no gzip", 400)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(gzipped("<p>zipped page</p>"))
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler</p>"), 1000)
		for range 200 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	bomb := gzipped(strings.Repeat("a", 8<<20)) // 8 MiB from a few KiB
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>"))
		w.(http.Flusher).Flush()
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"x", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/x", http.StatusFound)
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) < 3 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("<p>third time</p>"))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	o := fast()
	o.Contact = "mailto:ops@example.org"
	c := New(o)
	ctx := context.Background()
	get := func(path string) (*Response, error) { return c.Get(ctx, Request{URL: srv.URL + path}) }

	t.Run("page and conditional GET", func(t *testing.T) {
		r, err := get("/page")
		if err != nil || string(r.Body) != "<html><body><p>Hello</p></body></html>" || r.ETag != `"v1"` {
			t.Fatalf("r=%+v err=%v", r, err)
		}
		r2, err := c.Get(ctx, Request{URL: srv.URL + "/page", ETag: r.ETag})
		if err != nil || !r2.NotModified || r2.Body != nil {
			t.Fatalf("conditional: r=%+v err=%v", r2, err)
		}
	})
	// Charsets are decoded to UTF-8.
	for _, tt := range []struct{ path, want, from string }{
		{"/latin1", "Café crème", "windows-1252"},
		{"/cp1252-meta", "“Quoted” – dash", "windows-1252"},
		{"/utf16", "<p>Über</p>", "utf-16le"},
		{"/gzip", "<p>zipped page</p>", ""},
	} {
		t.Run("charset "+tt.path, func(t *testing.T) {
			r, err := get(tt.path)
			if err != nil || !strings.Contains(string(r.Body), tt.want) || r.Charset != tt.from {
				t.Fatalf("body %q charset %q err %v, want %q from %q", r.Body, r.Charset, err, tt.want, tt.from)
			}
		})
	}
	// Failures, each with its reason, none hanging.
	for _, tt := range []struct {
		path      string
		want      error
		permanent bool
	}{
		{"/huge", ErrTooLarge, true},
		{"/bomb", ErrTooLarge, true},
		{"/loop", ErrRedirectLoop, true},
		{"/chain/", ErrRedirects, true},
		{"/private/secret", ErrRobots, true},
		{"/to-private", ErrRobots, true},
		{"/gone", &StatusError{Code: 410}, true},
		{"/slow", context.DeadlineExceeded, false},
	} {
		t.Run("fails "+tt.path, func(t *testing.T) {
			start := time.Now()
			_, err := get(tt.path)
			var se *StatusError
			if err == nil || !errors.Is(err, tt.want) && !(errors.As(err, &se) && se.Error() == tt.want.Error()) &&
				!(tt.path == "/slow" && strings.Contains(err.Error(), "Timeout")) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if Permanent(err) != tt.permanent {
				t.Errorf("Permanent(%v) = %v", err, !tt.permanent)
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("retries", func(t *testing.T) {
		r, err := get("/flaky")
		if err != nil || string(r.Body) != "<p>third time</p>" {
			t.Fatalf("r=%v err=%v", r, err)
		}
	})
	t.Run("redirect followed", func(t *testing.T) {
		r, err := get("/moved")
		if err != nil || r.URL != srv.URL+"/page" {
			t.Fatalf("r=%v err=%v", r, err)
		}
	})
}

func gzipped(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// TestPerHost checks the concurrency cap and the interval between
// requests to one host, and that robots.txt is read once.
func TestPerHost(t *testing.T) {
	var inFlight, peak, robots atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robots.Add(1)
			http.NotFound(w, r)
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	o := fast()
	o.Interval = 20 * time.Millisecond
	o.PerHost = 2
	c := New(o)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/p" + string(rune('a'+i))}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight at once, cap 2", p)
	}
	if n := robots.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 15*time.Millisecond {
			t.Errorf("requests %d and %d %v apart, interval 20ms", i-1, i, gap)
		}
	}
}

// TestRobotsUnavailable: a robots.txt answering 5xx disallows the host.
func TestRobotsUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	_, err := New(fast()).Get(context.Background(), Request{URL: srv.URL + "/a"})
	if !errors.Is(err, ErrRobots) {
		t.Fatalf("err = %v, want ErrRobots", err)
	}
}

// FuzzKey checks that Clean is idempotent and Key does not change when
// the URL is cleaned first.
func FuzzKey(f *testing.F) {
	f.Add("https://www.example.com/news/story-1/amp/?utm_source=x#a")
	f.Add("http://m.a.b/amp/x.amp.html?b=1&a=2")
	f.Add("::")
	f.Fuzz(func(t *testing.T, u string) {
		c := Clean(u)
		if c2 := Clean(c); c2 != c {
			t.Fatalf("Clean not idempotent: %q -> %q -> %q", u, c, c2)
		}
		if Key(c) != Key(u) {
			t.Fatalf("Key(%q) = %q, Key(Clean) = %q", u, Key(u), Key(c))
		}
	})
}
