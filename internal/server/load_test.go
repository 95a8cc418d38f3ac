package server_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/shared"
)

// moduleRoot is the directory of sitrep's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := shared.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestLoad is a bounded load test of the real `sitrep serve` process: a
// fixed number of requests from concurrent clients over loopback, under a
// time limit, with zero errors required; it reports latency, throughput and
// the server's peak RSS, then stops the server with SIGTERM and expects a
// clean exit. It runs only when $SITREP_LOAD_DB names a database (see
// tools/genevents):
//
//	SITREP_LOAD_DB=sqlite:/tmp/bench.db go test -run TestLoad -v ./internal/server/
//
// $SITREP_LOAD_CLIENTS and $SITREP_LOAD_REQUESTS change the defaults (8
// clients, 2000 requests).
func TestLoad(t *testing.T) {
	dbURL := os.Getenv("SITREP_LOAD_DB")
	if dbURL == "" {
		t.Skip("set SITREP_LOAD_DB to a database (go run ./tools/genevents) to run the load test")
	}
	clients, requests := envInt("SITREP_LOAD_CLIENTS", 8), envInt("SITREP_LOAD_REQUESTS", 2000)
	bin := filepath.Join(t.TempDir(), "sitrep")
	build := exec.Command("go", "build", "-o", bin, "./cmd/sitrep")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--db", dbURL, "--addr", "127.0.0.1:0", "--log", "json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`http://([0-9.:]+)/`)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("sitrep serve did not start")
	}

	paths := []string{"/"}
	for _, q := range benchQueries {
		paths = append(paths, q.path)
	}
	paths = append(paths, "/actor?code=RUS", "/dyad?actor=USA&recipient=RUS", "/documents/1", "/search?q=Kobani")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var next, failures atomic.Int64
	var mu sync.Mutex
	var took []time.Duration
	var firstErr atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(requests) || ctx.Err() != nil {
					return
				}
				u := base + paths[int(i)%len(paths)]
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = &statusError{u, resp.StatusCode}
					}
				}
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				d := time.Since(t0)
				mu.Lock()
				took = append(took, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		t.Errorf("time limit reached after %d of %d requests", len(took), requests)
	}
	if n := failures.Load(); n > 0 {
		t.Errorf("%d failed requests; first: %v", n, firstErr.Load())
	}
	slices.Sort(took)
	if len(took) > 0 {
		pct := func(p float64) time.Duration { return took[min(len(took)-1, int(p*float64(len(took))))] }
		t.Logf("%d requests from %d clients in %.2f s: %.0f requests/s, p50 %v, p99 %v, max %v",
			len(took), clients, elapsed.Seconds(), float64(len(took))/elapsed.Seconds(),
			pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), took[len(took)-1].Round(time.Microsecond))
	}
	if status, err := os.ReadFile("/proc/" + itoa(cmd.Process.Pid) + "/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM") || strings.HasPrefix(line, "VmRSS") {
				t.Logf("server %s", strings.Join(strings.Fields(line), " "))
			}
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("sitrep serve after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("sitrep serve did not stop on SIGTERM")
	}
}

type statusError struct {
	url  string
	code int
}

func (e *statusError) Error() string { return "GET " + e.url + ": status " + itoa(e.code) }

func itoa(n int) string { return strconv.Itoa(n) }

func envInt(name string, def int) int {
	n, err := strconv.Atoi(os.Getenv(name))
	if err != nil || n <= 0 {
		return def
	}
	return n
}
