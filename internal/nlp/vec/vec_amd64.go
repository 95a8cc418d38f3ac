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
