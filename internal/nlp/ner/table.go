package ner

// table maps feature hashes to weight rows: open addressing with linear
// probing over a power-of-two array, at most half full. Feature hashes are
// already well mixed, so their low bits index the array directly. It is
// several times faster than a Go map for this one job.
type table struct {
	slots []slot
	mask  uint64
	n     int
}

type slot struct {
	key uint64 // 0: empty (a hash of 0 is stored as 1)
	row int32
}

func newTable(n int) *table {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &table{slots: make([]slot, size), mask: uint64(size - 1)}
}

func fixKey(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// get returns the row of feature h, or -1.
func (t *table) get(h uint64) int32 {
	h = fixKey(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			return s.row
		}
		if s.key == 0 {
			return -1
		}
	}
}

// put sets the row of feature h; the table must have room (see newTable).
func (t *table) put(h uint64, row int32) {
	h = fixKey(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			s.row = row
			return
		}
		if s.key == 0 {
			s.key, s.row = h, row
			t.n++
			return
		}
	}
}

// jointTable is a table holding two rows per feature.
type jointTable struct {
	slots []jointSlot
	mask  uint64
}

type jointSlot struct {
	key  uint64
	rows [2]int32
}

func newJointTable(n int) *jointTable {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &jointTable{slots: make([]jointSlot, size), mask: uint64(size - 1)}
}

// get returns the two rows of feature h (-1 where absent).
func (t *jointTable) get(h uint64) (int32, int32) {
	h = fixKey(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			return s.rows[0], s.rows[1]
		}
		if s.key == 0 {
			return -1, -1
		}
	}
}

// put sets row k (0 or 1) of feature h.
func (t *jointTable) put(h uint64, k int, row int32) {
	h = fixKey(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			s.rows[k] = row
			return
		}
		if s.key == 0 {
			s.key, s.rows = h, [2]int32{-1, -1}
			s.rows[k] = row
			return
		}
	}
}
