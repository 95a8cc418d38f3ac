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
