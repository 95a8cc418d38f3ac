package stories

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// words calls f with each word of text, lowercased: a run of letters and
// digits, with a '.' or ',' between two digits kept ("6.1", "1,200") and
// apostrophes dropped ("Canada's" -> "canadas", "don't" -> "dont").
// Invalid UTF-8 bytes separate words.
func words(text string, f func(w string)) {
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			f(b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if b.Len() < maxWordBytes {
				b.WriteRune(unicode.ToLower(r))
			}
		case (r == '.' || r == ',') && b.Len() > 0 && isDigitByte(lastByte(&b)) && i+1 < len(text) && isDigitByte(text[i+1]):
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "Canada's": keep the word whole.
		default:
			flush()
		}
		i += n
	}
	flush()
}

// maxWordBytes caps a word: a longer run of letters is noise (a URL, a
// hash), and capping keeps hostile input cheap.
const maxWordBytes = 40

func lastByte(b *strings.Builder) byte { s := b.String(); return s[len(s)-1] }

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// term reduces a lowercased word to the form counted in vectors: stop words
// and one-letter words give "", plural and possessive endings are cut
// ("earthquakes" -> "earthquake", "canadas" stays: too unsure).
func term(w string) string {
	if len(w) < 2 && !isDigitByte(w[0]) {
		return ""
	}
	if stopWords[w] {
		return ""
	}
	if isDigitByte(w[0]) {
		return w
	}
	switch n := len(w); {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// stopWords are function words and the reporting verbs of every news story:
// they say nothing about which happening a story is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are
		as at be because been before being below between both but by can could did do does doing
		down during each few for from further had has have having he her here hers herself him
		himself his how i if in into is it its itself just me more most my myself no nor not now of
		off on once only or other our ours ourselves out over own same she should so some such than
		that the their theirs them themselves then there these they this those through to too under
		until up very was we were what when where which while who whom why will with would you your
		yours yourself yourselves said says say saying told according mr mrs ms s t one two new
		last first year years week day days time get got also may might must shall us yet still
		well even many much however since per via like including`) {
		m[w] = true
	}
	return m
}()

// vector is a sparse TF-IDF vector, terms sorted, L2-normalised.
type vector struct {
	terms   []string
	weights []float32
	// anchors marks, in a document's vector, the terms that can tie it to
	// a story (see Clusterer.isAnchor); nil in a story's sum.
	anchors []bool
}

// dot is the inner product of two vectors (their cosine, when both are
// normalised).
func (v vector) dot(o vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(v.terms) && j < len(o.terms) {
		switch c := strings.Compare(v.terms[i], o.terms[j]); {
		case c == 0:
			s += float64(v.weights[i]) * float64(o.weights[j])
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return s
}

// features builds the TF-IDF vector of d: the content words of its title
// (counted twice: the headline names the happening) and text, and its named
// entities under their cross-document keys. At most maxTerms terms are
// kept, the heaviest.
func (c *Clusterer) features(d Input) vector {
	tf := map[string]float64{}
	add := func(text string, times float64) {
		words(text, func(w string) {
			if t := term(w); t != "" {
				tf[t] += times
			}
		})
	}
	add(d.Title, 2)
	text := d.Text
	if d.Title == "" && c.opts.FirstLine > 0 {
		if line, _, _ := strings.Cut(text, "\n"); len(line) <= 200 && !strings.Contains(line, ". ") {
			add(line, c.opts.FirstLine)
		}
	}
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	add(text, 1)
	// An entity counts under its key, weighted by how rare the words of
	// its name are: "United States" is common, "Vincent Jackson" is not.
	// A rare name is an anchor ("@!"): it can tie a document to a story.
	ents := map[string]float64{}
	entIDF := map[string]float64{}
	for _, e := range d.Entities {
		k, n := e.Key, e.Names
		max, words := 0.0, 0
		Terms(e.Name, func(t string) {
			x := c.idf.raw(t)
			if x > max {
				max = x
			}
			words++
		})
		if words == 0 {
			continue
		}
		f := "@"
		if max >= anchorIDF {
			f = "@!"
		}
		f += k
		ents[f] += float64(n)
		entIDF[f] = max
	}
	// Dates, event types and places count under their own terms ("#...",
	// never anchors), each scaled by its weight.
	type markCount struct{ w, n float64 }
	marks := map[string]markCount{}
	mark := func(w float64, t string) {
		if w > 0 {
			marks[t] = markCount{w, marks[t].n + 1}
		}
	}
	for _, v := range d.Dates {
		y, m, day := splitDate(v)
		if y != "" {
			mark(c.opts.DateWeight, "#y:"+y)
			if m != "" {
				mark(c.opts.DateWeight, "#m:"+y+"-"+m)
			}
		}
		if m != "" && day != "" {
			mark(c.opts.DateWeight, "#md:"+m+"-"+day)
		}
	}
	for _, e := range d.Events {
		mark(c.opts.EventWeight, "#v:"+e)
	}
	for _, p := range d.Places {
		mark(c.opts.PlaceWeight, "#p:"+strconv.Itoa(p))
	}
	type tw struct {
		t string
		w float64
	}
	ws := make([]tw, 0, len(tf)+len(ents)+len(marks))
	for t, n := range tf {
		w := (1 + math.Log(n)) * c.idf.weight(t)
		if isDigitByte(t[0]) {
			// The figures of a happening (its toll, its amount, its
			// score) tell it from another of its kind.
			w *= c.opts.NumberWeight
		}
		ws = append(ws, tw{t, w})
	}
	for k, n := range ents {
		ws = append(ws, tw{k, c.opts.EntityWeight * (1 + math.Log(n)) * math.Pow(entIDF[k], idfPower)})
	}
	for k, m := range marks {
		ws = append(ws, tw{k, m.w * (1 + math.Log(m.n))})
	}
	v := topVector(maxTerms, len(ws), func(i int) (string, float64) { return ws[i].t, ws[i].w }, true)
	v.anchors = make([]bool, len(v.terms))
	for i, t := range v.terms {
		v.anchors[i] = c.isAnchor(t)
	}
	return v
}

// maxTextBytes bounds the text a document's vector is built from: the
// first 64 KiB name the happening; the rest of a huge input costs time and
// says nothing more.
const maxTextBytes = 64 << 10

// maxTerms bounds a document's vector and a story's centroid.
const maxTerms = 200

// entityKey is the cross-document identity of an entity for story
// features: its key, else its lowercased name; "" for entities that name
// no particular thing.
func entityKey(e doc.Entity) string {
	k := e.Key
	if k == "" {
		k = strings.ToLower(e.Name)
	}
	if i := strings.LastIndexByte(k, ':'); i >= 0 && i == len(k)-1 {
		return ""
	}
	return k
}

// topVector keeps the n heaviest of the m weighted terms get returns
// (ties broken by term, so the result never depends on map order), sorts
// them by term and, when normalize is set, scales them to unit length.
func topVector(n, m int, get func(i int) (string, float64), normalize bool) vector {
	idx := make([]int, 0, m)
	for i := 0; i < m; i++ {
		if _, w := get(i); w > 0 {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		ta, wa := get(idx[a])
		tb, wb := get(idx[b])
		if wa != wb {
			return wa > wb
		}
		return ta < tb
	})
	if len(idx) > n {
		idx = idx[:n]
	}
	sort.Slice(idx, func(a, b int) bool {
		ta, _ := get(idx[a])
		tb, _ := get(idx[b])
		return ta < tb
	})
	v := vector{terms: make([]string, len(idx)), weights: make([]float32, len(idx))}
	var norm float64
	for _, i := range idx {
		_, w := get(i)
		norm += w * w
	}
	norm = math.Sqrt(norm)
	if !normalize {
		norm = 1
	}
	for j, i := range idx {
		t, w := get(i)
		v.terms[j] = t
		v.weights[j] = float32(w / norm)
	}
	return v
}

// Terms calls f with each term of text as story vectors count it:
// lowercased content words with plural endings cut, stop words left out.
// mkidf builds the document-frequency table with it.
func Terms(text string, f func(term string)) {
	words(text, func(w string) {
		if t := term(w); t != "" {
			f(t)
		}
	})
}

// splitDate splits a date value dateValue kept into its known year, month
// and day ("" where unknown).
func splitDate(v string) (y, m, d string) {
	parts := strings.Split(v, "-")
	get := func(i int) string {
		if i < len(parts) && !strings.HasPrefix(parts[i], "X") {
			return parts[i]
		}
		return ""
	}
	return get(0), get(1), get(2)
}
