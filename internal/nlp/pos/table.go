package pos

// table maps feature hashes to feature ids. The keys are already well-mixed
// hashes, so it is a plain open-addressing table indexed by their low bits,
// key and id side by side so that a lookup touches one cache line: faster
// than a Go map, which would hash them again.
type table struct {
	slots []slot
	mask  uint64
	n     int
	zero  bool   // whether key 0 is present
	zid   uint32 // its id
}

type slot struct {
	key uint64 // 0 marks an empty slot
	id  uint32
}

func newTable(n int) *table {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &table{slots: make([]slot, size), mask: uint64(size - 1)}
}

// get returns the id of key.
func (t *table) get(key uint64) (uint32, bool) {
	if key == 0 {
		return t.zid, t.zero
	}
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s.key == key {
			return s.id, true
		}
		if s.key == 0 {
			return 0, false
		}
	}
}

// put sets the id of key, growing the table when it is half full.
func (t *table) put(key uint64, id uint32) {
	if key == 0 {
		t.zero, t.zid = true, id
		return
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].key {
		case key:
			t.slots[i].id = id
			return
		case 0:
			t.slots[i] = slot{key, id}
			t.n++
			return
		}
	}
}

func (t *table) grow() {
	old := *t
	*t = *newTable(len(old.slots))
	t.zero, t.zid = old.zero, old.zid
	for _, s := range old.slots {
		if s.key != 0 {
			t.put(s.key, s.id)
		}
	}
}

// len returns the number of keys.
func (t *table) len() int {
	if t.zero {
		return t.n + 1
	}
	return t.n
}

// each calls f for every key and id.
func (t *table) each(f func(key uint64, id uint32)) {
	if t.zero {
		f(0, t.zid)
	}
	for _, s := range t.slots {
		if s.key != 0 {
			f(s.key, s.id)
		}
	}
}

// ftable maps feature hashes to where their weights are, like table.
type ftable struct {
	slots  []fslot
	mask   uint64
	n      int
	zero   fslot // the slot of key 0, if zeroOK
	zeroOK bool
}

// fslot locates a feature's weights: with n[0] == denseRow, the dense
// vectors of every pass from Model.dense[lo:]; otherwise n[0] entries of
// pass 1 then n[1] of pass 2 from Model.entries[lo:].
type fslot struct {
	key uint64
	lo  uint32
	n   [2]uint16
}

// sparse returns where pass p's entries of a sparse feature are in
// Model.sparse.
func (s fslot) sparse(p int) (lo, hi uint32) {
	lo = s.lo
	if p == 1 {
		lo += uint32(s.n[0])
	}
	return lo, lo + uint32(s.n[p])
}

// An ftable is filled to at most three quarters, which keeps a lookup to
// about one cache line and the table small enough to stay in cache.
func newFTable(n int) *ftable {
	size := 16
	for 3*size < 4*n {
		size *= 2
	}
	return &ftable{slots: make([]fslot, size), mask: uint64(size - 1)}
}

func (t *ftable) get(key uint64) (fslot, bool) {
	if key == 0 {
		return t.zero, t.zeroOK
	}
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s.key == key {
			return s, true
		}
		if s.key == 0 {
			return fslot{}, false
		}
	}
}

func (t *ftable) put(s fslot) {
	if s.key == 0 {
		t.zero, t.zeroOK = s, true
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		old := t.slots
		*t = ftable{slots: make([]fslot, 2*len(old)), mask: uint64(2*len(old) - 1), zero: t.zero, zeroOK: t.zeroOK}
		for _, o := range old {
			if o.key != 0 {
				t.put(o)
			}
		}
	}
	for i := s.key & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].key {
		case s.key:
			t.slots[i] = s
			return
		case 0:
			t.slots[i] = s
			t.n++
			return
		}
	}
}

func (t *ftable) each(f func(fslot)) {
	if t.zeroOK {
		f(t.zero)
	}
	for _, s := range t.slots {
		if s.key != 0 {
			f(s)
		}
	}
}
