package stories

// Near-duplicates are found with MinHash (Broder 1997) over 5-word
// shingles of the lowercased text, and locality-sensitive hashing over the
// signatures: the signature's numHashes values fall into numBands bands of
// bandRows; two documents that agree on a whole band are candidates, and a
// candidate whose signatures agree on at least Options.Duplicate of their
// values (the estimated Jaccard similarity of the shingle sets) is a
// near-duplicate. With 16 bands of 4 rows, a pair at Jaccard 0.7 is a
// candidate with probability 1-(1-0.7^4)^16 = 0.9986.
const (
	shingleWords = 5
	numHashes    = 64
	numBands     = 16
	bandRows     = numHashes / numBands
)

// signature is a document's MinHash signature.
type signature [numHashes]uint32

// minhash returns the signature of text and whether it has one: a text
// with no words has none. A text shorter than a shingle is one shingle.
func minhash(text string) (signature, bool) {
	var sig signature
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var ring [shingleWords]uint64
	n := 0
	addShingle := func(k int) {
		h := uint64(14695981039346656037)
		for j := 0; j < k; j++ {
			h ^= ring[(n-k+j)%shingleWords]
			h *= 1099511628211
		}
		for i := range sig {
			if v := uint32(mix(h + seeds[i])); v < sig[i] {
				sig[i] = v
			}
		}
	}
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	words(text, func(w string) {
		h := uint64(14695981039346656037) // FNV-1a
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 1099511628211
		}
		ring[n%shingleWords] = h
		n++
		if n >= shingleWords {
			addShingle(shingleWords)
		}
	})
	switch {
	case n == 0:
		return sig, false
	case n < shingleWords:
		addShingle(n)
	}
	return sig, true
}

// similarity is the share of values two signatures agree on: an estimate
// of the Jaccard similarity of the shingle sets.
func (s *signature) similarity(o *signature) float64 {
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

// band is the LSH key of band b of the signature.
func (s *signature) band(b int) uint64 {
	h := uint64(b) * 0x9e3779b97f4a7c15
	for _, v := range s[b*bandRows : (b+1)*bandRows] {
		h = mix(h ^ uint64(v))
	}
	return h
}

// mix is SplitMix64's finaliser: a cheap bijective 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// seeds make numHashes independent hash functions out of mix.
var seeds = func() (s [numHashes]uint64) {
	x := uint64(0x5173_7265_7000_0001)
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()
