package extract

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/clean"
	"sitrep/internal/doc"
	"sitrep/internal/meta"
)

// TestDatesBesideHtmldate checks that sitrep dates at least as many pages
// right as go-htmldate on the fixed subset of htmldate's dev pages.
func TestDatesBesideHtmldate(t *testing.T) {
	f := floors[raceEnabled]
	s, err := DatesCompare(dataDir(t, "htmldate-eval"), testWriter{t}, Options{Limit: f.pages})
	if err != nil {
		t.Fatal(err)
	}
	if got, ref := s["sitrep"], s["htmldate"]; got.Pages != f.pages || got.Correct < ref.Correct {
		t.Errorf("sitrep %d of %d pages right, go-htmldate %d", got.Correct, got.Pages, ref.Correct)
	}
}

// BenchmarkDatedClean measures the clean and meta stages on 100 of
// htmldate's pages, with go-htmldate's free-text search (the default) and
// without it (clean.Options.FastDates): what dating more pages costs.
//
//	go test -run XXX -bench DatedClean ./internal/eval/extract/
func BenchmarkDatedClean(b *testing.B) {
	dir := setDir(dataDir(b, "htmldate-eval"), "htmldate-eval", "eval_default.json")
	var gold map[string]struct {
		File string `json:"file"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "eval_default.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(data, &gold); err != nil {
		b.Fatal(err)
	}
	urls := subset(keys(gold), 100)
	var pages []*doc.Document
	for _, u := range urls {
		d, err := readPage(filepath.Join(dir, "html", gold[u].File+".gz"))
		if err != nil {
			continue
		}
		d.URL = u
		pages = append(pages, d)
	}
	for _, mode := range []struct {
		name string
		fast bool
	}{{"extensive", false}, {"fast", true}} {
		b.Run(mode.name, func(b *testing.B) {
			c, m := clean.New(clean.Options{FastDates: mode.fast}), meta.New()
			for b.Loop() {
				for _, p := range pages {
					d := &doc.Document{Path: p.Path, Raw: p.Raw, Format: p.Format, URL: p.URL}
					_ = c.Process(context.Background(), d)
					_ = m.Process(context.Background(), d)
				}
			}
			b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
