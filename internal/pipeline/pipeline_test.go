package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
)

// stageFunc adapts a function to a Stage.
type stageFunc struct {
	name string
	f    func(d *doc.Document) error
}

func (s stageFunc) Name() string                                     { return s.name }
func (s stageFunc) Process(_ context.Context, d *doc.Document) error { return s.f(d) }

func TestProblemsNotFatal(t *testing.T) {
	var ran []string
	p := pipeline.New(
		stageFunc{"fails", func(d *doc.Document) error { ran = append(ran, "fails"); return errors.New("cannot") }},
		stageFunc{"panics", func(d *doc.Document) error { ran = append(ran, "panics"); panic("bug") }},
		stageFunc{"works", func(d *doc.Document) error { ran = append(ran, "works"); d.Title = "ok"; return nil }},
	)
	d := &doc.Document{}
	if err := p.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ran, ",") != "fails,panics,works" || d.Title != "ok" {
		t.Errorf("ran %v, title %q", ran, d.Title)
	}
	if len(d.Problems) != 2 || d.Problems[0].Stage != "fails" || d.Problems[1].Stage != "panics" ||
		!strings.Contains(d.Problems[1].Message, "bug") {
		t.Errorf("problems = %v", d.Problems)
	}
}

func TestRunKeepsInputOrder(t *testing.T) {
	// Later documents finish first; output must still follow input order.
	p := pipeline.New(stageFunc{"sleep", func(d *doc.Document) error {
		var n int
		fmt.Sscan(d.Path, &n)
		time.Sleep(time.Duration(50-n) * time.Millisecond / 10)
		return nil
	}})
	in := make(chan *doc.Document)
	go func() {
		defer close(in)
		for i := range 50 {
			in <- &doc.Document{Path: fmt.Sprint(i)}
		}
	}()
	i := 0
	for r := range p.Run(context.Background(), in, 4) {
		if r.Doc.Path != fmt.Sprint(i) {
			t.Fatalf("result %d is document %s", i, r.Doc.Path)
		}
		i++
	}
	if i != 50 {
		t.Errorf("%d results, want 50", i)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := pipeline.New(stageFunc{"slow", func(d *doc.Document) error { time.Sleep(time.Millisecond); return nil }})
	in := make(chan *doc.Document)
	go func() {
		for i := 0; ; i++ {
			select {
			case in <- &doc.Document{Path: fmt.Sprint(i)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	n := 0
	for range p.Run(ctx, in, 2) {
		n++
		if n == 10 {
			cancel()
		}
	}
	if n < 10 {
		t.Errorf("only %d results before cancel", n)
	}
}

// bbcFiles returns up to n BBC News articles from ../shared/data, or skips.
func bbcFiles(b testing.TB, n int) [][]byte {
	dir := filepath.Join("..", "..", "..", "shared", "data", "bbc-news")
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if len(paths) == 0 {
		b.Skipf("no BBC News articles in %s (../shared/data absent)", dir)
	}
	sort.Strings(paths)
	var out [][]byte
	for i := 0; i < len(paths) && len(out) < n; i += len(paths) / n {
		data, err := os.ReadFile(paths[i])
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkStandard measures the whole annotate pipeline, one document at a
// time on one goroutine, over 200 BBC News articles.
func BenchmarkStandard(b *testing.B) {
	files := bbcFiles(b, 200)
	p := pipeline.Standard()
	ctx := context.Background()
	var docs, tokens, bytes int
	for b.Loop() {
		for i, data := range files {
			d := ingest.FromBytes(fmt.Sprintf("bbc/%d.txt", i), data)
			d.DefaultPublished = "2005-01-01"
			if err := p.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			docs++
			tokens += len(d.Tokens)
			bytes += len(data)
		}
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(docs)/s, "docs/s")
	b.ReportMetric(float64(tokens)/s, "tokens/s")
	b.ReportMetric(float64(bytes)/s/1e6, "MB/s")
}

// BenchmarkStandardParallel is the same over the bounded worker pool with
// GOMAXPROCS workers.
func BenchmarkStandardParallel(b *testing.B) {
	files := bbcFiles(b, 200)
	p := pipeline.Standard()
	ctx := context.Background()
	var docs, tokens int
	for b.Loop() {
		in := make(chan *doc.Document)
		go func() {
			defer close(in)
			for i, data := range files {
				d := ingest.FromBytes(fmt.Sprintf("bbc/%d.txt", i), data)
				d.DefaultPublished = "2005-01-01"
				in <- d
			}
		}()
		for r := range p.Run(ctx, in, 0) {
			docs++
			tokens += len(r.Doc.Tokens)
		}
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(docs)/s, "docs/s")
	b.ReportMetric(float64(tokens)/s, "tokens/s")
}
