package ner

// table maps 64-bit hashes (of features, words, phrases) to values of type
// V: open addressing with linear probing over a power-of-two array at most
// three quarters full, the home slot chosen by Fibonacci hashing (the top
// bits of the hash times 2^64/phi). Probing reads an array of 16-bit tags
// (bits of the hash), so that the tags of a table of 100,000 entries fit in
// the core's cache in 256 KB, and each entry keeps its hash beside its value:
// finding a hash costs one visit to main memory, and finding none almost
// always none. It is several times faster than a Go map for this job.
type table[V any] struct {
	tags  []uint16 // per slot: the tag of its hash (never 0), or 0 when empty
	ents  []entry[V]
	shift uint8 // 64 - log2(len(tags))
	mask  int
}

type entry[V any] struct {
	key uint64
	val V
}

// newTable returns a table with room for n hashes.
func newTable[V any](n int) table[V] {
	size, shift := 16, uint8(60)
	for 3*size < 4*n {
		size <<= 1
		shift--
	}
	return table[V]{tags: make([]uint16, size), ents: make([]entry[V], size), shift: shift, mask: size - 1}
}

func tagOf(h uint64) uint16 { return uint16(h>>48) | 1 }

func (t *table[V]) home(h uint64) int { return int((h * 0x9e3779b97f4a7c15) >> (t.shift & 63)) }

// get returns the value of hash h, or nil.
func (t *table[V]) get(h uint64) *V {
	tag := tagOf(h)
	for i := t.home(h); ; i = (i + 1) & t.mask {
		switch t.tags[i] {
		case tag:
			if e := &t.ents[i]; e.key == h {
				return &e.val
			}
		case 0:
			return nil
		}
	}
}

// candidate returns the first slot from h's home on whose tag is h's, or -1
// when an empty slot comes first: h is there, further on, or nowhere.
func (t *table[V]) candidate(h uint64) int {
	tag := tagOf(h)
	for i := t.home(h); ; i = (i + 1) & t.mask {
		switch t.tags[i] {
		case tag:
			return i
		case 0:
			return -1
		}
	}
}

// put returns the value of hash h, adding h with the zero value if it is
// new. The table must have room (see newTable).
func (t *table[V]) put(h uint64) (v *V, added bool) {
	tag := tagOf(h)
	i := t.home(h)
	for t.tags[i] != 0 && (t.tags[i] != tag || t.ents[i].key != h) {
		i = (i + 1) & t.mask
	}
	if t.tags[i] == 0 {
		t.tags[i], t.ents[i].key, added = tag, h, true
	}
	return &t.ents[i].val, added
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
	table[record]
	scale [2]float32
}

const (
	// recWords is 9 (sum is written out for it).
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
	return &jointTable{table: newTable[record](n)}
}

// setWeights sets layer k's (0 or 1) weights of feature h; the table must
// have room (see newJointTable).
func (t *jointTable) setWeights(h uint64, k int, w []int16) {
	r, added := t.put(h)
	if added {
		for j := range r {
			r[j] = laneBias * 0x0001000100010001 // all weights 0
		}
	}
	for y, v := range w {
		l := uint(k*nLabels + y)
		shift := 16 * (l % 4)
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
	// First the tags of a batch of features, which are in the cache, and
	// the two ends of their entries (80 bytes, two cache lines), which
	// mostly are not: read in a loop that waits for none of them, they
	// arrive together. Then the records.
	var (
		slot      [64]int
		key, last [64]uint64
	)
	for len(fs) > 0 {
		batch := fs[:min(len(fs), len(slot))]
		fs = fs[len(batch):]
		for k, f := range batch {
			i := t.candidate(f)
			slot[k] = i
			if i >= 0 {
				e := &t.ents[i]
				key[k], last[k] = e.key, e.val[recWords-1]
			}
		}
		for k, f := range batch {
			i := slot[k]
			if i < 0 {
				continue
			}
			r := &t.ents[i].val
			if key[k] != f {
				// Another hash with the same tag: look further.
				if r = t.get(f); r == nil {
					continue
				}
				last[k] = r[recWords-1]
			}
			n++
			// Written out: the loop costs more than the additions.
			even[0], odd[0] = even[0]+r[0]&evenLanes, odd[0]+r[0]>>16&evenLanes
			even[1], odd[1] = even[1]+r[1]&evenLanes, odd[1]+r[1]>>16&evenLanes
			even[2], odd[2] = even[2]+r[2]&evenLanes, odd[2]+r[2]>>16&evenLanes
			even[3], odd[3] = even[3]+r[3]&evenLanes, odd[3]+r[3]>>16&evenLanes
			even[4], odd[4] = even[4]+r[4]&evenLanes, odd[4]+r[4]>>16&evenLanes
			even[5], odd[5] = even[5]+r[5]&evenLanes, odd[5]+r[5]>>16&evenLanes
			even[6], odd[6] = even[6]+r[6]&evenLanes, odd[6]+r[6]>>16&evenLanes
			even[7], odd[7] = even[7]+r[7]&evenLanes, odd[7]+r[7]>>16&evenLanes
			even[8], odd[8] = even[8]+last[k]&evenLanes, odd[8]+last[k]>>16&evenLanes
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
