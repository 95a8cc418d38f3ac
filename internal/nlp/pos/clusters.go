package pos

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Word clusters give the tagger evidence about words it saw rarely or
// never in its training data: words used in similar contexts in a few
// million words of news and web text share a cluster. clusters_gen.go
// builds model/clusters.tsv.gz with BuildClusters; the tagger's features
// read its image (clusters_image.go).

// Clusters maps a word key (see ClusterKey) to its fine, middle and coarse
// cluster numbers, each counted from 1, and its capitalisation bucket (see
// capBucket). The tagger uses the fine and coarse clusters (middle ones did
// not help on EWT dev) and the capitalisation.
type Clusters map[string][4]uint16

// ClusterKey is the form clusters are keyed by: lower case, numbers
// generalised, typographic quotes made plain.
func ClusterKey(word string) string {
	return normWord(strings.ToLower(normalize(word)))
}

var (
	clustersOnce sync.Once
	clusters     *clusterTable
)

// defaultClusters returns the embedded clusters (none when they cannot be
// read, which only costs accuracy).
func defaultClusters() *clusterTable {
	clustersOnce.Do(func() {
		c, err := readClustersImage(embeddedClusters)
		if err != nil {
			c = &clusterTable{}
		}
		clusters = c
	})
	return clusters
}

// ReadClusters reads gzip-compressed lines
// "key<TAB>fine<TAB>middle<TAB>coarse<TAB>capitalisation".
func ReadClusters(r io.Reader) (Clusters, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read clusters: %w", err)
	}
	defer zr.Close()
	c := make(Clusters, 1<<15)
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		// Fields are cut from the line's bytes: only the key becomes a
		// string.
		b := sc.Bytes()
		tab := bytes.IndexByte(b, '\t')
		if tab < 0 {
			return nil, fmt.Errorf("read clusters: line %d: want 5 fields", line)
		}
		key, rest := string(b[:tab]), b[tab+1:]
		var v [4]uint16
		for k := range v {
			f := rest
			if i := bytes.IndexByte(rest, '\t'); i >= 0 {
				f, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			if k < 3 && rest == nil || k == 3 && rest != nil {
				return nil, fmt.Errorf("read clusters: line %d: want 5 fields", line)
			}
			n, ok := parseUint16(f)
			if !ok {
				return nil, fmt.Errorf("read clusters: line %d: bad number %q", line, f)
			}
			v[k] = n
		}
		c[key] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read clusters: %w", err)
	}
	return c, nil
}

// parseUint16 parses a decimal number below 65536.
func parseUint16(b []byte) (uint16, bool) {
	if len(b) == 0 || len(b) > 5 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return uint16(n), n < 1<<16
}

// Write writes the clusters in the form ReadClusters reads, sorted by key.
func (c Clusters) Write(w io.Writer) error {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, k := range keys {
		fmt.Fprintf(bw, "%s\t%d\t%d\t%d\t%d\n", k, c[k][0], c[k][1], c[k][2], c[k][3])
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	return nil
}

// ClusterOptions controls BuildClusters. The zero value works.
type ClusterOptions struct {
	Fine, Middle, Coarse int // numbers of clusters (default 1024, 256 and 64)
	MinCount             int // words seen fewer times get no cluster (default 3)
	MaxWords             int // the most words clustered, most frequent first (default 60000)
	Contexts             int // the most frequent words used as contexts (default 300)
	Iterations           int // k-means iterations (default 12)
	Log                  io.Writer
}

// BuildClusters clusters the words of the sentences (already tokenised) by
// the words seen just before and after them: each word is a vector of its
// neighbours' frequencies, and spherical k-means groups the vectors into
// o.Fine clusters, whose centres are grouped again into o.Middle and
// o.Coarse. It is deterministic.
func BuildClusters(sentences [][]string, o ClusterOptions) Clusters {
	if o.Fine <= 0 {
		o.Fine = 1024
	}
	if o.Middle <= 0 {
		o.Middle = 256
	}
	if o.Coarse <= 0 {
		o.Coarse = 64
	}
	if o.MinCount <= 0 {
		o.MinCount = 3
	}
	if o.MaxWords <= 0 {
		o.MaxWords = 60000
	}
	if o.Contexts <= 0 {
		o.Contexts = 300
	}
	if o.Iterations <= 0 {
		o.Iterations = 12
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// Count words, and how often they are capitalised inside sentences.
	freq := map[string]int{}
	capital := map[string][2]int{} // lower case, capitalised
	for _, s := range sentences {
		for k, w := range s {
			key := ClusterKey(w)
			freq[key]++
			if k == 0 {
				continue
			}
			r, size := utf8.DecodeRuneInString(w)
			rest := w[size:]
			switch {
			case unicode.IsLower(r):
				c := capital[key]
				c[0]++
				capital[key] = c
			case unicode.IsUpper(r) && strings.ToUpper(rest) != rest:
				c := capital[key]
				c[1]++
				capital[key] = c
			}
		}
	}
	vocab := make([]string, 0, len(freq))
	for w, n := range freq {
		if n >= o.MinCount {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if c := cmp.Compare(freq[b], freq[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(vocab) > o.MaxWords {
		vocab = vocab[:o.MaxWords]
	}
	id := make(map[string]int, len(vocab))
	for i, w := range vocab {
		id[w] = i
	}
	// Context dimensions: the left and right neighbour among the most
	// frequent words, plus sentence boundaries.
	nctx := min(o.Contexts, len(vocab))
	dims := 2 * (nctx + 1)
	counts := make([]map[int32]float32, len(vocab))
	for i := range counts {
		counts[i] = map[int32]float32{}
	}
	ctx := func(s []string, k int) int {
		if k < 0 || k >= len(s) {
			return nctx // boundary
		}
		if i, ok := id[ClusterKey(s[k])]; ok && i < nctx {
			return i
		}
		return -1
	}
	for _, s := range sentences {
		for k, w := range s {
			i, ok := id[ClusterKey(w)]
			if !ok {
				continue
			}
			if c := ctx(s, k-1); c >= 0 {
				counts[i][int32(c)]++
			}
			if c := ctx(s, k+1); c >= 0 {
				counts[i][int32(nctx+1+c)]++
			}
		}
	}
	// Sparse unit vectors of square-rooted relative frequencies.
	type entry struct {
		dim int32
		v   float32
	}
	vecs := make([][]entry, len(vocab))
	for i, m := range counts {
		var total float32
		for _, n := range m {
			total += n
		}
		for d, n := range m {
			vecs[i] = append(vecs[i], entry{d, float32(math.Sqrt(float64(n / total)))})
		}
		slices.SortFunc(vecs[i], func(a, b entry) int { return cmp.Compare(a.dim, b.dim) })
		normalise(vecs[i], func(e *entry) *float32 { return &e.v })
	}
	// Spherical k-means, centres started at words spread over the
	// frequency ranks.
	k := min(o.Fine, len(vocab))
	cent := make([][]float32, k)
	for c := range cent {
		cent[c] = make([]float32, dims)
		for _, e := range vecs[c*len(vocab)/max(k, 1)] {
			cent[c][e.dim] = e.v
		}
	}
	assign := make([]int, len(vocab))
	for it := 0; it < o.Iterations; it++ {
		changed := 0
		for i, v := range vecs {
			best, bestSim := 0, float32(-1)
			for c := range cent {
				var sim float32
				for _, e := range v {
					sim += cent[c][e.dim] * e.v
				}
				if sim > bestSim {
					best, bestSim = c, sim
				}
			}
			if assign[i] != best || it == 0 {
				changed++
			}
			assign[i] = best
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range vecs {
			for _, e := range v {
				cent[assign[i]][e.dim] += e.v
			}
		}
		for c := range cent {
			normaliseDense(cent[c])
		}
		fmt.Fprintf(o.Log, "clusters: iteration %d: %d words moved\n", it+1, changed)
	}
	// Middle and coarse clusters: k-means over the fine centres.
	mid := groupCentres(cent, o.Middle)
	up := groupCentres(cent, o.Coarse)
	out := make(Clusters, len(vocab))
	for i, w := range vocab {
		f := assign[i]
		out[w] = [4]uint16{uint16(f + 1), uint16(mid[f] + 1), uint16(up[f] + 1), capBucket(capital[w])}
	}
	return out
}

// capBucket sorts a word by the share of its uses inside sentences that
// are capitalised, from its counts of lower-case and capitalised uses:
// 1 never or almost (under 5%), 2 sometimes, 3 mostly, 4 always or almost
// (over 95%); 0 when it was seen fewer than 3 times either way.
func capBucket(n [2]int) uint16 {
	total := n[0] + n[1]
	switch {
	case total < 3:
		return 0
	case 20*n[1] < total:
		return 1
	case 2*n[1] < total:
		return 2
	case 20*n[0] < total:
		return 4
	}
	return 3
}

// groupCentres clusters unit vectors into k groups by spherical k-means and
// returns each vector's group.
func groupCentres(cent [][]float32, k int) []int {
	k = min(k, len(cent))
	groups := make([][]float32, k)
	for c := range groups {
		groups[c] = slices.Clone(cent[c*len(cent)/max(k, 1)])
	}
	up := make([]int, len(cent))
	for it := 0; it < 20; it++ {
		for f := range cent {
			best, bestSim := 0, float32(-2)
			for c := range groups {
				var sim float32
				for d, x := range cent[f] {
					sim += groups[c][d] * x
				}
				if sim > bestSim {
					best, bestSim = c, sim
				}
			}
			up[f] = best
		}
		for c := range groups {
			clear(groups[c])
		}
		for f := range cent {
			for d, x := range cent[f] {
				groups[up[f]][d] += x
			}
		}
		for c := range groups {
			normaliseDense(groups[c])
		}
	}
	return up
}

func normalise[E any](v []E, x func(*E) *float32) {
	var sum float64
	for i := range v {
		f := *x(&v[i])
		sum += float64(f * f)
	}
	if sum == 0 {
		return
	}
	n := float32(1 / math.Sqrt(sum))
	for i := range v {
		*x(&v[i]) *= n
	}
}

func normaliseDense(v []float32) {
	var sum float64
	for _, f := range v {
		sum += float64(f * f)
	}
	if sum == 0 {
		return
	}
	n := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= n
	}
}
