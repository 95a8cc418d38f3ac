// Package timeml reads TimeML documents (the .tml files of TimeBank,
// AQUAINT and TempEval-3) and scores the timex stage on them the way
// TempEval-3 scores temporal expressions (UzZaman et al. 2013, "SemEval-2013
// Task 1: TempEval-3"): extraction precision, recall and F1, strict (same
// span) and relaxed (any overlap), and for the type and value attributes the
// attribute F1, whose precision and recall count the relaxed matches with
// the right attribute over all system and all gold expressions.
package timeml

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/timex"
)

// Timex is one gold TIMEX3 of a document's text.
type Timex struct {
	doc.Span        // byte offsets into Doc.Text
	Type     string // DATE, TIME, DURATION, SET
	Value    string
	Mod      string
}

// Doc is a TimeML document reduced to what the timex scorer needs.
type Doc struct {
	Name string
	// DCT is the document creation time's value ("1998-02-06" or
	// "1998-02-06T22:19:00").
	DCT string
	// Text is the content of the TEXT element with the tags removed and
	// character entities decoded.
	Text   string
	Timexs []Timex
}

var (
	dctRE  = regexp.MustCompile(`<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>`)
	attrRE = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// Parse reads one TimeML document.
func Parse(name string, b []byte) (*Doc, error) {
	s := string(b)
	d := &Doc{Name: name}
	if m := dctRE.FindString(s); m != "" {
		d.DCT = attrs(m)["value"]
	}
	start := strings.Index(s, "<TEXT>")
	end := strings.LastIndex(s, "</TEXT>")
	if start < 0 || end < start {
		return nil, fmt.Errorf("%s: no TEXT element", name)
	}
	body := s[start+len("<TEXT>") : end]
	var text strings.Builder
	open := -1
	var cur Timex
	for i := 0; i < len(body); {
		lt := strings.IndexByte(body[i:], '<')
		if lt < 0 {
			text.WriteString(html.UnescapeString(body[i:]))
			break
		}
		text.WriteString(html.UnescapeString(body[i : i+lt]))
		i += lt
		gt := strings.IndexByte(body[i:], '>')
		if gt < 0 {
			return nil, fmt.Errorf("%s: unterminated tag at byte %d of TEXT", name, i)
		}
		tag := body[i : i+gt+1]
		i += gt + 1
		switch {
		case strings.HasPrefix(tag, "<TIMEX3"):
			if open >= 0 {
				return nil, fmt.Errorf("%s: nested TIMEX3", name)
			}
			a := attrs(tag)
			cur = Timex{Type: a["type"], Value: a["value"], Mod: a["mod"]}
			open = text.Len()
		case tag == "</TIMEX3>":
			if open < 0 {
				return nil, fmt.Errorf("%s: unmatched </TIMEX3>", name)
			}
			cur.Span = doc.Span{Start: open, End: text.Len()}
			d.Timexs = append(d.Timexs, trim(text.String(), cur))
			open = -1
		}
	}
	d.Text = text.String()
	return d, nil
}

// trim shrinks a gold span past surrounding white space.
func trim(text string, t Timex) Timex {
	for t.Start < t.End && isSpace(text[t.Start]) {
		t.Start++
	}
	for t.End > t.Start && isSpace(text[t.End-1]) {
		t.End--
	}
	return t
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = a[2]
	}
	return m
}

// ReadDir reads every .tml file of dir, in lexical order.
func ReadDir(dir string) ([]*Doc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tml"))
	if err != nil {
		return nil, fmt.Errorf("timeml: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("timeml: %s: no .tml files", dir)
	}
	sort.Strings(paths)
	var docs []*Doc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("timeml: %w", err)
		}
		d, err := Parse(filepath.Base(p), b)
		if err != nil {
			return nil, fmt.Errorf("timeml: %w", err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Counts are the tallies behind the TempEval-3 timex scores.
type Counts struct {
	Docs    int
	Gold    int // gold expressions
	System  int // system expressions
	Strict  int // pairs with exactly the same span
	Relaxed int // pairs of overlapping expressions (one to one)
	Type    int // relaxed pairs with the same type
	Value   int // relaxed pairs with the same value
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Docs += o.Docs
	c.Gold += o.Gold
	c.System += o.System
	c.Strict += o.Strict
	c.Relaxed += o.Relaxed
	c.Type += o.Type
	c.Value += o.Value
}

// PRF is precision, recall and F1.
type PRF struct{ P, R, F float64 }

func prf(hit, sys, gold int) PRF {
	var s PRF
	if sys > 0 {
		s.P = float64(hit) / float64(sys)
	}
	if gold > 0 {
		s.R = float64(hit) / float64(gold)
	}
	if s.P+s.R > 0 {
		s.F = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// StrictPRF scores extraction with exact spans.
func (c Counts) StrictPRF() PRF { return prf(c.Strict, c.System, c.Gold) }

// RelaxedPRF scores extraction with overlapping spans.
func (c Counts) RelaxedPRF() PRF { return prf(c.Relaxed, c.System, c.Gold) }

// TypePRF is the TempEval-3 attribute score of the type.
func (c Counts) TypePRF() PRF { return prf(c.Type, c.System, c.Gold) }

// ValuePRF is the TempEval-3 attribute score of the value.
func (c Counts) ValuePRF() PRF { return prf(c.Value, c.System, c.Gold) }

// TypeAccuracy is the share of relaxed matches with the right type.
func (c Counts) TypeAccuracy() float64 { return ratio(c.Type, c.Relaxed) }

// ValueAccuracy is the share of relaxed matches with the right value.
func (c Counts) ValueAccuracy() float64 { return ratio(c.Value, c.Relaxed) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are the counts of each directory evaluated and of all together.
type Scores struct {
	Dirs    []string
	PerDir  []Counts
	Overall Counts
}

// Pair is one gold expression and the system expression matched to it; an
// unmatched side has index -1.
type Pair struct {
	Gold, System int
}

// Match pairs gold and system expressions one to one: each gold expression
// takes the first unused system expression that overlaps it, preferring
// one with exactly the same span.
func Match(gold []Timex, sys []doc.Time) []Pair {
	used := make([]bool, len(sys))
	var pairs []Pair
	for gi, g := range gold {
		best := -1
		for si, s := range sys {
			if used[si] || !s.Span.Overlaps(g.Span) {
				continue
			}
			if s.Span == g.Span {
				best = si
				break
			}
			if best < 0 {
				best = si
			}
		}
		if best >= 0 {
			used[best] = true
		}
		pairs = append(pairs, Pair{Gold: gi, System: best})
	}
	for si := range sys {
		if !used[si] {
			pairs = append(pairs, Pair{Gold: -1, System: si})
		}
	}
	return pairs
}

// Score runs the timex stage over d (published on its DCT date) and counts.
func Score(d *Doc) (Counts, []doc.Time) {
	sys := Run(d)
	c := Counts{Docs: 1, Gold: len(d.Timexs), System: len(sys)}
	for _, p := range Match(d.Timexs, sys) {
		if p.Gold < 0 || p.System < 0 {
			continue
		}
		g, s := d.Timexs[p.Gold], sys[p.System]
		c.Relaxed++
		if g.Span == s.Span {
			c.Strict++
		}
		if g.Type == string(s.Type) {
			c.Type++
		}
		if g.Value == s.Value {
			c.Value++
		}
	}
	return c, sys
}

// Run annotates d's text with the timex stage and returns the expressions.
func Run(d *Doc) []doc.Time {
	published := d.DCT
	if len(published) > 10 {
		published = published[:10]
	}
	dd := &doc.Document{Text: d.Text, Published: published}
	if err := timex.New().Process(context.Background(), dd); err != nil {
		return nil
	}
	return dd.Times
}

// Evaluate scores the timex stage on the TimeML documents of each
// directory and writes a table with one row per directory and one for all
// of them to w.
func Evaluate(dirs []string, w io.Writer) (Scores, error) {
	var sc Scores
	if len(dirs) == 0 {
		return sc, errors.New("timeml: no directories to evaluate")
	}
	for _, dir := range dirs {
		docs, err := ReadDir(dir)
		if err != nil {
			return sc, err
		}
		var c Counts
		for _, d := range docs {
			dc, _ := Score(d)
			c.Add(dc)
		}
		sc.Dirs = append(sc.Dirs, dir)
		sc.PerDir = append(sc.PerDir, c)
		sc.Overall.Add(c)
	}
	if w != nil {
		if err := writeTable(w, sc); err != nil {
			return sc, fmt.Errorf("timeml: %w", err)
		}
	}
	return sc, nil
}

func writeTable(w io.Writer, sc Scores) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %5s %5s %5s | %-20s | %-20s | %-6s %-6s | %-6s %-6s\n",
		"set", "docs", "gold", "sys", "strict P / R / F1", "relaxed P / R / F1", "typeF1", "valF1", "typeAc", "valAc")
	row := func(name string, c Counts) {
		s, r, t, v := c.StrictPRF(), c.RelaxedPRF(), c.TypePRF(), c.ValuePRF()
		fmt.Fprintf(&b, "%-14s %5d %5d %5d | %.3f / %.3f / %.3f  | %.3f / %.3f / %.3f  | %.3f  %.3f  | %.3f  %.3f\n",
			name, c.Docs, c.Gold, c.System, s.P, s.R, s.F, r.P, r.R, r.F, t.F, v.F, c.TypeAccuracy(), c.ValueAccuracy())
	}
	for i, d := range sc.Dirs {
		row(filepath.Base(d), sc.PerDir[i])
	}
	if len(sc.Dirs) > 1 {
		row("overall", sc.Overall)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Errors writes, for every document of dirs, the expressions missed,
// spurious, with a different span or with a different type or value: one
// line each, for error analysis.
func Errors(dirs []string, w io.Writer) error {
	for _, dir := range dirs {
		docs, err := ReadDir(dir)
		if err != nil {
			return err
		}
		for _, d := range docs {
			_, sys := Score(d)
			for _, p := range Match(d.Timexs, sys) {
				var line string
				switch {
				case p.System < 0:
					g := d.Timexs[p.Gold]
					line = fmt.Sprintf("MISS  %q %s %s", g.In(d.Text), g.Type, g.Value)
				case p.Gold < 0:
					s := sys[p.System]
					line = fmt.Sprintf("SPUR  %q %s %s", s.In(d.Text), s.Type, s.Value)
				default:
					g, s := d.Timexs[p.Gold], sys[p.System]
					if g.Span == s.Span && g.Type == string(s.Type) && g.Value == s.Value {
						continue
					}
					kind := "ATTR "
					if g.Span != s.Span {
						kind = "SPAN "
					}
					line = fmt.Sprintf("%s %q %s %s | sys %q %s %s", kind, g.In(d.Text), g.Type, g.Value, s.In(d.Text), s.Type, s.Value)
				}
				if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.Name, d.DCT, line, window(d.Text, p, d, sys)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// window is a short window of text around a pair, for Errors.
func window(text string, p Pair, d *Doc, sys []doc.Time) string {
	var s doc.Span
	if p.Gold >= 0 {
		s = d.Timexs[p.Gold].Span
	} else {
		s = sys[p.System].Span
	}
	a, b := max(0, s.Start-60), min(len(text), s.End+40)
	return strings.ReplaceAll(text[a:b], "\n", " ")
}
