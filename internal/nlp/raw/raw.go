// Package raw reads arrays of little-endian numbers that model images and
// model files keep as bytes: in place where the machine and the bytes'
// alignment allow it, as a decoded copy otherwise.
package raw

import (
	"unsafe"
)

// Number is what an array of the images holds.
type Number interface {
	~uint16 | ~uint32 | ~uint64 | ~int32 | ~float32
}

// LittleEndian reports whether the machine stores numbers little-endian,
// as the images do.
var LittleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// Slice returns the little-endian numbers in b (its length rounded down to
// whole numbers): b itself when the machine is little-endian and b is
// aligned for T, else a copy in the machine's order.
func Slice[T Number](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	n := len(b) / size
	if n == 0 {
		return nil
	}
	if LittleEndian && uintptr(unsafe.Pointer(&b[0]))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]T, n)
	dst := unsafe.Slice((*byte)(unsafe.Pointer(&out[0])), n*size)
	copy(dst, b[:n*size])
	if !LittleEndian {
		for i := 0; i < len(dst); i += size {
			for j, k := i, i+size-1; j < k; j, k = j+1, k-1 {
				dst[j], dst[k] = dst[k], dst[j]
			}
		}
	}
	return out
}
