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
	keys    []uint64  // the feature hash of each row
	weights []float32 // row f at weights[f*nLabels:(f+1)*nLabels]
	// trans[p][y] scores label y after p; row nLabels is the sentence start.
	trans [nLabels + 1][nLabels]float32
}

// Model is a trained recogniser. It is safe for concurrent use.
type Model struct {
	first  layer
	second *layer // nil: one pass only
	// joint maps a feature hash to its weights in both layers at once, so
	// that the first pass scores the second layer's share of its features
	// on the way.
	joint *jointTable

	clusters map[string]string // normalised word -> bit string
	gaz      map[uint64]uint8  // phrase hash -> gazetteer categories
	gazMax   int               // longest gazetteer phrase in words
	words    *wordIndex        // clusters and gaz for tagging (see indexWords)

	pool sync.Pool // *scratch
}

// scratch holds the buffers of one tagging call.
type scratch struct {
	toks   []token
	sents  [][]token
	types  map[uint64]int32 // see docTokens.types
	evid   []uint8
	feats  []uint64
	scores []float32
	back   []int8
	key    []byte
	// second holds, for each token of a document in order, the second
	// layer's sums of its first-pass features.
	second []int32
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
	// types is the number of distinct words (by token.lower) in the
	// document; token.typ numbers them.
	types int
}

// prepareDocument computes the word-level, gazetteer and document-level
// values of every token. With reuse, the tokens are kept in s.toks and
// s.sents, else in new arrays.
func (m *Model) prepareDocument(sentences [][]string, s *scratch, reuse bool) docTokens {
	total := 0
	for _, w := range sentences {
		total += len(w)
	}
	var (
		dt  docTokens
		all []token
	)
	if reuse {
		if cap(s.toks) < total {
			s.toks = make([]token, total)
		}
		if cap(s.sents) < len(sentences) {
			s.sents = make([][]token, len(sentences))
		}
		s.toks, s.sents = s.toks[:total], s.sents[:len(sentences)]
		all, dt.sents = s.toks, s.sents
	} else {
		all, dt.sents = make([]token, total), make([][]token, len(sentences))
	}
	if s.types == nil {
		s.types = make(map[uint64]int32)
	}
	clear(s.types)
	off := 0
	for i, words := range sentences {
		toks := all[off : off+len(words) : off+len(words)]
		off += len(words)
		s.key = m.prepare(toks, words, s.key)
		m.matchGazetteer(toks)
		for j := range toks {
			t := &toks[j]
			typ, ok := s.types[t.lower]
			if !ok {
				typ = int32(len(s.types))
				s.types[t.lower] = typ
			}
			t.typ = typ
		}
		dt.sents[i] = toks
	}
	dt.types = len(s.types)
	s.evid = m.documentEvidence(dt, s.evid)
	return dt
}

// labelDocument returns the label indexes of every word of a document.
func (m *Model) labelDocument(sentences [][]string) [][]int8 {
	s := m.scratch()
	defer m.pool.Put(s)
	dt := m.prepareDocument(sentences, s, true)
	ys := make([][]int8, len(sentences))
	total := len(s.toks) // the document's words
	if cap(s.second) < total*nLabels {
		s.second = make([]int32, total*nLabels)
	}
	second := s.second[:total*nLabels]
	k := 0
	for i, toks := range dt.sents {
		ys[i] = make([]int8, len(toks))
		m.decodeFirst(toks, ys[i], s, second[k*nLabels:(k+len(toks))*nLabels])
		k += len(toks)
	}
	if m.second != nil {
		setHistory(dt, ys)
		k := 0
		for i, toks := range dt.sents {
			m.decodeSecond(toks, ys[i], s, second[k*nLabels:(k+len(toks))*nLabels])
			k += len(toks)
		}
	}
	return ys
}

func (s *scratch) grow(n int) []float32 {
	if cap(s.scores) < n*nLabels {
		s.scores = make([]float32, n*nLabels)
		s.back = make([]int8, n*nLabels)
	}
	return s.scores[:n*nLabels]
}

// decodeFirst labels toks with the first layer, and sets second (one row per
// token) to the second layer's sums of the same features. Sums are of the
// 16-bit weights, exact, and scaled once.
func (m *Model) decodeFirst(toks []token, ys []int8, s *scratch, second []int32) {
	n := len(toks)
	scores := s.grow(n)
	scale := m.joint.scale[0]
	for i := range toks {
		s.feats = m.features(s.feats[:0], toks, i)
		var acc [recLanes]int32
		m.joint.sum(s.feats, &acc)
		row := (*[nLabels]float32)(scores[i*nLabels:])
		for y := range row {
			row[y] = float32(float32(acc[y]) * scale)
		}
		copy(second[i*nLabels:(i+1)*nLabels], acc[nLabels:2*nLabels])
	}
	viterbi(&m.first.trans, scores, s.back[:n*nLabels], ys)
}

// decodeSecond relabels toks with the second layer, given in second the
// sums of their first-pass features (see decodeFirst).
func (m *Model) decodeSecond(toks []token, ys []int8, s *scratch, second []int32) {
	n := len(toks)
	scores := s.grow(n)
	scale := m.joint.scale[1]
	for i := range toks {
		s.feats = histFeatures(s.feats[:0], &toks[i])
		var acc [recLanes]int32
		m.joint.sum(s.feats, &acc)
		for y, v := range second[i*nLabels : (i+1)*nLabels] {
			acc[nLabels+y] += v
		}
		row := (*[nLabels]float32)(scores[i*nLabels:])
		for y := range row {
			row[y] = float32(float32(acc[nLabels+y]) * scale)
		}
	}
	viterbi(&m.second.trans, scores, s.back[:n*nLabels], ys)
}

// join builds the joint table from the layers, quantising their weights as
// Save does, so that a model tags the same before and after a round trip
// through its file.
func (m *Model) join() {
	q, scale := quantize(m.first.weights)
	qs, scales := [][]int16{q}, []float32{scale}
	if m.second != nil {
		q, scale := quantize(m.second.weights)
		qs, scales = append(qs, q), append(scales, scale)
	}
	m.joinQuantized(qs, scales)
}

// joinQuantized builds the joint table from the layers' keys and their
// weights quantised (layer k's weight = qs[k] × scales[k]).
func (m *Model) joinQuantized(qs [][]int16, scales []float32) {
	layers := []*layer{&m.first}
	if m.second != nil {
		layers = append(layers, m.second)
	}
	var keys []uint64
	for _, l := range layers {
		keys = append(keys, l.keys...)
	}
	slices.Sort(keys)
	t := newJointTable(len(slices.Compact(keys)))
	for k, l := range layers {
		t.scale[k] = scales[k]
		for r, h := range l.keys {
			t.setWeights(h, k, qs[k][r*nLabels:(r+1)*nLabels])
		}
	}
	m.joint = t
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

// closers are the labels that leave no name open (O, L-, U-), in label
// order: the only labels O, B- and U- may follow.
var closers = [...]int{0, 3, 4, 7, 8, 11, 12, 15, 16}

// starters are the labels that may follow a closer (O, B-, U-), in label
// order.
var starters = [...]int{0, 1, 4, 5, 8, 9, 12, 13, 16}

func init() {
	// The label tables above follow the BILOU order and allowed.
	var c, st []int
	for y := 0; y < nLabels; y++ {
		if allowed(y, nLabels) {
			c = append(c, y)
		}
		if allowed(-1, y) {
			st = append(st, y)
		}
	}
	if !slices.Equal(c, closers[:]) || !slices.Equal(st, starters[:]) {
		panic("ner: label tables out of step with allowed")
	}
}

// viterbi finds the best allowed label sequence given per-position label
// scores (modified in place into path scores) and transition weights. It
// visits only allowed transitions: a starter follows a closer, I-X and L-X
// follow B-X or I-X. Ties go to the lower previous label, as in a scan of
// every transition.
func viterbi(trans *[nLabels + 1][nLabels]float32, scores []float32, back []int8, ys []int8) {
	n := len(ys)
	if n == 0 {
		return
	}
	_ = scores[n*nLabels-1]
	_ = back[n*nLabels-1]
	// tc[j][k] scores starters[j] after closers[k]; tin[x] scores I-X after
	// B-X and I-X, then L-X after B-X and I-X.
	var tc [len(starters)][len(closers)]float32
	for j, y := range starters {
		for k, p := range closers {
			tc[j][k] = trans[p][y]
		}
	}
	var tin [len(Types)][4]float32
	for x := range tin {
		b := int(label(x, kindB))
		tin[x] = [4]float32{trans[b][b+1], trans[b+1][b+1], trans[b][b+2], trans[b+1][b+2]}
	}
	first := (*[nLabels]float32)(scores[:nLabels])
	for y := range first {
		if allowedTable[nLabels][y] {
			first[y] += trans[nLabels][y]
		} else {
			first[y] = negInf // score + -1e30 rounds to -1e30
		}
	}
	for i := 1; i < n; i++ {
		prev := (*[nLabels]float32)(scores[(i-1)*nLabels:])
		cur := (*[nLabels]float32)(scores[i*nLabels:])
		bk := (*[nLabels]int8)(back[i*nLabels:])
		var pc [len(closers)]float32
		for k, p := range closers {
			pc[k] = prev[p]
		}
		for j := range tc {
			best, arg := bestSum(&pc, &tc[j])
			y := starters[j]
			cur[y] += best
			bk[y] = int8(closers[arg])
		}
		for x := range tin {
			t := &tin[x]
			b := int(label(x, kindB)) // b+1 is I-X, b+2 L-X
			pb, pi := prev[b], prev[b+1]
			if vb, vi := pb+t[0], pi+t[1]; vi > vb {
				cur[b+1] += vi
				bk[b+1] = int8(b + 1)
			} else {
				cur[b+1] += vb
				bk[b+1] = int8(b)
			}
			if vb, vi := pb+t[2], pi+t[3]; vi > vb {
				cur[b+2] += vi
				bk[b+2] = int8(b + 1)
			} else {
				cur[b+2] += vb
				bk[b+2] = int8(b)
			}
		}
	}
	last := (*[nLabels]float32)(scores[(n-1)*nLabels:])
	best, arg := negInf+negInf, 0
	for _, y := range closers {
		if last[y] > best {
			best, arg = last[y], y
		}
	}
	for i := n - 1; i >= 0; i-- {
		ys[i] = int8(arg)
		arg = int(back[i*nLabels+arg])
	}
}

// bestSum returns the largest a[k] + b[k] and the first k reaching it.
// Written out: as a loop, the compiler keeps k and the answer in memory.
func bestSum(a, b *[len(closers)]float32) (float32, int) {
	best, arg := a[0]+b[0], 0
	if v := a[1] + b[1]; v > best {
		best, arg = v, 1
	}
	if v := a[2] + b[2]; v > best {
		best, arg = v, 2
	}
	if v := a[3] + b[3]; v > best {
		best, arg = v, 3
	}
	if v := a[4] + b[4]; v > best {
		best, arg = v, 4
	}
	if v := a[5] + b[5]; v > best {
		best, arg = v, 5
	}
	if v := a[6] + b[6]; v > best {
		best, arg = v, 6
	}
	if v := a[7] + b[7]; v > best {
		best, arg = v, 7
	}
	if v := a[8] + b[8]; v > best {
		best, arg = v, 8
	}
	return best, arg
}

// documentEvidence sets each token's doc value from how its word is written
// elsewhere in the document: capitalised in the middle of a sentence,
// written in lower case, or neither. It returns buf, grown to hold a value
// per word type.
func (m *Model) documentEvidence(dt docTokens, buf []uint8) []uint8 {
	const (
		capMid = 1 << iota
		lowered
	)
	seen := append(buf[:0], make([]uint8, dt.types)...)
	for _, toks := range dt.sents {
		for i := range toks {
			t := &toks[i]
			switch {
			case t.flags&flagLower != 0:
				seen[t.typ] |= lowered
			case t.flags&flagInitCap != 0 && t.flags&(flagInitial|flagHeadline) == 0:
				seen[t.typ] |= capMid
			}
		}
	}
	for _, toks := range dt.sents {
		for i := range toks {
			t := &toks[i]
			if t.flags&(flagInitCap|flagAllCaps) == 0 {
				continue
			}
			v := uint64(seen[t.typ]) + 1
			if t.flags&(flagInitial|flagHeadline) != 0 {
				v += 8
			}
			t.doc = v
		}
	}
	return seen
}

// setHistory sets the hist and histMaj values of each capitalised token from
// the first-pass labels of the same word (capitalised) across the document:
// hist is the set of (type, place in name) pairs and O it was given anywhere,
// itself included; histMaj is the type it was given most often at its other
// places, and whether those agreed.
func setHistory(dt docTokens, ys [][]int8) {
	type wordHist struct {
		set    uint16
		counts [1 + len(Types)]int32
	}
	seen := make([]wordHist, dt.types)
	capped := func(t *token) bool { return t.flags&(flagInitCap|flagAllCaps) != 0 }
	for si, toks := range dt.sents {
		for i := range toks {
			if !capped(&toks[i]) {
				continue
			}
			r := &seen[toks[i].typ]
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
			r := &seen[t.typ]
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
