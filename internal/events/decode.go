package events

import (
	"sort"

	"sitrep/internal/doc"
)

// modelMatches decides, with the trained trigger model, which candidate
// predicates of the sentence are events and of which type. The lexicon
// matches lex are candidates like every verb and noun; their type is one
// feature among many.
func (s *sent) modelMatches(lex []match) []match {
	mdl := s.c.model
	cs := s.candidates(lex)
	var out []match
	sc := make([]float32, len(triggerClasses))
	var buf []uint64
	for _, c := range cs {
		buf = s.triggerFeatures(c, buf[:0])
		mdl.trig.scores(buf, sc)
		sc[0] -= mdl.NoneShift
		if c.lex != nil && !c.lex.e.Stop {
			if k := lexClass(c.lex.e.Type); k > 0 {
				sc[k] += mdl.LexBonus
			}
		}
		k := argmax(sc)
		if k == 0 {
			continue
		}
		m := match{first: c.first, last: c.last}
		if c.lex != nil {
			m = *c.lex
		}
		m.e = s.entryFor(triggerClasses[k], c)
		if m.must && m.e.Type != doc.REQUEST {
			m.must = false
		}
		out = append(out, m)
	}
	if s.c.dep {
		out = s.controlRequests(out)
	}
	return out
}

// desireVerbs govern an act they want another party to do: "X wants Y to
// V", "X urged Y to V", "X called on Y to V".
var desireVerbs = set("want", "wish", "urge", "ask", "call", "appeal", "press", "push", "encourage",
	"invite", "implore", "beg", "request", "tell")

// isDesire reports whether token i is a desire verb (any of its lemma
// candidates, so that it works without the lemmatizer too).
func (s *sent) isDesire(i int) bool {
	for _, l := range s.cands[i-s.first] {
		if desireVerbs[l] {
			return true
		}
	}
	return false
}

// desired returns, for a match whose head is the open complement (xcomp)
// of a desire verb with an entity as object ("wants Putin to attack",
// "called on Japan to release"), that verb and the object's entities; -1
// and nil otherwise.
func (s *sent) desired(m *match) (int, []int) {
	d := s.c.d
	h := s.headOf(m)
	if d.Tokens[h].Dep != "xcomp" {
		return -1, nil
	}
	g := s.head(h)
	if g < 0 || !s.isDesire(g) {
		return -1, nil
	}
	for _, k := range s.kids(g) {
		if k >= h {
			continue
		}
		switch d.Tokens[k].Dep {
		case "obj", "iobj":
		case "obl":
			// "called on Japan", "appealed to Iran"
			ok := false
			for _, c := range s.kids(k) {
				if w := s.w(c); d.Tokens[c].Dep == "case" && (w == "on" || w == "upon" || w == "to") {
					ok = true
				}
			}
			if !ok {
				continue
			}
		default:
			continue
		}
		if es := s.entitiesOf(k); len(es) > 0 {
			return g, es
		}
	}
	return -1, nil
}

// controlRequests adds a REQUEST at the desire verb governing a coded act
// another party is asked to do ("Obama wants Putin to attack Switzerland"
// is a REQUEST USA -> RUS, which absorbs the attack as "urged Iran to
// stop" absorbs the stopping), when the model coded no event there. A
// general rule of control verbs, applied to the model's decisions.
func (s *sent) controlRequests(ms []match) []match {
	out := ms
	for i := range ms {
		if ms[i].e.Stop {
			continue
		}
		g, _ := s.desired(&ms[i])
		if g < 0 {
			continue
		}
		taken := false
		for _, o := range out {
			if o.first <= g && g <= o.last {
				taken = true
				break
			}
		}
		if taken {
			continue
		}
		e := s.c.lx.typeEntry(doc.REQUEST)
		out = append(out, match{e: &e, first: g, last: g})
	}
	if len(out) > len(ms) {
		sort.Slice(out, func(a, b int) bool { return out[a].first < out[b].first })
	}
	return out
}

// entryFor returns the lexicon entry an event of class t found at c
// codes: the lexicon match's own when it has that type, else the type's
// most common entry (its CAMEO code, mode and contexts).
func (s *sent) entryFor(t string, c cand) *Entry {
	if c.lex != nil && !c.lex.e.Stop {
		lt := c.lex.e.Type
		if string(lt) == t || t == "YIELD" && (lt == doc.CONCEDE || lt == doc.RETREAT) {
			return c.lex.e
		}
	}
	typ := doc.EventType(t)
	if t == "YIELD" {
		typ = doc.CONCEDE
	}
	pos := "V"
	if up := s.upos(s.candHead(c)); up == "NOUN" || up == "PROPN" {
		pos = "N"
	}
	if c.lex != nil && c.lex.e.POS == "*" && c.last > c.first {
		pos = "*"
	}
	e := s.c.lx.typeEntry(typ)
	e.POS = pos
	return &e
}

// typeEntry returns an entry coding type t with the CAMEO code most of the
// lexicon's entries of that type have (lowest code on ties).
func (lx *Lexicon) typeEntry(t doc.EventType) Entry {
	lx.typeOnce.Do(func() {
		lx.byType = map[doc.EventType]Entry{}
		counts := map[doc.EventType]map[string]int{}
		first := map[string]*Entry{}
		for i := range lx.Entries {
			e := &lx.Entries[i]
			if e.Stop || e.Type == "" || e.Modality != "" {
				continue
			}
			if counts[e.Type] == nil {
				counts[e.Type] = map[string]int{}
			}
			counts[e.Type][e.CAMEO]++
			if first[e.CAMEO] == nil {
				first[e.CAMEO] = e
			}
		}
		for t, cs := range counts {
			best := ""
			for code, n := range cs {
				if best == "" || n > cs[best] || n == cs[best] && code < best {
					best = code
				}
			}
			e := *first[best]
			lx.byType[t] = Entry{Pattern: "(model) " + string(t), POS: "V", Type: t, Mode: e.Mode, CAMEO: e.CAMEO,
				Contexts: e.Contexts, Goldstein: e.Goldstein, words: 1}
		}
	})
	if e, ok := lx.byType[t]; ok {
		return e
	}
	return Entry{Pattern: "(model) " + string(t), POS: "V", Type: t, words: 1}
}
