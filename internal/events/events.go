// Package events is sitrep's event coder: it finds who did what to whom in
// each sentence and codes it as a PLOVER event (with its CAMEO code and
// Goldstein value), with negation, modality, source and date.
//
// A trained model (model/events.bin, built by `sitrep train events`;
// model.go, features.go, train.go) decides which predicates are events and
// of which type; a predicate lexicon (data/predicates.tsv, sitrep's own,
// organised by PLOVER type) is one of its features and supplies the CAMEO
// code through a CAMEO table (data/cameo.tsv, built by gen.go from the
// CAMEO2PLOVER-2021 table and the Goldstein scale). The arguments, polarity,
// modality, source and date come from the rules of args.go and code.go. It runs last in the pipeline and reads every earlier
// layer: tokens (with lemmas, parts of speech and a dependency parse when
// those models ran), entities and their mentions, time expressions and
// quotes. When the parse is missing it falls back on token-window patterns.
package events

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"sitrep/internal/doc"
)

// Options configures the coder. The zero value codes with the embedded
// lexicon and keeps stated intentions as their action type with modality
// future.
type Options struct {
	// Lexicon replaces the embedded lexicon when not nil.
	Lexicon *Lexicon
	// PLOVERIntent codes a stated intention the way the PLOVER gold standard
	// does: a future cooperative action ("will visit", "will provide aid")
	// becomes AGREE, a future conflictual one ("would blockade", "will
	// boycott ... unless") THREATEN, both keeping modality future. When
	// false the action keeps its own type ("will meet" is CONSULT, future).
	PLOVERIntent bool
	// Model replaces the embedded event model when not nil.
	Model *Model
	// Rules codes with the lexicon and the hand-written argument rules
	// alone, as sitrep did before the trained model (for comparison).
	Rules bool
	// ArgModel lets the trained argument model choose the actors and
	// recipients (the rules' choice is one of its features); by default the
	// rules choose them (measured better on the PLOVER and PLV dev splits,
	// docs/events.md).
	ArgModel bool
	// RuleArgsOnly keeps the rules' arguments as they are. By default the
	// trained argument model fills the side (actor or recipient) the rules
	// left empty when they found the other (measured better by
	// cross-validation on PLV train and on both dev sets, docs/events.md).
	RuleArgsOnly bool
}

// Stage is the event coder stage.
type Stage struct {
	lx  *Lexicon
	o   Options
	err error
}

// model returns the stage's event model (nil for Options.Rules), loading
// the embedded one on first use.
func (s *Stage) model() (*Model, error) {
	if s.o.Rules {
		return nil, nil
	}
	if s.o.Model != nil {
		return s.o.Model, nil
	}
	return loadModel()
}

var defaultLexicon = sync.OnceValues(DefaultLexicon)

// New returns the event coder. It takes at most one Options; with none it
// uses the zero Options.
func New(o ...Options) *Stage {
	s := &Stage{}
	if len(o) > 0 {
		s.o = o[0]
	}
	s.lx = s.o.Lexicon
	if s.lx == nil {
		s.lx, s.err = defaultLexicon()
	}
	return s
}

// Name is "events".
func (*Stage) Name() string { return "events" }

// Process appends the document's events to d.Events. It needs sentences and
// tokens; it returns an error only when they are missing from a non-empty
// document or the lexicon could not be read.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if s.err != nil {
		return s.err
	}
	if len(d.Sentences) == 0 || len(d.Tokens) == 0 {
		if strings.TrimSpace(d.Text) == "" {
			return nil
		}
		return errors.New("no sentences or tokens: the segment stage must run first")
	}
	mdl, err := s.model()
	if err != nil {
		return err
	}
	c := newCoder(s, d)
	if c.dep {
		// The model reads the tagger's and the parser's layers; without
		// them the lexicon and the window rules code alone.
		c.model = mdl
	}
	c.argModel = s.o.ArgModel
	for si := range d.Sentences {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !c.needsParse(si) {
			continue
		}
		c.sentence(si)
	}
	c.assignIDs()
	return nil
}

// coder holds the per-document state of one Process call.
type coder struct {
	lx       *Lexicon
	o        Options
	d        *doc.Document
	ent      []int  // entity index per token, doc.None if none
	tim      []int  // time index per token
	quo      []int  // quote index per token
	dep      bool   // the dependency parse is present
	base     int    // len(d.Events) before this call
	model    *Model // the trained event model, nil for the rules alone
	argModel bool
}

func newCoder(s *Stage, d *doc.Document) *coder {
	n := len(d.Tokens)
	c := &coder{lx: s.lx, o: s.o, d: d, ent: fill(n), tim: fill(n), quo: fill(n), base: len(d.Events)}
	mlen := make([]int, n)
	for ei, e := range d.Entities {
		for _, m := range e.Mentions {
			for t := c.tokenFrom(m.Start); t >= 0 && t < n && d.Tokens[t].Start < m.End; t++ {
				if c.ent[t] == doc.None || m.Len() < mlen[t] {
					c.ent[t], mlen[t] = ei, m.Len()
				}
			}
		}
	}
	for ti, tm := range d.Times {
		for t := c.tokenFrom(tm.Start); t >= 0 && t < n && d.Tokens[t].Start < tm.End; t++ {
			c.tim[t] = ti
		}
	}
	for qi, q := range d.Quotes {
		for t := c.tokenFrom(q.Start); t >= 0 && t < n && d.Tokens[t].Start < q.End; t++ {
			c.quo[t] = qi
		}
	}
	// A parse without part-of-speech tags is not trusted.
	for _, t := range d.Tokens {
		if t.Dep != "" && t.UPOS != "" {
			c.dep = true
			break
		}
	}
	return c
}

// NeedsParse reports, for each sentence of d, whether the coder reads its
// dependency parse: whether the sentence can hold an event. An event needs
// an actor or a recipient (twoSides): an entity mentioned in its sentence,
// the speaker of the quote it is in, or the parties of an earlier event
// named as "the two countries" or "both sides". The coder skips the other
// sentences, so the pipeline need not parse them (parse.Options.Only). It
// needs the entities and quotes of d.
func NeedsParse(d *doc.Document) []bool {
	c := newCoder(&Stage{}, d)
	out := make([]bool, len(d.Sentences))
	for si := range d.Sentences {
		out[si] = c.needsParse(si)
	}
	return out
}

// needsParse is NeedsParse for sentence si. A sentence with a bad token
// range counts as needed (sentence skips it).
func (c *coder) needsParse(si int) bool {
	s := c.d.Sentences[si]
	if s.First < 0 || s.End > len(c.ent) || s.First >= s.End {
		return true
	}
	if slices.ContainsFunc(c.ent[s.First:s.End], isSet) || slices.ContainsFunc(c.quo[s.First:s.End], isSet) {
		return true
	}
	// "the two countries", "both sides" (thePair).
	for t := s.First; t+1 < s.End; t++ {
		if w := strings.ToLower(c.d.Tokens[t].In(c.d.Text)); (w == "two" || w == "both") &&
			pairNouns[strings.ToLower(c.d.Tokens[t+1].In(c.d.Text))] {
			return true
		}
	}
	return false
}

func isSet(i int) bool { return i != doc.None }

func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = doc.None
	}
	return s
}

// tokenFrom returns the first token ending after off, or -1.
func (c *coder) tokenFrom(off int) int {
	ts := c.d.Tokens
	i := sort.Search(len(ts), func(i int) bool { return ts[i].End > off })
	if i == len(ts) {
		return -1
	}
	return i
}

// assignIDs gives events found in this call their ids: mentions of the
// same event (same type, actors, recipients and date) share one.
func (c *coder) assignIDs() {
	ids := map[string]string{}
	n := 0
	for i := range c.d.Events {
		if e := c.d.Events[i]; e.ID != "" {
			ids[eventKey(e)] = e.ID
			n++
		}
	}
	for i := c.base; i < len(c.d.Events); i++ {
		e := &c.d.Events[i]
		k := eventKey(*e)
		id, ok := ids[k]
		if !ok {
			id = doc.EventID(n)
			n++
			ids[k] = id
		}
		e.ID = id
	}
}

func eventKey(e doc.Event) string {
	var b strings.Builder
	b.WriteString(string(e.Type))
	for _, set := range [][]int{e.Actors, e.Recipients} {
		s := append([]int(nil), set...)
		sort.Ints(s)
		b.WriteByte('|')
		for _, x := range s {
			b.WriteString(strconv.Itoa(x))
			b.WriteByte(',')
		}
	}
	b.WriteByte('|')
	b.WriteString(e.Date)
	if e.Negated {
		b.WriteString("|not")
	}
	return b.String()
}

// Mentions returns the number of mentions of each distinct event of a
// document: how many of evs share each event ID (events without an ID are
// not counted). doc.Event has no count field; a store or a report that
// wants the count per event computes it here.
func Mentions(evs []doc.Event) map[string]int {
	n := map[string]int{}
	for _, e := range evs {
		if e.ID != "" {
			n[e.ID]++
		}
	}
	return n
}
