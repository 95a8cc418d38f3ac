package pos

import (
	"slices"
	"strings"
	"testing"

	"sitrep/internal/nlp/conllu"
	"sitrep/internal/shared"
)

// referenceTag tags a sentence the plain way decoding is defined: every
// hypothesis scores every candidate by looking each of its features up by
// hash (features), with no sharing between hypotheses, no tables of tag
// features and no vector arithmetic. It checks that the decoder's shortcuts
// change nothing.
func referenceTag(m *Model, words []string) []uint8 {
	ws := make([]wordInfo, len(words))
	wordInfos(ws, words)
	nclass := len(m.upos)
	var right []uint8
	var tags []uint8
	for p := range m.npass {
		k := max(m.beams[p], 1)
		steps := [][]hyp{{{p1: startTag, p2: startTag, back: -1}}}
		for i := range ws {
			prev := steps[len(steps)-1]
			var top []hyp
			c, inDict := m.dict[ws[i].lookup]
			for b, h := range prev {
				if inDict {
					top = pushHyp(top, k, hyp{score: h.score, p1: uint64(c), p2: h.p1, back: int32(b), tag: c})
					continue
				}
				scores := make([]float64, nclass)
				for _, f := range features(nil, ws, i, h.p1, h.p2, right != nil, rightTags(right, i)) {
					if s, ok := m.features.get(f); ok {
						for _, e := range m.pass(s, p) {
							scores[e.class] += float64(e.w)
						}
					}
				}
				for _, c := range m.candidates(&ws[i]) {
					top = pushHyp(top, k, hyp{score: h.score + float32(scores[c]), p1: uint64(c), p2: h.p1, back: int32(b), tag: c})
				}
			}
			steps = append(steps, top)
		}
		last := steps[len(steps)-1]
		best := 0
		for b := range last {
			if last[b].score > last[best].score {
				best = b
			}
		}
		tags = make([]uint8, len(ws))
		for i, at := len(ws)-1, int32(best); i >= 0; i-- {
			h := steps[i+1][at]
			tags[i], at = h.tag, h.back
		}
		right = tags
	}
	m.progressive(ws, tags)
	return tags
}

// TestDecodeMatchesReference tags EWT dev with the decoder and with
// referenceTag. Scores are summed in a different order (and here in
// float64), so a near tie may come out differently; anything beyond a
// handful of such words is a bug in the decoder's shortcuts.
func TestDecodeMatchesReference(t *testing.T) {
	path := shared.Require(t, "ud-english-ewt", "en_ewt-ud-dev.conllu")
	ss, err := conllu.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		ss = ss[:300]
	}
	words, differ := 0, 0
	for _, s := range ss {
		forms := s.Forms()
		upos, xpos := m.Tag(forms)
		want := referenceTag(m, forms)
		for i := range forms {
			words++
			if upos[i] != m.upos[want[i]] || xpos[i] != m.xpos[want[i]] {
				differ++
				if differ <= 5 {
					t.Logf("%q word %d %q: decoder %s/%s, reference %s/%s", s.Forms(), i, forms[i], upos[i], xpos[i], m.upos[want[i]], m.xpos[want[i]])
				}
			}
		}
	}
	t.Logf("%d of %d words tagged differently", differ, words)
	if differ*5000 > words {
		t.Errorf("%d of %d words tagged differently from the reference decoder", differ, words)
	}
	if !slices.Equal(referenceTag(m, nil), []uint8{}) {
		t.Error("empty sentence")
	}
}

// TestProgressive checks the participle rule: an -ing word after a form of
// "be" and before a noun phrase is a verb, whatever the perceptron said,
// and the rule leaves adjectives elsewhere alone.
func TestProgressive(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sentence string
		at       int
		want     string // XPOS of word at
	}{
		// The seed sentence the rule was noticed in.
		{"The Department of Defense ( DoD ) is not coordinating air strikes with the Russian military", 9, "VBG"},
		{"He was building a wall", 2, "VBG"},
		// Adjectives stay adjectives.
		{"It is an interesting book", 3, "JJ"},
		{"The results are interesting", 3, "JJ"},
		{"An interesting book appeared", 1, "JJ"},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.sentence)
		_, xpos := m.Tag(words)
		if xpos[tt.at] != tt.want {
			t.Errorf("%q: %q tagged %s, want %s (all: %v)", tt.sentence, words[tt.at], xpos[tt.at], tt.want, xpos)
		}
	}
	// The rule itself, on tags the perceptron did not choose.
	cls := func(u, x string) uint8 {
		for c := range m.upos {
			if m.upos[c] == u && m.xpos[c] == x {
				return uint8(c)
			}
		}
		t.Fatalf("no class %s/%s", u, x)
		return 0
	}
	words := []string{"DoD", "is", "not", "coordinating", "strikes"}
	ws := make([]wordInfo, len(words))
	for i, w := range words {
		ws[i] = newWordInfo(w, i == 0)
	}
	tags := []uint8{cls("PROPN", "NNP"), cls("AUX", "VBZ"), cls("PART", "RB"), cls("ADJ", "JJ"), cls("NOUN", "NNS")}
	m.progressive(ws, tags)
	if m.xpos[tags[3]] != "VBG" {
		t.Errorf("rule: %q left as %s", words[3], m.xpos[tags[3]])
	}
}
