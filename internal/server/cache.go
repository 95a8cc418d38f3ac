package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"sitrep/internal/store"
)

// What makes repeated questions cheap: answers carry an ETag and a
// Last-Modified derived from the store's version (it changes whenever a
// document is stored), so a client asking again gets 304 Not Modified
// without a query; the answers of the current version are kept (bounded
// in bytes), so another client asking the same costs no query either; the
// counts of the dashboard are computed once per version; and text answers
// are gzip-compressed for clients that accept it.

// Versioner is implemented by stores that can say cheaply whether
// anything changed (sqlstore does). Without it answers carry no validators.
type Versioner interface {
	// Version names the store's content: it changes whenever a document
	// is stored. Modified is when that happened (zero if unknown).
	Version(ctx context.Context) (version string, modified time.Time, err error)
}

// versionTTL is how long a version is trusted before it is asked again:
// an answer may be this much older than the newest document.
const versionTTL = time.Second

// versions caches the store's version.
type versions struct {
	v        Versioner
	mu       sync.Mutex
	version  string
	modified time.Time
	asked    time.Time
	// stats are the dashboard counts of version statsOf.
	stats   *store.Stats
	statsOf string
}

// get returns the store's version, asking it at most once per versionTTL.
func (c *versions) get(ctx context.Context) (string, time.Time, bool) {
	if c.v == nil {
		return "", time.Time{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.asked) > versionTTL {
		v, m, err := c.v.Version(ctx)
		if err != nil {
			return "", time.Time{}, false
		}
		c.version, c.modified, c.asked = v, m, time.Now()
	}
	return c.version, c.modified, true
}

// stats returns the store's counts, computed once per version.
func (s *Server) stats(ctx context.Context) (store.Stats, error) {
	v, _, ok := s.versions.get(ctx)
	if ok {
		s.versions.mu.Lock()
		if s.versions.stats != nil && s.versions.statsOf == v {
			st := *s.versions.stats
			s.versions.mu.Unlock()
			return st, nil
		}
		s.versions.mu.Unlock()
	}
	st, err := s.st.Stats(ctx)
	if err == nil && ok {
		s.versions.mu.Lock()
		s.versions.stats, s.versions.statsOf = &st, v
		s.versions.mu.Unlock()
	}
	return st, err
}

// conditional answers 304 Not Modified when the client already holds the
// answer to r for the store's current version, and otherwise sets the
// validators the answer will carry. Answers that depend on nothing but the
// store and the URL may use it.
func (s *Server) conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, modified, ok := s.versions.get(r.Context())
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		sum := sha256.Sum256([]byte(v + "\x00" + r.URL.RequestURI()))
		etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
		h := w.Header()
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache") // keep, but ask again each time
		if !modified.IsZero() {
			h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
		}
		if match := r.Header.Get("If-None-Match"); match != "" {
			if etagMatches(match, etag) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		} else if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.IsZero() &&
			!modified.Truncate(time.Second).After(since) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		// Another client may have asked the same of the same version.
		if e, ok := s.answers.get(v, etag); ok {
			serveCached(w, r, e)
			return
		}
		// Or may be asking it now: then the answer is computed once and the
		// others wait for it, instead of all computing the same expensive
		// page at once when it is first asked for by many.
		done, first := s.answers.begin(etag)
		if !first {
			select {
			case <-done:
			case <-r.Context().Done():
				return
			}
			if e, ok := s.answers.get(v, etag); ok {
				serveCached(w, r, e)
				return
			}
			// It was not kept (an error, or too large): compute it too.
		} else {
			defer s.answers.end(etag)
		}
		rec := &recorder{ResponseWriter: w, max: s.answers.maxEntry}
		next.ServeHTTP(rec, r)
		if rec.code == http.StatusOK && !rec.over {
			s.answers.put(v, etag, cached{contentType: h.Get("Content-Type"), body: rec.buf, gz: gzipped(rec.buf)})
		}
	})
}

// serveCached answers with a kept response.
func serveCached(w http.ResponseWriter, r *http.Request, e cached) {
	h := w.Header()
	h.Set("Content-Type", e.contentType)
	h.Set("X-Cache", "hit")
	body := e.body
	if e.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		// Compressed once when kept: compress passes it on.
		h.Set("Content-Encoding", "gzip")
		body = e.gz
	}
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// cached is a kept response body, and the same gzip-compressed.
type cached struct {
	contentType string
	body, gz    []byte
}

// size is what e holds in bytes.
func (e cached) size() int { return len(e.body) + len(e.gz) }

// gzipped compresses b, nil if it does not shrink.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	gz := gzipPool.Get().(*gzip.Writer)
	gz.Reset(&buf)
	_, err := gz.Write(b)
	if cerr := gz.Close(); err == nil {
		err = cerr
	}
	gz.Reset(io.Discard)
	gzipPool.Put(gz)
	if err != nil || buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

// answers caches the 200 responses of the current store version, at most
// maxBytes of them, none over maxEntry; a new version empties it. An entry
// is evicted at random when room is needed.
type answers struct {
	mu                 sync.Mutex
	version            string
	m                  map[string]cached
	bytes              int
	maxBytes, maxEntry int
	// flight holds the answers being computed, by key (the ETag, which
	// names the version): closed when the computation ends.
	flight map[string]chan struct{}
}

// begin registers that key's answer is being computed. first says the
// caller is the one to compute it (and must call end); otherwise done is
// closed when the one computing it has finished.
func (c *answers) begin(key string) (done <-chan struct{}, first bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.flight[key]; ok {
		return ch, false
	}
	if c.flight == nil {
		c.flight = map[string]chan struct{}{}
	}
	ch := make(chan struct{})
	c.flight[key] = ch
	return ch, true
}

// end marks key's computation finished (see begin).
func (c *answers) end(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.flight[key]; ok {
		close(ch)
		delete(c.flight, key)
	}
}

func (c *answers) get(version, key string) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return cached{}, false
	}
	e, ok := c.m[key]
	return e, ok
}

func (c *answers) put(version, key string, e cached) {
	if c.maxBytes <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.m == nil {
		c.version, c.m, c.bytes = version, map[string]cached{}, 0
	}
	if old, ok := c.m[key]; ok {
		c.bytes -= old.size()
	}
	for k, old := range c.m {
		if c.bytes+e.size() <= c.maxBytes {
			break
		}
		delete(c.m, k)
		c.bytes -= old.size()
	}
	c.m[key] = e
	c.bytes += e.size()
}

// recorder passes a response through while keeping a copy of its body,
// up to max bytes.
type recorder struct {
	http.ResponseWriter
	code int
	buf  []byte
	max  int
	over bool
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	if !r.over {
		if len(r.buf)+len(b) > r.max {
			r.over, r.buf = true, nil
		} else {
			r.buf = append(r.buf, b...)
		}
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// etagMatches compares an If-None-Match list with etag, weakly.
func etagMatches(list, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// gzipPool recycles compressors: each holds about 800 KiB of state.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return w
}}

// compress gzips the answer for clients that accept it. Small answers are
// compressed too: the JSON and HTML here shrink four- to tenfold.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(part, ";")
		if name = strings.TrimSpace(name); !strings.EqualFold(name, "gzip") && name != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// gzipWriter compresses what is written once the status says there is a
// body to compress.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		if code == http.StatusOK && h.Get("Content-Encoding") == "" {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = gzipPool.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
		g.gz.Reset(io.Discard)
		gzipPool.Put(g.gz)
		g.gz = nil
	}
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }
