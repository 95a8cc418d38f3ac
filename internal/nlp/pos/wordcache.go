package pos

// wordCache keeps, for the words a tagger has met lately, the sums of the
// weights of their word features (wordFeatures) in every pass. News repeats
// its words, and a sum read from here replaces some twenty lookups in the
// model's feature table, each likely a cache miss. Each tagging scratch
// space (work) has its own, so it needs no lock; when full it is emptied.
type wordCache struct {
	keys []wordKey // open addressing; the zero key marks an empty slot
	at   []int32   // the slot's sums start at sums[at*stride]
	sums []float32
	n    int
}

// wordKey identifies a word as far as its word features go: the form, the
// flags (which mark acronyms and first words) and the sentence's
// capitalisation bucket.
type wordKey struct{ raw, flags, caps uint64 }

// wordCacheSize is the number of words a cache holds.
const wordCacheSize = 8192

// find returns the sums of key's word features (stride floats: width per
// pass) and whether they were there; when they were not, it returns zeroed
// space for them, which the caller fills.
func (c *wordCache) find(key wordKey, stride int) ([]float32, bool) {
	if c.keys == nil {
		c.keys = make([]wordKey, 2*wordCacheSize)
		c.at = make([]int32, 2*wordCacheSize)
		c.sums = make([]float32, 0, wordCacheSize*stride)
	}
	mask := uint64(len(c.keys) - 1)
	i := mix(key.raw^key.flags*0x9e3779b97f4a7c15^key.caps<<56) & mask
	for ; c.keys[i] != (wordKey{}); i = (i + 1) & mask {
		if c.keys[i] == key {
			lo := int(c.at[i]) * stride
			return c.sums[lo : lo+stride], true
		}
	}
	if c.n == wordCacheSize {
		clear(c.keys)
		c.sums, c.n = c.sums[:0], 0
		return c.find(key, stride)
	}
	c.keys[i], c.at[i] = key, int32(c.n)
	c.n++
	lo := len(c.sums)
	c.sums = append(c.sums, make([]float32, stride)...)
	return c.sums[lo : lo+stride], false
}
