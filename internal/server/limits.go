package server

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"sitrep/internal/store"
)

// What bounds the work of one request, whatever its parameters: every list
// has a page of at most maxLimit items and an offset of at most maxOffset,
// every read has a deadline that cancels its database query, and the
// database work of one client is limited to a few requests at a time.

// Defaults of Options.
const (
	// DefaultTimeout is the deadline of a read request.
	DefaultTimeout = 10 * time.Second
	// DefaultPerClient is how many requests of one client run at once.
	DefaultPerClient = 2
	// DefaultQueue is how many more requests of one client wait for a
	// slot; beyond that a client gets 429 Too Many Requests.
	DefaultQueue = 64
	// postTimeout is the deadline of POST /api/documents, which annotates.
	postTimeout = 2 * time.Minute
	// maxOffset bounds offset: skipping rows costs as much as reading them.
	maxOffset = 100_000
)

// limit reads a page size: absent gives def; an integer above max (however
// large) is cut to max; zero, a negative number or anything else is refused
// with 400, so that no value means "everything".
func (p *params) limit(def, max int) int {
	v := p.r.URL.Query().Get("limit")
	if v == "" {
		return def
	}
	digits := v
	if len(digits) > 0 && digits[0] == '+' {
		digits = digits[1:]
	}
	ok := digits != ""
	for i := 0; i < len(digits); i++ {
		ok = ok && digits[i] >= '0' && digits[i] <= '9'
	}
	if !ok || allZero(digits) {
		if p.err == nil {
			p.err = badf("limit %q: want an integer from 1 to %d (larger values are cut to %d)", clipParam(v), max, max)
		}
		return def
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n > max {
		return max // too large for an int, or above the cap
	}
	return n
}

// offset reads the number of items to skip, at most maxOffset.
func (p *params) offset() int {
	n := p.int("offset", 0, 0)
	if n > maxOffset && p.err == nil {
		p.err = badf("offset %d: at most %d (narrow the query with since, until or other filters)", n, maxOffset)
	}
	return min(n, maxOffset)
}

func allZero(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// clipParam shortens a parameter value echoed in an error message.
func clipParam(v string) string {
	if len(v) > 40 {
		return v[:40] + "..."
	}
	return v
}

// errBusy is the answer to a client that already has too many requests
// waiting.
var errBusy = errors.New("too many requests from this client")

// limiter bounds the requests that reach the database: at most perClient of
// one client's at once (the rest wait in line, at most queue of them) and
// at most total of all clients' together. A client is its IP address.
type limiter struct {
	perClient, queue int
	total            chan struct{}
	mu               sync.Mutex
	clients          map[string]*client
}

// client is one client's slots and line.
type client struct {
	slots   chan struct{}
	waiting int // requests holding or waiting for a slot
}

func newLimiter(perClient, queue int) *limiter {
	return &limiter{perClient: perClient, queue: queue,
		// At most four per core in all: the SQLite read pool has as
		// many connections (sqlstore), so no request waits for one.
		total:   make(chan struct{}, max(2*perClient, 4*runtime.GOMAXPROCS(0))),
		clients: map[string]*client{}}
}

// acquire waits for a slot for key until ctx is done. It returns a release
// function, errBusy when the client's line is full, or ctx's error.
func (l *limiter) acquire(ctx context.Context, key string) (func(), error) {
	l.mu.Lock()
	c := l.clients[key]
	if c == nil {
		c = &client{slots: make(chan struct{}, l.perClient)}
		l.clients[key] = c
	}
	if c.waiting >= l.perClient+l.queue {
		l.mu.Unlock()
		return nil, errBusy
	}
	c.waiting++
	l.mu.Unlock()
	leave := func() {
		l.mu.Lock()
		c.waiting--
		if c.waiting == 0 {
			delete(l.clients, key) // the map holds only active clients
		}
		l.mu.Unlock()
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	select {
	case l.total <- struct{}{}:
	case <-ctx.Done():
		<-c.slots
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-l.total
		<-c.slots
		leave()
	}, nil
}

// clientKey is the client's IP address.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// bounded gives h a deadline and a slot of the limiter. Requests that wait
// past the deadline, or find their client's line full, are answered 503 or
// 429 with Retry-After, as JSON for the API and as a page for the UI.
func (s *Server) bounded(h http.Handler, timeout time.Duration, api bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		release, err := s.limit.acquire(ctx, clientKey(r))
		if err != nil {
			code, msg := http.StatusServiceUnavailable, "the server is busy: try again shortly"
			if errors.Is(err, errBusy) {
				code, msg = http.StatusTooManyRequests, "too many requests at once from this client: try again shortly"
			}
			if r.Context().Err() != nil {
				return // the client has gone
			}
			w.Header().Set("Retry-After", "1")
			if api {
				writeJSON(w, code, apiErr{msg})
			} else {
				http.Error(w, msg, code)
			}
			return
		}
		defer release()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Keyset paging: a list answer whose page is full carries next_after, a
// cursor naming its last item; asking again with after=CURSOR lists the
// items that follow, which costs the same however deep the page (an offset
// costs as much as reading the rows it skips). /api/events, /api/quotes
// and /api/documents take it.

// after reads the after= cursor: nil when absent; anything but a cursor
// from next_after, or with a nonzero offset, is refused with 400.
func (p *params) after(offset int) *store.Cursor {
	v := p.r.URL.Query().Get("after")
	if v == "" {
		return nil
	}
	c, ok := decodeCursor(v)
	if !ok && p.err == nil {
		p.err = badf("after %q: not a cursor (use the next_after of the previous page)", clipParam(v))
	}
	if offset != 0 && p.err == nil {
		p.err = badf("after and offset: give one of them")
	}
	if !ok {
		return nil
	}
	return &c
}

// encodeCursor writes c as an opaque URL-safe string.
func encodeCursor(c store.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Key + "\x1f" + strconv.FormatInt(c.Doc, 10) + "\x1f" +
		strconv.Itoa(c.Idx)))
}

func decodeCursor(s string) (store.Cursor, bool) {
	if len(s) > 200 {
		return store.Cursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.Cursor{}, false
	}
	f := strings.Split(string(b), "\x1f")
	if len(f) != 3 || !utf8.ValidString(f[0]) {
		return store.Cursor{}, false
	}
	doc, err1 := strconv.ParseInt(f[1], 10, 64)
	idx, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || doc < 0 || idx < -1 {
		return store.Cursor{}, false
	}
	return store.Cursor{Key: f[0], Doc: doc, Idx: idx}, true
}

// keyset completes a page listed with limit (and after, when keyset
// paging): a full page gets next_after from its last item; a page listed
// after a cursor has no next_offset.
func keyset[T, R any](p page[T], rows []R, cursor func(R) store.Cursor, after *store.Cursor) page[T] {
	if after != nil {
		p.Next = nil
	}
	if len(rows) > 0 && len(rows) == p.Limit {
		p.NextAfter = encodeCursor(cursor(rows[len(rows)-1]))
	}
	return p
}
