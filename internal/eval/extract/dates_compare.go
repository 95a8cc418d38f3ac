package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	htmldate "github.com/markusmobius/go-htmldate"

	"sitrep/internal/clean"
	"sitrep/internal/meta"
)

// DateSystems are the date extractors DatesCompare scores, in its columns.
var DateSystems = []string{"sitrep", "htmldate-fast", "htmldate"}

// DatesCompare scores sitrep's publication dates (the clean and meta
// stages, as `annotate` runs them) beside go-htmldate's on the htmldate
// evaluation set in dataDir, each given the page and its URL: htmldate in
// its fast mode (no free-text search) and in its default, extensive mode,
// both asked for the original publication date. It prints the table and
// how often each is right where the other is wrong, and returns the scores
// by system.
func DatesCompare(dataDir string, w io.Writer, o Options) (map[string]Scores, error) {
	dir := setDir(dataDir, "htmldate-eval", "eval_default.json")
	var gold map[string]struct {
		File string `json:"file"`
		Date any    `json:"date"`
	}
	if err := readJSON(filepath.Join(dir, "eval_default.json"), &gold); err != nil {
		return nil, fmt.Errorf("dates: %w", err)
	}
	urls := subset(keys(gold), o.Limit)
	c, m := clean.New(o.Clean), meta.New()
	type page struct {
		got   [3]string
		want  string
		unred bool
	}
	pages := make([]page, len(urls))
	start := time.Now()
	parallel(len(urls), o.Workers, func(i int) {
		it := gold[urls[i]]
		p := &pages[i]
		p.want, _ = it.Date.(string) // NaN in the gold means no date
		d, err := readPage(filepath.Join(dir, "html", it.File+".gz"))
		if err != nil {
			p.unred = true
			return
		}
		raw := d.Raw
		d.URL = urls[i]
		_ = c.Process(context.Background(), d)
		_ = m.Process(context.Background(), d)
		p.got[0] = d.Published
		for k, skip := range []bool{true, false} {
			r, err := htmldate.FromReader(bytes.NewReader(raw), htmldate.Options{URL: urls[i], UseOriginalDate: true,
				SkipExtensiveSearch: skip})
			if err == nil && !r.IsZero() {
				p.got[k+1] = r.DateTime.Format("2006-01-02")
			}
		}
	})
	scores := map[string]Scores{}
	var onlyA, onlyB, both, neither int // sitrep vs extensive htmldate
	for _, p := range pages {
		for k, name := range DateSystems {
			s := scores[name]
			s.Pages++
			switch {
			case p.unred:
				s.Failed++
				if p.want == "" {
					s.Correct++
				}
			default:
				if p.got[k] != "" {
					s.Dated++
				}
				if p.got[k] == p.want {
					s.Correct++
				}
			}
			scores[name] = s
		}
		a, b := p.got[0] == p.want, p.got[2] == p.want
		switch {
		case a && b:
			both++
		case a:
			onlyA++
		case b:
			onlyB++
		default:
			neither++
		}
	}
	elapsed := time.Since(start)
	if w != nil {
		fmt.Fprintf(w, "publication dates, %s (%d pages, %s), sitrep beside go-htmldate\n", dir, len(urls), elapsed.Round(time.Millisecond))
		fmt.Fprintf(w, "%-14s %7s %6s %8s %9s %8s\n", "", "correct", "dated", "accuracy", "precision", "coverage")
		for _, name := range DateSystems {
			s := scores[name]
			fmt.Fprintf(w, "%-14s %7d %6d %8.3f %9.3f %8.3f\n", name, s.Correct, s.Dated, s.DateAccuracy(), s.DatePrecision(), s.Coverage())
		}
		fmt.Fprintf(w, "sitrep vs htmldate: both right %d, only sitrep %d, only htmldate %d, neither %d\n", both, onlyA, onlyB, neither)
	}
	return scores, nil
}
