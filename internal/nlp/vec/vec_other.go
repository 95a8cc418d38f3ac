//go:build !amd64

package vec

func add(dst, src []float32) { addGeneric(dst, src) }
