package parse

// The transition system is arc-hybrid (Kuhlmann, Gómez-Rodríguez and Satta,
// 2011) with the artificial root placed at the END of the buffer
// (Ballesteros and Nivre, 2013). Its three moves, for stack σ|s1|s0 and
// buffer b0|β:
//
//	SHIFT    push b0 onto the stack
//	LEFT-l   add the arc b0 -l-> s0 and pop s0
//	RIGHT-l  add the arc s1 -l-> s0 and pop s0
//
// The root token is never shifted, and LEFT onto it is allowed only when the
// stack holds a single word, so every derivation ends in a well-formed tree
// with exactly one word attached to the root.
//
// Tokens are numbered 0..n-1, and n is the root.

const (
	none     = -1
	shiftCls = 0
)

// state is a parser configuration, reused across sentences.
type state struct {
	n      int
	stack  []int32
	b      int32 // front of the buffer: the buffer is b..n
	heads  []int32
	labels []uint8
	// Leftmost, second leftmost, rightmost and second rightmost children.
	lc1, lc2, rc1, rc2 []int32
	nl, nr             []uint8 // number of left and right children
	lset, rset         []uint64
}

func (s *state) reset(n int) {
	s.n = n
	s.stack = s.stack[:0]
	s.b = 0
	m := n + 1
	s.heads = fillI32(s.heads, m, none)
	s.lc1 = fillI32(s.lc1, m, none)
	s.lc2 = fillI32(s.lc2, m, none)
	s.rc1 = fillI32(s.rc1, m, none)
	s.rc2 = fillI32(s.rc2, m, none)
	s.labels = fillU8(s.labels, m)
	s.nl = fillU8(s.nl, m)
	s.nr = fillU8(s.nr, m)
	s.lset = fillU64(s.lset, m)
	s.rset = fillU64(s.rset, m)
}

func fillI32(x []int32, n int, v int32) []int32 {
	if cap(x) < n {
		x = make([]int32, n)
	}
	x = x[:n]
	for i := range x {
		x[i] = v
	}
	return x
}

func fillU8(x []uint8, n int) []uint8 {
	if cap(x) < n {
		x = make([]uint8, n)
	}
	x = x[:n]
	clear(x)
	return x
}

func fillU64(x []uint64, n int) []uint64 {
	if cap(x) < n {
		x = make([]uint64, n)
	}
	x = x[:n]
	clear(x)
	return x
}

func (s *state) terminal() bool { return len(s.stack) == 0 && int(s.b) == s.n }

// stackAt returns the i-th item from the top of the stack, or none.
func (s *state) stackAt(i int) int32 {
	if i < len(s.stack) {
		return s.stack[len(s.stack)-1-i]
	}
	return none
}

// bufAt returns the i-th item of the buffer (the root included), or none.
func (s *state) bufAt(i int) int32 {
	if j := int(s.b) + i; j <= s.n {
		return int32(j)
	}
	return none
}

// canShift, canLeft and canRight say which moves are valid.
func (s *state) canShift() bool { return int(s.b) < s.n }

func (s *state) canLeft() bool {
	return len(s.stack) > 0 && (int(s.b) < s.n || len(s.stack) == 1)
}

func (s *state) canRight() bool { return len(s.stack) > 1 }

func (s *state) addArc(h, d int32, l uint8) {
	s.heads[d] = h
	s.labels[d] = l
	bit := uint64(1) << (l & 63)
	if d < h {
		s.nl[h]++
		s.lset[h] |= bit
		switch {
		case s.lc1[h] == none || d < s.lc1[h]:
			s.lc2[h] = s.lc1[h]
			s.lc1[h] = d
		case s.lc2[h] == none || d < s.lc2[h]:
			s.lc2[h] = d
		}
	} else {
		s.nr[h]++
		s.rset[h] |= bit
		switch {
		case s.rc1[h] == none || d > s.rc1[h]:
			s.rc2[h] = s.rc1[h]
			s.rc1[h] = d
		case s.rc2[h] == none || d > s.rc2[h]:
			s.rc2[h] = d
		}
	}
}

// move kinds of a class.
const (
	mShift = iota
	mLeft
	mRight
)

// decode splits a class into its move kind and label (1-based; 0 for shift).
// Classes are 0 for SHIFT, 1..L for LEFT-l and L+1..2L for RIGHT-l.
func decode(cls, nLabels int) (kind int, label uint8) {
	switch {
	case cls == shiftCls:
		return mShift, 0
	case cls <= nLabels:
		return mLeft, uint8(cls)
	default:
		return mRight, uint8(cls - nLabels)
	}
}

func (s *state) valid(kind int) bool {
	switch kind {
	case mShift:
		return s.canShift()
	case mLeft:
		return s.canLeft()
	}
	return s.canRight()
}

func (s *state) apply(kind int, l uint8) {
	switch kind {
	case mShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case mLeft:
		s0 := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.addArc(s.b, s0, l)
	case mRight:
		s0 := s.stack[len(s.stack)-1]
		s1 := s.stack[len(s.stack)-2]
		s.stack = s.stack[:len(s.stack)-1]
		s.addArc(s1, s0, l)
	}
}

// costs computes the dynamic-oracle cost of each move kind (Goldberg and
// Nivre, 2013, for arc-hybrid): the number of gold arcs a move makes
// unreachable. gold holds each token's gold head (n for the root). A label
// costs one more when the move makes the token's gold arc with another label.
func (s *state) costs(gold []int32) (shift, left, right int) {
	k := len(s.stack)
	b := s.b
	if s.canShift() {
		// b0 loses heads in the stack below s0 and dependents anywhere in
		// the stack.
		for i, x := range s.stack {
			if gold[b] == x && i != k-1 {
				shift++
			}
			if gold[x] == b {
				shift++
			}
		}
	}
	if k > 0 {
		s0 := s.stack[k-1]
		// Popping s0 loses its dependents still in the buffer, and its head
		// if that is in the buffer past b0 (LEFT) or anywhere in the buffer
		// (RIGHT) or s1 (LEFT).
		deps := 0
		for j := b; j < int32(s.n); j++ {
			if gold[j] == s0 {
				deps++
			}
		}
		left, right = deps, deps
		h := gold[s0]
		if h > b {
			left++
		}
		if h >= b {
			right++
		}
		if k > 1 && h == s.stack[k-2] {
			left++
		}
	}
	return shift, left, right
}
