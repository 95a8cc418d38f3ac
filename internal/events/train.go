package events

import (
	"errors"
	"fmt"
	"io"

	"sitrep/internal/doc"
)

// TrainSentence is one training document for the event model, already run
// through the stages before this one (tokens, parse, entities, times,
// quotes). It is labelled one of two ways:
//
//   - PLV style: Type is the sentence's gold PLOVER type (YIELD for
//     CONCEDE or RETREAT) and Source / Target the byte spans of its actor
//     and target. The trigger is derived: the nearest predicate above the
//     target (else the source) in the parse, preferring one the lexicon
//     gives the gold type; the sentence's other predicates are weak
//     negatives, and the entities of the sentence train the argument
//     model (actor, recipient, none).
//   - trigger style: Triggers label predicates (GENEVA's FrameNet
//     triggers mapped to PLOVER, "none" for frames with no PLOVER type);
//     the other predicates are weak negatives.
type TrainSentence struct {
	Doc            *doc.Document
	Type           string
	Source, Target doc.Span
	Triggers       []TrainTrigger
}

// TrainTrigger is one labelled predicate.
type TrainTrigger struct {
	Span doc.Span
	Type string // a trigger class: a PLOVER type, YIELD, or "none"
}

// TrainOptions configures TrainModel.
type TrainOptions struct {
	// Epochs over the data (default 8).
	Epochs int
	// NegWeight weighs the unlabelled predicates taken as no-event
	// examples (default 0.3): some of them are events nobody labelled.
	NegWeight float32
	// Bag averages that many perceptrons trained in different orders
	// (1 or less: one).
	Bag int
	// SkipLexNeg leaves out, as no-event examples, the unlabelled
	// predicates the lexicon has a type for.
	SkipLexNeg bool
	// Log receives progress lines when not nil.
	Log io.Writer
}

// TrainStats counts what TrainModel learned from.
type TrainStats struct {
	Sentences, TriggerPos, TriggerNeg, ArgExamples, NoTrigger int
}

// TrainModel trains the event model on sents. The same sentences and
// options give the same model.
func TrainModel(sents []TrainSentence, o TrainOptions) (*Model, TrainStats, error) {
	if o.Epochs <= 0 {
		o.Epochs = 8
	}
	if o.NegWeight <= 0 {
		o.NegWeight = 0.3
	}
	lx, err := defaultLexicon()
	if err != nil {
		return nil, TrainStats{}, err
	}
	var st TrainStats
	var trig, arg []example
	for _, ts := range sents {
		t, a := trainingExamples(lx, ts, o, &st)
		trig = append(trig, t...)
		arg = append(arg, a...)
	}
	if len(trig) == 0 {
		return nil, st, errors.New("no training examples")
	}
	if o.Log != nil {
		fmt.Fprintf(o.Log, "events: %d sentences, %d trigger examples (%d events, %d none), %d argument examples, %d PLV rows with no trigger found\n",
			st.Sentences, len(trig), st.TriggerPos, st.TriggerNeg, len(arg), st.NoTrigger)
	}
	m := &Model{
		trig: trainBagged(trig, len(triggerClasses), o.Epochs, o.Bag),
		arg:  trainBagged(arg, len(argClasses), o.Epochs, o.Bag),
	}
	return m, st, nil
}

// trainingExamples extracts the trigger and argument examples of one
// training sentence.
func trainingExamples(lx *Lexicon, ts TrainSentence, o TrainOptions, st *TrainStats) ([]example, []example) {
	neg := o.NegWeight
	d := ts.Doc
	if d == nil || len(d.Tokens) == 0 {
		return nil, nil
	}
	c := newCoder(&Stage{lx: lx}, d)
	var trig, arg []example
	st.Sentences++
	for si := range d.Sentences {
		s := c.newSent(si)
		if s == nil {
			continue
		}
		lex := s.matches()
		s.ms = lex
		cs := s.candidates(lex)
		labels := make([]int, len(cs)) // -1: skip
		weights := make([]float32, len(cs))
		for i := range weights {
			weights[i] = neg
		}
		gold := -1 // the PLV trigger
		switch {
		case ts.Type != "":
			k := classIndex(triggerClasses, ts.Type)
			if k < 0 {
				continue
			}
			gold = s.plvTrigger(cs, ts, k)
			if gold < 0 {
				// The gold spans are not in this sentence, or no predicate
				// governs them: nothing to learn here.
				if s.spanIn(ts.Target) || s.spanIn(ts.Source) {
					st.NoTrigger++
				}
				continue
			}
			for i, cd := range cs {
				if cd.lex != nil && !cd.lex.e.Stop && lexClass(cd.lex.e.Type) == k {
					labels[i] = -1 // an unlabelled predicate of the gold type
				}
			}
			labels[gold], weights[gold] = k, 1
		default:
			for _, tt := range ts.Triggers {
				k := classIndex(triggerClasses, tt.Type)
				if k < 0 {
					continue
				}
				for i, cd := range cs {
					if s.covers(cd, tt.Span) {
						labels[i], weights[i] = k, 1
						break
					}
				}
			}
		}
		var buf []uint64
		for i, cd := range cs {
			if labels[i] < 0 {
				continue
			}
			if labels[i] == 0 && weights[i] < 1 && cd.lex != nil && !cd.lex.e.Stop && o.SkipLexNeg {
				// A lexicon predicate nobody labelled is most often an
				// event the data set did not ask about (PLV labels one
				// event a sentence).
				continue
			}
			buf = s.triggerFeatures(cd, nil)
			trig = append(trig, example{feats: buf, label: labels[i], weight: weights[i]})
			if labels[i] == 0 {
				st.TriggerNeg++
			} else {
				st.TriggerPos++
			}
		}
		if gold >= 0 {
			arg = append(arg, s.argExamples(cs[gold], ts)...)
		}
	}
	st.ArgExamples += len(arg)
	return trig, arg
}

// lexClass is the trigger class of a lexicon type.
func lexClass(t doc.EventType) int {
	if t == doc.CONCEDE || t == doc.RETREAT {
		return classIndex(triggerClasses, "YIELD")
	}
	return classIndex(triggerClasses, string(t))
}

// spanIn reports whether span x lies in the sentence.
func (s *sent) spanIn(x doc.Span) bool {
	if x.Len() == 0 {
		return false
	}
	d := s.c.d
	return x.Start < d.Tokens[s.end-1].End && x.End > d.Tokens[s.first].Start
}

// covers reports whether candidate c has a word overlapping span x.
func (s *sent) covers(c cand, x doc.Span) bool {
	d := s.c.d
	for j := c.first; j <= c.last; j++ {
		if d.Tokens[j].Start < x.End && x.Start < d.Tokens[j].End {
			return true
		}
	}
	return false
}

// spanHead returns the token of span x whose head lies outside it, -1 if
// the span has no token in the sentence.
func (s *sent) spanHead(x doc.Span) int {
	d := s.c.d
	first := -1
	for j := s.first; j < s.end; j++ {
		t := d.Tokens[j]
		if t.Start >= x.End || t.End <= x.Start {
			continue
		}
		if first < 0 {
			first = j
		}
		if h := s.head(j); h < 0 || d.Tokens[h].Start >= x.End || d.Tokens[h].End <= x.Start {
			return j
		}
	}
	return first
}

// plvTrigger derives the trigger of a PLV row: climbing the parse from the
// target's head (else the source's), the first candidate the lexicon
// gives class k, else the first candidate met. It returns an index into
// cs, -1 if none.
func (s *sent) plvTrigger(cs []cand, ts TrainSentence, k int) int {
	if !s.c.dep {
		return -1
	}
	at := func(t int) int {
		for i, c := range cs {
			if c.first <= t && t <= c.last {
				return i
			}
		}
		return -1
	}
	for _, x := range []doc.Span{ts.Target, ts.Source} {
		if x.Len() == 0 || !s.spanIn(x) {
			continue
		}
		h := s.spanHead(x)
		if h < 0 {
			continue
		}
		var path []int
		for t, n := s.head(h), 0; t >= 0 && n < 10; t, n = s.head(t), n+1 {
			if t >= 0 && s.covers(cand{first: t, last: t}, x) {
				continue
			}
			if i := at(t); i >= 0 && (len(path) == 0 || path[len(path)-1] != i) {
				path = append(path, i)
			}
		}
		for _, i := range path {
			if l := cs[i].lex; l != nil && !l.e.Stop && lexClass(l.e.Type) == k {
				return i
			}
		}
		if len(path) > 0 {
			return path[0]
		}
	}
	return -1
}

// argExamples labels every entity of the sentence for the gold trigger c
// of a PLV row: actor when a mention overlaps the source, recipient when
// one overlaps the target, else none.
func (s *sent) argExamples(c cand, ts TrainSentence) []example {
	m := match{first: c.first, last: c.last}
	if c.lex != nil {
		m = *c.lex
	}
	m.e = s.entryFor(ts.Type, c)
	a := s.arguments(&m)
	var out []example
	for _, g := range s.argGroups(&m) {
		label := 0
		gs := doc.Span{Start: s.c.d.Tokens[g.first].Start, End: s.c.d.Tokens[g.last].End}
		switch {
		case ts.Source.Len() > 0 && gs.Overlaps(ts.Source):
			label = 1
		case ts.Target.Len() > 0 && gs.Overlaps(ts.Target):
			label = 2
		}
		f := s.argFeatures(&m, string(m.e.Type), g, ruleRole(a, g.ent), a.passive, nil)
		out = append(out, example{feats: f, label: label, weight: 1})
	}
	return out
}

// ruleRole is the role the rules gave entity e.
func ruleRole(a args, e int) string {
	switch {
	case contains(a.actors, e):
		return "actor"
	case contains(a.recipients, e):
		return "recipient"
	case contains(a.partners, e):
		return "partner"
	}
	return "none"
}

// argGroups returns, for each entity mentioned in the sentence, its
// mention group nearest the trigger of m.
func (s *sent) argGroups(m *match) []group {
	best := map[int]int{}
	var order []int
	for i, g := range s.groups {
		if g.first <= m.last && m.first <= g.last {
			continue
		}
		j, ok := best[g.ent]
		if !ok {
			order = append(order, g.ent)
			best[g.ent] = i
			continue
		}
		if distTo(g, m) < distTo(s.groups[j], m) {
			best[g.ent] = i
		}
	}
	out := make([]group, 0, len(order))
	for _, e := range order {
		out = append(out, s.groups[best[e]])
	}
	return out
}

func distTo(g group, m *match) int {
	if g.last < m.first {
		return m.first - g.last
	}
	return g.first - m.last
}

// modelArgs decides the actors and recipients of the event of m with the
// argument model, the rules' answer a being one feature. Each side takes
// the entity the model prefers most for it, and with it the entities the
// rules coordinate with it on that side ("Turkey and Russia").
func (s *sent) modelArgs(m *match, a args) ([]int, []int) {
	mdl := s.c.model
	sc := make([]float32, len(argClasses))
	var buf []uint64
	best := [3]int{-1, -1, -1}
	var margin [3]float32
	for _, g := range s.argGroups(m) {
		buf = s.argFeatures(m, string(m.e.Type), g, ruleRole(a, g.ent), a.passive, buf[:0])
		mdl.arg.scores(buf, sc)
		k := argmax(sc)
		if k == 0 {
			continue
		}
		other := sc[0]
		for c := 1; c < len(sc); c++ {
			if c != k && sc[c] > other {
				other = sc[c]
			}
		}
		if mg := sc[k] - other; best[k] < 0 || mg > margin[k] {
			best[k], margin[k] = g.ent, mg
		}
	}
	side := func(k int, rule []int) []int {
		if best[k] < 0 {
			return nil
		}
		out := []int{best[k]}
		if contains(rule, best[k]) {
			for _, e := range rule {
				if e != best[k] {
					out = append(out, e)
				}
			}
		}
		return out
	}
	actors := side(1, a.actors)
	return actors, minus(side(2, a.recipients), actors)
}
