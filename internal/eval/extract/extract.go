// Package extract scores sitrep's ingest, clean and meta stages on public
// gold data: main-text extraction on the trafilatura evaluation set and
// publication dates on the htmldate evaluation set (both under
// ../shared/data; see their SOURCE.md).
package extract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"sitrep/internal/clean"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/meta"
)

// Scores are the counts of one evaluation run.
type Scores struct {
	// Pages is the number of pages scored; Failed of them could not be
	// read at all.
	Pages, Failed int
	// Snippet counts (Extraction): a "with" snippet found is a true
	// positive, else a false negative; a "without" snippet found is a false
	// positive, else a true negative.
	TP, FN, FP, TN int
	// Date counts (Dates): pages whose date equals the gold date, and
	// pages given any date at all.
	Correct, Dated int
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Precision is TP / (TP + FP).
func (s Scores) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN).
func (s Scores) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Scores) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SnippetAccuracy is (TP + TN) over all snippets.
func (s Scores) SnippetAccuracy() float64 { return ratio(s.TP+s.TN, s.TP+s.TN+s.FP+s.FN) }

// DateAccuracy is the share of pages whose date is right.
func (s Scores) DateAccuracy() float64 { return ratio(s.Correct, s.Pages) }

// Coverage is the share of pages given a date.
func (s Scores) Coverage() float64 { return ratio(s.Dated, s.Pages) }

// DatePrecision is the share of dated pages whose date is right.
func (s Scores) DatePrecision() float64 { return ratio(s.Correct, s.Dated) }

// Options restricts an evaluation run. The zero value runs the whole set.
type Options struct {
	// Limit, when > 0, scores that many pages spread evenly over the set
	// (sorted by URL), a fixed subset.
	Limit int
	// Workers is how many pages are processed at once; 0 means GOMAXPROCS.
	Workers int
	// Clean configures the clean stage.
	Clean clean.Options
}

// Extraction scores main-text extraction over the trafilatura evaluation
// set in dataDir (the folder holding trafilatura-eval/, or trafilatura-eval
// itself) and prints a table to w (nil for none).
func Extraction(dataDir string, w io.Writer) (Scores, error) {
	return ExtractionWith(dataDir, w, Options{})
}

type extractItem struct {
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
}

// ExtractionWith is Extraction with options.
func ExtractionWith(dataDir string, w io.Writer, o Options) (Scores, error) {
	dir := setDir(dataDir, "trafilatura-eval", "evaldata.json")
	var gold map[string]extractItem
	if err := readJSON(filepath.Join(dir, "evaldata.json"), &gold); err != nil {
		return Scores{}, fmt.Errorf("extraction: %w", err)
	}
	urls := subset(keys(gold), o.Limit)
	c := clean.New(o.Clean)
	results := make([]Scores, len(urls))
	start := time.Now()
	parallel(len(urls), o.Workers, func(i int) {
		it := gold[urls[i]]
		s := &results[i]
		s.Pages = 1
		d, err := readPage(filepath.Join(dir, "html", it.File+".gz"))
		if err != nil {
			s.Failed = 1
		} else {
			d.URL = urls[i]
			_ = c.Process(context.Background(), d)
		}
		text := ""
		if d != nil {
			text = squash(d.Text)
		}
		for _, sn := range it.With {
			if text != "" && strings.Contains(text, squash(sn)) {
				s.TP++
			} else {
				s.FN++
			}
		}
		for _, sn := range it.Without {
			if text != "" && strings.Contains(text, squash(sn)) {
				s.FP++
			} else {
				s.TN++
			}
		}
	})
	total := sum(results)
	total.Elapsed = time.Since(start)
	if w != nil {
		fmt.Fprintf(w, "main-text extraction, %s (%d pages, %d unreadable, %s)\n", dir, total.Pages, total.Failed,
			total.Elapsed.Round(time.Millisecond))
		fmt.Fprintf(w, "%-10s %6s %6s %6s %6s %9s %7s %6s %8s\n", "", "TP", "FN", "FP", "TN", "precision", "recall", "F1", "accuracy")
		fmt.Fprintf(w, "%-10s %6d %6d %6d %6d %9.3f %7.3f %6.3f %8.3f\n", "snippets", total.TP, total.FN, total.FP, total.TN,
			total.Precision(), total.Recall(), total.F1(), total.SnippetAccuracy())
	}
	return total, nil
}

// Dates scores the publication date found by the clean and meta stages
// over the htmldate evaluation set in dataDir (the folder holding
// htmldate-eval/, or htmldate-eval itself) and prints a table to w (nil
// for none).
func Dates(dataDir string, w io.Writer) (Scores, error) {
	return DatesWith(dataDir, w, Options{})
}

// DatesWith is Dates with options.
func DatesWith(dataDir string, w io.Writer, o Options) (Scores, error) {
	dir := setDir(dataDir, "htmldate-eval", "eval_default.json")
	var gold map[string]struct {
		File string `json:"file"`
		Date any    `json:"date"`
	}
	if err := readJSON(filepath.Join(dir, "eval_default.json"), &gold); err != nil {
		return Scores{}, fmt.Errorf("dates: %w", err)
	}
	urls := subset(keys(gold), o.Limit)
	c, m := clean.New(o.Clean), meta.New()
	results := make([]Scores, len(urls))
	start := time.Now()
	parallel(len(urls), o.Workers, func(i int) {
		it := gold[urls[i]]
		want, _ := it.Date.(string) // NaN in the gold means no date
		s := &results[i]
		s.Pages = 1
		d, err := readPage(filepath.Join(dir, "html", it.File+".gz"))
		if err != nil {
			s.Failed = 1
			if want == "" {
				s.Correct = 1
			}
			return
		}
		d.URL = urls[i]
		_ = c.Process(context.Background(), d)
		_ = m.Process(context.Background(), d)
		if d.Published != "" {
			s.Dated = 1
		}
		if d.Published == want {
			s.Correct = 1
		}
	})
	total := sum(results)
	total.Elapsed = time.Since(start)
	if w != nil {
		fmt.Fprintf(w, "publication dates, %s (%d pages, %d unreadable, %s)\n", dir, total.Pages, total.Failed,
			total.Elapsed.Round(time.Millisecond))
		fmt.Fprintf(w, "%-10s %7s %6s %8s %9s %8s\n", "", "correct", "dated", "accuracy", "precision", "coverage")
		fmt.Fprintf(w, "%-10s %7d %6d %8.3f %9.3f %8.3f\n", "dates", total.Correct, total.Dated,
			total.DateAccuracy(), total.DatePrecision(), total.Coverage())
	}
	return total, nil
}

// readPage reads one (gzipped) page through ingest, as sitrep would.
func readPage(path string) (*doc.Document, error) {
	d, err := ingest.Open([]string{path}, ingest.Options{}).Next()
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, errors.New("no document")
	}
	return d, nil
}

// setDir finds the folder of a data set: dataDir itself when it holds the
// gold file, else dataDir/name.
func setDir(dataDir, name, goldFile string) string {
	if _, err := os.Stat(filepath.Join(dataDir, goldFile)); err == nil {
		return dataDir
	}
	return filepath.Join(dataDir, name)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// subset returns limit items spread evenly over all (all of them when
// limit <= 0 or not smaller).
func subset(all []string, limit int) []string {
	if limit <= 0 || limit >= len(all) {
		return all
	}
	out := make([]string, 0, limit)
	for i := range limit {
		out = append(out, all[i*len(all)/limit])
	}
	return out
}

// squash collapses white space so that snippets match across line breaks.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func sum(rs []Scores) Scores {
	var t Scores
	for _, r := range rs {
		t.Pages += r.Pages
		t.Failed += r.Failed
		t.TP += r.TP
		t.FN += r.FN
		t.FP += r.FP
		t.TN += r.TN
		t.Correct += r.Correct
		t.Dated += r.Dated
	}
	return t
}

// parallel calls f(0..n-1) on a pool of workers.
func parallel(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
