package cli

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
)

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startNATS runs a JetStream server inside the test process on port,
// keeping its data in dir so that a restart finds the stream again.
func startNATS(t *testing.T, port int, dir string) *natsserver.Server {
	s, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: port, JetStream: true,
		StoreDir: dir, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	return s
}

// privatePostgres starts a PostgreSQL server of the test's own on a free
// port (so that stopping it disturbs nothing else), or skips where the
// server binaries are not installed.
type privatePostgres struct {
	bin, data, sock string
	port            int
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Skip("PostgreSQL server binaries not installed (scripts/services.sh installs them)")
	}
	if _, err := exec.LookPath("runuser"); err != nil {
		t.Skip("runuser not available")
	}
	pg := &privatePostgres{bin: filepath.Dir(bins[len(bins)-1]), port: freePort(t)}
	base, err := os.MkdirTemp("", "sitrep-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	pg.data, pg.sock = filepath.Join(base, "data"), base
	os.Chmod(base, 0o777)
	if out, err := exec.Command("runuser", "-u", "postgres", "--", filepath.Join(pg.bin, "initdb"),
		"-D", pg.data, "-A", "trust", "-U", "postgres").CombinedOutput(); err != nil {
		t.Skipf("initdb: %v\n%s", err, out)
	}
	pg.start(t)
	t.Cleanup(func() { pg.stop(t) })
	return pg
}

func (pg *privatePostgres) start(t *testing.T) {
	out, err := exec.Command("runuser", "-u", "postgres", "--", filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data,
		"-o", fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off", pg.port, pg.sock),
		"-l", filepath.Join(pg.sock, "log"), "-w", "start").CombinedOutput()
	if err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

func (pg *privatePostgres) stop(t *testing.T) {
	exec.Command("runuser", "-u", "postgres", "--", filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data,
		"-m", "fast", "-w", "stop").Run()
}

func (pg *privatePostgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

// TestWorkerRidesOutOutages stops the queue server and then the database for
// a few seconds each while a worker is busy: the worker retries with backoff
// and finishes with every document stored exactly once.
func TestWorkerRidesOutOutages(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	pg := startPrivatePostgres(t)
	natsPort := freePort(t)
	natsDir := t.TempDir()
	ns := startNATS(t, natsPort, natsDir)
	defer func() { ns.Shutdown() }()
	natsURL := fmt.Sprintf("nats://127.0.0.1:%d", natsPort)

	const n = 2000
	dir := writeArticles(t, n)
	if out, err := sitrep(t, "ingest", "--queue", natsURL, dir).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	worker := sitrep(t, "worker", "--queue", natsURL, "--db", pg.url(), "--exit-when-idle", "3s",
		"--ack-wait", "5s", "--workers", "2")
	var stderr strings.Builder
	worker.Stderr = &stderr
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- worker.Wait() }()

	waitFor := func(min int) int {
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			if c := countDocuments(t, pg.url()); c >= min {
				return c
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no progress to %d documents", min)
		return 0
	}
	at := waitFor(200)
	ns.Shutdown()
	time.Sleep(3 * time.Second)
	ns = startNATS(t, natsPort, natsDir)
	t.Logf("queue server stopped for 3 s at %d documents", at)

	at = waitFor(at + 300)
	pg.stop(t)
	time.Sleep(3 * time.Second)
	pg.start(t)
	t.Logf("database stopped for 3 s at %d documents", at)

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("worker: %v\n%s", err, stderr.String())
		}
	case <-time.After(4 * time.Minute):
		worker.Process.Kill()
		t.Fatalf("worker did not finish\n%s", stderr.String())
	}
	if got := countDocuments(t, pg.url()); got != n {
		t.Fatalf("%d documents stored, want exactly %d\n%s", got, n, stderr.String())
	}
}
