package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// TestProcessStopsBetweenStages checks that a cancelled context stops a
// document before the next stage and that the error names it.
func TestProcessStopsBetweenStages(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := pipeline.New(
		stageFunc{"first", func(d *doc.Document) error { cancel(); return nil }},
		stageFunc{"second", func(d *doc.Document) error { t.Error("second stage ran after cancel"); return nil }},
	)
	err := p.Process(ctx, &doc.Document{})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped before second") {
		t.Errorf("Process = %v, want an error saying it stopped before second, wrapping context.Canceled", err)
	}
}

// ctxStage works through items, checking ctx between them as a long stage
// should.
type ctxStage struct{}

func (ctxStage) Name() string { return "items" }
func (ctxStage) Process(ctx context.Context, d *doc.Document) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("item: %w", err)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestProcessStopsInStage checks that a stage's context error stops the
// document rather than becoming a problem of it, and that one from a
// context of the stage's own, while the pipeline's goes on, is a problem.
func TestProcessStopsInStage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	d := &doc.Document{}
	err := pipeline.New(ctxStage{}).Process(ctx, d)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped in items") || len(d.Problems) > 0 {
		t.Errorf("Process = %v with problems %v, want an error saying it stopped in items", err, d.Problems)
	}
	d = &doc.Document{}
	own := stageFunc{"own", func(d *doc.Document) error { return fmt.Errorf("lookup: %w", context.DeadlineExceeded) }}
	if err := pipeline.New(own).Process(context.Background(), d); err != nil || len(d.Problems) != 1 {
		t.Errorf("Process = %v with problems %v, want no error and one problem", err, d.Problems)
	}
}

// TestRunStopsPromptly cancels a run while both workers are inside a stage
// that ignores ctx: the channel must close at once rather than when the
// stage ends, its last result saying that the run stopped and why.
func TestRunStopsPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	p := pipeline.New(stageFunc{"stuck", func(d *doc.Document) error {
		if d.Path != "0" {
			<-release // until the test ends, deaf to ctx
		}
		return nil
	}})
	in := make(chan *doc.Document, 10)
	for i := range 10 {
		in <- &doc.Document{Path: fmt.Sprint(i)}
	}
	close(in)
	out := p.Run(ctx, in, 2)
	if r := <-out; r.Err != nil || r.Doc.Path != "0" {
		t.Fatalf("first result = %+v, want document 0", r)
	}
	cancel()
	var got []pipeline.Result
	timeout := time.After(5 * time.Second)
	for open := true; open; {
		select {
		case r, ok := <-out:
			if ok {
				got = append(got, r)
			}
			open = ok
		case <-timeout:
			t.Fatal("the channel is still open 5 s after cancel: Run waits for stages that ignore ctx")
		}
	}
	if len(got) != 1 || got[0].Doc != nil || !errors.Is(got[0].Err, pipeline.ErrStopped) || !errors.Is(got[0].Err, context.Canceled) {
		t.Fatalf("after cancel: %+v, want one result with no document and an error wrapping ErrStopped and context.Canceled", got)
	}
	if msg := got[0].Err.Error(); msg != "run stopped: context canceled" {
		t.Errorf("error %q", msg)
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

// TestParseOnlyWhereRead checks that parsing only the sentences that can hold
// an event (the default) annotates as parsing every sentence does: the same
// contract JSON (entities, quotes, times, events, places) on 40 BBC News
// articles from all sections.
func TestParseOnlyWhereRead(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates 40 articles twice")
	}
	files := bbcFiles(t, 40)
	some, all := pipeline.Standard(), pipeline.StandardWith(pipeline.Options{ParseAll: true})
	ctx := context.Background()
	skipped := 0
	for i, data := range files {
		var got [2][]byte
		for k, p := range []*pipeline.Pipeline{some, all} {
			d := ingest.FromBytes(fmt.Sprintf("bbc/%d.txt", i), data)
			d.DefaultPublished = "2005-01-01"
			if err := p.Process(ctx, d); err != nil {
				t.Fatal(err)
			}
			if k == 0 {
				for _, tok := range d.Tokens {
					if tok.Dep == "" {
						skipped++
					}
				}
			}
			j, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			got[k] = j
		}
		if !bytes.Equal(got[0], got[1]) {
			t.Errorf("article %d: annotation differs when every sentence is parsed:\n%s\n%s", i, got[0], got[1])
		}
	}
	if skipped == 0 {
		t.Errorf("no token left unparsed: the default pipeline parsed every sentence")
	}
}
