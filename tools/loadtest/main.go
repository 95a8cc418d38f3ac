// Command loadtest measures `sitrep serve` under load: it starts the real
// binary on 127.0.0.1 over a database, lets a number of clients send a mix
// of page and API requests for a fixed time, and prints throughput, latency
// percentiles, errors and the server's peak resident memory. It only ever
// talks to loopback and stops at the deadline.
//
//	go build -o /tmp/sitrep ./cmd/sitrep
//	go run ./tools/genevents --db /tmp/20k.db --events 20000
//	go run ./tools/loadtest --sitrep /tmp/sitrep --db sqlite:/tmp/20k.db --clients 50 --duration 30s
//
// The request mix is drawn from what the database holds (its busiest
// actors, dyads and documents), with random pages and filters, so that
// answers are computed rather than repeated: 30% pages, 70% API calls.
// With --revalidate, clients remember ETags and ask again with
// If-None-Match, as browsers do. With --cold, every actor, dyad, timeline
// and event request also carries a since= date drawn from the stored
// events' dates, so that almost no answer repeats and the server's cache
// cannot help: what the database path costs.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("sitrep", "sitrep", "the sitrep `BINARY` to start")
	dbURL := flag.String("db", "", "the database `URL` to serve (required)")
	clients := flag.Int("clients", 50, "concurrent `N` clients")
	duration := flag.Duration("duration", 30*time.Second, "how long to send requests")
	warm := flag.Duration("warmup", 3*time.Second, "requests before measuring")
	revalidate := flag.Bool("revalidate", false, "clients send If-None-Match with the ETags they have seen")
	gzip := flag.Bool("gzip", true, "clients accept gzip")
	distinct := flag.Bool("distinct", true, "each client connects from an address of its own (127.0.0.2, "+
		"127.0.0.3, ...), as distinct users do; false: all from 127.0.0.1, which the server treats as one client")
	cold := flag.Bool("cold", false, "add a random since= date to actor, dyad, timeline and event requests, so answers rarely repeat")
	flag.Parse()
	if *dbURL == "" {
		fmt.Fprintln(os.Stderr, "loadtest: --db is required")
		os.Exit(2)
	}
	if err := run(*bin, *dbURL, *clients, *duration, *warm, *revalidate, *gzip, *distinct, *cold); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(bin, dbURL string, clients int, duration, warm time.Duration, revalidate, gz, distinct, cold bool) error {
	cmd := exec.Command(bin, "serve", "--db", dbURL, "--addr", "127.0.0.1:0", "--log", "json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
		}
	}()
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
		host, _, _ := net.SplitHostPort(a)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("server address %s is not loopback", a)
		}
		base = "http://" + a
	case <-time.After(60 * time.Second):
		return errors.New("sitrep serve did not start within 60 s")
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: clients, DisableCompression: !gz}}
	mix, err := newMix(client, base, cold)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "loadtest: %s serving %s; %d actors, %d dyads, %d documents in the mix",
		base, dbURL, len(mix.actors), len(mix.dyads), mix.docs)
	if cold {
		fmt.Fprintf(os.Stderr, "; cold: since= drawn from %d dates", len(mix.dates))
	}
	fmt.Fprintln(os.Stderr)

	type sample struct {
		path  string
		took  time.Duration
		code  int
		bytes int64
		hit   bool // answered from the server's cache of the current version
	}
	var mu sync.Mutex
	var samples []sample
	var failures []string
	measureFrom := time.Now().Add(warm)
	ctx, cancel := context.WithDeadline(context.Background(), measureFrom.Add(duration))
	defer cancel()
	// The server's CPU time over the measured span: on a shared machine
	// the latencies say how long requests waited for a CPU, this says how
	// much CPU they took.
	cpuAtStart := make(chan time.Duration, 1)
	go func() {
		time.Sleep(time.Until(measureFrom))
		cpuAtStart <- cpuTime(cmd.Process.Pid)
	}()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 19))
			client := client
			if distinct {
				// 127.0.0.0/8 is all loopback on Linux.
				src := &net.TCPAddr{IP: net.IPv4(127, 0, byte(1+(i+1)/250), byte(2+(i+1)%250))}
				client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
					DisableCompression: !gz, MaxIdleConnsPerHost: 1,
					DialContext: (&net.Dialer{LocalAddr: src}).DialContext}}
			}
			etags := map[string]string{}
			for ctx.Err() == nil {
				path := mix.next(rng)
				req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
				if revalidate && etags[path] != "" {
					req.Header.Set("If-None-Match", etags[path])
				}
				start := time.Now()
				resp, err := client.Do(req)
				var n int64
				code, hit := 0, false
				if err == nil {
					n, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
					hit = resp.Header.Get("X-Cache") == "hit"
					if e := resp.Header.Get("ETag"); e != "" {
						etags[path] = e
					}
				}
				took := time.Since(start)
				if ctx.Err() != nil {
					return // cut off by the deadline: not a sample
				}
				if start.Before(measureFrom) {
					continue
				}
				mu.Lock()
				if err != nil || (code != 200 && code != 304) {
					failures = append(failures, fmt.Sprintf("GET %s: %v %d", path, err, code))
				}
				samples = append(samples, sample{path, took, code, n, hit})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	cpuFrom, cpuTo := <-cpuAtStart, cpuTime(cmd.Process.Pid)
	rss := peakRSS(cmd.Process.Pid)

	if len(samples) == 0 {
		return errors.New("no requests completed")
	}
	took := make([]time.Duration, len(samples))
	var bytes int64
	notModified, hits := 0, 0
	kinds := map[string][]time.Duration{}
	for i, s := range samples {
		took[i] = s.took
		bytes += s.bytes
		if s.code == 304 {
			notModified++
		}
		if s.hit {
			hits++
		}
		k := kind(s.path)
		kinds[k] = append(kinds[k], s.took)
	}
	fmt.Printf("%d clients, %v: %d requests, %.0f requests/s, p50 %v, p90 %v, p99 %v, max %v; "+
		"%d errors, %d not modified, %d%% from the server's cache, %.1f MB received; server peak RSS %s\n",
		clients, duration, len(samples), float64(len(samples))/duration.Seconds(),
		pct(took, 0.5), pct(took, 0.9), pct(took, 0.99), pct(took, 1), len(failures), notModified,
		100*hits/len(samples), float64(bytes)/1e6, rss)
	if cpu := cpuTo - cpuFrom; cpuFrom > 0 && cpu > 0 {
		per := cpu / time.Duration(len(samples))
		fmt.Printf("server CPU %.1f s: %v per request, so %.0f requests/s per CPU core it has to itself\n",
			cpu.Seconds(), per.Round(time.Microsecond), float64(time.Second)/float64(per))
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range kinds {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range names {
		d := kinds[k]
		fmt.Printf("  %-22s %6d  p50 %-10v p99 %v\n", k, len(d), pct(d, 0.5), pct(d, 0.99))
	}
	for i, f := range failures {
		if i == 5 {
			fmt.Printf("  ... %d more failures\n", len(failures)-5)
			break
		}
		fmt.Println("  " + f)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d failed requests", len(failures))
	}
	return nil
}

// pct is the p-th percentile of d (sorted in place).
func pct(d []time.Duration, p float64) time.Duration {
	slices.Sort(d)
	i := min(len(d)-1, int(p*float64(len(d))))
	return d[i].Round(100 * time.Microsecond)
}

// kind names the route of a path for the per-route figures.
func kind(path string) string {
	p, q, _ := strings.Cut(path, "?")
	if strings.HasPrefix(p, "/documents/") {
		return "/documents/{id}"
	}
	if strings.HasPrefix(p, "/api/documents/") {
		return "/api/documents/{id}"
	}
	if p == "/api/events" && strings.Contains(q, "actor=") {
		return "/api/events?actor"
	}
	return p
}

// cpuTime reads the user and system CPU time of a process from /proc (0
// if it cannot).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

// peakRSS reads the server's peak resident memory from /proc.
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.Join(strings.Fields(line)[1:], " ")
		}
	}
	return "unknown"
}

// mix draws requests from what the database holds.
type mix struct {
	actors []string
	dyads  [][2]string
	docs   int
	words  []string
	// dates, with --cold, are the distinct dates of stored events that a
	// request's since= is drawn from.
	dates []string
}

func newMix(c *http.Client, base string, cold bool) (*mix, error) {
	m := &mix{words: []string{"ceasefire", "Russia", "talks", "strike", "minister", "Syria", "election",
		"sanctions", "agreement", "protest", "border", "troops"}}
	var actors struct {
		Items []struct{ Code string } `json:"items"`
	}
	if err := getJSON(c, base+"/api/actors?limit=100", &actors); err != nil {
		return nil, err
	}
	for _, a := range actors.Items {
		m.actors = append(m.actors, a.Code)
	}
	var network struct {
		Edges []struct{ Source, Target string } `json:"edges"`
	}
	if err := getJSON(c, base+"/api/network?limit=100", &network); err != nil {
		return nil, err
	}
	for _, e := range network.Edges {
		m.dyads = append(m.dyads, [2]string{e.Source, e.Target})
	}
	var stats struct{ Documents int }
	if err := getJSON(c, base+"/api/stats", &stats); err != nil {
		return nil, err
	}
	m.docs = stats.Documents
	if len(m.actors) == 0 || len(m.dyads) == 0 || m.docs == 0 {
		return nil, errors.New("the database holds no actors, dyads or documents to ask about")
	}
	if cold {
		seen := map[string]bool{}
		for _, a := range m.actors[:min(20, len(m.actors))] {
			var events struct {
				Items []struct{ Date string } `json:"items"`
			}
			if err := getJSON(c, base+"/api/events?limit=500&actor="+url.QueryEscape(a), &events); err != nil {
				return nil, err
			}
			for _, e := range events.Items {
				if d := e.Date; len(d) >= 10 && !seen[d[:10]] {
					seen[d[:10]] = true
					m.dates = append(m.dates, d[:10])
				}
			}
		}
		if len(m.dates) == 0 {
			return nil, errors.New("--cold: the stored events carry no dates to draw since= from")
		}
		slices.Sort(m.dates)
	}
	return m, nil
}

func getJSON(c *http.Client, u string, v any) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// next returns the path of a request: 30% pages, 70% API calls.
func (m *mix) next(r *rand.Rand) string {
	actor := url.QueryEscape(m.actors[r.IntN(len(m.actors))])
	dy := m.dyads[r.IntN(len(m.dyads))]
	a, b := url.QueryEscape(dy[0]), url.QueryEscape(dy[1])
	doc := 1 + r.IntN(m.docs)
	offset := 50 * r.IntN(10)
	word := url.QueryEscape(m.words[r.IntN(len(m.words))])
	since := ""
	if len(m.dates) > 0 {
		since = "&since=" + m.dates[r.IntN(len(m.dates))]
	}
	switch x := r.IntN(100); {
	case x < 8:
		return "/"
	case x < 12:
		return "/actor?code=" + actor + since
	case x < 16:
		return "/dyad?actor=" + a + "&recipient=" + b + since
	case x < 20:
		return fmt.Sprintf("/documents/%d", doc)
	case x < 23:
		return "/search?q=" + word
	case x < 26:
		return fmt.Sprintf("/actors?offset=%d", offset)
	case x < 30:
		return "/quotes"
	case x < 40:
		return fmt.Sprintf("/api/events?actor=%s&limit=50&offset=%d", actor, offset) + since
	case x < 46:
		return fmt.Sprintf("/api/events?limit=50&offset=%d", offset*10) + since
	case x < 54:
		return "/api/dyad?actor=" + a + "&recipient=" + b + since
	case x < 60:
		return "/api/timeline?actor=" + actor + since
	case x < 66:
		return fmt.Sprintf("/api/actors?limit=50&offset=%d", offset)
	case x < 72:
		return fmt.Sprintf("/api/documents?limit=20&offset=%d", offset)
	case x < 78:
		return fmt.Sprintf("/api/documents/%d", doc)
	case x < 84:
		return "/api/search?q=" + word + "&limit=20"
	case x < 90:
		return "/api/quotes?limit=50&offset=" + fmt.Sprint(offset)
	case x < 95:
		return "/api/network?limit=100"
	default:
		return "/api/stats"
	}
}
