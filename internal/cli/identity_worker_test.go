package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sitrep/internal/shared"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestWorkersResolveLikeIngest builds one PostgreSQL database with `ingest`
// and another with two `worker` processes at once from the same BBC
// politics articles, and checks that both hold the same actors (keys,
// names, countries and counts) and the same rolled-up network: the workers
// resolve identities as ingest does, whatever order they store documents
// in.
func TestWorkersResolveLikeIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates 60 articles twice")
	}
	pg, nats := services(t)
	dir := shared.Require(t, "bbc-news", "politics")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Every fourth article: Blair and Howard, by surname and in full,
	// spread over the whole set.
	src := t.TempDir()
	n := 0
	for i, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") || i%4 != 0 || n == 60 {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	byIngest, byWorkers := freshDatabase(t, pg), freshDatabase(t, pg)
	if out, err := sitrep(t, "ingest", "--quiet", "--db", byIngest, src).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	b := make([]byte, 4)
	rand.Read(b)
	stream := "IDENTITY" + strings.ToUpper(hex.EncodeToString(b))
	if out, err := sitrep(t, "ingest", "--queue", nats, "--stream", stream, src).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	var workers []*exec.Cmd
	var outs []*strings.Builder
	for range 2 {
		w := sitrep(t, "worker", "--queue", nats, "--stream", stream, "--db", byWorkers, "--workers", "2",
			"--exit-when-idle", "3s")
		var out strings.Builder
		w.Stdout, w.Stderr = &out, &out
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		workers, outs = append(workers, w), append(outs, &out)
	}
	for i, w := range workers {
		if err := w.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i])
		}
		t.Logf("worker %d: %s", i, strings.TrimSpace(outs[i].String()))
	}

	ctx := context.Background()
	read := func(url string) (actors []string, edges []string) {
		st, err := sqlstore.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if s, err := st.Stats(ctx); err != nil || s.Documents != n {
			t.Fatalf("%d documents stored (%v), want %d", s.Documents, err, n)
		}
		rows, err := st.Actors(ctx, store.ActorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			actors = append(actors, fmt.Sprintf("%s %q %s %s docs=%d mentions=%d events=%d",
				r.Key, r.Name, r.Type, r.Country, r.Documents, r.Mentions, r.Events))
		}
		net, err := st.Network(ctx, store.NetworkFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range net.Edges {
			edges = append(edges, fmt.Sprintf("%s->%s %d", e.Source, e.Target, e.Events))
		}
		sort.Strings(actors)
		sort.Strings(edges)
		return actors, edges
	}
	ia, ie := read(byIngest)
	wa, we := read(byWorkers)
	if d := diffLines(ia, wa); d != "" {
		t.Errorf("actors differ (- ingest, + workers):\n%s", d)
	}
	if d := diffLines(ie, we); d != "" {
		t.Errorf("network edges differ (- ingest, + workers):\n%s", d)
	}
	blair := 0
	for _, a := range wa {
		if strings.HasPrefix(a, "tony blair ") {
			blair++
		}
	}
	if blair != 1 {
		t.Errorf("%d actors tony blair in the workers' database, want 1", blair)
	}
	t.Logf("%d actors and %d edges agree", len(ia), len(ie))
}

// diffLines lists the lines only in a (-) or only in b (+), both sorted.
func diffLines(a, b []string) string {
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			fmt.Fprintf(&out, "- %s\n", a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			fmt.Fprintf(&out, "+ %s\n", b[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return out.String()
}
