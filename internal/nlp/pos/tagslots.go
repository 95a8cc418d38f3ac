package pos

// tagSlots holds the slots of the features that depend on tags alone (the
// last two tags; an earlier pass's tags of the word and the next two) by
// tag position, so that decoding finds them in small arrays rather than in
// the feature table: there are few tags, and the beam search looks these
// features up for every hypothesis, where a hash lookup in a table of
// hundreds of thousands of features is a cache miss.
type tagSlots struct {
	n     int     // positions: the classes, then startTag, then endTag
	slots []fslot // slots[0] is empty: absent features point at it
	// By position, and by position pair (a*n + b).
	p1, p2, n0, n1               []int32
	p1p2, n0n1, n1n2, p1n0, p1n1 []int32
}

// newTagSlots tabulates the tag features found in f for nclass classes.
func newTagSlots(nclass int, f *ftable) *tagSlots {
	t := &tagSlots{n: nclass + 2, slots: []fslot{{}}}
	value := func(k int) uint64 {
		switch k {
		case nclass:
			return startTag
		case nclass + 1:
			return endTag
		}
		return uint64(k)
	}
	ref := func(h uint64) int32 {
		s, ok := f.get(h)
		if !ok {
			return 0
		}
		t.slots = append(t.slots, s)
		return int32(len(t.slots) - 1)
	}
	one := func(template int) []int32 {
		out := make([]int32, t.n)
		for k := range out {
			out[k] = ref(feat(template, value(k)))
		}
		return out
	}
	two := func(template int) []int32 {
		out := make([]int32, t.n*t.n)
		for a := range t.n {
			for b := range t.n {
				out[a*t.n+b] = ref(feat2(template, value(a), value(b)))
			}
		}
		return out
	}
	t.p1, t.p2, t.n0, t.n1 = one(fP1), one(fP2), one(fN0), one(fN1)
	t.p1p2, t.n0n1, t.n1n2 = two(fP1P2), two(fN0N1), two(fN1N2)
	t.p1n0, t.p1n1 = two(fP1N0), two(fP1N1)
	return t
}

// at returns the position of a tag value.
func (t *tagSlots) at(tag uint64) int {
	switch tag {
	case startTag:
		return t.n - 2
	case endTag:
		return t.n - 1
	}
	return int(tag)
}

// one returns the slot of a feature of one tag.
func (t *tagSlots) one(refs []int32, a uint64) fslot { return t.slots[refs[t.at(a)]] }

// two returns the slot of a feature of two tags.
func (t *tagSlots) two(refs []int32, a, b uint64) fslot {
	return t.slots[refs[t.at(a)*t.n+t.at(b)]]
}
