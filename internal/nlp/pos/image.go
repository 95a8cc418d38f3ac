package pos

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"unsafe"

	"sitrep/internal/nlp/raw"
)

// A model image is the tagger as it sits in memory, so that loading it
// decodes only the small tables (classes, tag dictionary, lexicon): the
// feature table and the weights are used in place, straight from the bytes
// embedded in the binary. model/pos.bin.gz, written by Save, is the source;
// `go generate` (../imagegen) turns it into model/pos.img. Layout, little
// endian:
//
//	magic "sitrep-pos-image 1\n" padded with zeros to 24 bytes
//	the length of the head (uint64), then the head: Save's format up to
//	  and including the number of passes (classes, dictionary, lexicon,
//	  open classes, beams), then per pass its scale (float32 bits, uvarint),
//	  the feature table's size, count and whether key 0 is present (uvarint)
//	zero padding to a multiple of 8
//	the feature table's slot of key 0, then its slots (16 bytes each: key
//	  uint64, lo uint32, n [2]uint16), the sparse weights (4 bytes each:
//	  class, a zero byte, q int16), the dense weights (float32 each), each
//	  array preceded by its length (uint64)
const (
	imageMagic     = "sitrep-pos-image 1\n"
	imageMagicSize = 24
)

//go:generate go run ../imagegen pos model/pos.bin.gz model/pos.img

// WriteImage writes m as a model image (see LoadImage).
func (m *Model) WriteImage(w io.Writer) error {
	var head bytes.Buffer
	hw := bufio.NewWriter(&head)
	var buf [binary.MaxVarintLen64]byte
	uvarint := func(x uint64) { hw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	m.saveHead(hw, uvarint)
	for p := range m.npass {
		uvarint(uint64(math.Float32bits(m.scale[p])))
	}
	uvarint(uint64(len(m.features.slots)))
	uvarint(uint64(m.features.n))
	zero := uint64(0)
	if m.features.zeroOK {
		zero = 1
	}
	uvarint(zero)
	hw.Flush()

	b := bufio.NewWriterSize(w, 1<<20)
	var magic [imageMagicSize]byte
	copy(magic[:], imageMagic)
	b.Write(magic[:])
	u64 := func(x uint64) { binary.LittleEndian.PutUint64(buf[:8], x); b.Write(buf[:8]) }
	u32 := func(x uint32) { binary.LittleEndian.PutUint32(buf[:4], x); b.Write(buf[:4]) }
	u16 := func(x uint16) { binary.LittleEndian.PutUint16(buf[:2], x); b.Write(buf[:2]) }
	slot := func(s fslot) { u64(s.key); u32(s.lo); u16(s.n[0]); u16(s.n[1]) }
	u64(uint64(head.Len()))
	b.Write(head.Bytes())
	for n := imageMagicSize + 8 + head.Len(); n%8 != 0; n++ {
		b.WriteByte(0)
	}
	slot(m.features.zero)
	u64(uint64(len(m.features.slots)))
	for _, s := range m.features.slots {
		slot(s)
	}
	u64(uint64(len(m.sparse)))
	for _, e := range m.sparse {
		b.WriteByte(e.class)
		b.WriteByte(0)
		u16(uint16(e.q))
	}
	u64(uint64(len(m.dense)))
	for _, x := range m.dense {
		u32(math.Float32bits(x))
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write pos image: %w", err)
	}
	return nil
}

// LoadImage returns the model in img, written by WriteImage. The model uses
// img's memory for its weights: img must not change afterwards.
func LoadImage(img []byte) (*Model, error) {
	m, err := loadImage(img, true)
	if err != nil {
		return nil, fmt.Errorf("load pos image: %w", err)
	}
	return m, nil
}

// loadImage is LoadImage; check says whether to check every slot, which
// touches every page of the table. The embedded image is checked by the
// tests instead, so that loading it reads only the pages a document needs.
func loadImage(img []byte, check bool) (*Model, error) {
	if len(img) < imageMagicSize+8 || string(img[:len(imageMagic)]) != imageMagic {
		return nil, ErrBadModel
	}
	p := img[imageMagicSize:]
	nh := binary.LittleEndian.Uint64(p)
	p = p[8:]
	if nh > uint64(len(p)) {
		return nil, fmt.Errorf("%w: truncated", ErrBadModel)
	}
	r := &reader{r: bufio.NewReader(bytes.NewReader(p[:nh]))}
	p = p[nh:]
	m, np, err := loadHead(r)
	if err != nil {
		return nil, err
	}
	for k := range np {
		m.scale[k] = math.Float32frombits(uint32(r.uvarint(math.MaxUint32)))
	}
	size, n, zero := r.uvarint(1<<32), r.uvarint(1<<32), r.uvarint(1)
	if r.err != nil {
		return nil, r.err
	}
	if size < 16 || size&(size-1) != 0 || 4*n > 3*size {
		return nil, fmt.Errorf("%w: %d features in %d slots", ErrBadModel, n, size)
	}
	p = p[(8-(len(img)-len(p))%8)%8:]
	slot := func(b []byte) fslot {
		return fslot{key: binary.LittleEndian.Uint64(b), lo: binary.LittleEndian.Uint32(b[8:]),
			n: [2]uint16{binary.LittleEndian.Uint16(b[12:]), binary.LittleEndian.Uint16(b[14:])}}
	}
	array := func(size uint64) ([]byte, error) {
		if len(p) < 8 {
			return nil, fmt.Errorf("%w: truncated", ErrBadModel)
		}
		n := binary.LittleEndian.Uint64(p)
		if n > uint64(len(p)-8)/size {
			return nil, fmt.Errorf("%w: truncated", ErrBadModel)
		}
		a := p[8 : 8+n*size]
		p = p[8+n*size:]
		return a, nil
	}
	if len(p) < 16 {
		return nil, fmt.Errorf("%w: truncated", ErrBadModel)
	}
	m.features = &ftable{zero: slot(p), zeroOK: zero == 1, mask: size - 1, n: int(n)}
	p = p[16:]
	slots, err := array(16)
	if err != nil {
		return nil, err
	}
	sparse, err := array(4)
	if err != nil {
		return nil, err
	}
	dense, err := array(4)
	if err != nil {
		return nil, err
	}
	if len(p) != 0 || uint64(len(slots)) != 16*size {
		return nil, fmt.Errorf("%w: %d slots, %d bytes left over", ErrBadModel, len(slots)/16, len(p))
	}
	if inPlace(slots, 8) && unsafe.Sizeof(fslot{}) == 16 && unsafe.Offsetof(fslot{}.lo) == 8 && unsafe.Offsetof(fslot{}.n) == 12 {
		m.features.slots = unsafe.Slice((*fslot)(unsafe.Pointer(&slots[0])), size)
	} else {
		m.features.slots = make([]fslot, size)
		for i := range m.features.slots {
			m.features.slots[i] = slot(slots[16*i:])
		}
	}
	if inPlace(sparse, 2) && unsafe.Sizeof(qentry{}) == 4 && unsafe.Offsetof(qentry{}.q) == 2 {
		m.sparse = unsafe.Slice((*qentry)(unsafe.Pointer(&sparse[0])), len(sparse)/4)
	} else {
		m.sparse = make([]qentry, len(sparse)/4)
		for i := range m.sparse {
			m.sparse[i] = qentry{sparse[4*i], int16(binary.LittleEndian.Uint16(sparse[4*i+2:]))}
		}
	}
	m.dense = raw.Slice[float32](dense)
	nclass := len(m.upos)
	m.width = (nclass + 7) &^ 7
	m.npass = int(np)
	if check {
		if err := m.checkWeights(); err != nil {
			return nil, err
		}
	}
	m.derive()
	return m, nil
}

// checkWeights checks that every slot's weights lie within the weight
// arrays and name classes of the model.
func (m *Model) checkWeights() error {
	nclass := len(m.upos)
	for _, e := range m.sparse {
		if int(e.class) >= nclass {
			return fmt.Errorf("%w: class %d of %d", ErrBadModel, e.class, nclass)
		}
	}
	n := 0
	check := func(s fslot) error {
		if s.n[0] == denseRow {
			if uint64(s.lo)+uint64(m.npass*m.width) > uint64(len(m.dense)) {
				return fmt.Errorf("%w: dense weights out of range", ErrBadModel)
			}
			return nil
		}
		if m.npass == 1 && s.n[1] != 0 {
			return fmt.Errorf("%w: weights of a second pass", ErrBadModel)
		}
		if uint64(s.lo)+uint64(s.n[0])+uint64(s.n[1]) > uint64(len(m.sparse)) {
			return fmt.Errorf("%w: sparse weights out of range", ErrBadModel)
		}
		return nil
	}
	for _, s := range m.features.slots {
		if s.key == 0 {
			continue
		}
		n++
		if err := check(s); err != nil {
			return err
		}
	}
	if m.features.zeroOK {
		if err := check(m.features.zero); err != nil {
			return err
		}
	}
	if n != m.features.n {
		return fmt.Errorf("%w: %d features in the table, header says %d", ErrBadModel, n, m.features.n)
	}
	return nil
}

// inPlace reports whether b can be used as an array of little-endian
// values aligned to align bytes without copying.
func inPlace(b []byte, align uintptr) bool {
	return len(b) > 0 && raw.LittleEndian && uintptr(unsafe.Pointer(&b[0]))%align == 0
}

//go:embed model/pos.img
var embeddedImage []byte

var loaded atomic.Bool

// Loaded reports whether Default has loaded the model.
func Loaded() bool { return loaded.Load() }

var loadDefault = sync.OnceValues(func() (*Model, error) {
	loaded.Store(true)
	m, err := loadImage(embeddedImage, false)
	if err != nil {
		return nil, fmt.Errorf("load pos image: %w", err)
	}
	return m, nil
})

// Default returns the embedded model, loading it on first use from the
// model image, whose weights are used where they lie in the binary.
func Default() (*Model, error) { return loadDefault() }
