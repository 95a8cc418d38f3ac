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
// both passes. Weights are 16-bit, as in the model file: layer k's weight is
// the stored value times scale[k].
//
// A record is recLanes 16-bit lanes packed four to a uint64, each holding
// its weight plus 1<<15 (so that all lanes are unsigned): label y of layer k
// is lane k*nLabels+y, the last two lanes are padding. Summing records then
// takes two masked uint64 additions per four weights (see sum).
type jointTable struct {
	index table    // feature hash -> record number
	recs  []uint64 // record r at recs[r*recWords:(r+1)*recWords]
	scale [2]float32
}

const (
	recLanes = 4 * recWords
	recWords = (2*nLabels + 3) / 4
	laneBias = 1 << 15
	// evenLanes masks lanes 0 and 2 of a word, widened to 32 bits apiece.
	evenLanes = 0x0000ffff0000ffff
)

// record is one feature's weights in the joint table.
type record = [recWords]uint64

// newJointTable returns a joint table for n distinct features.
func newJointTable(n int) *jointTable {
	return &jointTable{index: newTable(n), recs: make([]uint64, 0, n*recWords)}
}

// put sets layer k's (0 or 1) weights of feature h; the table must have room
// (see newJointTable).
func (t *jointTable) put(h uint64, k int, w []int16) {
	s := t.index.put(h)
	if s.row < 0 {
		s.row = int32(len(t.recs) / recWords)
		for range recWords {
			t.recs = append(t.recs, laneBias*0x0001000100010001) // all weights 0
		}
	}
	r := (*record)(t.recs[int(s.row)*recWords:])
	for y, v := range w {
		l := k*nLabels + y
		shift := 16 * uint(l%4)
		r[l/4] = r[l/4]&^(0xffff<<shift) | uint64(uint16(int32(v)+laneBias))<<shift
	}
}

// sum sets sums to the weights of the features fs summed lane by lane
// (features the table lacks add nothing): sums[k*nLabels+y] is layer k's
// total for label y, in units of scale[k]. The sums are exact.
func (t *jointTable) sum(fs []uint64, sums *[recLanes]int32) {
	// even[j] accumulates lanes 4j and 4j+2 of the records in its two
	// 32-bit halves, odd[j] lanes 4j+1 and 4j+3. A lane holds at most
	// 0xffff, so 65,536 features fit.
	var even, odd [recWords]uint64
	n := uint32(0)
	for _, f := range fs {
		i := t.index.get(f)
		if i < 0 {
			continue
		}
		n++
		for j, x := range (*record)(t.recs[int(i)*recWords:]) {
			even[j] += x & evenLanes
			odd[j] += x >> 16 & evenLanes
		}
	}
	bias := n * laneBias
	for j := range even {
		sums[4*j] = int32(uint32(even[j]) - bias)
		sums[4*j+1] = int32(uint32(odd[j]) - bias)
		sums[4*j+2] = int32(uint32(even[j]>>32) - bias)
		sums[4*j+3] = int32(uint32(odd[j]>>32) - bias)
	}
}
