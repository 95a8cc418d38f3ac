package ner

import (
	"maps"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes of a template number and the values it combines
// (the lowercased word two to the left, the shape of the word, ...), so that
// extracting them allocates nothing. A trained model keeps a weight row for
// each hash it saw in training; unseen hashes are ignored at tagging time.

// Feature templates. The numbers enter the hashes: never renumber, only append
// (a renumbered template silently turns a trained model into noise).
const (
	fBias = iota + 1
	fWord
	fLower
	fShape
	fPrefix // + length 1..4 (4 templates)
	_
	_
	_
	fSuffix // + length 1..4
	_
	_
	_
	fLowerAt // + offset -2..2 shifted to 0..4 (offset 0 unused)
	_
	_
	_
	_
	fShapeAt // + offset -1..1 shifted to 0..2
	_
	_
	fShape3
	fLowerBigramL
	fLowerBigramR
	fCluster // + prefix length index (4 templates)
	_
	_
	_
	fClusterL // + prefix length index (2 templates)
	_
	fClusterR // + prefix length index (2 templates)
	_
	fGaz
	fGazL
	fGazR
	fInitialShape
	fHeadShape
	fHeadLower
	fDocShape
	fPrevLowerShape
	fShapeNextLower
	fLenShape
	fHistory // stage-two features: what the first pass predicted elsewhere in the document
	fHistoryShape
	_ // unused; keeps the numbers of the templates after it
	fHistMaj
	fHistMajFlags
	fWordAt // + offset -1, 1 shifted to 0, 1
	_
	fSuffixAt // + offset -1, 1 shifted to 0, 1
	_
)

// Token flags.
const (
	flagInitCap  = 1 << iota // first letter upper case
	flagAllCaps              // every letter upper case, at least one letter
	flagLower                // every letter lower case, at least one letter
	flagInitial              // first word of its sentence (after opening punctuation)
	flagHeadline             // the sentence is written in capitals
)

// token holds what the feature templates need of one word, computed once.
type token struct {
	word    string
	lower   uint64 // hash of the word lowercased with digits folded to 0
	shape   uint64
	pre     [4]uint64
	suf     [4]uint64
	clu     [len(clusterLengths)]uint64 // 0 when the word has no cluster
	gaz     [maxGaz]uint64              // gazetteer features of the word
	ngaz    uint8
	gazCat  uint64 // the categories of gazetteer matches covering the word, as one value
	flags   uint8
	doc     uint64 // document-level evidence about the word's case
	hist    uint64 // first-pass labels of the word in the document (0 when none)
	histMaj uint64 // the label most given to the word at its other places (0 when none)
	typ     int32  // the word's number among the document's words (by lower)
	nlen    uint64
}

// clusterLengths are the prefix lengths of cluster bit strings used as
// features, as in Ratinov and Roth (2009).
var clusterLengths = [...]int{4, 6, 10, 20}

// Hashing: FNV-1a over bytes, then a splitmix64 finaliser to combine values.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashBytes(s []byte) uint64 {
	h := uint64(fnvOffset)
	for _, b := range s {
		h ^= uint64(b)
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	return h * fnvPrime
}

func hashRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		return hashByte(h, byte(r))
	}
	var buf [4]byte
	n := utf8.EncodeRune(buf[:], r)
	for i := 0; i < n; i++ {
		h = hashByte(h, buf[i])
	}
	return h
}

func mix(a, b uint64) uint64 {
	x := a*0x9e3779b97f4a7c15 ^ b
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func feat(t int, v uint64) uint64     { return mix(uint64(t), v) }
func feat2(t int, a, b uint64) uint64 { return mix(mix(uint64(t), a), b) }

// Boundary values for positions outside the sentence.
var (
	hashBOS = hashString("<s>")
	hashEOS = hashString("</s>")
)

// lowerKey appends the normalised form of w used for clusters and the
// gazetteer: lower case, digits folded to 0.
func lowerKey(dst []byte, w string) []byte {
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			dst = append(dst, '0')
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// LowerKey is the normalised form of a word under which clusters and
// gazetteer names are stored: lower case, digits folded to 0.
func LowerKey(w string) string { return string(lowerKey(nil, w)) }

// shapeOf hashes the short shape of w (X for upper case, x for lower case, d
// for a digit, other characters as they are, runs collapsed) and sets flags.
func shapeOf(w string) (uint64, uint8) {
	h := uint64(fnvOffset)
	var last rune = -1
	upper, lower, letters := 0, 0, 0
	first := true
	var flags uint8
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
			if first {
				flags |= flagInitCap
			}
		case unicode.IsLetter(r):
			c = 'x'
			lower++
			letters++
		case unicode.IsDigit(r):
			c = 'd'
		}
		first = false
		if c != last {
			h = hashRune(h, c)
			last = c
		}
	}
	if letters > 0 && upper == letters {
		flags |= flagAllCaps
	}
	if letters > 0 && lower == letters {
		flags |= flagLower
	}
	return h, flags
}

// wordIndex holds the clusters and the gazetteer in the form tagging reads
// them.
type wordIndex struct {
	// clusters maps the hash of a normalised word (token.lower) to its
	// token.clu values. A word is known by that hash, as the features
	// know it.
	clusters table[[len(clusterLengths)]uint64]
	gaz      table[uint8] // phrase hash -> categories
	ngaz     int          // phrases in gaz
}

// indexWords builds m.words from m.clusters and m.gaz.
func (m *Model) indexWords() {
	x := &wordIndex{
		clusters: newTable[[len(clusterLengths)]uint64](len(m.clusters)),
		gaz:      newTable[uint8](len(m.gaz)),
	}
	// In sorted order, so that the tables (and model images) are the same
	// from run to run.
	for _, w := range slices.Sorted(maps.Keys(m.clusters)) {
		path := m.clusters[w]
		clu, _ := x.clusters.put(hashString(w))
		for k, l := range clusterLengths {
			clu[k] = hashString(path[:min(l, len(path))]) + 1
		}
	}
	for _, h := range slices.Sorted(maps.Keys(m.gaz)) {
		v, _ := x.gaz.put(h)
		*v = m.gaz[h]
	}
	x.ngaz = len(m.gaz)
	m.words = x
}

// prepare fills toks for the words of one sentence with the word-level values
// (everything but gazetteer, document and history values).
func (m *Model) prepare(toks []token, words []string, key []byte) []byte {
	for i, w := range words {
		t := &toks[i]
		*t = token{word: w}
		key = lowerKey(key[:0], w)
		t.lower = hashBytes(key)
		t.shape, t.flags = shapeOf(w)
		for k := range t.pre {
			if k+1 <= len(w) {
				t.pre[k] = hashString(w[:k+1])
				t.suf[k] = hashString(w[len(w)-k-1:])
			}
		}
		n := utf8.RuneCountInString(w)
		switch {
		case n <= 3:
			t.nlen = uint64(n)
		case n <= 6:
			t.nlen = 4
		default:
			t.nlen = 5
		}
		if clu := m.words.clusters.get(t.lower); clu != nil {
			t.clu = *clu
		}
	}
	// Sentence-initial word: the first word after any opening punctuation.
	for i := range toks {
		if toks[i].flags&(flagInitCap|flagLower|flagAllCaps) != 0 || toks[i].shape != toks[0].shape {
			toks[i].flags |= flagInitial
			break
		}
		if i >= 2 {
			break
		}
	}
	// A headline: most letters of the sentence upper case.
	caps, words2 := 0, 0
	for i := range toks {
		if toks[i].flags&(flagInitCap|flagLower|flagAllCaps) != 0 {
			words2++
			if toks[i].flags&flagAllCaps != 0 {
				caps++
			}
		}
	}
	if words2 >= 2 && caps*5 >= words2*4 {
		for i := range toks {
			toks[i].flags |= flagHeadline
		}
	}
	return key
}

// features appends the feature hashes of position i of toks to dst.
func (m *Model) features(dst []uint64, toks []token, i int) []uint64 {
	t := &toks[i]
	lowerAt := func(k int) uint64 {
		j := i + k
		switch {
		case j < 0:
			return hashBOS + uint64(-j)
		case j >= len(toks):
			return hashEOS + uint64(j-len(toks))
		}
		return toks[j].lower
	}
	shapeAt := func(k int) uint64 {
		j := i + k
		switch {
		case j < 0:
			return hashBOS
		case j >= len(toks):
			return hashEOS
		}
		return toks[j].shape
	}
	dst = append(dst,
		feat(fBias, 0),
		feat(fWord, hashString(t.word)),
		feat(fLower, t.lower),
		feat(fShape, t.shape),
		feat(fLenShape, mix(t.nlen, t.shape)),
	)
	for k := range t.pre {
		if t.pre[k] != 0 {
			dst = append(dst, feat(fPrefix+k, t.pre[k]), feat(fSuffix+k, t.suf[k]))
		}
	}
	for k := -2; k <= 2; k++ {
		if k != 0 {
			dst = append(dst, feat(fLowerAt+k+2, lowerAt(k)))
		}
	}
	sl, sr := shapeAt(-1), shapeAt(1)
	dst = append(dst,
		feat(fShapeAt+0, sl),
		feat(fShapeAt+2, sr),
		feat2(fShape3, mix(sl, t.shape), sr),
		feat2(fLowerBigramL, lowerAt(-1), t.lower),
		feat2(fLowerBigramR, t.lower, lowerAt(1)),
		feat2(fPrevLowerShape, lowerAt(-1), t.shape),
		feat2(fShapeNextLower, t.shape, lowerAt(1)),
	)
	if i > 0 {
		p := &toks[i-1]
		dst = append(dst, feat(fWordAt, hashString(p.word)), feat(fSuffixAt, p.suf[2]))
	}
	if i+1 < len(toks) {
		n := &toks[i+1]
		dst = append(dst, feat(fWordAt+1, hashString(n.word)), feat(fSuffixAt+1, n.suf[2]))
	}
	if t.clu[0] != 0 {
		for k := range t.clu {
			dst = append(dst, feat(fCluster+k, t.clu[k]))
		}
	}
	if i > 0 && toks[i-1].clu[0] != 0 {
		dst = append(dst, feat(fClusterL, toks[i-1].clu[1]), feat(fClusterL+1, toks[i-1].clu[3]))
	}
	if i+1 < len(toks) && toks[i+1].clu[0] != 0 {
		dst = append(dst, feat(fClusterR, toks[i+1].clu[1]), feat(fClusterR+1, toks[i+1].clu[3]))
	}
	for _, g := range t.gaz[:t.ngaz] {
		dst = append(dst, feat(fGaz, g))
	}
	if i > 0 && toks[i-1].gazCat != 0 {
		dst = append(dst, feat(fGazL, toks[i-1].gazCat))
	}
	if i+1 < len(toks) && toks[i+1].gazCat != 0 {
		dst = append(dst, feat(fGazR, toks[i+1].gazCat))
	}
	if t.flags&flagInitial != 0 {
		dst = append(dst, feat(fInitialShape, t.shape))
	}
	if t.flags&flagHeadline != 0 {
		dst = append(dst, feat(fHeadShape, t.shape), feat(fHeadLower, t.lower))
	}
	if t.doc != 0 {
		dst = append(dst, feat2(fDocShape, t.doc, t.shape))
	}
	return dst
}

// histFeatures appends the second-pass features of a token: what the first
// pass said about its word elsewhere in the document.
func histFeatures(dst []uint64, t *token) []uint64 {
	if t.hist != 0 {
		dst = append(dst, feat(fHistory, t.hist), feat2(fHistoryShape, t.hist, t.shape))
	}
	if t.histMaj != 0 {
		dst = append(dst, feat(fHistMaj, t.histMaj), feat2(fHistMajFlags, t.histMaj, uint64(t.flags&(flagInitial|flagHeadline|flagAllCaps))))
	}
	return dst
}
