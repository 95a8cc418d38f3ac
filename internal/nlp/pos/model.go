// Package pos tags words with their part of speech: a Universal
// Dependencies tag (UPOS, "NOUN") and a Penn Treebank tag (XPOS, "NNS"),
// predicted jointly by an averaged perceptron trained on UD English EWT,
// with a dictionary of frequent unambiguous words and word clusters learnt
// from unlabelled news text. Tagging takes two left-to-right passes: the
// first by beam search (trained with early update), the second greedy,
// seeing also the first pass's tags of the word and the next two words.
//
// Default returns the embedded model; Train and TrainDefault rebuild it;
// Evaluate scores a model on a CoNLL-U file; New returns the pipeline stage,
// which also fills lemmas (package lemma).
package pos

// To retrain the model: go run gen.go (slow), then go generate to rebuild
// the image the binary embeds (image.go).

import (
	"bufio"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"sitrep/internal/nlp/vec"
)

// Tag values for the positions before and after a sentence.
const (
	startTag = 1000
	endTag   = 1001
)

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	upos, xpos []string         // per class
	dict       map[string]uint8 // frequent unambiguous words -> class
	// lex lists the classes seen with other words seen at least 5 times
	// (plus open, the classes of rare words, for those seen fewer than 30
	// times); a word not in it may take any class. Only these candidates
	// are scored.
	lex  map[string][]uint8
	open []uint8
	any  []uint8 // every class
	// npass is the number of tagging passes, 1 or 2. The second pass sees,
	// besides the tags to the left, the first pass's tags of the next two
	// words.
	npass int
	// beams are the widths of each pass's beam search (1: greedy), the
	// widths the passes were trained with.
	beams [2]int
	// features maps a feature hash to its weights in every pass.
	features *ftable
	tagged   *tagSlots  // the features of tags alone, by tag
	sparse   []qentry   // sparse weights: pass 1's entries, then pass 2's
	scale    [2]float32 // a sparse weight is q * scale[pass]
	dense    []float32  // dense weights: width per pass
	// vbg is the class VERB/VBG (-1 if none); adjective and nominal mark
	// the classes with XPOS JJ and those of nouns, pronouns and
	// determiners (see progressive).
	vbg                int
	adjective, nominal []bool
	// width is the length of dense weight and score vectors: the number
	// of classes rounded up to a multiple of 8, so that vector additions
	// (package vec) need no scalar tail. The extra classes score 0 and are
	// never candidates.
	width int
	pool  freeList // *work
}

// denseGather is the most candidates for which decoding adds a dense
// weight vector class by class rather than whole.
const denseGather = 8

// denseRow marks a feature whose weights are dense vectors.
const denseRow = 0xffff

// weights are the averaged perceptron weights of one pass while training
// or loading, by feature id (see compile).
type weights struct {
	rows    []row // by feature id
	entries []entry
}

// row is a feature's run of entries.
type row struct{ lo, hi uint32 }

// row returns the row of the feature with hash h, numbering the feature in
// index if it is new.
func (p *weights) row(index *table, h uint64) *row {
	id, ok := index.get(h)
	if !ok {
		id = uint32(index.len())
		index.put(h, id)
	}
	for int(id) >= len(p.rows) {
		p.rows = append(p.rows, row{})
	}
	return &p.rows[id]
}

type entry struct {
	class uint8
	w     float32
}

// qentry is a sparse weight quantised to 16 bits, as models are saved: half
// the memory of an entry, so more of a model stays in the processor's
// caches while tagging.
type qentry struct {
	class uint8
	q     int16
}

// work is the scratch space of one Tag call.
type work struct {
	ws     []wordInfo
	feats  []uint64
	slots  []fslot // the static features' weights, word by word
	offs   []int   // word i's are slots[offs[i]:offs[i+1]]
	scores []float32
	static []float32 // the static features' scores of one word
	hist   []hyp     // the beam search's hypotheses, step by step
	steps  []int     // step i's are hist[steps[i]:steps[i+1]]
	top    []hyp
	// lastTags are the last tags of a step's hypotheses; byLast holds
	// the scores of their features, width each.
	lastTags []uint64
	byLast   []float32
	first    []uint8
	tags     []uint8
	// dict is each word's class in the tag dictionary, -1 for none; cands
	// the classes the others may take. Both are looked up once for all
	// passes.
	dict  []int16
	cands [][]uint8
	// words holds each word's sums of its word features' weights, width
	// per pass (from cache).
	words []float32
	cache wordCache
}

func (m *Model) getWork(n int) *work {
	wk, _ := m.pool.Get().(*work)
	if wk == nil {
		wk = &work{scores: make([]float32, m.width), static: make([]float32, m.width)}
	}
	wk.ws = slices.Grow(wk.ws[:0], n)[:n]
	wk.first = slices.Grow(wk.first[:0], n)[:n]
	wk.tags = slices.Grow(wk.tags[:0], n)[:n]
	return wk
}

// Tag returns the UPOS and XPOS tags of a sentence's words.
func (m *Model) Tag(words []string) (upos, xpos []string) {
	upos = make([]string, len(words))
	xpos = make([]string, len(words))
	wk := m.getWork(len(words))
	wordInfos(wk.ws, words)
	m.tag(wk)
	for i, c := range wk.tags {
		upos[i], xpos[i] = m.upos[c], m.xpos[c]
	}
	m.pool.Put(wk)
	return upos, xpos
}

// tag fills wk.tags with the class of each word of wk.ws.
func (m *Model) tag(wk *work) {
	// Look the static features up once for all passes.
	wk.slots, wk.offs = wk.slots[:0], append(wk.offs[:0], 0)
	wk.dict, wk.cands = wk.dict[:0], wk.cands[:0]
	stride := m.npass * m.width
	wk.words = slices.Grow(wk.words[:0], len(wk.ws)*stride)[:len(wk.ws)*stride]
	for i := range wk.ws {
		c, ok := m.dict[wk.ws[i].lookup]
		if ok {
			wk.dict, wk.cands = append(wk.dict, int16(c)), append(wk.cands, nil)
		} else {
			wk.dict, wk.cands = append(wk.dict, -1), append(wk.cands, m.candidates(&wk.ws[i]))
			w := &wk.ws[i]
			sums, ok := wk.cache.find(wordKey{w.raw, w.flags, w.caps}, stride)
			if !ok {
				m.sumWordFeatures(sums, wk, w)
			}
			copy(wk.words[i*stride:(i+1)*stride], sums)
			wk.feats = contextFeatures(wk.feats[:0], wk.ws, i)
			for _, f := range wk.feats {
				if s, ok := m.features.get(f); ok {
					wk.slots = append(wk.slots, s)
				}
			}
		}
		wk.offs = append(wk.offs, len(wk.slots))
	}
	var right []uint8
	for p := range m.npass {
		m.decode(p, wk, right)
		copy(wk.first, wk.tags)
		right = wk.first
	}
	m.progressive(wk.ws, wk.tags)
}

// progressive retags as a present participle (VERB/VBG) an -ing word tagged
// as an adjective that follows a form of "be" (and at most one adverb, such
// as "not") and comes before a noun, pronoun or determiner: "is not
// coordinating air strikes", "was building a wall". In EWT train that
// context holds 268 participles and 4 adjectives; the perceptron, which sees
// the word's clusters and suffix more than the construction, can get it
// wrong for a verb it has rarely seen.
func (m *Model) progressive(ws []wordInfo, tags []uint8) {
	if m.vbg < 0 {
		return
	}
	for i := 1; i+1 < len(ws); i++ {
		if !m.adjective[tags[i]] || !strings.HasSuffix(strings.ToLower(ws[i].lookup), "ing") ||
			!m.nominal[tags[i+1]] {
			continue
		}
		j := i - 1
		if m.xpos[tags[j]] == "RB" && j > 0 {
			j--
		}
		if m.upos[tags[j]] == "AUX" && beForms[strings.ToLower(ws[j].lookup)] {
			tags[i] = uint8(m.vbg)
		}
	}
}

// beForms are the forms of "be".
// (Typographic apostrophes are already plain in wordInfo.lookup.)
var beForms = map[string]bool{"be": true, "am": true, "is": true, "are": true, "was": true, "were": true,
	"been": true, "being": true, "'s": true, "'re": true, "'m": true}

// hyp is one hypothesis of the beam search: the tags of the words so far,
// kept as a chain of back pointers.
type hyp struct {
	score  float32
	p1, p2 uint64 // the last two tags
	back   int32  // the hypothesis it extends, an index into the previous step
	tag    uint8
}

// decode tags with pass p's weights by beam search over the tag history
// the features see; right, when not nil, holds an earlier pass's tags.
// Hypotheses with the same last two tags are merged, keeping the better.
func (m *Model) decode(p int, wk *work, right []uint8) {
	k := max(m.beams[p], 1)
	n := len(wk.ws)
	if n == 0 {
		return
	}
	width := m.width
	static, scores := wk.static, wk.scores
	wk.hist = append(wk.hist[:0], hyp{p1: startTag, p2: startTag, back: -1})
	wk.steps = append(wk.steps[:0], 0, 1)
	for i := range wk.ws {
		prev := wk.hist[wk.steps[i]:wk.steps[i+1]]
		base := int32(wk.steps[i])
		top := wk.top[:0]
		if c := wk.dict[i]; c >= 0 {
			c := uint8(c)
			for b := range prev {
				top = pushHyp(top, k, hyp{score: prev[b].score, p1: uint64(c), p2: prev[b].p1, back: base + int32(b), tag: c})
			}
		} else {
			cands := wk.cands[i]
			lo := (i*m.npass + p) * width
			copy(static, wk.words[lo:lo+width])
			for _, s := range wk.slots[wk.offs[i]:wk.offs[i+1]] {
				m.add(static, s, p, cands)
			}
			r := rightTags(right, i)
			tg := m.tagged
			if right != nil {
				// The features of the earlier pass's tags, which every
				// hypothesis shares.
				m.add(static, tg.one(tg.n0, r[0]), p, cands)
				m.add(static, tg.two(tg.n0n1, r[0], r[1]), p, cands)
				m.add(static, tg.one(tg.n1, r[1]), p, cands)
				m.add(static, tg.two(tg.n1n2, r[1], r[2]), p, cands)
				if s, ok := m.features.get(feat2(fNormN1, wk.ws[i].norm, r[1])); ok {
					m.add(static, s, p, cands)
				}
			}
			// The scores of the features of each last tag, shared by the
			// hypotheses that end in it.
			wk.lastTags = wk.lastTags[:0]
			for b := range prev {
				h := &prev[b]
				at := slices.Index(wk.lastTags, h.p1)
				if at < 0 {
					at = len(wk.lastTags)
					wk.lastTags = append(wk.lastTags, h.p1)
					if len(wk.byLast) < len(wk.lastTags)*width {
						wk.byLast = append(wk.byLast, make([]float32, width)...)
					}
					row := wk.byLast[at*width : (at+1)*width]
					copy(row, static)
					m.add(row, tg.one(tg.p1, h.p1), p, cands)
					if right != nil {
						m.add(row, tg.two(tg.p1n0, h.p1, r[0]), p, cands)
						m.add(row, tg.two(tg.p1n1, h.p1, r[1]), p, cands)
					}
					wk.feats = lastTagWordFeatures(wk.feats[:0], wk.ws, i, h.p1)
					for _, f := range wk.feats {
						if s, ok := m.features.get(f); ok {
							m.add(row, s, p, cands)
						}
					}
				}
				copy(scores, wk.byLast[at*width:(at+1)*width])
				m.add(scores, tg.one(tg.p2, h.p2), p, cands)
				m.add(scores, tg.two(tg.p1p2, h.p1, h.p2), p, cands)
				// Most candidates fall short of a full beam's worst
				// hypothesis: test that before building a hypothesis.
				floor := float32(math.Inf(-1))
				if len(top) == k {
					floor = top[k-1].score
				}
				for _, c := range cands {
					sc := h.score + scores[c]
					if sc <= floor {
						continue
					}
					top = pushHyp(top, k, hyp{score: sc, p1: uint64(c), p2: h.p1, back: base + int32(b), tag: c})
					if len(top) == k {
						floor = top[k-1].score
					}
				}
			}
		}
		wk.top = top
		wk.hist = append(wk.hist, top...)
		wk.steps = append(wk.steps, len(wk.hist))
	}
	last := wk.hist[wk.steps[n]:wk.steps[n+1]]
	best := 0
	for b := range last {
		if last[b].score > last[best].score {
			best = b
		}
	}
	for i, at := n-1, int32(wk.steps[n])+int32(best); i >= 0; i-- {
		wk.tags[i] = wk.hist[at].tag
		at = wk.hist[at].back
	}
}

// pushHyp adds h to top, the best at most k hypotheses so far in
// descending order of score, merging hypotheses with the same last two
// tags. Ties keep the earlier hypothesis, so decoding is deterministic.
func pushHyp(top []hyp, k int, h hyp) []hyp {
	if len(top) == k && h.score <= top[k-1].score {
		return top
	}
	for j := range top {
		if top[j].p1 == h.p1 && top[j].p2 == h.p2 {
			if h.score <= top[j].score {
				return top
			}
			top = slices.Delete(top, j, j+1)
			break
		}
	}
	at := len(top)
	for at > 0 && top[at-1].score < h.score {
		at--
	}
	if len(top) < k {
		top = append(top, hyp{})
	}
	copy(top[at+1:], top[at:])
	if at < len(top) {
		top[at] = h
	}
	return top
}

// sumWordFeatures adds up the weights of w's word features in every pass
// into sums (width per pass).
func (m *Model) sumWordFeatures(sums []float32, wk *work, w *wordInfo) {
	wk.feats = wordFeatures(wk.feats[:0], w)
	for _, f := range wk.feats {
		if s, ok := m.features.get(f); ok {
			for p := range m.npass {
				m.add(sums[p*m.width:(p+1)*m.width], s, p, m.any)
			}
		}
	}
}

// add adds pass p's weights of the feature in slot s to dst, the scores of
// every class (width long). Adding a dense vector whole costs less than
// picking the candidates' classes out of it unless they are few; the scores
// of other classes are never read.
func (m *Model) add(dst []float32, s fslot, p int, cands []uint8) {
	if s.n[0] == denseRow {
		lo := int(s.lo) + p*m.width
		d := m.dense[lo : lo+m.width]
		if len(cands) > denseGather {
			vec.Add(dst[:m.width], d)
			return
		}
		for _, c := range cands {
			dst[c] += d[c]
		}
		return
	}
	scale := m.scale[p]
	lo, hi := s.sparse(p)
	for _, e := range m.sparse[lo:hi] {
		dst[e.class] += float32(e.q) * scale
	}
}

// rightTags returns an earlier pass's tags of word i and the two words
// after it.
func rightTags(right []uint8, i int) [3]uint64 {
	r := [3]uint64{endTag, endTag, endTag}
	for k := range r {
		if i+k < len(right) {
			r[k] = uint64(right[i+k])
		}
	}
	return r
}

// candidates returns the classes a word may take: those seen with it in
// training, or any class for a word seen fewer than 5 times. (Restricting
// such words to the classes of rare words, or to those of their lower-case
// form, scored lower on EWT dev.)
func (m *Model) candidates(w *wordInfo) []uint8 {
	if c, ok := m.lex[w.lookup]; ok {
		return c
	}
	return m.any
}

// denseMin is the fewest entries a feature needs in some pass for its
// weights to be stored as dense vectors.
const denseMin = 16

// compile builds the model's lookup structures from the weights of each
// pass, whose rows are indexed by the ids in index. Weights are quantised to
// 16 bits per pass, as Save writes them, so a model tags the same before
// and after saving.
func (m *Model) compile(index *table, passes []*weights) {
	nclass := len(m.upos)
	m.width = (nclass + 7) &^ 7
	m.npass = len(passes)
	m.sparse, m.dense = nil, nil
	var quant [2]func(float32) int16
	for k, p := range passes {
		var most float32
		for _, e := range p.entries {
			most = max(most, float32(math.Abs(float64(e.w))))
		}
		m.scale[k] = most / 32767
		if m.scale[k] == 0 {
			m.scale[k] = 1
		}
		scale := m.scale[k]
		quant[k] = func(w float32) int16 { return int16(math.Round(float64(w / scale))) }
	}
	var hashes []uint64
	ids := map[uint64]uint32{}
	index.each(func(h uint64, id uint32) { ids[h] = id; hashes = append(hashes, h) })
	slices.Sort(hashes)
	rowOf := func(p *weights, id uint32) []entry {
		if int(id) >= len(p.rows) {
			return nil
		}
		r := p.rows[id]
		return p.entries[r.lo:r.hi]
	}
	present := 0
	for _, h := range hashes {
		for _, p := range passes {
			if len(rowOf(p, ids[h])) > 0 {
				present++
				break
			}
		}
	}
	m.features = newFTable(present)
	// Dense features get their rows after the loop, in decreasing order
	// of their entries: features with weights for many classes are the
	// frequent ones, and packing their rows together keeps the rows read
	// most in fewer cache lines and pages.
	type denseFeat struct {
		h     uint64
		id    uint32
		total int
	}
	var dense []denseFeat
	for _, h := range hashes {
		id := ids[h]
		var n [2]uint16
		total, most := 0, 0
		for k, p := range passes {
			l := len(rowOf(p, id))
			n[k] = uint16(l)
			total += l
			most = max(most, l)
		}
		if total == 0 {
			continue
		}
		if most >= denseMin {
			dense = append(dense, denseFeat{h, id, total})
			continue
		}
		s := fslot{key: h, lo: uint32(len(m.sparse)), n: n}
		for k, p := range passes {
			for _, e := range rowOf(p, id) {
				m.sparse = append(m.sparse, qentry{e.class, quant[k](e.w)})
			}
		}
		m.features.put(s)
	}
	slices.SortStableFunc(dense, func(a, b denseFeat) int { return b.total - a.total })
	for _, f := range dense {
		s := fslot{key: f.h, lo: uint32(len(m.dense)), n: [2]uint16{denseRow, denseRow}}
		for k, p := range passes {
			d := make([]float32, m.width)
			for _, e := range rowOf(p, f.id) {
				d[e.class] = float32(quant[k](e.w)) * m.scale[k]
			}
			m.dense = append(m.dense, d...)
		}
		m.features.put(s)
	}
	m.derive()
}

// derive sets the fields computed from the classes and the feature table.
func (m *Model) derive() {
	nclass := len(m.upos)
	m.any = make([]uint8, nclass)
	for c := range m.any {
		m.any[c] = uint8(c)
	}
	m.tagged = newTagSlots(nclass, m.features)
	m.vbg = -1
	m.adjective, m.nominal = make([]bool, nclass), make([]bool, nclass)
	for c := range nclass {
		switch x := m.xpos[c]; {
		case m.upos[c] == "VERB" && x == "VBG":
			m.vbg = c
		case x == "JJ":
			m.adjective[c] = true
		case x == "NN" || x == "NNS" || x == "NNP" || x == "NNPS" || x == "DT" || x == "PRP" || x == "PRP$":
			m.nominal[c] = true
		}
	}
}

// pass returns pass p's weights of the feature in slot s.
func (m *Model) pass(s fslot, p int) []entry {
	if s.n[0] == denseRow {
		var out []entry
		lo := int(s.lo) + p*m.width
		for c, w := range m.dense[lo : lo+len(m.upos)] {
			if w != 0 {
				out = append(out, entry{uint8(c), w})
			}
		}
		return out
	}
	out := make([]entry, s.n[p])
	lo, hi := s.sparse(p)
	for i, e := range m.sparse[lo:hi] {
		out[i] = entry{e.class, float32(e.q) * m.scale[p]}
	}
	return out
}

// Tags returns the (UPOS, XPOS) pairs the model predicts, in class order.
func (m *Model) Tags() [][2]string {
	out := make([][2]string, len(m.upos))
	for i := range m.upos {
		out[i] = [2]string{m.upos[i], m.xpos[i]}
	}
	return out
}

const magic = "sitrep-pos 4\n"

// Save writes the model, gzip-compressed, with weights quantised to 16 bits.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("save pos model: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uvarint := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	m.saveHead(bw, uvarint)
	for p := range m.npass {
		m.savePass(bw, uvarint, p)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("save pos model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save pos model: %w", err)
	}
	return nil
}

// saveHead writes what comes before the weights: the magic, classes, tag
// dictionary, lexicon, open classes, beams and the number of passes.
func (m *Model) saveHead(bw *bufio.Writer, uvarint func(uint64)) {
	var buf [binary.MaxVarintLen64]byte
	str := func(s string) { bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))]); bw.WriteString(s) }
	bw.WriteString(magic)
	uvarint(uint64(len(m.upos)))
	for i := range m.upos {
		str(m.upos[i])
		str(m.xpos[i])
	}
	words := make([]string, 0, len(m.dict))
	for w := range m.dict {
		words = append(words, w)
	}
	slices.Sort(words)
	uvarint(uint64(len(words)))
	for _, w := range words {
		str(w)
		bw.WriteByte(m.dict[w])
	}
	words = words[:0]
	for w := range m.lex {
		words = append(words, w)
	}
	slices.Sort(words)
	uvarint(uint64(len(words)))
	for _, w := range words {
		str(w)
		str(string(m.lex[w]))
	}
	str(string(m.open))
	for _, k := range m.beams {
		uvarint(uint64(max(k, 1)))
	}
	uvarint(uint64(m.npass))
}

// savePass writes pass p's weights: a scale, then for each feature in
// hash order its hash (as a delta) and entries quantised to 16 bits.
func (m *Model) savePass(bw *bufio.Writer, uvarint func(uint64), p int) {
	var slots []fslot
	var maxAbs float32
	m.features.each(func(s fslot) {
		if e := m.pass(s, p); len(e) > 0 {
			slots = append(slots, s)
			for _, x := range e {
				maxAbs = max(maxAbs, float32(math.Abs(float64(x.w))))
			}
		}
	})
	slices.SortFunc(slots, func(a, b fslot) int { return cmp.Compare(a.key, b.key) })
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	binary.Write(bw, binary.LittleEndian, scale)
	uvarint(uint64(len(slots)))
	var prev uint64
	for _, s := range slots {
		// Sorted hashes are written as deltas, which compress better.
		uvarint(s.key - prev)
		prev = s.key
		e := m.pass(s, p)
		uvarint(uint64(len(e)))
		for _, x := range e {
			bw.WriteByte(x.class)
			q := int16(math.Round(float64(x.w / scale)))
			binary.Write(bw, binary.LittleEndian, q)
		}
	}
}

// ErrBadModel is returned by Load for data that is not a tagger model.
var ErrBadModel = errors.New("not a pos model")

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load pos model: %w", err)
	}
	defer zr.Close()
	m, err := load(&reader{r: bufio.NewReader(zr)})
	if err != nil {
		return nil, fmt.Errorf("load pos model: %w", err)
	}
	return m, nil
}

// reader reads a model, remembering the first error.
type reader struct {
	r   *bufio.Reader
	err error
}

func (r *reader) uvarint(limit uint64) uint64 {
	if r.err != nil {
		return 0
	}
	x, err := binary.ReadUvarint(r.r)
	if err != nil {
		r.err = fmt.Errorf("%w: %v", ErrBadModel, err)
		return 0
	}
	if x > limit {
		r.err = fmt.Errorf("%w: value %d over %d", ErrBadModel, x, limit)
		return 0
	}
	return x
}

func (r *reader) str() string {
	n := r.uvarint(1 << 16)
	if r.err != nil {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	return string(b)
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	c, err := r.r.ReadByte()
	if err != nil {
		r.err = fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	return c
}

// loadHead reads what saveHead writes and returns the number of passes.
func loadHead(r *reader) (*Model, uint64, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r.r, head); err != nil || string(head) != magic {
		return nil, 0, ErrBadModel
	}
	m := &Model{dict: map[string]uint8{}}
	n := r.uvarint(256)
	for range n {
		m.upos = append(m.upos, r.str())
		m.xpos = append(m.xpos, r.str())
	}
	if r.err != nil || len(m.upos) == 0 {
		return nil, 0, fmt.Errorf("%w: no classes", ErrBadModel)
	}
	nd := r.uvarint(1 << 24)
	for range nd {
		w := r.str()
		c := r.byte()
		if int(c) >= len(m.upos) {
			return nil, 0, fmt.Errorf("%w: dictionary class %d", ErrBadModel, c)
		}
		m.dict[w] = c
	}
	nl := r.uvarint(1 << 24)
	m.lex = make(map[string][]uint8, min(nl, 1<<16)) // counts are not trusted
	for range nl {
		w := r.str()
		m.lex[w] = []uint8(r.str())
	}
	m.open = []uint8(r.str())
	for _, cs := range m.lex {
		for _, c := range cs {
			if int(c) >= len(m.upos) {
				return nil, 0, fmt.Errorf("%w: lexicon class %d", ErrBadModel, c)
			}
		}
	}
	for _, c := range m.open {
		if int(c) >= len(m.upos) {
			return nil, 0, fmt.Errorf("%w: open class %d", ErrBadModel, c)
		}
	}
	for p := range m.beams {
		m.beams[p] = int(r.uvarint(64))
	}
	np := r.uvarint(2)
	if r.err != nil {
		return nil, 0, r.err
	}
	return m, np, nil
}

func load(r *reader) (*Model, error) {
	m, np, err := loadHead(r)
	if err != nil {
		return nil, err
	}
	index := newTable(1 << 16)
	var passes []*weights
	for range np {
		p, err := loadWeights(r, len(m.upos), index)
		if err != nil {
			return nil, err
		}
		passes = append(passes, p)
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(passes) == 0 {
		return nil, fmt.Errorf("%w: no weights", ErrBadModel)
	}
	m.compile(index, passes)
	return m, nil
}

// loadWeights reads one pass's weights, numbering new features in index.
func loadWeights(r *reader, nclass int, index *table) (*weights, error) {
	var scale float32
	if r.err == nil {
		if err := binary.Read(r.r, binary.LittleEndian, &scale); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
		}
	}
	nf := r.uvarint(1 << 28)
	if r.err != nil {
		return nil, r.err
	}
	p := &weights{rows: make([]row, index.len(), index.len()+min(int(nf), 1<<20))}
	var h uint64
	var q [3]byte
	for k := range nf {
		h += r.uvarint(math.MaxUint64)
		n := r.uvarint(uint64(nclass))
		if r.err != nil {
			return nil, fmt.Errorf("feature %d: %w", k, r.err)
		}
		at := p.row(index, h)
		lo := uint32(len(p.entries))
		for range n {
			if _, err := io.ReadFull(r.r, q[:]); err != nil || int(q[0]) >= nclass {
				return nil, fmt.Errorf("%w: feature %d: truncated", ErrBadModel, k)
			}
			p.entries = append(p.entries, entry{q[0], float32(int16(binary.LittleEndian.Uint16(q[1:]))) * scale})
		}
		*at = row{lo: lo, hi: uint32(len(p.entries))}
	}
	return p, nil
}
