package geo

import (
	"strings"

	"sitrep/internal/doc"
)

// Event places. An event happened at:
//  1. the place named after a locative preposition ("in", "near", "at",
//     "outside", ...) in its sentence and attached, in the parse, to the
//     event's trigger or to a word the trigger governs ("strikes in
//     Syria", "met in Washington"); for a meeting also "to" ("traveled to
//     Moscow", "a visit to Abu Dhabi");
//  2. else a place named after a locative preposition elsewhere in the
//     sentence, unless it hangs from another event's trigger ("In Aleppo,
//     rebels said government forces attacked");
//  3. else, for an assault, the place that is its recipient ("shelled
//     Aleppo");
//  4. else nowhere stated: Place is "".
//
// A place is an entity of type GPE or LOC, named by name, acronym or,
// after a preposition, metonym; "Washington said" is a government, not a
// place.

// locative prepositions that say where something happened.
var locative = map[string]bool{"in": true, "near": true, "at": true, "outside": true, "inside": true, "around": true,
	"across": true, "throughout": true, "within": true, "over": true, "nearby": true, "to": true}

func placeEvents(d *doc.Document) {
	if len(d.Events) == 0 {
		return
	}
	type mention struct {
		entity int
		span   doc.Span
		prep   int // token index of the preposition, -1 if none
		head   int // token index of the mention's syntactic head, -1 if unknown
	}
	var ms []mention
	for ei := range d.Entities {
		e := &d.Entities[ei]
		if e.Type != doc.GPE && e.Type != doc.LOC || e.ID == "" {
			continue
		}
		for _, m := range e.Mentions {
			if m.Kind != doc.MentionName && m.Kind != doc.MentionAcronym && m.Kind != doc.MentionMetonym {
				continue
			}
			mm := mention{entity: ei, span: m.Span, prep: -1, head: -1}
			mm.head = headOf(d, m.Span)
			mm.prep = prepOf(d, m.Span, mm.head)
			if m.Kind == doc.MentionMetonym && mm.prep < 0 {
				continue
			}
			ms = append(ms, mm)
		}
	}
	triggers := make([]int, len(d.Events))
	for i := range d.Events {
		triggers[i] = d.TokenAt(d.Events[i].Trigger.Start)
	}
	// governedByOther reports whether mention m hangs from the trigger of
	// an event other than i ("strikes on Syria after the attacks in
	// Paris": Paris is the attacks' place, not the strikes').
	governedByOther := func(i int, m mention) bool {
		for j, t := range triggers {
			if j != i && t >= 0 && t != triggers[i] && m.head >= 0 && governs(d, t, m.head, 4) {
				return true
			}
		}
		return false
	}
	for i := range d.Events {
		ev := &d.Events[i]
		ev.Place = ""
		trig := triggers[i]
		best, bestRank := -1, 0
		for k, m := range ms {
			if !ev.Span.Contains(m.span) || m.prep < 0 {
				continue
			}
			rank := 0
			prep := strings.ToLower(d.Tokens[m.prep].In(d.Text))
			switch {
			case trig >= 0 && m.head >= 0 && governs(d, trig, m.head, 4):
				rank = 3
				if prep == "to" && ev.Type != doc.CONSULT {
					rank = 0 // "sent aid to Syria": the recipient, not the place
				}
			case prep != "to" && !governedByOther(i, m):
				rank = 1
			}
			if rank > bestRank {
				best, bestRank = k, rank
			}
		}
		if best >= 0 {
			ev.Place = d.Entities[ms[best].entity].ID
			continue
		}
		if ev.Type == doc.ASSAULT {
			for _, r := range ev.Recipients {
				if r >= 0 && r < len(d.Entities) && (d.Entities[r].Type == doc.GPE || d.Entities[r].Type == doc.LOC) &&
					d.Entities[r].Geo != nil {
					ev.Place = d.Entities[r].ID
					break
				}
			}
		}
	}
}

// headOf returns the token of span s whose head lies outside s (the
// syntactic head of a multi-word name), or the last token of s; -1 when
// there are no tokens.
func headOf(d *doc.Document, s doc.Span) int {
	first := d.TokenAt(s.Start)
	if first < 0 {
		return -1
	}
	last := first
	for last+1 < len(d.Tokens) && d.Tokens[last+1].Start < s.End {
		last++
	}
	for t := first; t <= last; t++ {
		if h := d.Tokens[t].Head; h < first || h > last {
			return t
		}
	}
	return last
}

// prepOf returns the locative preposition governing the mention at s: a
// "case" dependent of its head, else the word right before it (skipping
// "the"); -1 if none.
func prepOf(d *doc.Document, s doc.Span, head int) int {
	if head >= 0 {
		sent := d.Tokens[head].Sentence
		if sent >= 0 && sent < len(d.Sentences) {
			se := d.Sentences[sent]
			for t := se.First; t < se.End && t < len(d.Tokens); t++ {
				if d.Tokens[t].Head == head && d.Tokens[t].Dep == "case" && t < head {
					if locative[strings.ToLower(d.Tokens[t].In(d.Text))] {
						return t
					}
				}
			}
		}
	}
	t := d.TokenAt(s.Start) - 1
	if t >= 0 && strings.EqualFold(d.Tokens[t].In(d.Text), "the") {
		t--
	}
	if t >= 0 && locative[strings.ToLower(d.Tokens[t].In(d.Text))] {
		return t
	}
	return -1
}

// governs reports whether token a is an ancestor of b within depth steps,
// or b's head chain meets a token a governs directly (the object of the
// trigger: "launched strikes in Syria").
func governs(d *doc.Document, a, b, depth int) bool {
	for t, k := b, 0; t >= 0 && t < len(d.Tokens) && k <= depth; k++ {
		if t == a {
			return true
		}
		h := d.Tokens[t].Head
		if h == t {
			break
		}
		t = h
	}
	return false
}
