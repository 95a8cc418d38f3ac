package ner

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"unsafe"

	"sitrep/internal/nlp/raw"
)

// A model image holds the recogniser's lookup tables as they sit in memory
// (little endian), so that loading it decodes nothing: the joint weight
// table, the word clusters and the gazetteer are used in place, straight
// from the bytes embedded in the binary. model.bin.gz, written by Save, is
// the source; `go generate` (../imagegen) turns it into model.img. Layout:
//
//	magic "sitrep-ner-image 1\n" padded with zeros to 24 bytes
//	the longest gazetteer phrase, the number of phrases, the number of
//	  layers (uint64 each), the two weight scales (float32 bits, uint32
//	  each), the transition weights of each layer (float32 each)
//	three tables, each: its shift and mask (uint64 each), its slot count
//	  (uint64), the tags (uint16 each) padded with zeros to a multiple of
//	  8 bytes, the entries (as in memory: a uint64 hash, then the value)
//	  — the joint weights, the clusters, the gazetteer
//
// A model loaded from an image tags but cannot be saved or trained.
const (
	imageMagic     = "sitrep-ner-image 1\n"
	imageMagicSize = 24
)

//go:generate go run ../imagegen ner model.bin.gz model.img

// WriteImage writes m as a model image (see LoadImage).
func (m *Model) WriteImage(w io.Writer) error {
	if !raw.LittleEndian {
		return errors.New("ner: write image: images are little endian")
	}
	b := bufio.NewWriterSize(w, 1<<20)
	var head [imageMagicSize]byte
	copy(head[:], imageMagic)
	b.Write(head[:])
	u64 := func(x uint64) { b.Write(binary.LittleEndian.AppendUint64(nil, x)) }
	u32 := func(x uint32) { b.Write(binary.LittleEndian.AppendUint32(nil, x)) }
	layers := []*layer{&m.first}
	if m.second != nil {
		layers = append(layers, m.second)
	}
	u64(uint64(m.gazMax))
	u64(uint64(m.words.ngaz))
	u64(uint64(len(layers)))
	u32(math.Float32bits(m.joint.scale[0]))
	u32(math.Float32bits(m.joint.scale[1]))
	for _, l := range layers {
		for _, row := range l.trans {
			for _, x := range row {
				u32(math.Float32bits(x))
			}
		}
	}
	writeTable(b, &m.joint.table)
	writeTable(b, &m.words.clusters)
	writeTable(b, &m.words.gaz)
	if err := b.Flush(); err != nil {
		return fmt.Errorf("ner: write image: %w", err)
	}
	return nil
}

// writeTable writes t as an image holds it; the writer is at a multiple of
// 8 bytes before and after.
func writeTable[V any](b *bufio.Writer, t *table[V]) {
	u64 := func(x uint64) { b.Write(binary.LittleEndian.AppendUint64(nil, x)) }
	u64(uint64(t.shift))
	u64(uint64(t.mask))
	u64(uint64(len(t.tags)))
	for _, x := range t.tags {
		b.Write(binary.LittleEndian.AppendUint16(nil, x))
	}
	for n := 2 * len(t.tags); n%8 != 0; n++ {
		b.WriteByte(0)
	}
	for i := range t.ents {
		e := t.ents[i] // a copy, so that padding bytes are written as zeros
		var clean entry[V]
		clean.key, clean.val = e.key, e.val
		b.Write(unsafe.Slice((*byte)(unsafe.Pointer(&clean)), unsafe.Sizeof(clean)))
	}
}

// LoadImage returns the model in img, written by WriteImage. The model uses
// img's memory for its tables: img must not change afterwards.
func LoadImage(img []byte) (*Model, error) {
	m, err := loadImage(img, true)
	if err != nil {
		return nil, fmt.Errorf("ner: load image: %w", err)
	}
	return m, nil
}

var errBadImage = errors.New("not a NER model image")

// loadImage is LoadImage; check says whether to check every table slot,
// which touches every page. The embedded image is checked by the tests
// instead, so that loading it reads only the pages a document needs.
func loadImage(img []byte, check bool) (*Model, error) {
	if !raw.LittleEndian {
		return nil, errors.New("images are little endian")
	}
	if len(img) < imageMagicSize+32 || string(img[:len(imageMagic)]) != imageMagic {
		return nil, errBadImage
	}
	p := img[imageMagicSize:]
	u64 := func() uint64 {
		if len(p) < 8 {
			p = nil
			return math.MaxUint64
		}
		x := binary.LittleEndian.Uint64(p)
		p = p[8:]
		return x
	}
	m := &Model{words: &wordIndex{}}
	gazMax, ngaz, nl := u64(), u64(), u64()
	if gazMax > 1<<10 || ngaz > 1<<32 || nl < 1 || nl > 2 || len(p) < 8 {
		return nil, fmt.Errorf("%w: header", errBadImage)
	}
	m.gazMax, m.words.ngaz = int(gazMax), int(ngaz)
	m.joint = &jointTable{}
	m.joint.scale[0] = math.Float32frombits(binary.LittleEndian.Uint32(p))
	m.joint.scale[1] = math.Float32frombits(binary.LittleEndian.Uint32(p[4:]))
	p = p[8:]
	layers := []*layer{&m.first}
	if nl == 2 {
		m.second = &layer{}
		layers = append(layers, m.second)
	}
	for _, l := range layers {
		if len(p) < 4*len(l.trans)*len(l.trans[0]) {
			return nil, fmt.Errorf("%w: truncated", errBadImage)
		}
		for i := range l.trans {
			for j := range l.trans[i] {
				l.trans[i][j] = math.Float32frombits(binary.LittleEndian.Uint32(p))
				p = p[4:]
			}
		}
	}
	if (len(img)-len(p))%8 != 0 {
		return nil, fmt.Errorf("%w: misaligned", errBadImage)
	}
	var err error
	if p, err = readTable(p, &m.joint.table, check); err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if p, err = readTable(p, &m.words.clusters, check); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	if p, err = readTable(p, &m.words.gaz, check); err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("%w: %d bytes left over", errBadImage, len(p))
	}
	return m, nil
}

// readTable sets t to the table at the start of p and returns the rest.
func readTable[V any](p []byte, t *table[V], check bool) ([]byte, error) {
	if len(p) < 24 {
		return nil, fmt.Errorf("%w: truncated", errBadImage)
	}
	shift, mask, n := binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:]), binary.LittleEndian.Uint64(p[16:])
	p = p[24:]
	if n < 16 || n > 1<<30 || n&(n-1) != 0 || mask != n-1 || shift != uint64(64-bitsLen(n-1)) {
		return nil, fmt.Errorf("%w: a table of %d slots", errBadImage, n)
	}
	var e entry[V]
	size := uint64(unsafe.Sizeof(e))
	tagBytes := (2*n + 7) &^ 7
	if uint64(len(p)) < tagBytes+n*size {
		return nil, fmt.Errorf("%w: truncated", errBadImage)
	}
	t.shift, t.mask = uint8(shift), int(mask)
	t.tags = castSlice[uint16](p[:2*n], int(n))
	t.ents = castSlice[entry[V]](p[tagBytes:tagBytes+n*size], int(n))
	p = p[tagBytes+n*size:]
	if check {
		// Every table must have an empty slot, or a lookup would not end.
		empty := false
		for _, x := range t.tags {
			empty = empty || x == 0
		}
		if !empty {
			return nil, fmt.Errorf("%w: a full table", errBadImage)
		}
	}
	return p, nil
}

// castSlice returns b as n values of type T: b itself when it is suitably
// aligned, a copy otherwise.
func castSlice[T any](b []byte, n int) []T {
	var zero T
	if uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(zero) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]T, n)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&out[0])), len(b)), b)
	return out
}

func bitsLen(x uint64) int {
	n := 0
	for ; x != 0; x >>= 1 {
		n++
	}
	return n
}

//go:embed model.img
var embeddedImage []byte

var loaded atomic.Bool

// Loaded reports whether Default has loaded the model.
func Loaded() bool { return loaded.Load() }

var loadDefault = sync.OnceValues(func() (*Model, error) {
	loaded.Store(true)
	m, err := loadImage(embeddedImage, false)
	if err != nil {
		return nil, fmt.Errorf("ner: load image: %w", err)
	}
	return m, nil
})

// Default returns the embedded model, loading it on first use from the
// model image, whose tables are used where they lie in the binary.
func Default() (*Model, error) { return loadDefault() }
