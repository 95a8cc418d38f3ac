// Package plover scores sitrep's event coder on the PLOVER gold standard
// records (openeventdata/PLOVER, PLOVER_GSR_CAMEO; see
// ../shared/data/plover-gsr/SOURCE.md): one news sentence per record, coded
// by hand with a PLOVER event type, its source and target actors.
//
// Each record's text runs, as a document whose clean text is already set,
// through the standard pipeline (pipeline.StandardWith) with the coder
// following events.Options.PLOVERIntent, the coding convention of the gold
// standard.
// Three figures come out:
//
//   - type recall: the share of gold events for which the coder found an
//     event of the gold type;
//   - full recall: the share for which it found an event of the gold type
//     whose actor has a mention overlapping a gold source's actorText (when
//     the gold names a source) and whose recipient has one overlapping a
//     gold target's actorText (when the gold names a target);
//   - precision: the share of coded events whose type is the type of a gold
//     event of the same text.
//
// The gold uses PLOVER 0.5b1 names that the 2021 ontology merged: DEMAND is
// REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT.
package plover

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"sitrep/internal/doc"
	"sitrep/internal/events"
	"sitrep/internal/pipeline"
)

// Record is one gold standard record.
type Record struct {
	ID     string
	Event  doc.EventType // in today's PLOVER names
	Gold   string        // the event name as the file writes it
	Mode   string
	Text   string
	Date   string
	Source []Actor
	Target []Actor
}

// Actor is one gold source or target.
type Actor struct {
	Text string
	Code string
}

// Scores are the figures of one evaluation.
type Scores struct {
	// Gold is the number of gold events scored.
	Gold int
	// TypeHits and FullHits count gold events found by type, and by type
	// with matching actor and recipient.
	TypeHits, FullHits int
	// Predicted counts coded events, Correct those whose type is a gold
	// type of their text.
	Predicted, Correct int
	TypeRecall         float64
	FullRecall         float64
	Precision          float64
	// PerType breaks the counts down by PLOVER type.
	PerType map[doc.EventType]*TypeScores
	// Problems counts the documents with each problem the stages reported
	// (a missing model upstream lowers the figures).
	Problems map[string]int
}

// TypeScores are the counts for one PLOVER type.
type TypeScores struct {
	Gold, TypeHits, FullHits, Predicted, Correct int
}

// renamed maps PLOVER 0.5b1 event names to the 2021 ontology.
var renamed = map[string]doc.EventType{
	"DEMAND": doc.REQUEST, "DISAPPROVE": doc.ACCUSE, "INVESTIGATE": doc.ACCUSE, "FIGHT": doc.ASSAULT,
}

// Read parses a PLOVER GSR JSON file (an array of records), skipping the
// DOCUMENT record.
func Read(path string) ([]Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw []struct {
		ID     string          `json:"id"`
		Event  string          `json:"event"`
		Mode   string          `json:"mode"`
		Text   string          `json:"text"`
		Date   string          `json:"date"`
		Source json.RawMessage `json:"source"`
		Target json.RawMessage `json:"target"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Record
	for _, r := range raw {
		if r.Event == "DOCUMENT" || strings.TrimSpace(r.Text) == "" {
			continue
		}
		t, ok := renamed[r.Event]
		if !ok {
			t = doc.EventType(r.Event)
		}
		out = append(out, Record{ID: r.ID, Event: t, Gold: r.Event, Mode: r.Mode, Text: r.Text, Date: r.Date,
			Source: actorList(r.Source), Target: actorList(r.Target)})
	}
	return out, nil
}

// actorList reads a source or target field: a list of objects with
// actorText, or "" for none.
func actorList(m json.RawMessage) []Actor {
	var list []struct {
		ActorText string `json:"actorText"`
		Code      string `json:"code"`
	}
	if json.Unmarshal(m, &list) != nil {
		return nil
	}
	var out []Actor
	for _, a := range list {
		if strings.TrimSpace(a.ActorText) != "" {
			out = append(out, Actor{Text: a.ActorText, Code: a.Code})
		}
	}
	return out
}

// Evaluate scores the standard pipeline, its coder following the gold
// standard's convention for stated intentions (events.Options.PLOVERIntent),
// on the records of the PLOVER GSR file at path and writes a report to w.
func Evaluate(path string, w io.Writer) (Scores, error) {
	return EvaluateWith(path, pipeline.Options{Events: events.Options{PLOVERIntent: true}}, w)
}

// EvaluateWith is Evaluate with the standard pipeline configured by o; o
// should set Events.PLOVERIntent to score by the gold standard's convention.
func EvaluateWith(path string, o pipeline.Options, w io.Writer) (Scores, error) {
	recs, err := Read(path)
	if err != nil {
		return Scores{}, err
	}
	p := pipeline.StandardWith(o)
	sc := Scores{PerType: map[doc.EventType]*TypeScores{}, Problems: map[string]int{}}
	per := func(t doc.EventType) *TypeScores {
		if sc.PerType[t] == nil {
			sc.PerType[t] = &TypeScores{}
		}
		return sc.PerType[t]
	}
	// Records sharing a text are one document with several gold events.
	var order []string
	byText := map[string][]Record{}
	for _, r := range recs {
		if _, ok := byText[r.Text]; !ok {
			order = append(order, r.Text)
		}
		byText[r.Text] = append(byText[r.Text], r)
	}
	var misses, wrong []string
	for _, text := range order {
		group := byText[text]
		d := &doc.Document{Path: group[0].ID, Text: text, Published: group[0].Date, Format: doc.FormatJSONL}
		if err := p.Process(context.Background(), d); err != nil {
			return sc, fmt.Errorf("%s: %w", group[0].ID, err)
		}
		for _, pr := range d.Problems {
			sc.Problems[pr.String()]++
		}
		goldTypes := map[doc.EventType]bool{}
		for _, r := range group {
			goldTypes[r.Event] = true
		}
		for _, e := range d.Events {
			sc.Predicted++
			per(e.Type).Predicted++
			if goldTypes[e.Type] {
				sc.Correct++
				per(e.Type).Correct++
			} else {
				wrong = append(wrong, fmt.Sprintf("%s (%s) coded %s %q in: %s\n", group[0].ID, group[0].Event,
					e.Type, e.Trigger.In(d.Text), d.Text))
			}
		}
		for _, r := range group {
			sc.Gold++
			ts := per(r.Event)
			ts.Gold++
			typeHit, fullHit := false, false
			for _, e := range d.Events {
				if e.Type != r.Event {
					continue
				}
				typeHit = true
				if argsMatch(d, e.Actors, r.Source) && argsMatch(d, e.Recipients, r.Target) {
					fullHit = true
				}
			}
			if typeHit {
				sc.TypeHits++
				ts.TypeHits++
			}
			if fullHit {
				sc.FullHits++
				ts.FullHits++
			}
			if !fullHit {
				misses = append(misses, describe(d, r, typeHit))
			}
		}
	}
	sc.TypeRecall = ratio(sc.TypeHits, sc.Gold)
	sc.FullRecall = ratio(sc.FullHits, sc.Gold)
	sc.Precision = ratio(sc.Correct, sc.Predicted)
	if w != nil {
		report(w, sc, misses, wrong)
	}
	return sc, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// argsMatch reports whether one of the entities has a mention overlapping
// one of the gold actors' text. A gold list that is empty, or whose texts
// cannot be found in the sentence, asks for nothing.
func argsMatch(d *doc.Document, ents []int, gold []Actor) bool {
	var spans []doc.Span
	for _, a := range gold {
		spans = append(spans, locate(d.Text, a.Text)...)
	}
	if len(spans) == 0 {
		return true
	}
	for _, e := range ents {
		if e < 0 || e >= len(d.Entities) {
			continue
		}
		for _, m := range d.Entities[e].Mentions {
			for _, s := range spans {
				if m.Overlaps(s) {
					return true
				}
			}
		}
	}
	return false
}

// locate finds every occurrence of a gold actorText in text; "U.S. ...
// negotiators" is two pieces.
func locate(text, actor string) []doc.Span {
	var out []doc.Span
	lower := strings.ToLower(text)
	for _, part := range strings.Split(actor, "...") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		hay, needle := text, part
		if !strings.Contains(text, part) {
			hay, needle = lower, strings.ToLower(part)
		}
		for off := 0; ; {
			i := strings.Index(hay[off:], needle)
			if i < 0 {
				break
			}
			out = append(out, doc.Span{Start: off + i, End: off + i + len(needle)})
			off += i + len(needle)
		}
	}
	return out
}

func describe(d *doc.Document, r Record, typeHit bool) string {
	var b strings.Builder
	what := "type missed"
	if typeHit {
		what = "args missed"
	}
	fmt.Fprintf(&b, "%s (%s; %s) %s\n", r.ID, r.Event, what, r.Text)
	b.WriteString(Coded(d))
	return b.String()
}

// Coded lists the events coded in d, one indented line each with its type,
// trigger, actors and recipients (by their first mention), for a miss list.
func Coded(d *doc.Document) string {
	var b strings.Builder
	for _, e := range d.Events {
		fmt.Fprintf(&b, "    coded %s %q %s -> %s\n", e.Type, e.Trigger.In(d.Text), names(d, e.Actors), names(d, e.Recipients))
	}
	return b.String()
}

func names(d *doc.Document, ix []int) string {
	var ns []string
	for _, i := range ix {
		if i >= 0 && i < len(d.Entities) {
			e := d.Entities[i]
			n := e.Name
			if len(e.Mentions) > 0 {
				n = e.Mentions[0].In(d.Text)
			}
			ns = append(ns, n)
		}
	}
	return "[" + strings.Join(ns, ", ") + "]"
}

func report(w io.Writer, sc Scores, misses, wrong []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tgold\ttype hits\tfull hits\tcoded\tcorrect\ttype recall\tfull recall\tprecision\t")
	var types []string
	for t := range sc.PerType {
		types = append(types, string(t))
	}
	sort.Strings(types)
	for _, t := range types {
		s := sc.PerType[doc.EventType(t)]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", t, s.Gold, s.TypeHits, s.FullHits,
			s.Predicted, s.Correct, ratio(s.TypeHits, s.Gold), ratio(s.FullHits, s.Gold), ratio(s.Correct, s.Predicted))
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", sc.Gold, sc.TypeHits, sc.FullHits,
		sc.Predicted, sc.Correct, sc.TypeRecall, sc.FullRecall, sc.Precision)
	tw.Flush()
	if len(sc.Problems) > 0 {
		var ps []string
		for p, n := range sc.Problems {
			ps = append(ps, fmt.Sprintf("  %d documents: %s", n, p))
		}
		sort.Strings(ps)
		fmt.Fprintf(w, "\nstage problems:\n%s\n", strings.Join(ps, "\n"))
	}
	if len(misses) > 0 {
		fmt.Fprintf(w, "\nmissed (%d):\n", len(misses))
		for _, m := range misses {
			fmt.Fprint(w, m)
		}
	}
	if len(wrong) > 0 {
		fmt.Fprintf(w, "\ncoded with a type the gold does not have (%d):\n", len(wrong))
		for _, m := range wrong {
			fmt.Fprint(w, m)
		}
	}
}
