package parse

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"sitrep/internal/shared"
)

// dataDir returns ../shared/data relative to the module root, skipping the
// test when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return shared.Require(t, "ud-english-ewt")
}

func TestProjectivize(t *testing.T) {
	tests := []struct {
		name        string
		heads, want []int
		lifted      bool
	}{
		{"empty", []int{}, []int{}, false},
		{"single word", []int{0}, []int{0}, false},
		{"projective chain", []int{2, 0, 2}, []int{2, 0, 2}, false},
		// The arc 2 -> 4 spans word 3, which 2 does not dominate, so 4 is
		// lifted to 2's head, 3.
		{"crossing arcs", []int{3, 3, 0, 2}, []int{3, 3, 0, 3}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, lifted := projectivize(tt.heads)
			if !slices.Equal(got, tt.want) || lifted != tt.lifted {
				t.Errorf("projectivize(%v) = %v, %v; want %v, %v", tt.heads, got, lifted, tt.want, tt.lifted)
			}
		})
	}
}

// followOracle runs the parser's transition system taking a zero-cost move
// at every step and returns the heads it builds (1-based, 0 root) and the
// total cost of the moves taken.
func followOracle(heads []int) ([]int, int) {
	n := len(heads)
	gold := make([]int32, n+1)
	for i, h := range heads {
		if h == 0 {
			gold[i] = int32(n)
		} else {
			gold[i] = int32(h - 1)
		}
	}
	gold[n] = none
	var s state
	s.reset(n)
	total := 0
	for !s.terminal() {
		cs, cl, cr := s.costs(gold)
		type mv struct{ kind, cost int }
		best := mv{-1, 1 << 30}
		for _, m := range []mv{{mShift, cs}, {mLeft, cl}, {mRight, cr}} {
			if s.valid(m.kind) && m.cost < best.cost {
				best = m
			}
		}
		total += best.cost
		s.apply(best.kind, 1)
	}
	out := make([]int, n)
	for i := range n {
		if int(s.heads[i]) == n {
			out[i] = 0
		} else {
			out[i] = int(s.heads[i]) + 1
		}
	}
	return out, total
}

// The dynamic oracle must reach every projective gold tree at zero cost.
func TestOracleReachesGold(t *testing.T) {
	tests := []struct {
		name  string
		heads []int
	}{
		{"one word", []int{0}},
		{"left chain", []int{2, 3, 0}},
		{"right chain", []int{0, 1, 2}},
		{"root in the middle", []int{2, 0, 2, 3, 2}},
		{"root last", []int{3, 3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cost := followOracle(tt.heads)
			if cost != 0 || !slices.Equal(got, tt.heads) {
				t.Errorf("oracle built %v at cost %d, want %v at 0", got, cost, tt.heads)
			}
		})
	}
	t.Run("EWT dev", func(t *testing.T) {
		trees, err := readTreebank(filepath.Join(dataDir(t), "en_ewt-ud-dev.conllu"))
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for _, tr := range trees {
			heads, _ := projectivize(tr.heads)
			got, cost := followOracle(heads)
			if cost != 0 || !slices.Equal(got, heads) {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("oracle missed %d of %d projectivised dev trees", bad, len(trees))
		}
	})
}

func TestBfloat16(t *testing.T) {
	for _, f := range []float32{0, 1, -1, 0.1, 1234.5, -3e-5} {
		g := fromBfloat16(toBfloat16(f))
		if d := g - f; d > abs32(f)/128 || -d > abs32(f)/128 {
			t.Errorf("bfloat16 round trip of %g = %g", f, g)
		}
	}
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// TestForced checks that a move forced by the configuration is the one best
// chooses whatever the scores, and that scoring only the range of valid
// classes changes neither their scores nor the move: on every configuration
// met in parsing the
// first 300 training sentences, with the model's scores and with random
// ones.
func TestForced(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	trees, err := readTreebank(filepath.Join(dataDir(t), "en_ewt-ud-train.conllu.gz"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float32, (m.nClasses()+7)&^7)
	ranged := make([]float32, len(scores))
	forced := 0
	for _, tr := range trees[:min(300, len(trees))] {
		var enc encoded
		m.encode(&enc, tr.words, tr.upos, tr.xpos)
		var s state
		s.reset(len(tr.words))
		for !s.terminal() {
			fk, fl, ok := m.forced(&s)
			if ok {
				forced++
				for range 3 {
					for i := range scores {
						scores[i] = rng.Float32()*2 - 1
					}
					if k, l := m.best(&s, scores); k != fk || l != fl {
						t.Fatalf("forced move %d/%d, best %d/%d", fk, fl, k, l)
					}
				}
			}
			clear(scores)
			feats := features(&s, &enc, nil)
			m.w.score(feats, scores, nil, 0, m.nClasses())
			k, l := m.best(&s, scores)
			if ok && (k != fk || l != fl) {
				t.Fatalf("forced move %d/%d, best with the model's scores %d/%d", fk, fl, k, l)
			}
			// Scoring only the valid range gives those classes the same
			// scores, to the bit, and so the same move.
			lo, hi := m.validRange(&s)
			for c := range m.nClasses() {
				if (c < lo || c >= hi) && m.validClass(&s, c) {
					t.Fatalf("valid class %d outside [%d, %d)", c, lo, hi)
				}
			}
			for i := range ranged {
				ranged[i] = rng.Float32() // what is outside the range is never read
			}
			clear(ranged[lo:hi])
			m.w.score(feats, ranged, nil, lo, hi)
			for c := lo; c < hi; c++ {
				if math.Float32bits(ranged[c]) != math.Float32bits(scores[c]) {
					t.Fatalf("class %d of [%d, %d): %v, want %v", c, lo, hi, ranged[c], scores[c])
				}
			}
			if k2, l2 := m.best(&s, ranged); k2 != k || l2 != l {
				t.Fatalf("best of the valid range %d/%d, of all classes %d/%d", k2, l2, k, l)
			}
			// best agrees with taking the first highest valid class, class
			// by class, also with ties (scores of few distinct values).
			for _, sc := range [][]float32{scores, ranged} {
				for i := range ranged {
					ranged[i] = float32(rng.IntN(3))
				}
				k2, l2 := m.best(&s, sc)
				if rk, rl := bestByClass(m, &s, sc); k2 != rk || l2 != rl {
					t.Fatalf("best %d/%d, class by class %d/%d", k2, l2, rk, rl)
				}
			}
			s.apply(k, l)
		}
	}
	if forced == 0 {
		t.Error("no forced move met")
	}
	t.Logf("%d forced moves", forced)
}

// bestByClass is best as it was written first: every class in order,
// checked with validClass.
func bestByClass(m *Model, s *state, scores []float32) (int, uint8) {
	bestCls, bestScore := -1, float32(0)
	for c, v := range scores[:m.nClasses()] {
		if m.validClass(s, c) && (bestCls < 0 || v > bestScore) {
			bestCls, bestScore = c, v
		}
	}
	if bestCls < 0 {
		return -1, 0
	}
	return decode(bestCls, m.nLabels())
}
