package quotes

import (
	"cmp"
	"iter"
	"slices"
	"sort"

	"sitrep/internal/doc"
)

// mentionIndex holds mentions sorted by start. Among mentions with the
// same start, the one inserted last comes first. The mentions are kept in
// chunks of at most 2*chunkSize, so inserting one moves at most one chunk
// instead of every mention after it: n insertions cost O(n log n), where
// one sorted slice costs O(n²) on a text with many mentions.
type mentionIndex struct {
	chunks [][]mref // none empty
	// maxLen is the length of the longest mention.
	maxLen int
}

// chunkSize is half the largest chunk of a mentionIndex.
const chunkSize = 256

// newMentionIndex returns an index of ms, which must be sorted by start.
// The index takes ms over: its chunks are pieces of it, each capped at its
// length so that inserting into one copies that one instead of writing
// into the next.
func newMentionIndex(ms []mref) *mentionIndex {
	x := &mentionIndex{}
	for len(ms) > 0 {
		n := min(len(ms), chunkSize)
		x.chunks = append(x.chunks, ms[:n:n])
		ms = ms[n:]
	}
	for _, c := range x.chunks {
		for _, m := range c {
			x.maxLen = max(x.maxLen, m.Len())
		}
	}
	return x
}

// search returns the place of the first mention starting at or after off:
// chunk c, position i in it; c is len(x.chunks) when there is none.
func (x *mentionIndex) search(off int) (c, i int) {
	c = sort.Search(len(x.chunks), func(c int) bool {
		ch := x.chunks[c]
		return ch[len(ch)-1].Start >= off
	})
	if c == len(x.chunks) {
		return c, 0
	}
	i, _ = slices.BinarySearchFunc(x.chunks[c], off, func(m mref, off int) int { return cmp.Compare(m.Start, off) })
	return c, i
}

// insert adds m before every mention starting at or after m.Start.
func (x *mentionIndex) insert(m mref) {
	x.maxLen = max(x.maxLen, m.Len())
	if len(x.chunks) == 0 {
		x.chunks = [][]mref{{m}}
		return
	}
	c, i := x.search(m.Start)
	if c == len(x.chunks) {
		c = len(x.chunks) - 1
		i = len(x.chunks[c])
	}
	ch := slices.Insert(x.chunks[c], i, m)
	if len(ch) <= 2*chunkSize {
		x.chunks[c] = ch
		return
	}
	x.chunks[c] = ch[:chunkSize:chunkSize]
	x.chunks = slices.Insert(x.chunks, c+1, slices.Clone(ch[chunkSize:]))
}

// ascend yields, in order, the mentions starting in [lo, hi).
func (x *mentionIndex) ascend(lo, hi int) iter.Seq[mref] {
	return func(yield func(mref) bool) {
		c, i := x.search(lo)
		for ; c < len(x.chunks); c, i = c+1, 0 {
			for _, m := range x.chunks[c][i:] {
				if m.Start >= hi || !yield(m) {
					return
				}
			}
		}
	}
}

// descend yields the mentions starting before off, the last first.
func (x *mentionIndex) descend(off int) iter.Seq[mref] {
	return func(yield func(mref) bool) {
		c, i := x.search(off)
		for {
			if i == 0 {
				if c == 0 {
					return
				}
				c--
				i = len(x.chunks[c])
			}
			i--
			if !yield(x.chunks[c][i]) {
				return
			}
		}
	}
}

// overlapping yields, in order, the mentions that share a byte with
// [start, end).
func (x *mentionIndex) overlapping(start, end int) iter.Seq[mref] {
	return func(yield func(mref) bool) {
		for m := range x.ascend(start-x.maxLen, end) {
			if m.Overlaps(doc.Span{Start: start, End: end}) && !yield(m) {
				return
			}
		}
	}
}
