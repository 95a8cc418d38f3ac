// Package nlp_test measures the trained models together, as the annotate
// pipeline runs them: the models themselves are in the packages below.
package nlp_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/segment"
	"sitrep/internal/shared"
)

// BenchmarkTagAndNER runs the part-of-speech stage (tags and lemmas) and
// the named-entity stage over 100 BBC News business articles, segmented
// once beforehand, on one goroutine: the "tagging + NER" figure of
// docs/BENCHMARKS.md, in tokens per second of wall time and of CPU time.
func BenchmarkTagAndNER(b *testing.B) {
	dir := shared.Require(b, "bbc-news", "business")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	files = files[:min(len(files), 100)]
	ctx := context.Background()
	var docs []*doc.Document
	tokens := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		d := &doc.Document{Text: string(text)}
		if err := segment.New().Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		tokens += len(d.Tokens)
		docs = append(docs, d)
	}
	tagger, recogniser := pos.New(), ner.New()
	// Load both models before timing.
	if err := tagger.Process(ctx, docs[0]); err != nil {
		b.Fatal(err)
	}
	if err := recogniser.Process(ctx, docs[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu, mallocs := shared.CPUTime(), shared.Mallocs()
	for b.Loop() {
		for _, d := range docs {
			d.Entities = d.Entities[:0]
			if err := tagger.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			if err := recogniser.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := float64(tokens * b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "tokens/s")
	if d := shared.CPUTime() - cpu; d > 0 {
		b.ReportMetric(n/d.Seconds(), "tokens/cpu-s")
	}
	b.ReportMetric(float64(shared.Mallocs()-mallocs)/n, "allocs/token")
	b.ReportMetric(float64(tokens), "tokens/op")
}
