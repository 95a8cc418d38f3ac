package ner

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sitrep/internal/nlp/conll"
	"sitrep/internal/shared"
)

// The decoder is tuned for speed; these tests hold it to a plain one that
// scores each layer through a Go map from feature hash to weight row, in
// feature order, and runs Viterbi over every pair of labels.

// plainViterbi is Viterbi over every label pair, forbidden ones scored -inf.
func plainViterbi(trans *[nLabels + 1][nLabels]float32, scores []float32) []int8 {
	n := len(scores) / nLabels
	tr := func(p, y int) float32 {
		if !allowed(p, y) {
			return negInf
		}
		if p < 0 {
			return trans[nLabels][y]
		}
		return trans[p][y]
	}
	back := make([]int, len(scores))
	for y := range nLabels {
		scores[y] += tr(-1, y)
	}
	for i := 1; i < n; i++ {
		for y := range nLabels {
			best, arg := negInf+negInf, 0
			for p := range nLabels {
				if v := scores[(i-1)*nLabels+p] + tr(p, y); v > best {
					best, arg = v, p
				}
			}
			scores[i*nLabels+y] += best
			back[i*nLabels+y] = arg
		}
	}
	best, arg := negInf+negInf, 0
	for y := range nLabels {
		if v := scores[(n-1)*nLabels+y]; v > best && allowed(y, nLabels) {
			best, arg = v, y
		}
	}
	ys := make([]int8, n)
	for i := n - 1; i >= 0; i-- {
		ys[i] = int8(arg)
		arg = back[i*nLabels+arg]
	}
	return ys
}

// plainLabels labels a document the plain way.
func plainLabels(m *Model, sentences [][]string) [][]int8 {
	rows := func(l *layer) map[uint64][]float32 {
		r := make(map[uint64][]float32, len(l.keys))
		for k, h := range l.keys {
			r[h] = l.weights[k*nLabels : (k+1)*nLabels]
		}
		return r
	}
	pass := func(l *layer, dt docTokens, second bool) [][]int8 {
		w := rows(l)
		ys := make([][]int8, len(dt.sents))
		var feats []uint64
		for i, toks := range dt.sents {
			scores := make([]float32, len(toks)*nLabels)
			for j := range toks {
				feats = m.features(feats[:0], toks, j)
				if second {
					feats = histFeatures(feats, &toks[j])
				}
				for _, f := range feats {
					for y, v := range w[f] {
						scores[j*nLabels+y] += v
					}
				}
			}
			if len(toks) > 0 {
				ys[i] = plainViterbi(&l.trans, scores)
			} else {
				ys[i] = []int8{}
			}
		}
		return ys
	}
	dt := m.prepareDocument(sentences, &scratch{}, false)
	ys := pass(&m.first, dt, false)
	if m.second == nil {
		return ys
	}
	setHistory(dt, ys)
	return pass(m.second, dt, true)
}

// The shipped model must label every document of eng.testa exactly as the
// plain decoder does.
func TestDecodeMatchesPlain(t *testing.T) {
	path := shared.Require(t, "conll2003", "eng.testa")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if raceEnabled {
		docs = docs[:20] // the plain decoder is slow under the race detector
	}
	// The plain decoder needs the layers' weights, which the embedded
	// image leaves out: use the model the image is made from (identical
	// tables, see TestImageMatchesModel).
	gz, err := os.Open("model.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	m, err := Load(gz)
	if err != nil {
		t.Fatal(err)
	}
	words, diff := 0, 0
	for _, d := range docs {
		got, want := m.labelDocument(d.Words()), plainLabels(m, d.Words())
		for i := range want {
			words += len(want[i])
			if !slices.Equal(got[i], want[i]) {
				diff++
				if diff <= 5 {
					t.Errorf("%v: labels %v, plain decoder %v", d.Sentences[i].Words, got[i], want[i])
				}
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d sentences differ", diff)
	}
	t.Logf("%d words of %s compared", words, filepath.Base(path))
}

// viterbi must find the path plainViterbi finds, ties included: scores and
// transitions come from a few values so that ties are common.
func TestViterbiMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	value := func() float32 { return float32(rng.IntN(5)) - 2 }
	for round := range 2000 {
		var trans [nLabels + 1][nLabels]float32
		for p := range trans {
			for y := range trans[p] {
				trans[p][y] = value()
			}
		}
		n := 1 + rng.IntN(12)
		scores := make([]float32, n*nLabels)
		for i := range scores {
			scores[i] = value()
		}
		want := plainViterbi(&trans, slices.Clone(scores))
		got := make([]int8, n)
		viterbi(&trans, scores, make([]int8, n*nLabels), got)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: viterbi %v, plain %v", round, got, want)
		}
	}
}
