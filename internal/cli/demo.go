package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"sitrep/corpus"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo")
	dbURL := fs.String("db", "", "store `URL` to fill (default: a fresh temporary SQLite file)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if *dbURL == "" {
		dir, err := os.MkdirTemp("", "sitrep-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dbURL = "sqlite:" + filepath.Join(dir, "demo.db")
	}
	st, err := sqlstore.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	docs, err := corpusDocuments()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sitrep demo: %d articles of the example corpus (the coalition against the Islamic State, 2014-2017)\n\n", len(docs))
	in := make(chan *doc.Document)
	go func() {
		defer close(in)
		for _, d := range docs {
			select {
			case in <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	asg, err := newStoryAssigner(ctx, st)
	if err != nil {
		return err
	}
	stored := 0
	for r := range pipeline.Standard().Run(ctx, in, 0) {
		if r.Err != nil {
			return r.Err
		}
		if _, err := asg.put(ctx, r.Doc); err != nil {
			return err
		}
		stored++
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if err := printSituation(ctx, e.stdout, st); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d documents, %d entities, %d quotes, %d time expressions, %d events in %.1f s\n",
		stats.Documents, stats.Entities, stats.Quotes, stats.Times, stats.Events, time.Since(start).Seconds())
	return nil
}

// corpusDocuments reads the embedded example corpus as documents.
func corpusDocuments() ([]*doc.Document, error) {
	names, err := corpus.Names()
	if err != nil {
		return nil, err
	}
	var docs []*doc.Document
	for _, name := range names {
		data, err := corpus.Read(name)
		if err != nil {
			return nil, err
		}
		d := ingest.FromBytes("corpus/"+name, data)
		d.DefaultPublished = corpus.Published(name)
		docs = append(docs, d)
	}
	return docs, nil
}

// dyad is an ordered pair of actor labels.
type dyad struct{ actor, recipient string }

// printSituation writes, for each pair of actors, their events in date
// order with the evidence, busiest pairs first.
func printSituation(ctx context.Context, w io.Writer, st store.Store) error {
	events, err := st.Events(ctx, store.EventFilter{})
	if err != nil {
		return err
	}
	byDyad := map[dyad][]store.EventRow{}
	for _, ev := range events {
		for _, a := range labelsOrNone(ev.Actors) {
			for _, r := range labelsOrNone(ev.Recipients) {
				if a == r {
					continue
				}
				k := dyad{a, r}
				byDyad[k] = append(byDyad[k], ev)
			}
		}
	}
	keys := make([]dyad, 0, len(byDyad))
	for k := range byDyad {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := len(byDyad[keys[i]]), len(byDyad[keys[j]]); a != b {
			return a > b
		}
		if keys[i].actor != keys[j].actor {
			return keys[i].actor < keys[j].actor
		}
		return keys[i].recipient < keys[j].recipient
	})
	for _, k := range keys {
		evs := byDyad[k]
		var sum float64
		for _, ev := range evs {
			sum += ev.Goldstein
		}
		fmt.Fprintf(w, "%s -> %s: %d events, mean Goldstein %+.1f\n", k.actor, k.recipient, len(evs), sum/float64(len(evs)))
		for _, ev := range evs {
			fmt.Fprintf(w, "  %-10s %-9s %-15s %s\n", orDash(ev.Date), ev.Type, eventMood(ev), clip(ev.Evidence, 110))
		}
	}
	return nil
}

// labelsOrNone labels parties by country where they have one, so that the
// summary groups a state's government, ministers and capital together.
func labelsOrNone(ps []store.Party) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range ps {
		l := p.Country
		if l == "" {
			l = p.Name
		}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return []string{"(none)"}
	}
	sort.Strings(out)
	return out
}
