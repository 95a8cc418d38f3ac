package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/store/sqlstore"
)

// builtDir holds the binary sitrepBinary built, "" until it has.
var builtDir string

// sitrepBinary builds the sitrep command once, without the race detector,
// so that the fault tests can run it as a real process and kill it with
// SIGKILL mid-run.
var sitrepBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "sitrep-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "sitrep")
	out, err := exec.Command("go", "build", "-o", bin, "sitrep/cmd/sitrep").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// TestMain removes the built binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// sitrep returns the command `sitrep args...`.
func sitrep(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := sitrepBinary()
	if err != nil {
		t.Fatal(err)
	}
	return exec.Command(bin, args...)
}

// writeArticles writes n distinct short articles into a new directory.
func writeArticles(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		s := fmt.Sprintf("Turkey and Russia agreed on Tuesday to cooperate against the Islamic State, "+
			"officials in Ankara said in report number %d. The United States welcomed the step.", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", i)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// killWhen starts cmd and kills it with SIGKILL once ready reports true (or
// after the deadline), returning whether it was killed mid-run.
func killWhen(t *testing.T, cmd *exec.Cmd, ready func() bool) bool {
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		case <-time.After(20 * time.Millisecond):
		}
		if ready() {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return true
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return true
}

func countDocuments(t *testing.T, url string) int {
	st, err := sqlstore.Open(context.Background(), url)
	if err != nil {
		return 0
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return 0
	}
	return s.Documents
}

func TestIngestSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	const n = 3000
	dir := writeArticles(t, n)
	db := "sqlite:" + filepath.Join(t.TempDir(), "kill.db")
	killed := killWhen(t, sitrep(t, "ingest", "--quiet", "--db", db, dir), func() bool {
		c := countDocuments(t, db)
		return c > 100 && c < n-100
	})
	if !killed {
		t.Log("ingest finished before it could be killed; the rerun still checks idempotence")
	}
	mid := countDocuments(t, db)
	out, err := sitrep(t, "ingest", "--quiet", "--db", db, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	if got := countDocuments(t, db); got != n {
		t.Fatalf("after kill at %d and rerun: %d documents, want %d", mid, got, n)
	}
	st, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var res string
	if err := st.DB().QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
	var dups int
	st.DB().QueryRow(`SELECT COUNT(*) FROM (SELECT path FROM documents GROUP BY path HAVING COUNT(*) > 1) AS d`).Scan(&dups)
	if dups != 0 {
		t.Errorf("%d paths stored twice", dups)
	}
	t.Logf("killed at %d of %d documents; rerun completed: %s", mid, n, strings.TrimSpace(string(out)))
}

// services returns the PostgreSQL and NATS URLs of the machine, or skips.
func services(t *testing.T) (pg, nats string) {
	pg = os.Getenv("SITREP_TEST_POSTGRES")
	if pg == "" {
		pg = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	nats = os.Getenv("SITREP_TEST_NATS")
	if nats == "" {
		nats = "nats://127.0.0.1:4222"
	}
	for _, addr := range []string{"127.0.0.1:5432", strings.TrimPrefix(nats, "nats://")} {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			if os.Getenv("SITREP_REQUIRE_POSTGRES") != "" {
				t.Fatalf("%s required but unreachable: %v", addr, err)
			}
			t.Skipf("%s unreachable (run scripts/services.sh): %v", addr, err)
		}
		c.Close()
	}
	return pg, nats
}

// freshDatabase creates a PostgreSQL database for one test.
func freshDatabase(t *testing.T, admin string) string {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := make([]byte, 5)
	rand.Read(b)
	name := "sitrep_fault_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", admin); err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	i := strings.LastIndex(admin, "/")
	q := ""
	if j := strings.Index(admin[i:], "?"); j >= 0 {
		q = admin[i+j:]
	}
	return admin[:i+1] + name + q
}

func TestWorkerSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	pg, nats := services(t)
	const n = 3000
	dir := writeArticles(t, n)
	db := freshDatabase(t, pg)
	b := make([]byte, 4)
	rand.Read(b)
	stream := "FAULT" + strings.ToUpper(hex.EncodeToString(b))
	if out, err := sitrep(t, "ingest", "--queue", nats, "--stream", stream, dir).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	worker := func() *exec.Cmd {
		return sitrep(t, "worker", "--queue", nats, "--stream", stream, "--db", db, "--exit-when-idle", "2s",
			"--ack-wait", "4s")
	}
	killed := killWhen(t, worker(), func() bool {
		c := countDocuments(t, db)
		return c > 100 && c < n-100
	})
	mid := countDocuments(t, db)
	if !killed {
		t.Log("worker finished before it could be killed")
	}
	if out, err := worker().CombinedOutput(); err != nil {
		t.Fatalf("second worker: %v\n%s", err, out)
	}
	if got := countDocuments(t, db); got != n {
		t.Fatalf("after kill at %d and restart: %d documents, want exactly %d", mid, got, n)
	}
	t.Logf("worker killed at %d of %d documents; restart completed with every document stored once", mid, n)
}
