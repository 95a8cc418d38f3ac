package geo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/geo"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

// BenchmarkShare annotates the seed articles with the standard pipeline and
// reports the geo stage's share of the CPU time (target: at most 10%).
// The gazetteer is loaded before timing (BenchmarkLoad measures that).
func BenchmarkShare(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(shared.RequireSeeds(b), "*.txt"))
	if len(files) == 0 {
		b.Skip("no seed articles")
	}
	var raws [][]byte
	for _, f := range files {
		r, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, r)
	}
	if _, err := geo.Load(); err != nil {
		b.Fatal(err)
	}
	// Every stage but geo, then geo alone, timed apart.
	var before []pipeline.Stage
	for _, s := range pipeline.Standard().Stages() {
		if s.Name() != "geo" {
			before = append(before, s)
		}
	}
	upTo := pipeline.New(before...)
	gs := geo.New()
	ctx := context.Background()
	var rest, place int64
	docs := 0
	for b.Loop() {
		for _, r := range raws {
			d := &doc.Document{Path: "seed.txt", Raw: r, Format: doc.FormatText}
			t0 := shared.CPUTime()
			if err := upTo.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			t1 := shared.CPUTime()
			if err := gs.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			t2 := shared.CPUTime()
			rest += int64(t1 - t0)
			place += int64(t2 - t1)
			docs++
		}
	}
	b.ReportMetric(100*float64(place)/float64(rest), "geo-%-of-rest")
	b.ReportMetric(float64(place)/float64(docs)/1e3, "geo-cpu-µs/doc")
}
