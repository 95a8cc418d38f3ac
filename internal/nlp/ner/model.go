// Package ner finds names of persons, organisations, locations and other
// entities (PER, ORG, LOC, MISC) in tokenised text and tags each word in IOB2
// ("B-PER", "I-PER", "O").
//
// The model is an averaged structured perceptron over BILOU labels with
// first-order transitions, decoded by Viterbi under the BILOU constraints and
// written out as IOB2 (I-X only after B-X or I-X), so every output is a
// well-formed set of spans. Its
// features are the word and its neighbours within two positions, shapes,
// prefixes and suffixes, word clusters induced by sitrep from unlabelled news
// (package clusters), gazetteer matches (GeoNames countries, capitals and
// cities, and a hand-written list of name cues), document-level evidence about
// each word's case, and, in a second pass, what the first pass predicted for
// the same word elsewhere in the document. It is trained on the CoNLL-2003
// English training set (see Train and TrainDefault) and works from words
// alone: no part-of-speech tags are needed.
//
// Default returns the embedded model; New returns a pipeline stage that sets
// Token.NER on a document. Tag whole documents (TagDocument,
// conll.TagDocuments) where possible: on CoNLL-2003 eng.testa the model
// scores F1 93.8 given documents and 90.4 given sentences one at a time. See
// docs/ner.md for features, figures and how to rebuild the model.
package ner

import (
	"slices"
	"sync"

	"sitrep/internal/nlp/conll"
)

// The model labels words in BILOU (Ratinov and Roth 2009): O, and for each
// type B- (begins a name of several words), I- (inside), L- (last) and U-
// (a one-word name). Label y > 0 has type (y-1)/4 and kind (y-1)%4. Output
// is IOB2: B- and U- become B-, I- and L- become I-. The order is persisted
// in models: never reorder.
const (
	kindB = iota
	kindI
	kindL
	kindU
)

// Types are the entity types, in label order.
var Types = [...]string{"PER", "ORG", "LOC", "MISC"}

const nLabels = 1 + 4*len(Types)

// Tags are the IOB2 tags of the labels, by label.
var Tags = func() [nLabels]string {
	var t [nLabels]string
	t[0] = "O"
	for y := 1; y < nLabels; y++ {
		p := "I-"
		if k := kindOf(y); k == kindB || k == kindU {
			p = "B-"
		}
		t[y] = p + Types[typeOf(y)]
	}
	return t
}()

func typeOf(y int) int { return (y - 1) / 4 }
func kindOf(y int) int { return (y - 1) % 4 }
func label(typ, kind int) int8 {
	return int8(1 + 4*typ + kind)
}

// fromIOB2 returns the labels of a sentence tagged in IOB2 (or IOB1).
func fromIOB2(tags []string) []int8 {
	ys := make([]int8, len(tags))
	for _, sp := range conll.Spans(tags) {
		typ := slices.Index(Types[:], sp.Type)
		if typ < 0 {
			continue
		}
		if sp.End-sp.Start == 1 {
			ys[sp.Start] = label(typ, kindU)
			continue
		}
		ys[sp.Start] = label(typ, kindB)
		for i := sp.Start + 1; i < sp.End-1; i++ {
			ys[i] = label(typ, kindI)
		}
		ys[sp.End-1] = label(typ, kindL)
	}
	return ys
}

// open reports whether label y leaves a name open (B- or I-).
func open(y int) bool { return y > 0 && kindOf(y) <= kindI }

// allowed reports whether label y may follow label prev (prev < 0: at the
// start of a sentence). y == nLabels stands for the end of the sentence.
func allowed(prev, y int) bool {
	prevOpen := prev >= 0 && prev < nLabels && open(prev)
	if y == nLabels || y == 0 || kindOf(y) == kindB || kindOf(y) == kindU {
		return !prevOpen
	}
	return prevOpen && typeOf(prev) == typeOf(y)
}

// layer is one perceptron: a weight row per known feature and transition
// weights.
type layer struct {
	index   *table
	keys    []uint64  // the feature hash of each row
	weights []float32 // row f at weights[f*nLabels:(f+1)*nLabels]
	// trans[p][y] scores label y after p; row nLabels is the sentence start.
	trans [nLabels + 1][nLabels]float32
}

// Model is a trained recogniser. It is safe for concurrent use.
type Model struct {
	first  layer
	second *layer // nil: one pass only
	// joint maps a feature hash to its rows in both layers at once (row 0
	// of the table: first layer, row 1: second; -1 where absent), so the
	// second pass need not look up again the features the first pass did.
	joint *jointTable

	clusters map[string]string // normalised word -> bit string
	gaz      map[uint64]uint8  // phrase hash -> gazetteer categories
	gazMax   int               // longest gazetteer phrase in words

	pool sync.Pool // *scratch
}

// scratch holds the buffers of one tagging call.
type scratch struct {
	toks   []token
	feats  []uint64
	scores []float32
	back   []int8
	key    []byte
	ids    []int32
	rows   rowLists
}

func (m *Model) scratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// Tag returns the IOB2 tag of each word of one sentence. The sentence is its
// own document: use TagDocument when the other sentences are known.
func (m *Model) Tag(words []string) []string {
	return m.TagDocument([][]string{words})[0]
}

// TagDocument returns the IOB2 tags of each sentence of a document. Knowing
// the whole document lets the model use how a word is written and tagged
// elsewhere in it (a capitalised headline word, a surname standing alone).
func (m *Model) TagDocument(sentences [][]string) [][]string {
	ys := m.labelDocument(sentences)
	out := make([][]string, len(ys))
	for i, s := range ys {
		out[i] = make([]string, len(s))
		for j, y := range s {
			out[i][j] = Tags[y]
		}
	}
	return out
}

// docTokens is the prepared tokens of every sentence of a document.
type docTokens struct {
	sents [][]token
}

// prepareDocument computes the word-level, gazetteer and document-level
// values of every token.
func (m *Model) prepareDocument(sentences [][]string, s *scratch) docTokens {
	total := 0
	for _, w := range sentences {
		total += len(w)
	}
	all := make([]token, total)
	dt := docTokens{sents: make([][]token, len(sentences))}
	off := 0
	for i, words := range sentences {
		toks := all[off : off+len(words) : off+len(words)]
		off += len(words)
		s.key = m.prepare(toks, words, s.key)
		m.matchGazetteer(toks)
		dt.sents[i] = toks
	}
	m.documentEvidence(dt)
	return dt
}

// labelDocument returns the label indexes of every word of a document.
func (m *Model) labelDocument(sentences [][]string) [][]int8 {
	s := m.scratch()
	defer m.pool.Put(s)
	dt := m.prepareDocument(sentences, s)
	ys := make([][]int8, len(sentences))
	var rows *rowLists
	if m.second != nil {
		s.rows.rows, s.rows.off = s.rows.rows[:0], append(s.rows.off[:0], 0)
		rows = &s.rows
	}
	for i, toks := range dt.sents {
		ys[i] = make([]int8, len(toks))
		m.decodeFirst(toks, ys[i], s, rows)
	}
	if m.second != nil {
		setHistory(dt, ys)
		k := 0
		for i, toks := range dt.sents {
			m.decodeSecond(toks, ys[i], s, rows, k)
			k += len(toks)
		}
	}
	return ys
}

// rowLists keeps, for each token of a document in order, the second-layer
// rows of its first-pass features: token k's rows are rows[off[k]:off[k+1]].
type rowLists struct {
	rows []int32
	off  []int32
}

func (s *scratch) grow(n int) []float32 {
	if cap(s.scores) < n*nLabels {
		s.scores = make([]float32, n*nLabels)
		s.back = make([]int8, n*nLabels)
	}
	scores := s.scores[:n*nLabels]
	clear(scores)
	return scores
}

// decodeFirst labels toks with the first layer, recording second-layer rows
// in rows when it is not nil.
func (m *Model) decodeFirst(toks []token, ys []int8, s *scratch, rows *rowLists) {
	n := len(toks)
	scores := s.grow(n)
	w := m.first.weights
	for i := range toks {
		s.feats = m.features(s.feats[:0], toks, i)
		row := scores[i*nLabels : (i+1)*nLabels : (i+1)*nLabels]
		for _, f := range s.feats {
			r1, r2 := m.joint.get(f)
			if r1 >= 0 {
				w := w[int(r1)*nLabels : int(r1+1)*nLabels : int(r1+1)*nLabels]
				for y := range row {
					row[y] += w[y]
				}
			}
			if rows != nil && r2 >= 0 {
				rows.rows = append(rows.rows, r2)
			}
		}
		if rows != nil {
			rows.off = append(rows.off, int32(len(rows.rows)))
		}
	}
	if n > 0 {
		viterbi(&m.first.trans, scores, s.back[:n*nLabels], ys)
	}
}

// decodeSecond relabels toks with the second layer; k is the document
// position of toks[0] in rows.
func (m *Model) decodeSecond(toks []token, ys []int8, s *scratch, rows *rowLists, k int) {
	n := len(toks)
	scores := s.grow(n)
	l := m.second
	for i := range toks {
		row := scores[i*nLabels : (i+1)*nLabels : (i+1)*nLabels]
		s.feats = histFeatures(s.feats[:0], &toks[i])
		s.ids = s.ids[:0]
		for _, f := range s.feats {
			if r := l.index.get(f); r >= 0 {
				s.ids = append(s.ids, r)
			}
		}
		for _, list := range [2][]int32{rows.rows[rows.off[k+i]:rows.off[k+i+1]], s.ids} {
			for _, r := range list {
				w := l.weights[int(r)*nLabels : int(r+1)*nLabels : int(r+1)*nLabels]
				for y := range row {
					row[y] += w[y]
				}
			}
		}
	}
	if n > 0 {
		viterbi(&l.trans, scores, s.back[:n*nLabels], ys)
	}
}

// join builds the joint table from the layers.
func (m *Model) join() {
	n := len(m.first.keys)
	if m.second != nil {
		n += len(m.second.keys)
	}
	t := newJointTable(n)
	for k, h := range m.first.keys {
		t.put(h, 0, int32(k))
	}
	if m.second != nil {
		for k, h := range m.second.keys {
			t.put(h, 1, int32(k))
		}
	}
	m.joint = t
	// The first layer is reached through the joint table only.
	m.first.index = nil
}

const negInf = float32(-1e30)

// allowedTable[p][y] is allowed(p, y), with row nLabels for the start of a
// sentence and column nLabels for its end.
var allowedTable = func() (t [nLabels + 1][nLabels + 1]bool) {
	for p := range t {
		for y := range t[p] {
			prev := p
			if p == nLabels {
				prev = -1
			}
			t[p][y] = allowed(prev, y)
		}
	}
	return t
}()

// viterbi finds the best allowed label sequence given per-position label
// scores (modified in place into path scores) and transition weights.
func viterbi(trans *[nLabels + 1][nLabels]float32, scores []float32, back []int8, ys []int8) {
	// Forbidden transitions get -inf, so the inner loop needs no test.
	var tr [nLabels + 1][nLabels]float32
	for p := range tr {
		for y := range tr[p] {
			if allowedTable[p][y] {
				tr[p][y] = trans[p][y]
			} else {
				tr[p][y] = negInf
			}
		}
	}
	n := len(ys)
	for y := 0; y < nLabels; y++ {
		scores[y] += tr[nLabels][y]
	}
	for i := 1; i < n; i++ {
		prev := scores[(i-1)*nLabels : i*nLabels : i*nLabels]
		cur := scores[i*nLabels : (i+1)*nLabels : (i+1)*nLabels]
		bk := back[i*nLabels : (i+1)*nLabels : (i+1)*nLabels]
		for y := 0; y < nLabels; y++ {
			best, arg := negInf+negInf, 0
			for p := 0; p < nLabels; p++ {
				if v := prev[p] + tr[p][y]; v > best {
					best, arg = v, p
				}
			}
			cur[y] += best
			bk[y] = int8(arg)
		}
	}
	last := scores[(n-1)*nLabels:]
	best, arg := negInf+negInf, 0
	for y := 0; y < nLabels; y++ {
		if last[y] > best && allowedTable[y][nLabels] {
			best, arg = last[y], y
		}
	}
	for i := n - 1; i >= 0; i-- {
		ys[i] = int8(arg)
		arg = int(back[i*nLabels+arg])
	}
}

// documentEvidence sets each token's doc value from how its word is written
// elsewhere in the document: capitalised in the middle of a sentence,
// written in lower case, or neither.
func (m *Model) documentEvidence(dt docTokens) {
	const (
		capMid = 1 << iota
		lowered
	)
	seen := make(map[uint64]uint8)
	for _, toks := range dt.sents {
		for i := range toks {
			t := &toks[i]
			switch {
			case t.flags&flagLower != 0:
				seen[t.lower] |= lowered
			case t.flags&flagInitCap != 0 && t.flags&(flagInitial|flagHeadline) == 0:
				seen[t.lower] |= capMid
			}
		}
	}
	for _, toks := range dt.sents {
		for i := range toks {
			t := &toks[i]
			if t.flags&(flagInitCap|flagAllCaps) == 0 {
				continue
			}
			v := uint64(seen[t.lower]) + 1
			if t.flags&(flagInitial|flagHeadline) != 0 {
				v += 8
			}
			t.doc = v
		}
	}
}

// setHistory sets the hist and histMaj values of each capitalised token from
// the first-pass labels of the same word (capitalised) across the document:
// hist is the set of (type, place in name) pairs and O it was given anywhere,
// itself included; histMaj is the type it was given most often at its other
// places, and whether those agreed.
func setHistory(dt docTokens, ys [][]int8) {
	type record struct {
		set    uint16
		counts [1 + len(Types)]int32
	}
	seen := make(map[uint64]*record)
	capped := func(t *token) bool { return t.flags&(flagInitCap|flagAllCaps) != 0 }
	for si, toks := range dt.sents {
		for i := range toks {
			if !capped(&toks[i]) {
				continue
			}
			r := seen[toks[i].lower]
			if r == nil {
				r = &record{}
				seen[toks[i].lower] = r
			}
			y := int(ys[si][i])
			r.set |= histBit(y)
			r.counts[histClass(y)]++
		}
	}
	for si, toks := range dt.sents {
		for i := range toks {
			t := &toks[i]
			t.hist, t.histMaj = 0, 0
			if !capped(t) {
				continue
			}
			r := seen[t.lower]
			t.hist = uint64(r.set) + 1
			counts := r.counts
			counts[histClass(int(ys[si][i]))]--
			best, total := 0, int32(0)
			for c, n := range counts {
				total += n
				if n > counts[best] {
					best = c
				}
			}
			if total > 0 {
				t.histMaj = uint64(1 + 2*best)
				if counts[best] == total {
					t.histMaj++
				}
			}
		}
	}
}

// histClass is 0 for O, 1 + type for a name.
func histClass(y int) int {
	if y == 0 {
		return 0
	}
	return 1 + typeOf(y)
}

// histBit is the bit of label y in a history set: O, or type x (one word,
// first word, later word).
func histBit(y int) uint16 {
	if y == 0 {
		return 1
	}
	c := 2 // I- or L-
	switch kindOf(y) {
	case kindU:
		c = 0
	case kindB:
		c = 1
	}
	return 2 << (3*typeOf(y) + c)
}
