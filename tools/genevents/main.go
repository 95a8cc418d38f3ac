// Command genevents builds a large sitrep database for benchmarks: it
// annotates the example corpus once, then stores copies of the annotated
// documents with their dates shifted by a day per copy (and a fresh content
// hash), until the database holds at least --events events. No document is
// annotated twice, so a 100k-event database takes a couple of minutes.
//
//	go run ./tools/genevents --db /tmp/bench.db --events 100000
//	go run ./tools/genevents --db postgres://postgres@127.0.0.1:5432/bench?sslmode=disable
//	go run ./tools/genevents --db /tmp/1m.db --events 1000000 --synthetic   # generated, not annotated
//	go run ./tools/genevents --db /tmp/net.db --events 200000 --synthetic --actors 5000
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"sitrep/corpus"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
	"sitrep/internal/store/sqlstore"
)

func main() {
	dbURL := flag.String("db", "sqlite:./bench.db", "store `URL` to fill")
	target := flag.Int("events", 100000, "stop once the store holds at least `N` events")
	synth := flag.Bool("synthetic", false, "generate the events in bulk SQL instead of storing annotated copies "+
		"(an empty store, SQLite or PostgreSQL; for the million-event tests)")
	actors := flag.Int("actors", 0, "with --synthetic: draw the parties from `N` actors, a few busy and many rare "+
		"(actor k about as often as 1/sqrt(k)), instead of 400 equally busy ones; for the network at scale")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	do := run
	if *synth {
		do = func(ctx context.Context, dbURL string, n int) error { return synthetic(ctx, dbURL, n, *actors) }
	}
	if err := do(ctx, *dbURL, *target); err != nil {
		fmt.Fprintln(os.Stderr, "genevents:", err)
		os.Exit(1)
	}
}

// annotator is the standard pipeline.
func annotator() *pipeline.Pipeline { return pipeline.Standard() }

func run(ctx context.Context, dbURL string, target int) error {
	start := time.Now()
	names, err := corpus.Names()
	if err != nil {
		return err
	}
	p := annotator()
	var docs []*doc.Document
	perPass := 0
	for _, name := range names {
		data, err := corpus.Read(name)
		if err != nil {
			return err
		}
		d := ingest.FromBytes("corpus/"+name, data)
		d.DefaultPublished = corpus.Published(name)
		if err := p.Process(ctx, d); err != nil {
			return err
		}
		docs = append(docs, d)
		perPass += len(d.Events)
	}
	if perPass == 0 {
		return fmt.Errorf("the annotated corpus has no events")
	}
	fmt.Fprintf(os.Stderr, "genevents: corpus annotated: %d documents, %d events per copy (%.1f s)\n",
		len(docs), perPass, time.Since(start).Seconds())
	st, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	for k := 0; ; k++ {
		stats, err := st.Stats(ctx)
		if err != nil {
			return err
		}
		if stats.Events >= target {
			if err := analyze(ctx, st, dbURL); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "genevents: %d documents, %d events, %d entities in %.1f s\n",
				stats.Documents, stats.Events, stats.Entities, time.Since(start).Seconds())
			return nil
		}
		for _, d := range docs {
			if _, err := st.Put(ctx, shifted(d, k)); err != nil {
				return err
			}
		}
		if k%100 == 0 {
			fmt.Fprintf(os.Stderr, "genevents: copy %d, %d events\n", k, stats.Events)
		}
	}
}

// shifted returns copy k of d: every date k days later, a hash of its own.
func shifted(d *doc.Document, k int) *doc.Document {
	c := *d
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", d.Hash, k)))
	c.Hash = hex.EncodeToString(sum[:])
	c.Path = fmt.Sprintf("%s#copy%d", d.Path, k)
	c.Published = shiftDate(d.Published, k)
	c.Times = append([]doc.Time(nil), d.Times...)
	for i := range c.Times {
		c.Times[i].Value = shiftDate(c.Times[i].Value, k)
	}
	c.Events = append([]doc.Event(nil), d.Events...)
	for i := range c.Events {
		c.Events[i].Date = shiftDate(c.Events[i].Date, k)
	}
	return &c
}

// shiftDate moves a YYYY-MM-DD or YYYY-MM date k days later; other values
// are returned as they are.
func shiftDate(s string, k int) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.AddDate(0, 0, k).Format("2006-01-02")
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t.AddDate(0, 0, k).Format("2006-01")
	}
	return s
}

// analyze gathers the statistics that autovacuum or a periodic ANALYZE
// would keep (without, PostgreSQL plans as if every table were empty) and,
// on PostgreSQL, the visibility map that lets it read an index alone.
func analyze(ctx context.Context, st *sqlstore.Store, dbURL string) error {
	stmt := `ANALYZE`
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		stmt = `VACUUM ANALYZE`
	}
	_, err := st.DB().ExecContext(ctx, stmt)
	return err
}
