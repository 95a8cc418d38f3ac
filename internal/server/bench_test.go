package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"sitrep/internal/server"
	"sitrep/internal/store/sqlstore"
)

// benchQueries are the API queries whose latency the benchmark reports.
var benchQueries = []struct{ name, path string }{
	{"dyad", "/api/dyad?actor=USA&recipient=RUS"},
	{"dyad-week", "/api/dyad?actor=USA&recipient=Islamic+State&interval=week"},
	{"actor-timeline", "/api/timeline?actor=RUS"},
	{"actor-events", "/api/events?actor=USA&limit=50"},
	{"actor-events-late", "/api/events?actor=Islamic+State&since=2019-01-01&limit=50"},
	{"actor-list", "/api/actors?country=USA&limit=50"},
	{"search", "/api/search?q=ceasefire+Russia&limit=20"},
}

// BenchmarkAPI measures the latency of API queries over loopback, with p50
// and p99 per query. On the small test store by default; on the 100k-event
// database that tools/genevents builds when $SITREP_BENCH_DB names it:
//
//	go run ./tools/genevents --db /tmp/bench.db --events 100000
//	SITREP_BENCH_DB=sqlite:/tmp/bench.db go test -run '^$' -bench API -benchtime 200x ./internal/server/
func BenchmarkAPI(b *testing.B) {
	var ts *httptest.Server
	if u := os.Getenv("SITREP_BENCH_DB"); u != "" {
		st, err := sqlstore.Open(context.Background(), u)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		srv, err := server.New(st, server.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ts = httptest.NewServer(srv)
		defer ts.Close()
	} else {
		ts, _ = newServer(b, server.Options{})
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				resp, err := client.Get(ts.URL + q.path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("GET %s = %d", q.path, resp.StatusCode)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			pct := func(p float64) float64 {
				return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
