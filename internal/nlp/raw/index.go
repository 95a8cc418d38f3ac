package raw

// Index finds string keys in an image by open addressing, without a Go map
// to build at start: Slots has a power-of-two length, each slot 0 (empty)
// or a record's number plus one, probed linearly from the key's Hash.
// Record r's key is Strs[Keys[2r] : Keys[2r]+Keys[2r+1]]; what a record
// holds besides its key is the user's (an array indexed by r).
type Index struct {
	Slots, Keys []uint32
	Strs        string
}

// Hash is the index's hash of a key: 32-bit FNV-1a.
func Hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// Find returns the record whose key is k.
func (x *Index) Find(k string) (int, bool) {
	if len(x.Slots) == 0 {
		return 0, false
	}
	mask := uint32(len(x.Slots) - 1)
	for i := Hash(k) & mask; ; i = (i + 1) & mask {
		s := x.Slots[i]
		if s == 0 {
			return 0, false
		}
		r := s - 1
		off, n := x.Keys[2*r], x.Keys[2*r+1]
		if int(n) == len(k) && x.Strs[off:off+n] == k {
			return int(r), true
		}
	}
}

// Valid reports whether x can be searched safely: Slots a power of two
// long with an empty slot, every slot a record, every key inside Strs.
func (x *Index) Valid() bool {
	n := len(x.Keys) / 2
	if len(x.Keys) != 2*n || len(x.Slots)&(len(x.Slots)-1) != 0 || len(x.Slots) <= n && len(x.Slots) > 0 ||
		len(x.Slots) == 0 && n > 0 {
		return false
	}
	for _, s := range x.Slots {
		if int(s) > n {
			return false
		}
	}
	for r := range n {
		if uint64(x.Keys[2*r])+uint64(x.Keys[2*r+1]) > uint64(len(x.Strs)) {
			return false
		}
	}
	return true
}

// BuildIndex returns the slots and key references of an Index over keys,
// in record order; str places a key in the string table and returns its
// offset and length there. The slots are at most half full.
func BuildIndex(keys []string, str func(string) (off, n uint32)) (slots, refs []uint32) {
	size := 1
	for size < 2*len(keys) {
		size *= 2
	}
	slots = make([]uint32, size)
	mask := uint32(size - 1)
	refs = make([]uint32, 0, 2*len(keys))
	for r, k := range keys {
		off, n := str(k)
		refs = append(refs, off, n)
		i := Hash(k) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint32(r) + 1
	}
	return slots, refs
}
