package parse

// Feature templates follow Zhang and Nivre (2011), "Transition-based
// Dependency Parsing with Rich Non-local Features", adapted to arc-hybrid:
// words, tags and labels of the top three stack and buffer items and of
// their outermost children, pairs and triples of these, the distance between
// s0 and b0, valencies and the sets of labels of the children so far. Each
// feature is a template number and its atoms hashed to 32 bits.

// Reserved ids for words and tags.
const (
	idNone = 0 // no token at this position
	idRoot = 1 // the artificial root
	idUnk  = 2 // a word or tag not in the model's vocabulary
	idBase = 3 // the first real id
)

// encoded holds a sentence's words and tags as ids, the root at index n.
type encoded struct {
	w, p, u []uint32
}

func hash(t, a, b, c, d uint32) uint32 {
	x := uint64(t+1) * 0x9E3779B97F4A7C15
	x = (x ^ uint64(a)) * 0xBF58476D1CE4E5B9
	x = (x ^ uint64(b)) * 0x94D049BB133111EB
	x = (x ^ uint64(c)) * 0x9E3779B97F4A7C15
	x = (x ^ uint64(d)) * 0xBF58476D1CE4E5B9
	x ^= x >> 29
	return uint32(x >> 32)
}

// tok is the view of one position used by the templates.
type tok struct {
	w, p, u uint32 // word, xpos, upos ids
	l       uint32 // label of the arc to its head, 0 if none yet
}

func (e *encoded) at(s *state, i int32) tok {
	if i == none {
		return tok{}
	}
	return tok{w: e.w[i], p: e.p[i], u: e.u[i], l: uint32(s.labels[i])}
}

func child(x int32, c []int32) int32 {
	if x == none {
		return none
	}
	return c[x]
}

func distBucket(a, b int32) uint32 {
	if a == none || b == none {
		return 0
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d <= 5:
		return uint32(d)
	case d <= 10:
		return 6
	}
	return 7
}

func valency(x int32, v []uint8) uint32 {
	if x == none {
		return 255
	}
	return uint32(min(v[x], 9))
}

func labelSet(x int32, v []uint64) uint32 {
	if x == none {
		return 0
	}
	return uint32(v[x]) ^ uint32(v[x]>>32)*0x85EBCA6B
}

// features appends the hashed features of configuration s to out.
func features(s *state, e *encoded, out []uint32) []uint32 {
	is0, is1, is2 := s.stackAt(0), s.stackAt(1), s.stackAt(2)
	ib0, ib1, ib2, ib3 := s.bufAt(0), s.bufAt(1), s.bufAt(2), s.bufAt(3)
	s0, s1, s2 := e.at(s, is0), e.at(s, is1), e.at(s, is2)
	b0, b1, b2, b3 := e.at(s, ib0), e.at(s, ib1), e.at(s, ib2), e.at(s, ib3)
	is0l, is0l2 := child(is0, s.lc1), child(is0, s.lc2)
	is0r, is0r2 := child(is0, s.rc1), child(is0, s.rc2)
	is1l, is1r, is1r2 := child(is1, s.lc1), child(is1, s.rc1), child(is1, s.rc2)
	ib0l, ib0l2 := child(ib0, s.lc1), child(ib0, s.lc2)
	s0l, s0l2, s0r, s0r2 := e.at(s, is0l), e.at(s, is0l2), e.at(s, is0r), e.at(s, is0r2)
	s1l, s1r, s1r2 := e.at(s, is1l), e.at(s, is1r), e.at(s, is1r2)
	b0l, b0l2 := e.at(s, ib0l), e.at(s, ib0l2)
	d := distBucket(is0, ib0)
	d1 := distBucket(is1, is0)

	t := uint32(0)
	f := func(a, b, c, d uint32) {
		out = append(out, hash(t, a, b, c, d))
		t++
	}
	f(0, 0, 0, 0) // bias

	// Single positions.
	for _, x := range [...]tok{s0, s1, b0, b1} {
		f(x.w, 0, 0, 0)
		f(x.p, 0, 0, 0)
		f(x.w, x.p, 0, 0)
		f(x.u, 0, 0, 0)
	}
	for _, x := range [...]tok{s2, b2} {
		f(x.w, 0, 0, 0)
		f(x.p, 0, 0, 0)
	}
	f(b3.p, 0, 0, 0)

	// Children.
	for _, x := range [...]tok{s0l, s0r, s1l, s1r, b0l} {
		f(x.w, 0, 0, 0)
		f(x.p, 0, 0, 0)
		f(x.l, 0, 0, 0)
	}
	for _, x := range [...]tok{s0l2, s0r2, s1r2, b0l2} {
		f(x.p, 0, 0, 0)
		f(x.l, 0, 0, 0)
	}

	// Pairs of s0 and b0, and of s1 and s0.
	f(s0.w, s0.p, b0.w, b0.p)
	f(s0.w, s0.p, b0.w, 0)
	f(s0.w, b0.w, b0.p, 0)
	f(s0.w, s0.p, b0.p, 0)
	f(s0.p, b0.w, b0.p, 0)
	f(s0.w, b0.w, 0, 0)
	f(s0.p, b0.p, 0, 0)
	f(s0.u, b0.u, 0, 0)
	f(b0.p, b1.p, 0, 0)
	f(b0.w, b1.w, 0, 0)
	f(s1.w, s1.p, s0.w, s0.p)
	f(s1.w, s1.p, s0.w, 0)
	f(s1.w, s0.w, s0.p, 0)
	f(s1.w, s1.p, s0.p, 0)
	f(s1.p, s0.w, s0.p, 0)
	f(s1.w, s0.w, 0, 0)
	f(s1.p, s0.p, 0, 0)
	f(s1.u, s0.u, 0, 0)

	// Triples of tags.
	f(b0.p, b1.p, b2.p, 0)
	f(s0.p, b0.p, b1.p, 0)
	f(s1.p, s0.p, b0.p, 0)
	f(s2.p, s1.p, s0.p, 0)
	f(s1.p, s0.p, b0.p, b1.p)
	f(s0.p, s0l.p, b0.p, 0)
	f(s0.p, s0r.p, b0.p, 0)
	f(s0.p, b0.p, b0l.p, 0)
	f(s1.p, s0.p, s0l.p, 0)
	f(s1.p, s0.p, s0r.p, 0)
	f(s1.p, s1r.p, s0.p, 0)
	f(s1.p, s1l.p, s0.p, 0)
	f(s0.p, s0l.p, s0l2.p, 0)
	f(s0.p, s0r.p, s0r2.p, 0)
	f(b0.p, b0l.p, b0l2.p, 0)
	f(s1.p, s1r.p, s1r2.p, 0)
	f(s0.w, s0l.l, s0r.l, 0)
	f(s0.p, s0l.l, s0r.l, 0)
	f(s1.p, s1l.l, s1r.l, 0)
	f(s0.w, b0.p, b0l.l, 0)

	// Distance.
	f(s0.w, d, 0, 0)
	f(s0.p, d, 0, 0)
	f(b0.w, d, 0, 0)
	f(b0.p, d, 0, 0)
	f(s0.w, b0.w, d, 0)
	f(s0.p, b0.p, d, 0)
	f(s1.p, s0.p, d1, 0)
	f(s1.w, s0.w, d1, 0)
	f(s1.p, s0.w, d1, 0)
	f(s1.w, s0.p, d1, 0)

	// Valency.
	f(s0.w, valency(is0, s.nl), 0, 0)
	f(s0.p, valency(is0, s.nl), 0, 0)
	f(s0.w, valency(is0, s.nr), 0, 0)
	f(s0.p, valency(is0, s.nr), 0, 0)
	f(s1.w, valency(is1, s.nl), 0, 0)
	f(s1.p, valency(is1, s.nl), 0, 0)
	f(s1.w, valency(is1, s.nr), 0, 0)
	f(s1.p, valency(is1, s.nr), 0, 0)
	f(b0.w, valency(ib0, s.nl), 0, 0)
	f(b0.p, valency(ib0, s.nl), 0, 0)

	// Label sets.
	f(s0.w, labelSet(is0, s.rset), 0, 0)
	f(s0.p, labelSet(is0, s.rset), 0, 0)
	f(s0.w, labelSet(is0, s.lset), 0, 0)
	f(s0.p, labelSet(is0, s.lset), 0, 0)
	f(s1.p, labelSet(is1, s.rset), 0, 0)
	f(s1.p, labelSet(is1, s.lset), 0, 0)
	f(b0.w, labelSet(ib0, s.lset), 0, 0)
	f(b0.p, labelSet(ib0, s.lset), 0, 0)
	return out
}
