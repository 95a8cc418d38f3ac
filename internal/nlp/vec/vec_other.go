//go:build !amd64

package vec

func add(dst, src []float32) { addGeneric(dst, src) }

func addBF16(dst []float32, src []uint16) { addBF16Generic(dst, src) }
