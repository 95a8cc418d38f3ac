package events

import (
	"context"
	"testing"

	"sitrep/internal/doc"
)

// tok is a hand-parsed token: word, UPOS, head (index in the sentence, -1
// for the root) and relation.
type tok struct {
	w, upos string
	head    int
	dep     string
}

// parsed builds a one-sentence document from hand-parsed tokens; ents maps
// token indexes to entity names.
func parsed(toks []tok, ents map[int]string) *doc.Document {
	d := &doc.Document{}
	text := ""
	for i, t := range toks {
		if i > 0 {
			text += " "
		}
		d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: len(text), End: len(text) + len(t.w)},
			UPOS: t.upos, Head: t.head, Dep: t.dep})
		text += t.w
	}
	d.Text = text
	d.Sentences = []doc.Sentence{{Span: doc.Span{Start: 0, End: len(text)}, First: 0, End: len(toks)}}
	names := map[string]int{}
	for i := 0; i < len(toks); i++ {
		name, ok := ents[i]
		if !ok {
			continue
		}
		e, seen := names[name]
		if !seen {
			e = len(d.Entities)
			names[name] = e
			d.Entities = append(d.Entities, doc.Entity{ID: doc.EntityID(e), Name: name})
		}
		d.Entities[e].Mentions = append(d.Entities[e].Mentions, doc.Mention{Span: d.Tokens[i].Span})
	}
	return d
}

func TestParseArguments(t *testing.T) {
	tests := []struct {
		name                 string
		toks                 []tok
		ents                 map[int]string
		trigger              int
		wantActor, wantRecip string
		wantPartner          string
	}{
		{name: "nsubj and obj",
			toks: []tok{{"Iran", "PROPN", 1, "nsubj"}, {"condemned", "VERB", -1, "root"}, {"Israel", "PROPN", 1, "obj"}, {".", "PUNCT", 1, "punct"}},
			ents: map[int]string{0: "Iran", 2: "Israel"}, trigger: 1, wantActor: "Iran", wantRecip: "Israel"},
		{name: "passive agent",
			toks: []tok{{"Juba", "PROPN", 2, "nsubj:pass"}, {"was", "AUX", 2, "aux:pass"}, {"shelled", "VERB", -1, "root"},
				{"by", "ADP", 4, "case"}, {"rebels", "NOUN", 2, "obl:agent"}},
			ents: map[int]string{0: "Juba", 4: "SPLA"}, trigger: 2, wantActor: "SPLA", wantRecip: "Juba"},
		{name: "subject of the governing verb",
			toks: []tok{{"Russia", "PROPN", 1, "nsubj"}, {"wants", "VERB", -1, "root"}, {"to", "PART", 3, "mark"},
				{"attack", "VERB", 1, "xcomp"}, {"Aleppo", "PROPN", 3, "obj"}},
			ents: map[int]string{0: "Russia", 4: "Aleppo"}, trigger: 3, wantActor: "Russia", wantRecip: "Aleppo"},
		{name: "partner with",
			toks: []tok{{"France", "PROPN", 1, "nsubj"}, {"bombed", "VERB", -1, "root"}, {"Raqqa", "PROPN", 1, "obj"},
				{"with", "ADP", 4, "case"}, {"Russia", "PROPN", 1, "obl"}},
			ents: map[int]string{0: "France", 2: "Raqqa", 4: "Russia"}, trigger: 1, wantActor: "France", wantRecip: "Raqqa", wantPartner: "Russia"},
	}
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := parsed(tc.toks, tc.ents)
			c := newCoder(&Stage{lx: lx}, d)
			if !c.dep {
				t.Fatal("parse not detected")
			}
			s := &sent{c: c, first: 0, end: len(d.Tokens), hasIf: -1, accordingTo: -1}
			s.lower = make([]string, len(d.Tokens))
			s.cands = make([][]string, len(d.Tokens))
			s.groupAt = make([]int, len(d.Tokens))
			for i, tk := range d.Tokens {
				s.lower[i] = tk.In(d.Text)
				s.cands[i] = lemmaCandidates(s.lower[i], "")
				s.groupAt[i] = -1
				if e := c.ent[i]; e != doc.None {
					s.groupAt[i] = len(s.groups)
					s.groups = append(s.groups, group{ent: e, first: i, last: i})
				}
			}
			m := &match{e: &Entry{POS: "V", Type: doc.ASSAULT}, first: tc.trigger, last: tc.trigger}
			a := s.parseArguments(m)
			name := func(ix []int) string {
				if len(ix) == 0 {
					return ""
				}
				return d.Entities[ix[0]].Name
			}
			if name(a.actors) != tc.wantActor || name(a.recipients) != tc.wantRecip || name(a.partners) != tc.wantPartner {
				t.Errorf("actor %q recipient %q partner %q, want %q %q %q", name(a.actors), name(a.recipients),
					name(a.partners), tc.wantActor, tc.wantRecip, tc.wantPartner)
			}
			// The whole stage runs on the parsed document too.
			if err := New().Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
		})
	}
}
