// Package server serves sitrep's JSON API and web UI over a store.Store.
//
// The server is read-only unless a token is configured: then POST
// /api/documents annotates and stores one document for a client that
// presents the token. Every route is listed once, in routes.go, which both
// registers it and describes it in the OpenAPI document at
// /api/openapi.json. Pages are html/template files and static assets
// embedded from web/; article text is escaped everywhere, and a strict
// Content-Security-Policy allows scripts only from /static/.
package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// DefaultMaxBody is the request body limit when Options.MaxBody is 0.
const DefaultMaxBody = 10 << 20

// Options configures a Server. The zero value serves read-only.
type Options struct {
	// Token, when not empty, enables POST /api/documents for requests
	// carrying "Authorization: Bearer <Token>".
	Token string
	// Annotate runs the annotation pipeline over a posted document. When
	// nil, posted documents are refused.
	Annotate func(ctx context.Context, d *doc.Document) error
	// Put stores an annotated posted document, as store.Store.Put does
	// (default: the store's Put); the command sets one that assigns the
	// document's story.
	Put func(ctx context.Context, d *doc.Document) (bool, error)
	// Logger receives one structured line per request (default: discard).
	Logger *slog.Logger
	// MaxBody limits request bodies in bytes (default DefaultMaxBody).
	MaxBody int64
	// Timeout is the deadline of a read request, after which its database
	// query is cancelled (default DefaultTimeout).
	Timeout time.Duration
	// PerClient is how many requests of one client (IP address) reach the
	// store at once (default DefaultPerClient); Queue is how many more wait
	// for a slot (default DefaultQueue) before the client gets 429.
	PerClient, Queue int
	// CacheBytes bounds the answers kept for the current store version
	// (default DefaultCacheBytes; negative: keep none).
	CacheBytes int
}

// DefaultCacheBytes is the answer cache's size when Options.CacheBytes is 0.
const DefaultCacheBytes = 64 << 20

// Server is the HTTP handler of the API and the web UI.
type Server struct {
	st      store.Store
	o       Options
	log     *slog.Logger
	pages   map[string]*template.Template
	static  fs.FS
	mux     *http.ServeMux
	metrics *metrics
	handler http.Handler
	// limit bounds the requests that reach the store (limits.go).
	limit *limiter
	// versions caches the store's version and what depends only on it,
	// answers the responses of that version (cache.go).
	versions versions
	answers  answers
}

// New returns a server over st. It parses the embedded templates and fails
// only if they are broken.
func New(st store.Store, o Options) (*Server, error) {
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.PerClient <= 0 {
		o.PerClient = DefaultPerClient
	}
	if o.Queue <= 0 {
		o.Queue = DefaultQueue
	}
	s := &Server{st: st, o: o, log: o.Logger, mux: http.NewServeMux(), limit: newLimiter(o.PerClient, o.Queue)}
	s.versions.v, _ = st.(Versioner)
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultCacheBytes
	}
	s.answers.maxBytes, s.answers.maxEntry = o.CacheBytes, min(o.CacheBytes/16, 1<<20)
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if s.static, err = fs.Sub(webFS, "web/static"); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.metrics = newMetrics()
	for _, r := range s.routes() {
		h := r.handler
		switch {
		case r.Method == "POST":
			h = s.bounded(h, postTimeout, true)
		case r.Kind == "api" && r.Path != "/api/openapi.json", r.Kind == "page":
			// An answer the client holds costs no slot and no query.
			h = s.conditional(s.bounded(h, o.Timeout, r.Kind == "api"))
		case r.Path == "/healthz":
			h = s.bounded(h, o.Timeout, false)
		}
		s.mux.Handle(r.Method+" "+r.Path, h)
	}
	s.handler = s.observe(secure(compress(s.mux)))
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Registry is the Prometheus registry of the server's metrics.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// Serve serves on l until ctx is done, then shuts down gracefully, letting
// requests in flight finish for up to ten seconds.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // an annotated POST may take a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- hs.Shutdown(sctx)
	}()
	s.log.Info("serving", "addr", l.Addr().String(), "writable", s.o.Token != "")
	if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if err := <-done; err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}

// contentSecurityPolicy allows scripts, styles and images only from this
// server: no inline script runs, whatever an article contains. The
// dashboard's balance bars have style attributes, hence 'unsafe-inline' for
// styles only; the network's layout worker is a /static/ file.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"frame-ancestors 'none'; form-action 'self'"

// secure sets the security headers of every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// authorized reports whether r carries the configured token. The
// comparison takes the same time whatever the token, via fixed-length
// digests.
func (s *Server) authorized(r *http.Request) bool {
	if s.o.Token == "" {
		return false
	}
	const prefix = "Bearer "
	got := r.Header.Get("Authorization")
	if len(got) < len(prefix) || got[:len(prefix)] != prefix {
		return false
	}
	a := sha256.Sum256([]byte(got[len(prefix):]))
	b := sha256.Sum256([]byte(s.o.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
