package raw

import (
	"encoding/binary"
	"math"
	"testing"
)

// TestSlice reads numbers in place and from misaligned bytes alike.
func TestSlice(t *testing.T) {
	buf := make([]byte, 1+8*3)
	for off := 0; off <= 1; off++ {
		b := buf[off : off+8*3]
		for i, v := range []uint64{1, 1 << 40, math.MaxUint64} {
			binary.LittleEndian.PutUint64(b[8*i:], v)
		}
		if got := Slice[uint64](b); len(got) != 3 || got[0] != 1 || got[1] != 1<<40 || got[2] != math.MaxUint64 {
			t.Errorf("offset %d: uint64s %v", off, got)
		}
		binary.LittleEndian.PutUint32(b, math.Float32bits(-2.5))
		if got := Slice[float32](b[:7]); len(got) != 1 || got[0] != -2.5 {
			t.Errorf("offset %d: float32s %v", off, got)
		}
		binary.LittleEndian.PutUint16(b, 0xBEEF)
		if got := Slice[uint16](b[:2]); len(got) != 1 || got[0] != 0xBEEF {
			t.Errorf("offset %d: uint16s %v", off, got)
		}
	}
	if Slice[uint32](nil) != nil || Slice[uint32]([]byte{1, 2, 3}) != nil {
		t.Error("fewer bytes than a number: want nil")
	}
}

// TestIndex checks every key is found as its record, absent keys are not,
// and damaged indexes are not Valid.
func TestIndex(t *testing.T) {
	var strs []byte
	str := func(s string) (uint32, uint32) {
		off := uint32(len(strs))
		strs = append(strs, s...)
		return off, uint32(len(s))
	}
	keys := []string{"", "a", "b", "ab", "london", "London", "paris"}
	slots, refs := BuildIndex(keys, str)
	x := &Index{Slots: slots, Keys: refs, Strs: string(strs)}
	if !x.Valid() {
		t.Fatal("built index not valid")
	}
	for r, k := range keys {
		if got, ok := x.Find(k); !ok || got != r {
			t.Errorf("Find(%q) = %d, %v; want %d", k, got, ok, r)
		}
	}
	for _, k := range []string{"c", "lond", "londonx", "PARIS"} {
		if got, ok := x.Find(k); ok {
			t.Errorf("Find(%q) = %d, want none", k, got)
		}
	}
	var empty Index
	if _, ok := empty.Find("a"); ok || !empty.Valid() {
		t.Error("empty index")
	}
	bad := *x
	bad.Slots = append([]uint32{}, slots...)
	bad.Slots[0] = 99
	if bad.Valid() {
		t.Error("slot past the records: valid")
	}
	bad = *x
	bad.Strs = bad.Strs[:3]
	if bad.Valid() {
		t.Error("key past the strings: valid")
	}
	full := Index{Slots: []uint32{1}, Keys: []uint32{0, 1}, Strs: "a"}
	if full.Valid() {
		t.Error("no empty slot: valid")
	}
}
