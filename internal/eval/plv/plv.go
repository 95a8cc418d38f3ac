// Package plv scores sitrep's event coder on PLOVER PLV
// (../shared/data/plover-plv, see its SOURCE.md): news sentences, each with
// one gold PLOVER root type and its source (<s>) and target (<t>) marked.
//
// Each sentence runs through the standard pipeline as clean text (the
// semantics of `sitrep annotate --raw`). The figures:
//
//   - type accuracy: rows for which the coder output an event of the gold
//     type (YIELD, PLOVER's older name, is CONCEDE or RETREAT);
//   - first-event accuracy: rows whose first coded event has the gold type
//     (a stricter reading: the coder's own choice of main event);
//   - actor accuracy: rows with a marked source for which an event of the
//     gold type has an actor with a mention overlapping <s>;
//   - recipient accuracy: the same for <t>, over rows with a marked target;
//   - precision: coded events whose type is the row's gold type (a sentence
//     may hold other events, so this is a lower bound).
//
// Rows that share a sentence are one document with several gold events.
package plv

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"sitrep/internal/doc"
	"sitrep/internal/eval/plover"
	"sitrep/internal/pipeline"
)

// Row is one PLV row.
type Row struct {
	ID       string
	Sentence string
	Gold     string // gold_root as written (YIELD included)
	// Source and Target are the byte spans of <s> and <t> in Sentence,
	// empty when the row has none.
	Source, Target doc.Span
}

// Read parses a PLV TSV file, reading columns by header name.
func Read(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFrom(f, path)
}

// ReadFrom parses PLV TSV from r; name labels errors.
func ReadFrom(r io.Reader, name string) ([]Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	col := map[string]int{}
	var out []Row
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if line == 1 {
			for i, h := range f {
				col[h] = i
			}
			for _, need := range []string{"sentence", "marked_sentence", "gold_root"} {
				if _, ok := col[need]; !ok {
					return nil, fmt.Errorf("%s: no %q column in the header", name, need)
				}
			}
			continue
		}
		get := func(k string) string {
			i, ok := col[k]
			if !ok || i >= len(f) {
				return ""
			}
			return f[i]
		}
		if len(f) < len(col)/2 {
			return nil, fmt.Errorf("%s:%d: %d columns, want %d", name, line, len(f), len(col))
		}
		row := Row{ID: get("sentence_id"), Sentence: get("sentence"), Gold: get("gold_root")}
		if u := get("uid"); u != "" {
			row.ID = u
		}
		plain, src, tgt := Unmark(get("marked_sentence"))
		if plain != row.Sentence {
			// The marks do not reproduce the sentence: keep the sentence,
			// locate nothing.
			src, tgt = doc.Span{}, doc.Span{}
		}
		row.Source, row.Target = src, tgt
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Unmark removes <s>, </s>, <t>, </t> from a marked sentence and returns
// the plain sentence with the spans of the source and the target (empty
// spans when absent or malformed).
func Unmark(m string) (string, doc.Span, doc.Span) {
	var b strings.Builder
	src, tgt := doc.Span{Start: -1, End: -1}, doc.Span{Start: -1, End: -1}
	for i := 0; i < len(m); {
		switch {
		case strings.HasPrefix(m[i:], "<s>"):
			src.Start = b.Len()
			i += 3
		case strings.HasPrefix(m[i:], "</s>"):
			src.End = b.Len()
			i += 4
		case strings.HasPrefix(m[i:], "<t>"):
			tgt.Start = b.Len()
			i += 3
		case strings.HasPrefix(m[i:], "</t>"):
			tgt.End = b.Len()
			i += 4
		default:
			b.WriteByte(m[i])
			i++
		}
	}
	fix := func(s doc.Span) doc.Span {
		if s.Start < 0 || s.End <= s.Start {
			return doc.Span{}
		}
		return s
	}
	return b.String(), fix(src), fix(tgt)
}

// TypeMatches reports whether a coded type answers a PLV gold label.
func TypeMatches(gold string, t doc.EventType) bool {
	if gold == "YIELD" {
		return t == doc.CONCEDE || t == doc.RETREAT
	}
	return string(t) == gold
}

// Scores are the figures of one evaluation.
type Scores struct {
	Rows, TypeHits, FirstHits        int
	WithSource, ActorHits            int
	WithTarget, RecipientHits        int
	Predicted, Correct, NoEvent      int
	TypeAccuracy, FirstAccuracy      float64
	ActorAccuracy, RecipientAccuracy float64
	Precision                        float64
	PerType                          map[string]*TypeScores
	Confusion                        map[string]map[string]int // gold -> first coded type ("none")
}

// TypeScores are the counts of one gold label.
type TypeScores struct{ Rows, TypeHits, ActorHits, Predicted, Correct int }

// Evaluate runs the standard pipeline (default options: what `sitrep
// annotate --raw` does) on the rows of the PLV file at path and writes a
// report to w (nil for none); verbose lists every miss.
func Evaluate(path string, w io.Writer, verbose bool) (Scores, error) {
	rows, err := Read(path)
	if err != nil {
		return Scores{}, err
	}
	return Score(pipeline.Standard(), rows, w, verbose)
}

// Score runs p over rows and scores them.
func Score(p *pipeline.Pipeline, rows []Row, w io.Writer, verbose bool) (Scores, error) {
	return ScoreWith(func(id, text string) (*doc.Document, error) {
		d := &doc.Document{Path: id, Raw: []byte(text), Format: doc.FormatText, IsRaw: true}
		return d, p.Process(context.Background(), d)
	}, rows, w, verbose)
}

// ScoreWith scores rows, run annotating each distinct sentence.
func ScoreWith(run func(id, text string) (*doc.Document, error), rows []Row, w io.Writer, verbose bool) (Scores, error) {
	sc := Scores{PerType: map[string]*TypeScores{}, Confusion: map[string]map[string]int{}}
	per := func(t string) *TypeScores {
		if sc.PerType[t] == nil {
			sc.PerType[t] = &TypeScores{}
		}
		return sc.PerType[t]
	}
	var order []string
	bySent := map[string][]Row{}
	for _, r := range rows {
		if _, ok := bySent[r.Sentence]; !ok {
			order = append(order, r.Sentence)
		}
		bySent[r.Sentence] = append(bySent[r.Sentence], r)
	}
	var misses []string
	for _, text := range order {
		group := bySent[text]
		d, err := run(group[0].ID, text)
		if err != nil {
			return sc, fmt.Errorf("row %s: %w", group[0].ID, err)
		}
		golds := map[string]bool{}
		for _, r := range group {
			golds[r.Gold] = true
		}
		for _, e := range d.Events {
			sc.Predicted++
			ok := false
			for g := range golds {
				if TypeMatches(g, e.Type) {
					ok = true
				}
			}
			per(string(e.Type)).Predicted++
			if ok {
				sc.Correct++
				per(string(e.Type)).Correct++
			}
		}
		if len(d.Events) == 0 {
			sc.NoEvent++
		}
		for _, r := range group {
			sc.Rows++
			ts := per(r.Gold)
			ts.Rows++
			first := "none"
			if len(d.Events) > 0 {
				first = string(d.Events[0].Type)
				if TypeMatches(r.Gold, d.Events[0].Type) {
					sc.FirstHits++
				}
			}
			if sc.Confusion[r.Gold] == nil {
				sc.Confusion[r.Gold] = map[string]int{}
			}
			sc.Confusion[r.Gold][first]++
			typeHit, actorHit, recHit := false, false, false
			for _, e := range d.Events {
				if !TypeMatches(r.Gold, e.Type) {
					continue
				}
				typeHit = true
				if overlaps(d, e.Actors, r.Source) {
					actorHit = true
				}
				if overlaps(d, e.Recipients, r.Target) {
					recHit = true
				}
			}
			if typeHit {
				sc.TypeHits++
				ts.TypeHits++
			}
			if r.Source.Len() > 0 {
				sc.WithSource++
				if actorHit {
					sc.ActorHits++
					ts.ActorHits++
				}
			}
			if r.Target.Len() > 0 {
				sc.WithTarget++
				if recHit {
					sc.RecipientHits++
				}
			}
			if verbose && (!typeHit || (r.Source.Len() > 0 && !actorHit)) {
				misses = append(misses, describe(d, r, typeHit))
			}
		}
	}
	sc.TypeAccuracy = ratio(sc.TypeHits, sc.Rows)
	sc.FirstAccuracy = ratio(sc.FirstHits, sc.Rows)
	sc.ActorAccuracy = ratio(sc.ActorHits, sc.WithSource)
	sc.RecipientAccuracy = ratio(sc.RecipientHits, sc.WithTarget)
	sc.Precision = ratio(sc.Correct, sc.Predicted)
	if w != nil {
		report(w, sc, misses)
	}
	return sc, nil
}

func overlaps(d *doc.Document, ents []int, s doc.Span) bool {
	if s.Len() == 0 {
		return false
	}
	for _, e := range ents {
		if e < 0 || e >= len(d.Entities) {
			continue
		}
		for _, m := range d.Entities[e].Mentions {
			if m.Overlaps(s) {
				return true
			}
		}
	}
	return false
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func describe(d *doc.Document, r Row, typeHit bool) string {
	var b strings.Builder
	what := "type missed"
	if typeHit {
		what = "actor missed"
	}
	fmt.Fprintf(&b, "%s (%s; %s; s=%q t=%q) %s\n", r.ID, r.Gold, what, r.Source.In(d.Text), r.Target.In(d.Text), d.Text)
	b.WriteString(plover.Coded(d))
	return b.String()
}

func report(w io.Writer, sc Scores, misses []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "gold\trows\ttype hits\tactor hits\tcoded\tcorrect\ttype acc\tactor acc\tprecision\t")
	var types []string
	for t := range sc.PerType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		s := sc.PerType[t]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", t, s.Rows, s.TypeHits, s.ActorHits,
			s.Predicted, s.Correct, ratio(s.TypeHits, s.Rows), ratio(s.ActorHits, s.Rows), ratio(s.Correct, s.Predicted))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nrows %d: type accuracy %.3f, first-event accuracy %.3f, actor accuracy %.3f (%d with <s>), recipient accuracy %.3f (%d with <t>), precision %.3f (%d coded), %d sentences with no event\n",
		sc.Rows, sc.TypeAccuracy, sc.FirstAccuracy, sc.ActorAccuracy, sc.WithSource, sc.RecipientAccuracy, sc.WithTarget,
		sc.Precision, sc.Predicted, sc.NoEvent)
	if len(misses) > 0 {
		fmt.Fprintf(w, "\nmissed (%d):\n", len(misses))
		for _, m := range misses {
			fmt.Fprint(w, m)
		}
	}
}
