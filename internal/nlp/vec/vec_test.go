package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdd checks Add against plain Go for every length up to 70, on
// slices that start at every alignment of a float32 within 32 bytes.
func TestAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 70 {
		for off := range 8 {
			src := make([]float32, n+off)
			dst := make([]float32, n+off)
			for i := range src {
				src[i] = rng.Float32()*2 - 1
				dst[i] = rng.Float32()*2 - 1
			}
			want := append([]float32(nil), dst...)
			addGeneric(want[off:], src[off:])
			Add(dst[off:], src[off:])
			for i := range dst {
				if dst[i] != want[i] {
					t.Fatalf("n=%d off=%d: element %d is %v, want %v", n, off, i, dst[i], want[i])
				}
			}
		}
	}
}

// TestAddLeavesTail checks that Add writes only len(dst) elements even when
// src is longer and dst is a prefix of a longer array.
func TestAddLeavesTail(t *testing.T) {
	buf := make([]float32, 20)
	src := make([]float32, 20)
	for i := range src {
		src[i] = 1
	}
	Add(buf[:11], src)
	for i, x := range buf {
		want := float32(0)
		if i < 11 {
			want = 1
		}
		if x != want {
			t.Fatalf("element %d is %v, want %v", i, x, want)
		}
	}
}

func TestAddShortSource(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a source shorter than the destination")
		}
	}()
	Add(make([]float32, 4), make([]float32, 3))
}

// BenchmarkAdd adds vectors of the tagger's class count (102).
func BenchmarkAdd(b *testing.B) {
	dst, src := make([]float32, 102), make([]float32, 102)
	for i := range src {
		src[i] = float32(i)
	}
	for b.Loop() {
		Add(dst, src)
	}
}

func BenchmarkAddGeneric(b *testing.B) {
	dst, src := make([]float32, 102), make([]float32, 102)
	for b.Loop() {
		addGeneric(dst, src)
	}
}

// TestAddBF16 checks AddBF16 against plain Go for every length up to 70, on
// slices at every alignment, with bfloat16s of every sign and magnitude.
func TestAddBF16(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 70 {
		for off := range 8 {
			src := make([]uint16, n+off)
			dst := make([]float32, n+off)
			for i := range src {
				src[i] = uint16(rng.Uint32())
				dst[i] = rng.Float32()*2 - 1
			}
			want := append([]float32(nil), dst...)
			addBF16Generic(want[off:], src[off:])
			AddBF16(dst[off:], src[off:])
			for i := range dst {
				if math.Float32bits(dst[i]) != math.Float32bits(want[i]) && !(dst[i] != dst[i] && want[i] != want[i]) {
					t.Fatalf("n=%d off=%d: element %d is %v, want %v", n, off, i, dst[i], want[i])
				}
			}
		}
	}
	dst := []float32{1, 2}
	AddBF16(dst[:1], []uint16{0x3f80, 0x3f80}) // 1.0
	if dst[0] != 2 || dst[1] != 2 {
		t.Errorf("got %v, want [2 2]", dst)
	}
}
