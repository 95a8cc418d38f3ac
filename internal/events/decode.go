package events

import (
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
