package pos

import (
	"sitrep/internal/shared"
	"slices"
	"testing"
)

// TestPushHyp checks the beam's bookkeeping: at most k hypotheses, best
// first, one per pair of last tags, ties keeping the earlier.
func TestPushHyp(t *testing.T) {
	h := func(score float32, p1, p2 uint64, back int32) hyp {
		return hyp{score: score, p1: p1, p2: p2, back: back}
	}
	tests := []struct {
		name string
		k    int
		in   []hyp
		want []hyp
	}{
		{"keeps the best k in order", 2,
			[]hyp{h(1, 1, 0, 0), h(3, 2, 0, 1), h(2, 3, 0, 2)},
			[]hyp{h(3, 2, 0, 1), h(2, 3, 0, 2)}},
		{"width one is greedy", 1,
			[]hyp{h(1, 1, 0, 0), h(3, 2, 0, 1), h(2, 3, 0, 2)},
			[]hyp{h(3, 2, 0, 1)}},
		{"merges the same last two tags, keeping the better", 3,
			[]hyp{h(1, 1, 5, 0), h(4, 2, 5, 1), h(3, 1, 5, 2)},
			[]hyp{h(4, 2, 5, 1), h(3, 1, 5, 2)}},
		{"a worse duplicate is dropped", 3,
			[]hyp{h(3, 1, 5, 0), h(1, 1, 5, 1), h(2, 2, 5, 2)},
			[]hyp{h(3, 1, 5, 0), h(2, 2, 5, 2)}},
		{"ties keep the earlier", 1,
			[]hyp{h(2, 1, 0, 0), h(2, 2, 0, 1)},
			[]hyp{h(2, 1, 0, 0)}},
		{"different tags before last are kept apart", 2,
			[]hyp{h(1, 1, 5, 0), h(2, 1, 6, 1)},
			[]hyp{h(2, 1, 6, 1), h(1, 1, 5, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var top []hyp
			for _, x := range tt.in {
				top = pushHyp(top, tt.k, x)
			}
			if !slices.Equal(top, tt.want) {
				t.Errorf("got %v, want %v", top, tt.want)
			}
		})
	}
}

// TestBeamWidth checks that the embedded model decodes its first pass by
// beam search, as it was trained, and that on EWT dev the beam scores
// better than greedy decoding of the same weights.
func TestBeamWidth(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.beams[0] < 2 {
		t.Fatalf("first pass beam width %d", m.beams[0])
	}
	dev := shared.Require(t, "ud-english-ewt", "en_ewt-ud-dev.conllu")
	greedy := m.withBeams([2]int{1, 1})
	beam, err := Evaluate(m, dev)
	if err != nil {
		t.Fatal(err)
	}
	flat, err := Evaluate(greedy, dev)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("UPOS: beam %.2f%%, greedy %.2f%%", 100*beam.UPOS, 100*flat.UPOS)
	if beam.UPOS <= flat.UPOS {
		t.Errorf("beam UPOS %.4f not above greedy %.4f", beam.UPOS, flat.UPOS)
	}
}

// withBeams returns a copy of m that decodes with other beam widths. It
// lists every field of Model but the pool: keep it up to date.
func (m *Model) withBeams(beams [2]int) *Model {
	return &Model{upos: m.upos, xpos: m.xpos, dict: m.dict, lex: m.lex, open: m.open, any: m.any,
		npass: m.npass, beams: beams, features: m.features, tagged: m.tagged, sparse: m.sparse,
		scale: m.scale, dense: m.dense, vbg: m.vbg, adjective: m.adjective, nominal: m.nominal,
		width: m.width}
}
