package ner

// table maps 64-bit keys (feature, word and phrase hashes) to int32 values:
// open addressing with linear probing over a power-of-two array, at most half
// full, the home slot chosen by Fibonacci hashing (the top bits of the key
// times 2^64/phi). It is several times faster than a Go map for this one job.
type table struct {
	slots []slot
	shift uint8 // 64 - log2(len(slots))
	mask  uint64
}

type slot struct {
	key uint64 // 0: empty (a key of 0 is stored as 1)
	row int32
}

func newTable(n int) table {
	size, shift := 16, uint8(60)
	for size < 2*n {
		size <<= 1
		shift--
	}
	return table{slots: make([]slot, size), shift: shift, mask: uint64(size - 1)}
}

func fixKey(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (t *table) home(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> t.shift }

// get returns the value of key h, or -1.
func (t *table) get(h uint64) int32 {
	h = fixKey(h)
	for i := t.home(h); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			return s.row
		}
		if s.key == 0 {
			return -1
		}
	}
}

// put returns the slot of key h, adding it with value -1 if it is new. The
// table must have room (see newTable).
func (t *table) put(h uint64) *slot {
	h = fixKey(h)
	for i := t.home(h); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == 0 {
			s.key, s.row = h, -1
		}
		if s.key == h {
			return s
		}
	}
}

// jointTable maps a feature hash to its weights in both layers, kept side by
// side in one record so that one lookup and one neighbourhood of memory serve
// both passes.
type jointTable struct {
	index table // feature hash -> record number
	// recs holds record r at recs[r*recLen:(r+1)*recLen]: the first layer's
	// weights, then the second's, zero where the layer lacks the feature.
	recs []float32
}

// recLen is the length of a record of the joint table.
const recLen = 2 * nLabels

// record is one feature's weights in the joint table.
type record = [recLen]float32

// newJointTable returns a joint table for n distinct features.
func newJointTable(n int) *jointTable {
	return &jointTable{index: newTable(n), recs: make([]float32, 0, n*recLen)}
}

// get returns the record of feature h, or nil.
func (t *jointTable) get(h uint64) *record {
	if r := t.index.get(h); r >= 0 {
		return (*record)(t.recs[int(r)*recLen:])
	}
	return nil
}

// put sets layer k's (0 or 1) weights of feature h; the table must have room
// (see newJointTable).
func (t *jointTable) put(h uint64, k int, w []float32) {
	s := t.index.put(h)
	if s.row < 0 {
		s.row = int32(len(t.recs) / recLen)
		t.recs = append(t.recs, make([]float32, recLen)...)
	}
	copy(t.recs[int(s.row)*recLen+k*nLabels:][:nLabels], w)
}
