package parse

import (
	"fmt"
	"slices"

	"sitrep/internal/nlp/vec"
)

// Weights of the averaged perceptron, sparse in both features and classes:
// each feature keeps only the classes it was ever updated for.

// tEntry is one (feature, class) weight during training. total accumulates
// the weight over time for averaging, lazily up to ts.
type tEntry struct {
	cls   uint8
	w     int32
	ts    int32
	total int64
}

// trainWeights are the perceptron's weights during training.
type trainWeights struct {
	index map[uint32]int32
	rows  [][]tEntry
}

func newTrainWeights() *trainWeights {
	return &trainWeights{index: make(map[uint32]int32, 1<<20)}
}

// score adds the current weights of feats to scores.
func (tw *trainWeights) score(feats []uint32, scores []float32) {
	for _, f := range feats {
		r, ok := tw.index[f]
		if !ok {
			continue
		}
		for _, e := range tw.rows[r] {
			scores[e.cls] += float32(e.w)
		}
	}
}

// update adds delta to the weight of cls for every feature, at time now.
func (tw *trainWeights) update(feats []uint32, cls int, delta int32, now int32) {
	for _, f := range feats {
		r, ok := tw.index[f]
		if !ok {
			r = int32(len(tw.rows))
			tw.index[f] = r
			tw.rows = append(tw.rows, nil)
		}
		row := tw.rows[r]
		i := 0
		for i < len(row) && row[i].cls != uint8(cls) {
			i++
		}
		if i == len(row) {
			row = append(row, tEntry{cls: uint8(cls), ts: now})
			tw.rows[r] = row
		}
		e := &row[i]
		e.total += int64(now-e.ts) * int64(e.w)
		e.ts = now
		e.w += delta
	}
}

// table is the read-only weight table used for parsing: an open-addressing
// hash table from feature to a run of entries, each a class and a bfloat16
// weight packed in 32 bits, so that a feature costs about two cache misses.
//
// Features with many entries (the frequent ones: a feature the parser meets
// often has weights for half the classes) are dense rows instead, added
// eight classes at a time (package vec): their slot's count is denseRow and
// its offset a row of dense, width floats long.
type table struct {
	// slots hold feature<<32 | offset<<8 | count; 0 is an empty slot.
	slots   []uint64
	entries []uint32 // class<<16 | bfloat16 weight
	n       int      // number of features
	dense   []uint16 // bfloat16 weights
	width   int      // the length of a dense row: the classes rounded up to 8
}

// denseRow is the count of a slot whose weights are a dense row.
const denseRow = 0xff

// denseMin is the fewest entries that make a feature's weights a dense row.
const denseMin = 8

// densify returns t with the weights of every feature with at least
// denseMin entries as dense rows of nc classes, and the others as before.
// Slots stay where they are. Scores are the same to the bit: a row adds the
// same weights to each class in the same order, and zeros elsewhere.
//
// Rows are laid out in decreasing order of their number of entries: a
// feature with weights for many classes is one the parser met often in
// training, and meets often in use, so the rows read most are packed
// together at the front, where they share cache lines and pages.
func (t *table) densify(nc int) *table {
	d := &table{slots: slices.Clone(t.slots), n: t.n, width: (nc + 7) &^ 7}
	var rows []int // slot indices of the dense features
	for i, s := range d.slots {
		if s == 0 {
			continue
		}
		es := t.entriesOf(s)
		if len(es) < denseMin {
			d.slots[i] = s&^0xffffffff | uint64(len(d.entries))<<8 | uint64(len(es))
			d.entries = append(d.entries, es...)
			continue
		}
		rows = append(rows, i)
	}
	count := func(i int) int { return len(t.entriesOf(t.slots[i])) }
	slices.SortStableFunc(rows, func(a, b int) int { return count(b) - count(a) })
	d.dense = make([]uint16, len(rows)*d.width)
	for row, i := range rows {
		for _, e := range t.entriesOf(t.slots[i]) {
			d.dense[row*d.width+int(e>>16)] = uint16(e)
		}
		d.slots[i] = t.slots[i]&^0xffffffff | uint64(row)<<8 | denseRow
	}
	return d
}

// entriesOf returns the entries of the feature in slot s.
func (t *table) entriesOf(s uint64) []uint32 {
	off, n := uint32(s)>>8, uint32(s&0xff)
	if n != denseRow {
		return t.entries[off : off+n]
	}
	var es []uint32
	for c, w := range t.dense[int(off)*t.width : int(off+1)*t.width] {
		if w != 0 {
			es = append(es, uint32(c)<<16|uint32(w))
		}
	}
	return es
}

// maxEntries is the most entries a table can address.
const maxEntries = 1 << 24

func newTable(features int) *table {
	size := 1
	for size < 2*features {
		size <<= 1
	}
	return &table{slots: make([]uint64, size)}
}

// entry packs a class and a weight.
func entry(cls uint8, w float32) uint32 { return uint32(cls)<<16 | uint32(toBfloat16(w)) }

// add appends the entries of feature f, which must be new. It reports false
// when the table is full.
func (t *table) add(f uint32, es []uint32) bool {
	if len(es) == 0 {
		return true
	}
	off := len(t.entries)
	if off+len(es) > maxEntries || len(es) >= denseRow || 2*(t.n+1) > len(t.slots) {
		return false
	}
	t.entries = append(t.entries, es...)
	mask := uint64(len(t.slots) - 1)
	i := uint64(f) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = uint64(f)<<32 | uint64(off)<<8 | uint64(len(es))
	t.n++
	return true
}

// lookup returns the entries of feature f.
func (t *table) lookup(f uint32) []uint32 {
	mask := uint64(len(t.slots) - 1)
	for i := uint64(f) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return nil
		}
		if uint32(s>>32) == f {
			return t.entriesOf(s)
		}
	}
}

// score adds the weights of feats to scores, which must hold at least width
// floats if t has dense rows. buf is scratch space, grown as
// needed and returned. Parsing waits mostly on memory, so the lookups run in
// passes whose loads do not depend on one another and the CPU can overlap
// their cache misses: first every feature's home slot, then the probes and
// entry offsets, then the entries.
//
// Only the scores of classes lo to hi are sure to be complete: dense rows
// add the eight-class blocks that hold them (the sparse entries all their
// classes). The other classes' scores are left partial.
func (t *table) score(feats []uint32, scores []float32, buf []uint64, lo, hi int) []uint64 {
	if cap(buf) < len(feats) {
		buf = make([]uint64, len(feats))
	}
	buf = buf[:len(feats)]
	lo8, hi8 := lo&^7, min((hi+7)&^7, t.width)
	mask := uint64(len(t.slots) - 1)
	for i, f := range feats {
		buf[i] = t.slots[uint64(f)&mask]
	}
	for i, f := range feats {
		s, j := buf[i], uint64(f)&mask
		for s != 0 && uint32(s>>32) != f {
			j = (j + 1) & mask
			s = t.slots[j]
		}
		buf[i] = s // 0 when f is absent
	}
	for _, s := range buf {
		if s == 0 {
			continue
		}
		off, n := uint32(s)>>8, uint32(s&0xff)
		if n == denseRow {
			row := int(off) * t.width
			vec.AddBF16(scores[lo8:hi8], t.dense[row+lo8:row+hi8])
			continue
		}
		for _, e := range t.entries[off : off+n] {
			scores[e>>16] += fromBfloat16(uint16(e))
		}
	}
	return buf
}

// each calls fn for every feature in increasing order.
func (t *table) each(fn func(f uint32, entries []uint32)) {
	feats := make([]uint32, 0, t.n)
	for _, s := range t.slots {
		if s != 0 {
			feats = append(feats, uint32(s>>32))
		}
	}
	slices.Sort(feats)
	for _, f := range feats {
		fn(f, t.lookup(f))
	}
}

// average returns the averaged weights at time now, dropping those whose
// magnitude is below prune.
// Features are added in increasing order so that the table is the same from
// run to run.
func (tw *trainWeights) average(now int32, prune float64) (*table, error) {
	feats := make([]uint32, 0, len(tw.index))
	for f := range tw.index {
		feats = append(feats, f)
	}
	slices.Sort(feats)
	t := newTable(len(feats))
	var es []uint32
	for _, f := range feats {
		es = es[:0]
		for _, e := range tw.rows[tw.index[f]] {
			total := e.total + int64(now-e.ts)*int64(e.w)
			avg := float64(total) / float64(now)
			if avg > -prune && avg < prune || avg == 0 {
				continue
			}
			es = append(es, entry(e.cls, float32(avg)))
		}
		if !t.add(f, es) {
			return nil, fmt.Errorf("model too large: more than %d weights", maxEntries)
		}
	}
	return t, nil
}

// size returns the number of features and entries of t.
func (t *table) size() (features, entries int) { return t.n, len(t.entries) }
