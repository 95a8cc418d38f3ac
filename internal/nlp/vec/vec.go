// Package vec holds the vector arithmetic of the trained models' hot loops:
// adding a feature's weight vector to a vector of class scores. On amd64
// with AVX it runs eight lanes at a time in assembly; elsewhere it is plain
// Go. Both give bit-identical results: each element is one float32 addition
// either way.
package vec

import "math"

// Add adds src to dst element by element: dst[i] += src[i] for i below
// len(dst). It panics if src is shorter than dst.
func Add(dst, src []float32) {
	if len(src) < len(dst) {
		panic("vec.Add: src shorter than dst")
	}
	if len(dst) == 0 {
		return
	}
	add(dst, src[:len(dst)])
}

// addGeneric is Add in plain Go.
func addGeneric(dst, src []float32) {
	src = src[:len(dst)]
	for i, x := range src {
		dst[i] += x
	}
}

// AddBF16 adds src, bfloat16 numbers (the top 16 bits of a float32), to
// dst element by element: dst[i] += float32(src[i]) for i below len(dst).
// Widening a bfloat16 is exact, so the sums are those of Add with the
// widened numbers. It panics if src is shorter than dst.
func AddBF16(dst []float32, src []uint16) {
	if len(src) < len(dst) {
		panic("vec.AddBF16: src shorter than dst")
	}
	if len(dst) == 0 {
		return
	}
	addBF16(dst, src[:len(dst)])
}

// addBF16Generic is AddBF16 in plain Go.
func addBF16Generic(dst []float32, src []uint16) {
	src = src[:len(dst)]
	for i, x := range src {
		dst[i] += math.Float32frombits(uint32(x) << 16)
	}
}
