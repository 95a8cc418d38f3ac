package pos

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes of (template, value) pairs. Each word's values
// are hashed once (wordInfo); a feature then mixes a template number into
// them, so extracting features allocates nothing.

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

// mix finalises a feature hash (splitmix64).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// feat is the hash of template t with value v.
func feat(t int, v uint64) uint64 { return mix(v ^ uint64(t)<<56 ^ uint64(t)*0x2545f4914f6cdd1d) }

// feat2 is the hash of template t with values a and b.
func feat2(t int, a, b uint64) uint64 { return feat(t, a*0x100000001b3^mix(b)) }

// wordInfo holds the hashed values of one word.
type wordInfo struct {
	norm   uint64 // lower case, digits generalised
	raw    uint64 // the form as written (quotes normalised)
	suf    [4]uint64
	pre    [3]uint64
	shape  uint64
	hyph   uint64 // last part of a hyphenated word, 0 if none
	hsuf   uint64 // its last three letters
	flags  uint64
	caps   uint64 // how capitalised the sentence is (set by sentenceCase)
	fine   uint64 // word cluster, 0 if none
	coarse uint64 // coarse word cluster, 0 if none
	capb   uint64 // how often the word is capitalised in unlabelled text (capBucket)
	lookup string // the key for the tag dictionary, "" for none
}

// Boundary words.
var (
	startInfo = wordInfo{norm: hashString("-START-"), suf: [4]uint64{1, 1, 1, 1}, shape: hashString("-START-"),
		fine: 1 << 20, coarse: 1 << 20}
	endInfo = wordInfo{norm: hashString("-END-"), suf: [4]uint64{2, 2, 2, 2}, shape: hashString("-END-"),
		fine: 1<<20 + 1, coarse: 1<<20 + 1}
)

// normalize makes typographic quotes and apostrophes plain, as in the
// training data.
func normalize(w string) string {
	if !strings.ContainsAny(w, "“”„‘’«»‹›") {
		return w
	}
	switch w {
	case "“", "„", "«", "‹":
		return "``"
	case "”", "»", "›":
		return "''"
	case "‘":
		return "`"
	}
	return strings.ReplaceAll(w, "’", "'")
}

// normWord generalises numbers and lower-cases.
func normWord(lw string) string {
	if lw == "" {
		return lw
	}
	digits, letters := 0, 0
	for i := 0; i < len(lw); i++ {
		c := lw[i]
		if c >= '0' && c <= '9' {
			digits++
		} else if c >= 'a' && c <= 'z' {
			letters++
		}
	}
	switch {
	case digits == 0:
		return lw
	case digits == 4 && len(lw) == 4:
		return "!YEAR"
	case letters == 0:
		return "!DIGITS"
	}
	return lw
}

// wordInfos fills ws, as long as words, with the words' values, the
// sentence's capitalisation (sentenceCase) included.
func wordInfos(ws []wordInfo, words []string) {
	for i, w := range words {
		ws[i] = newWordInfo(w, i == 0)
	}
	sentenceCase(ws)
}

func newWordInfo(w string, first bool) wordInfo {
	raw := normalize(w)
	lw := strings.ToLower(raw)
	key := normWord(lw)
	cl := defaultClusters().get(key)
	wi := wordInfo{
		norm:   hashString(key),
		fine:   uint64(cl[0]),
		coarse: uint64(cl[2]),
		capb:   uint64(cl[3]),
		raw:    hashString(raw),
		shape:  shapeHash(raw),
		lookup: raw,
	}
	for k := range wi.suf {
		wi.suf[k] = hashString(suffix(lw, k+1))
	}
	wi.pre[0] = hashString(prefix(raw, 1))
	wi.pre[1] = hashString(prefix(lw, 2))
	wi.pre[2] = hashString(prefix(lw, 3))
	if i := strings.LastIndexByte(lw, '-'); i > 0 && i < len(lw)-1 {
		part := lw[i+1:]
		wi.hyph = hashString(normWord(part))
		wi.hsuf = hashString(suffix(part, 3))
	}
	var fl uint64
	if first {
		fl |= 1
	}
	if strings.ContainsRune(raw, '-') {
		fl |= 2
	}
	if strings.ContainsAny(raw, "0123456789") {
		fl |= 4
	}
	r, _ := utf8.DecodeRuneInString(raw)
	if unicode.IsUpper(r) {
		fl |= 8
	}
	if unicode.IsLetter(r) {
		fl |= 32
	}
	if raw != lw && strings.ToUpper(raw) == raw {
		fl |= 16
	}
	wi.flags = fl
	return wi
}

// suffix returns the last n runes of s (all of s when shorter).
func suffix(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// shapeHash hashes the word's shape: X for upper case, x for lower, d for
// digits, other characters as themselves, runs of more than two collapsed
// ("McGurk" -> "XxXx", "U.S." -> "X.X.", "2017" -> "dd").
func shapeHash(s string) uint64 {
	h := uint64(fnvOffset)
	var last rune
	run := 0
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case unicode.IsLetter(r):
			c = 'L'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// Feature templates. Their numbers are part of the model: never renumber.
const (
	fBias = iota
	fNorm
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fPre1
	fPre2
	fPre3
	fShape
	fFlags
	fP1
	fP2
	fP1P2
	fP1Norm
	fPrevNorm
	fPrevSuf3
	fPrev2Norm
	fNextNorm
	fNextSuf3
	fNext2Norm
	fPrevNormNorm
	fNormNextNorm
	fP1NextNorm
	fPrevShape
	fNextShape
	fRaw
	fHyph
	fHypSuf
	fFlagsShape
	fP1Suf3
	fN1
	fN1N2
	fP1N1
	fNormN1
	fCaseShape
	fCaseNorm
	fPrevSuf1Suf3
	fNextPre1
	fCluster
	fCoarse
	fPrevCoarse
	fNextCoarse
	fNextCluster
	fP1Cluster
	fPrevCluster
	fPrevCoarseCluster
	fClusterNextCoarse
	fAroundCoarse
	fCapCorpus
	fCapCorpusCase
	fPrevShapeShape
	fShapeNextShape
	fN0
	fN0N1
	fP1N0
)

// features appends all the features of word i given the previous two tags
// and (when right is true) an earlier pass's tags of word i and the next two.
func features(dst []uint64, ws []wordInfo, i int, p1, p2 uint64, right bool, r [3]uint64) []uint64 {
	dst = staticFeatures(dst, ws, i)
	return dynamicFeatures(dst, ws, i, p1, p2, right, r)
}

// around returns the words around i, boundary markers past the ends.
func around(ws []wordInfo, i int) (prev2, prev, next, next2 *wordInfo) {
	at := func(k int) *wordInfo {
		switch {
		case k < 0:
			return &startInfo
		case k >= len(ws):
			return &endInfo
		}
		return &ws[k]
	}
	return at(i - 2), at(i - 1), at(i + 1), at(i + 2)
}

// staticFeatures appends the features of word i that depend only on the
// words, not on tags: they are looked up once for all passes.
func staticFeatures(dst []uint64, ws []wordInfo, i int) []uint64 {
	dst = wordFeatures(dst, &ws[i])
	return contextFeatures(dst, ws, i)
}

// wordFeatures appends the static features that depend on the word alone
// (and the sentence's capitalisation, caps): their scores are the same
// wherever the word occurs, and the tagger keeps their sums by word
// (wordCache).
func wordFeatures(dst []uint64, w *wordInfo) []uint64 {
	dst = append(dst,
		feat(fBias, 0),
		feat(fNorm, w.norm),
		feat(fSuf1, w.suf[0]),
		feat(fSuf2, w.suf[1]),
		feat(fSuf3, w.suf[2]),
		feat(fSuf4, w.suf[3]),
		feat(fPre1, w.pre[0]),
		feat(fPre2, w.pre[1]),
		feat(fPre3, w.pre[2]),
		feat(fShape, w.shape),
		feat(fFlags, w.flags),
		feat(fRaw, w.raw),
		feat2(fFlagsShape, w.flags, w.shape),
		feat2(fCaseShape, w.caps, w.shape),
		feat2(fCaseNorm, w.caps, w.norm),
		feat(fCluster, w.fine),
		feat(fCoarse, w.coarse),
		feat(fCapCorpus, w.capb),
		feat2(fCapCorpusCase, w.capb, w.flags&(1|8|16|64)|w.caps<<8),
	)
	if w.hyph != 0 {
		dst = append(dst, feat(fHyph, w.hyph), feat(fHypSuf, w.hsuf))
	}
	return dst
}

// contextFeatures appends the static features that depend on the words
// around word i.
func contextFeatures(dst []uint64, ws []wordInfo, i int) []uint64 {
	w := &ws[i]
	prev2, prev, next, next2 := around(ws, i)
	return append(dst,
		feat(fPrevNorm, prev.norm),
		feat(fPrevSuf3, prev.suf[2]),
		feat(fPrev2Norm, prev2.norm),
		feat(fNextNorm, next.norm),
		feat(fNextSuf3, next.suf[2]),
		feat(fNext2Norm, next2.norm),
		feat2(fPrevNormNorm, prev.norm, w.norm),
		feat2(fNormNextNorm, w.norm, next.norm),
		feat(fPrevShape, prev.shape),
		feat(fNextShape, next.shape),
		feat2(fPrevSuf1Suf3, prev.suf[0], w.suf[2]),
		feat(fNextPre1, next.pre[0]),
		feat(fPrevCoarse, prev.coarse),
		feat(fNextCoarse, next.coarse),
		feat(fNextCluster, next.fine),
		feat(fPrevCluster, prev.fine),
		feat2(fPrevCoarseCluster, prev.coarse, w.fine),
		feat2(fClusterNextCoarse, w.fine, next.coarse),
		feat2(fAroundCoarse, prev.coarse, next.coarse),
		feat2(fPrevShapeShape, prev.shape, w.shape),
		feat2(fShapeNextShape, w.shape, next.shape),
	)
}

// dynamicFeatures appends the features of word i that depend on tags.
func dynamicFeatures(dst []uint64, ws []wordInfo, i int, p1, p2 uint64, right bool, r [3]uint64) []uint64 {
	dst = lastTagFeatures(dst, ws, i, p1, right, r)
	return pairFeatures(dst, p1, p2)
}

// lastTagFeatures appends the features of word i that depend on tags but
// not on the tag before last: a beam search shares them between the
// hypotheses that end in the same tag.
func lastTagFeatures(dst []uint64, ws []wordInfo, i int, p1 uint64, right bool, r [3]uint64) []uint64 {
	dst = append(dst, feat(fP1, p1))
	dst = lastTagWordFeatures(dst, ws, i, p1)
	if right {
		n0, n1, n2 := r[0], r[1], r[2]
		dst = append(dst,
			feat(fN0, n0),
			feat2(fN0N1, n0, n1),
			feat2(fP1N0, p1, n0),
			feat(fN1, n1),
			feat2(fN1N2, n1, n2),
			feat2(fP1N1, p1, n1),
			feat2(fNormN1, ws[i].norm, n1),
		)
	}
	return dst
}

// lastTagWordFeatures appends the features that join the last tag with the
// words: the only tag features that cannot be tabulated by tag (tagSlots).
func lastTagWordFeatures(dst []uint64, ws []wordInfo, i int, p1 uint64) []uint64 {
	w := &ws[i]
	_, _, next, _ := around(ws, i)
	return append(dst,
		feat2(fP1Norm, p1, w.norm),
		feat2(fP1NextNorm, p1, next.norm),
		feat2(fP1Suf3, p1, w.suf[2]),
		feat2(fP1Cluster, p1, w.fine),
	)
}

// pairFeatures appends the features of the last two tags.
func pairFeatures(dst []uint64, p1, p2 uint64) []uint64 {
	return append(dst, feat(fP2, p2), feat2(fP1P2, p1, p2))
}

// sentenceCase sets every word's caps to a bucket of the share of its
// sentence's words that start with a capital letter: headlines and all-caps
// lines make capitals weak evidence of a name.
func sentenceCase(ws []wordInfo) {
	letters, capital, upper := 0, 0, 0
	for i := range ws {
		if ws[i].flags&32 == 0 {
			continue
		}
		letters++
		if ws[i].flags&8 != 0 {
			capital++
		}
		if ws[i].flags&16 != 0 {
			upper++
		}
	}
	var bucket uint64
	switch {
	case letters < 3:
		bucket = 1
	case upper*10 >= letters*7:
		bucket = 2 // all capitals
	case capital*10 >= letters*6:
		bucket = 3 // title case
	}
	caps := func(k int) bool {
		return k >= 0 && k < len(ws) && ws[k].flags&16 != 0 && letterCount(ws[k].lookup) >= 2
	}
	for i := range ws {
		w := &ws[i]
		w.caps = bucket
		// In a sentence not in capitals, a word in capitals between words
		// that are not is an acronym ("IS", "US", "WHO"), not the
		// lower-case word it spells: its form, prefixes and suffixes are
		// its own, and it gets no cluster and no dictionary entry.
		if bucket != 2 && caps(i) && !caps(i-1) && !caps(i+1) {
			raw := "\x00" + w.lookup
			w.norm = hashString(raw)
			for k := range w.suf {
				w.suf[k] = hashString(suffix(raw, k+1) + "\x00")
			}
			for k := range w.pre {
				w.pre[k] = hashString(prefix(raw, k+2))
			}
			w.fine, w.coarse = acronymCluster, acronymCluster
			w.flags |= 64
			w.lookup = ""
		}
	}
}

// acronymCluster is the cluster value of acronyms.
const acronymCluster = 1<<20 + 2

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
