package vec

import "golang.org/x/sys/cpu"

var hasAVX = cpu.X86.HasAVX

// addAVX adds n float32s at src to those at dst, eight at a time.
//
//go:noescape
func addAVX(dst, src *float32, n int)

func add(dst, src []float32) {
	if hasAVX {
		addAVX(&dst[0], &src[0], len(dst))
		return
	}
	addGeneric(dst, src)
}

var hasAVX2 = cpu.X86.HasAVX2

// addBF16AVX2 adds n bfloat16s at src, widened to float32, to the float32s
// at dst, eight at a time.
//
//go:noescape
func addBF16AVX2(dst *float32, src *uint16, n int)

func addBF16(dst []float32, src []uint16) {
	if hasAVX2 {
		addBF16AVX2(&dst[0], &src[0], len(dst))
		return
	}
	addBF16Generic(dst, src)
}
