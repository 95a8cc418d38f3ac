package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/server"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestLimitsAreBounded: no value of limit or offset makes a list endpoint
// return more than its cap; what is not a page size is refused.
func TestLimitsAreBounded(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	lists := []string{"/api/events", "/api/actors", "/api/quotes", "/api/search?q=the&", "/api/documents"}
	cases := []struct {
		query  string
		status int
		limit  int // the limit the response reports when 200
	}{
		// Refused: nothing means "all".
		{"limit=0", 400, 0},
		{"limit=-1", 400, 0},
		{"limit=-999999999999999999999", 400, 0},
		{"limit=000", 400, 0},
		{"limit=1e3", 400, 0},
		{"limit=%20", 400, 0},
		{"offset=-5", 400, 0},
		{"offset=100001", 400, 0},
		// Cut to the cap.
		{"limit=1000000000", 200, 500},
		{"limit=99999999999999999999999999999", 200, 500},
		{"limit=501", 200, 500},
		// Kept.
		{"limit=7", 200, 7},
		{"limit=%2B3", 200, 3},
		{"", 200, 50},
	}
	for _, l := range lists {
		for _, c := range cases {
			u := l
			if !strings.Contains(u, "?") {
				u += "?"
			}
			u += c.query
			code, _, body := get(t, ts.URL+u)
			if code != c.status {
				t.Errorf("GET %s = %d, want %d: %.200s", u, code, c.status, body)
				continue
			}
			if code != 200 {
				if !strings.Contains(body, `"error":`) {
					t.Errorf("GET %s: no error message: %s", u, body)
				}
				continue
			}
			var p struct {
				Items []json.RawMessage `json:"items"`
				Limit int               `json:"limit"`
			}
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("GET %s: %v", u, err)
			}
			if p.Limit != c.limit || len(p.Items) > c.limit {
				t.Errorf("GET %s: limit %d with %d items, want limit %d", u, p.Limit, len(p.Items), c.limit)
			}
		}
	}
	// The network's edge limit too.
	for q, want := range map[string]int{"limit=0": 400, "limit=-3": 400, "limit=1000000000": 200} {
		if code, _, body := get(t, ts.URL+"/api/network?"+q); code != want {
			t.Errorf("GET /api/network?%s = %d, want %d: %.200s", q, code, want, body)
		}
	}
}

// slowStore answers every listing only when its context ends, as a query
// over a huge table would, and counts the listings in progress.
type slowStore struct {
	store.Store
	mu      sync.Mutex
	active  int
	maxSeen int
	started chan struct{}
}

func (s *slowStore) Events(ctx context.Context, f store.EventFilter) ([]store.EventRow, error) {
	s.mu.Lock()
	s.active++
	s.maxSeen = max(s.maxSeen, s.active)
	s.mu.Unlock()
	select {
	case s.started <- struct{}{}:
	default:
	}
	<-ctx.Done()
	s.mu.Lock()
	s.active--
	s.mu.Unlock()
	return nil, ctx.Err()
}

func emptyStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestDeadlineCancelsQuery: a query that does not finish is cancelled at
// the request's deadline and answered 503 with Retry-After.
func TestDeadlineCancelsQuery(t *testing.T) {
	slow := &slowStore{Store: emptyStore(t), started: make(chan struct{}, 1)}
	srv, err := server.New(slow, server.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/events", "/?x=1"} {
		start := time.Now()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		took := time.Since(start)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s = %d (Retry-After %q), want 503 with Retry-After: %s", path, rec.Code,
				rec.Header().Get("Retry-After"), rec.Body)
		}
		if took > 5*time.Second {
			t.Errorf("GET %s took %v with a 200 ms deadline", path, took)
		}
	}
}

// TestPerClientLimit: one client's requests reach the store a few at a
// time, its surplus is refused with 429, and another client still gets in.
func TestPerClientLimit(t *testing.T) {
	slow := &slowStore{Store: emptyStore(t), started: make(chan struct{}, 64)}
	srv, err := server.New(slow, server.Options{Timeout: 2 * time.Second, PerClient: 2, Queue: 3})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(remote string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/events", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	// Ten requests at once from one client: 2 run, 3 wait, 5 are refused.
	codes := make(chan int, 10)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- serve("192.0.2.1:1234").Code
		}()
	}
	// Meanwhile another client gets a slot of its own at once.
	<-slow.started
	<-slow.started
	other := make(chan int, 1)
	go func() { other <- serve("192.0.2.2:4321").Code }()
	select {
	case <-slow.started:
	case <-time.After(time.Second):
		t.Error("another client's request did not reach the store within 1 s")
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[http.StatusTooManyRequests] != 5 {
		t.Errorf("status counts %v, want five 429", count)
	}
	<-other
	slow.mu.Lock()
	defer slow.mu.Unlock()
	if slow.maxSeen > 3 {
		t.Errorf("%d listings at once, want at most 2 of one client plus 1 of the other", slow.maxSeen)
	}
}
