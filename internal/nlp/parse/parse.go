// Package parse is sitrep's labelled dependency parser: a greedy
// transition-based parser (arc-hybrid, root at the end of the buffer) whose
// moves are scored by an averaged perceptron over rich hashed feature
// templates (Zhang and Nivre, 2011) and trained with a dynamic oracle
// (Goldberg and Nivre, 2013) on the UD English Web Treebank. It reads the
// part-of-speech tags already on the tokens and writes Universal Dependencies
// heads and relations.
//
// The trained model is embedded; Default loads it. TrainDefault rebuilds it
// from ../shared/data/ud-english-ewt.
package parse

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Model is a trained parser. It is safe for concurrent use.
type Model struct {
	words  map[string]uint32 // normalised word form -> id
	xpos   map[string]uint32
	upos   map[string]uint32
	labels []string // label id -> relation; labels[0] is ""
	root   uint8    // id of the label "root"
	w      *table

	pool sync.Pool // *scratch
}

// scratch is the per-call working memory of Parse.
type scratch struct {
	st     state
	enc    encoded
	feats  []uint32
	scores []float32
	slots  []uint64
}

func (m *Model) nLabels() int  { return len(m.labels) - 1 }
func (m *Model) nClasses() int { return 1 + 2*m.nLabels() }

func (m *Model) getScratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	return &scratch{scores: make([]float32, (m.nClasses()+7)&^7)}
}

// normWord is the form the model knows a word by: lower case, with every
// digit replaced by 0 so that numbers share features.
func normWord(w string) string {
	lower := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			lower = false
			break
		}
	}
	if lower {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r == utf8.RuneError:
			b.WriteRune(r)
		case unicode.IsDigit(r):
			b.WriteByte('0')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func lookup(m map[string]uint32, s string) uint32 {
	if id, ok := m[s]; ok {
		return id
	}
	return idUnk
}

// encode turns words and tags into ids, the root at index len(words).
func (m *Model) encode(e *encoded, words, upos, xpos []string) {
	n := len(words)
	e.w = resizeU32(e.w, n+1)
	e.p = resizeU32(e.p, n+1)
	e.u = resizeU32(e.u, n+1)
	for i, w := range words {
		e.w[i] = lookup(m.words, normWord(w))
		e.p[i], e.u[i] = idUnk, idUnk
		if i < len(xpos) {
			e.p[i] = lookup(m.xpos, xpos[i])
		}
		if i < len(upos) {
			e.u[i] = lookup(m.upos, upos[i])
		}
	}
	e.w[n], e.p[n], e.u[n] = idRoot, idRoot, idRoot
}

func resizeU32(x []uint32, n int) []uint32 {
	if cap(x) < n {
		return make([]uint32, n)
	}
	return x[:n]
}

// Parse returns the dependency tree of one sentence: for each word its head
// (1-based like CoNLL-U, 0 for the root) and its Universal Dependencies
// relation. upos and xpos are the words' predicted tags; missing or unknown
// tags are allowed but cost accuracy. The tree is always well formed: exactly
// one word has head 0 and the heads form no cycle.
func (m *Model) Parse(words, upos, xpos []string) (heads []int, deprels []string) {
	n := len(words)
	heads = make([]int, n)
	deprels = make([]string, n)
	if n == 0 {
		return heads, deprels
	}
	sc := m.getScratch()
	defer m.pool.Put(sc)
	m.encode(&sc.enc, words, upos, xpos)
	s := &sc.st
	s.reset(n)
	for !s.terminal() {
		if kind, l, ok := m.forced(s); ok {
			s.apply(kind, l)
			continue
		}
		sc.feats = features(s, &sc.enc, sc.feats[:0])
		clear(sc.scores)
		lo, hi := m.validRange(s)
		sc.slots = m.w.score(sc.feats, sc.scores, sc.slots, lo, hi)
		kind, l := m.best(s, sc.scores)
		s.apply(kind, l)
	}
	for i := range n {
		h := s.heads[i]
		if int(h) == n {
			heads[i] = 0
		} else {
			heads[i] = int(h) + 1
		}
		deprels[i] = m.labels[s.labels[i]]
	}
	return heads, deprels
}

// forced returns the move of a configuration that allows only one: a shift
// when the stack is empty, the arc from the root when only the root and one
// word are left. best chooses the same whatever the scores, so Parse does
// not compute them: a fifth to a third of the moves (issue 16).
func (m *Model) forced(s *state) (kind int, label uint8, ok bool) {
	switch {
	case len(s.stack) == 0 && s.canShift():
		return mShift, 0, true
	case len(s.stack) == 1 && !s.canShift():
		return mLeft, m.root, true
	}
	return 0, 0, false
}

// validRange returns the classes [lo, hi) that hold every valid move of s:
// without a second stack item there is no right arc (classes after the
// left arcs), with only the root in the buffer only right arcs. A
// configuration with one item on the stack is common, and its scoring then
// reads half of each dense row (issue 16).
func (m *Model) validRange(s *state) (lo, hi int) {
	lo, hi = 0, m.nClasses()
	if !s.canRight() {
		hi = 1 + m.nLabels()
	}
	if !s.canShift() && !s.canLeft() {
		lo = 1 + m.nLabels()
	}
	return lo, hi
}

// best returns the highest-scoring valid move: the first of the highest
// among the classes validClass allows, in class order. The valid classes
// are found per move kind rather than class by class (issue 16).
func (m *Model) best(s *state, scores []float32) (kind int, label uint8) {
	nl := m.nLabels()
	bestCls, bestScore := -1, float32(0)
	try := func(c int) {
		if v := scores[c]; bestCls < 0 || v > bestScore {
			bestCls, bestScore = c, v
		}
	}
	if s.canShift() {
		try(shiftCls)
	}
	// The label "root" is for the arc from the root, a left arc with only
	// the root in the buffer, and for nothing else.
	if s.canLeft() {
		toRoot := int(s.b) == s.n
		for l := 1; l <= nl; l++ {
			if toRoot == (l == int(m.root)) {
				try(l)
			}
		}
	}
	if s.canRight() {
		for l := 1; l <= nl; l++ {
			if l != int(m.root) {
				try(nl + l)
			}
		}
	}
	if bestCls < 0 {
		// Only a model without the label "root" gets here.
		switch {
		case s.canShift():
			return mShift, 0
		case s.canRight():
			return mRight, 1
		}
		return mLeft, m.root
	}
	return decode(bestCls, nl)
}

// validClass reports whether class c may be taken in s: its move must be
// valid, and the label "root" is used exactly for the arc from the root.
func (m *Model) validClass(s *state, c int) bool {
	k, l := decode(c, m.nLabels())
	if !s.valid(k) {
		return false
	}
	if k == mShift {
		return true
	}
	toRoot := k == mLeft && int(s.b) == s.n
	return toRoot == (l == m.root)
}
