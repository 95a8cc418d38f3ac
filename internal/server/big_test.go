package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBoundedOnMillionEvents starts the real `sitrep serve` on loopback over
// a database of a million events and tries to make it return everything:
// limit=0, limit=10^9, negative limits, and 20 concurrent whole-table
// requests, while another client keeps asking small questions. Every answer
// must be capped, the server's peak RSS must stay under 1 GiB, and the other
// client must be answered within 1 s each time. Building the database takes
// a few minutes, so the test runs only when $SITREP_BIG_DB names one:
//
//	go run ./tools/genevents --db /tmp/1m.db --events 1000000 --synthetic
//	SITREP_BIG_DB=sqlite:/tmp/1m.db go test -run TestBoundedOnMillionEvents -v ./internal/server/
func TestBoundedOnMillionEvents(t *testing.T) {
	dbURL := os.Getenv("SITREP_BIG_DB")
	if dbURL == "" {
		t.Skip("set SITREP_BIG_DB to a database of a million events (go run ./tools/genevents --synthetic)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	base, pid := startServe(t, dbURL)

	// Small questions from another address, all along.
	other := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	stop := make(chan struct{})
	var slow []string
	var otherN int
	var wgOther sync.WaitGroup
	wgOther.Add(1)
	go func() {
		defer wgOther.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			u := fmt.Sprintf("%s/api/events?limit=5&offset=%d", base, i%50)
			start := time.Now()
			resp, err := other.Get(u)
			took := time.Since(start)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			otherN++
			if err != nil || resp.StatusCode != 200 || took > time.Second {
				slow = append(slow, fmt.Sprintf("%s: %v in %v", u, err, took))
			}
		}
	}()

	lists := []string{"/api/events?", "/api/actors?", "/api/quotes?", "/api/search?q=talks&", "/api/documents?"}
	client := &http.Client{Timeout: 60 * time.Second}
	check := func(u string, wantStatus int) {
		resp, err := client.Get(base + u)
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			return
		}
		defer resp.Body.Close()
		var p struct {
			Items []json.RawMessage `json:"items"`
			Limit int               `json:"limit"`
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if resp.StatusCode != wantStatus {
			t.Errorf("GET %s = %d, want %d: %.200s", u, resp.StatusCode, wantStatus, body)
			return
		}
		if wantStatus != 200 {
			return
		}
		if err := json.Unmarshal(body, &p); err != nil {
			t.Errorf("GET %s: %v", u, err)
		} else if len(p.Items) > 500 || p.Limit > 500 {
			t.Errorf("GET %s: %d items, limit %d: more than the cap", u, len(p.Items), p.Limit)
		}
	}
	for _, l := range lists {
		check(l+"limit=0", 400)
		check(l+"limit=-1", 400)
		check(l+"limit=-1000000000", 400)
		check(l+"limit=1000000000", 200)
	}
	// Twenty whole-table requests at once, from one client.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := lists[i%len(lists)] + "limit=1000000000&offset=" + strconv.Itoa(100000-i)
			resp, err := client.Get(base + u)
			if err != nil {
				t.Errorf("GET %s: %v", u, err)
				return
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<20))
			resp.Body.Close()
			// 200 with a capped page, or 429/503 when this client asks too
			// much at once: never everything, never a crash.
			if resp.StatusCode != 200 && resp.StatusCode != 429 && resp.StatusCode != 503 {
				t.Errorf("GET %s = %d", u, resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(stop)
	wgOther.Wait()
	if otherN == 0 {
		t.Error("the other client asked nothing")
	}
	for _, s := range slow {
		t.Errorf("the other client waited: %s", s)
	}
	rss := vmHWM(t, pid)
	t.Logf("server peak RSS %d MiB; the other client asked %d times, %d slow", rss>>20, otherN, len(slow))
	if rss > 1<<30 {
		t.Errorf("server peak RSS %d MiB, want under 1 GiB", rss>>20)
	}
}

// startServe builds sitrep, serves dbURL on 127.0.0.1 and returns the base
// URL and the process id; the server is stopped with SIGTERM at cleanup.
func startServe(t *testing.T, dbURL string) (string, int) {
	t.Helper()
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
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Error("sitrep serve did not stop on SIGTERM")
		}
	})
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
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	select {
	case a := <-addr:
		return "http://" + a, cmd.Process.Pid
	case <-ctx.Done():
		t.Fatal("sitrep serve did not start")
	}
	return "", 0
}

// vmHWM is the peak resident memory of process pid, in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
