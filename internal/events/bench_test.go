package events_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/events"
	"sitrep/internal/pipeline"
)

// BenchmarkCoder times the coder alone on the four seed articles, after the
// upstream stages have annotated them once.
func BenchmarkCoder(b *testing.B) {
	var docs = annotateAll(b)
	st := events.New()
	ctx := context.Background()
	for b.Loop() {
		for _, d := range docs {
			d.Events = d.Events[:0]
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPipeline times the whole annotate pipeline (the events stage
// included) on the same four seed articles, for the share the events
// stage takes (BenchmarkCoder / BenchmarkPipeline, docs/BENCHMARKS.md).
func BenchmarkPipeline(b *testing.B) {
	type seed struct {
		raw       []byte
		published string
	}
	var seeds []seed
	for _, s := range []struct{ name, published string }{{"000", ""}, {"001", "2016-08-12"}, {"002", ""}, {"003", "2015-11-24"}} {
		matches, _ := filepath.Glob(filepath.Join(seedDir(b), s.name+"*"))
		if len(matches) != 1 {
			b.Fatalf("seed %s: %d files", s.name, len(matches))
		}
		raw, err := os.ReadFile(matches[0])
		if err != nil {
			b.Fatal(err)
		}
		seeds = append(seeds, seed{raw, s.published})
	}
	p := pipeline.Standard()
	ctx := context.Background()
	run := func() {
		for _, s := range seeds {
			d := &doc.Document{Raw: s.raw, Format: doc.FormatText, DefaultPublished: s.published}
			if err := p.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	run() // load every model before timing
	for b.Loop() {
		run()
	}
}

// BenchmarkRules times the hand-written rule coder alone (Options.Rules),
// the coder before the trained model.
func BenchmarkRules(b *testing.B) {
	var docs = annotateAll(b)
	st := events.New(events.Options{Rules: true})
	ctx := context.Background()
	for b.Loop() {
		for _, d := range docs {
			d.Events = d.Events[:0]
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
