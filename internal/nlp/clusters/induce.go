package clusters

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options control Induce. The zero value works.
type Options struct {
	// MinCount is the number of occurrences a word needs to get a cluster
	// (default 3: on the 4.1M-word corpus, 3 gave the recogniser 0.35 F1
	// more than 5 on eng.testa, and 2 less than 3).
	MinCount int
	// Contexts is the number of most frequent words used as context
	// features at each position (default 1000).
	Contexts int
	// Depth is the longest bit string (default 20).
	Depth int
	// Iterations is the number of 2-means iterations per split (default 8).
	Iterations int
}

func (o *Options) defaults() {
	if o.MinCount <= 0 {
		o.MinCount = 3
	}
	if o.Contexts <= 0 {
		o.Contexts = 1000
	}
	if o.Depth <= 0 {
		o.Depth = 20
	}
	if o.Iterations <= 0 {
		o.Iterations = 8
	}
}

// Key normalises a word for clustering and lookup: lower case, digits folded
// to 0.
func Key(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('0')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Counter accumulates the word and context counts of a corpus.
type Counter struct {
	ids   map[string]int32
	words []string
	freq  []int
	sents [][]int32
}

// NewCounter returns an empty counter.
func NewCounter() *Counter { return &Counter{ids: make(map[string]int32)} }

// Add adds one sentence of words (normalised with Key).
func (c *Counter) Add(words []string) {
	s := make([]int32, len(words))
	for i, w := range words {
		k := Key(w)
		id, ok := c.ids[k]
		if !ok {
			id = int32(len(c.words))
			c.ids[k] = id
			c.words = append(c.words, k)
			c.freq = append(c.freq, 0)
		}
		c.freq[id]++
		s[i] = id
	}
	c.sents = append(c.sents, s)
}

// Tokens is the number of words added.
func (c *Counter) Tokens() int {
	n := 0
	for _, f := range c.freq {
		n += f
	}
	return n
}

// sparse is a sparse vector: sorted indexes and values.
type sparse struct {
	idx []int32
	val []float32
}

// Induce clusters the words of the counter seen at least o.MinCount times
// and returns each word's bit string. A word is described by the words seen
// one and two places to its left and right (the o.Contexts most frequent
// words, the rest pooled), as square roots of conditional probabilities
// normalised to unit length; the words are then split top-down by spherical
// 2-means (bisecting k-means) into a binary tree of depth o.Depth, and a
// word's bit string is its path from the root (0 left, 1 right). Frequent
// words sit near the root of each split's initialisation, so the result is
// deterministic.
func (c *Counter) Induce(o Options) map[string]string {
	o.defaults()
	// Rank words by frequency (ties by spelling) for determinism.
	order := make([]int32, len(c.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(c.freq[b], c.freq[a]), strings.Compare(c.words[a], c.words[b]))
	})
	ctx := make([]int32, len(c.words)) // word id -> context number, K for the rest
	K := int32(min(o.Contexts, len(order)))
	for i := range ctx {
		ctx[i] = K
	}
	for r, id := range order[:K] {
		ctx[id] = int32(r)
	}
	var vocab []int32 // word ids to cluster, by frequency
	row := make([]int32, len(c.words))
	for i := range row {
		row[i] = -1
	}
	for _, id := range order {
		if c.freq[id] < o.MinCount {
			break
		}
		row[id] = int32(len(vocab))
		vocab = append(vocab, id)
	}
	if len(vocab) == 0 {
		return map[string]string{}
	}
	// Context counts: four positions, K+1 contexts each.
	dim := 4 * (K + 1)
	counts := make([]map[int32]float32, len(vocab))
	for i := range counts {
		counts[i] = make(map[int32]float32)
	}
	offsets := [4]int{-2, -1, 1, 2}
	for _, s := range c.sents {
		for i, id := range s {
			r := row[id]
			if r < 0 {
				continue
			}
			for p, off := range offsets {
				j := i + off
				var cx int32 = K // outside the sentence pools with rare words
				if j >= 0 && j < len(s) {
					cx = ctx[s[j]]
				}
				counts[r][int32(p)*(K+1)+cx]++
			}
		}
	}
	// Positive pointwise mutual information with context counts smoothed
	// by the power 0.75 (Levy, Goldberg and Dagan 2015), rows normalised to
	// unit length.
	ctxTotal := make([]float64, dim)
	var total float64
	for _, m := range counts {
		for x, n := range m {
			ctxTotal[x] += float64(n)
			total += float64(n)
		}
	}
	var smooth float64
	for x := range ctxTotal {
		ctxTotal[x] = math.Pow(ctxTotal[x], 0.75)
		smooth += ctxTotal[x]
	}
	vecs := make([]sparse, len(vocab))
	for i, m := range counts {
		var rowTotal float64
		for _, n := range m {
			rowTotal += float64(n)
		}
		var v sparse
		var norm float64
		for _, x := range slices.Sorted(keys(m)) {
			pmi := math.Log(float64(m[x]) / rowTotal / (ctxTotal[x] / smooth))
			if pmi <= 0 {
				continue
			}
			v.idx = append(v.idx, x)
			v.val = append(v.val, float32(pmi))
			norm += pmi * pmi
		}
		norm = math.Sqrt(norm)
		for k := range v.val {
			v.val[k] /= float32(norm)
		}
		vecs[i] = v
		counts[i] = nil
	}
	paths := make([][]byte, len(vocab))
	b := bisector{vecs: vecs, dim: int(dim), o: o, paths: paths}
	all := make([]int32, len(vocab))
	for i := range all {
		all[i] = int32(i)
	}
	b.split(all, 0)
	out := make(map[string]string, len(vocab))
	for i, id := range vocab {
		p := string(paths[i])
		if p == "" {
			p = "0"
		}
		out[c.words[id]] = p
	}
	return out
}

func keys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type bisector struct {
	vecs  []sparse
	dim   int
	o     Options
	paths [][]byte
	c     [2][]float32
}

func (b *bisector) dot(v sparse, c []float32) float32 {
	var s float32
	for k, x := range v.idx {
		s += v.val[k] * c[x]
	}
	return s
}

// split divides members (indexes into vecs, by frequency) in two and
// recurses until depth o.Depth or single words.
func (b *bisector) split(members []int32, depth int) {
	if depth >= b.o.Depth || len(members) < 2 {
		return
	}
	for k := range b.c {
		if b.c[k] == nil {
			b.c[k] = make([]float32, b.dim)
		}
	}
	// Initialise by the sign of each member's projection on the principal
	// direction of the members (Boley's principal direction divisive
	// partitioning), found by power iteration from a fixed start.
	mean, dir := b.c[0], b.c[1]
	clear(mean)
	for _, m := range members {
		for k, x := range b.vecs[m].idx {
			mean[x] += b.vecs[m].val[k]
		}
	}
	inv := 1 / float32(len(members))
	for x := range mean {
		mean[x] *= inv
	}
	clear(dir)
	for k, x := range b.vecs[members[0]].idx {
		dir[x] = b.vecs[members[0]].val[k]
	}
	proj := make([]float32, len(members))
	next := make([]float32, b.dim)
	for range 12 {
		var md float32
		for x, v := range mean {
			md += v * dir[x]
		}
		clear(next)
		for i, m := range members {
			a := b.dot(b.vecs[m], dir) - md
			proj[i] = a
			for k, x := range b.vecs[m].idx {
				next[x] += a * b.vecs[m].val[k]
			}
		}
		var n float64
		for _, v := range next {
			n += float64(v) * float64(v)
		}
		if n == 0 {
			break
		}
		s := float32(1 / math.Sqrt(n))
		for x := range dir {
			dir[x] = next[x] * s
		}
	}
	side := make([]bool, len(members))
	for i := range members {
		side[i] = proj[i] > 0
	}
	b.centroids(members, side)
	for range b.o.Iterations {
		changed := false
		for i, m := range members {
			right := b.dot(b.vecs[m], b.c[1]) > b.dot(b.vecs[m], b.c[0])
			changed = changed || right != side[i]
			side[i] = right
		}
		if !changed {
			break
		}
		b.centroids(members, side)
	}
	var left, right []int32
	for i, m := range members {
		if side[i] {
			right = append(right, m)
			b.paths[m] = append(b.paths[m], '1')
		} else {
			left = append(left, m)
			b.paths[m] = append(b.paths[m], '0')
		}
	}
	if len(left) == 0 || len(right) == 0 {
		return
	}
	b.split(left, depth+1)
	b.split(right, depth+1)
}

// Tokenize splits text into words roughly as the Penn Treebank and CoNLL-2003
// do: at white space, with punctuation split off the ends of words and the
// clitics n't, 's, 're, 've, 'll, 'd, 'm split off.
func Tokenize(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		var tail []string
		for f != "" {
			r, n := utf8.DecodeRuneInString(f)
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				break
			}
			out = append(out, f[:n])
			f = f[n:]
		}
		for f != "" {
			r, n := utf8.DecodeLastRuneInString(f)
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				break
			}
			// Keep the period of an abbreviation such as "U.S." or "Mr.".
			if r == '.' && (strings.Count(f, ".") > 1 || isTitle(f)) {
				break
			}
			tail = append(tail, f[len(f)-n:])
			f = f[:len(f)-n]
		}
		if f != "" {
			lf := strings.ToLower(f)
			for _, cl := range []string{"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"} {
				if strings.HasSuffix(lf, cl) && len(f) > len(cl) {
					out = append(out, f[:len(f)-len(cl)])
					f = f[len(f)-len(cl):]
					break
				}
			}
			out = append(out, f)
		}
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
	}
	return out
}

func isTitle(w string) bool {
	switch w {
	case "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Co.", "Corp.", "Inc.", "Ltd.", "Gen.", "Gov.", "Sen.", "Rep.":
		return true
	}
	return false
}

// centroids sets b.c to the normalised centroids of the two sides.
func (b *bisector) centroids(members []int32, side []bool) {
	clear(b.c[0])
	clear(b.c[1])
	for i, m := range members {
		c := b.c[0]
		if side[i] {
			c = b.c[1]
		}
		for k, x := range b.vecs[m].idx {
			c[x] += b.vecs[m].val[k]
		}
	}
	for k := range b.c {
		var n float64
		for _, v := range b.c[k] {
			n += float64(v) * float64(v)
		}
		if n > 0 {
			inv := float32(1 / math.Sqrt(n))
			for x := range b.c[k] {
				b.c[k][x] *= inv
			}
		}
	}
}
