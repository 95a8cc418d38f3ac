package parse

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	_ "embed"

	"sitrep/internal/nlp/raw"
)

// A model image is the parser as it sits in memory, so that loading it
// decodes nothing but the small vocabularies: the weight table's slots and
// entries are used in place, straight from the bytes embedded in the binary.
// The gzip-compressed model written by Save (model/parse.model.gz) is the
// source; `go generate` (../imagegen) turns it into model/parse.img. The
// layout, little endian:
//
//	magic "sitrep-parse-image 3\n" padded with zeros to 24 bytes
//	the number of features, slots, entries and dense weights, and the
//	  width of a dense row (uint64 each)
//	the four string lists (words, xpos, upos, labels): a uint32 count,
//	  then per string a uint32 length and the bytes
//	zero padding to a multiple of 8
//	the slots (uint64 each), the entries (uint32 each), the dense rows
//	  (bfloat16 each)
//
// The weights are stored as the parser uses them, with the frequent
// features' weights as dense rows (see table.densify).
const (
	imageMagic     = "sitrep-parse-image 3\n"
	imageMagicSize = 24
)

//go:generate go run ../imagegen parse model/parse.model.gz model/parse.img

//go:embed model/parse.img
var defaultImage []byte

var loadDefault = sync.OnceValues(func() (*Model, error) {
	loaded.Store(true)
	m, err := loadImage(defaultImage, false)
	if err != nil {
		return nil, fmt.Errorf("parse: load image: %w", err)
	}
	return m, nil
})

// Default returns the embedded model, trained by TrainDefault on UD English
// EWT. It is loaded once, on first use, from the model image: the weights
// are used where they lie in the binary and nothing is decoded.
func Default() (*Model, error) { return loadDefault() }

// Loaded reports whether Default has loaded the model.
func Loaded() bool { return loaded.Load() }

var loaded atomic.Bool

// WriteImage writes m as a model image (see LoadImage).
func (m *Model) WriteImage(w io.Writer) error {
	b := bufio.NewWriterSize(w, 1<<20)
	var head [imageMagicSize]byte
	copy(head[:], imageMagic)
	b.Write(head[:])
	u64 := func(x uint64) { b.Write(binary.LittleEndian.AppendUint64(nil, x)) }
	u32 := func(x uint32) { b.Write(binary.LittleEndian.AppendUint32(nil, x)) }
	t := m.w
	if t.width == 0 {
		t = t.densify(m.nClasses())
	}
	u64(uint64(t.n))
	u64(uint64(len(t.slots)))
	u64(uint64(len(t.entries)))
	u64(uint64(len(t.dense)))
	u64(uint64(t.width))
	n := imageMagicSize + 40
	for _, ss := range [][]string{byID(m.words), byID(m.xpos), byID(m.upos), m.labels[1:]} {
		u32(uint32(len(ss)))
		n += 4
		for _, s := range ss {
			u32(uint32(len(s)))
			b.WriteString(s)
			n += 4 + len(s)
		}
	}
	for ; n%8 != 0; n++ {
		b.WriteByte(0)
	}
	var buf [8]byte
	for _, s := range t.slots {
		binary.LittleEndian.PutUint64(buf[:], s)
		b.Write(buf[:])
	}
	for _, e := range t.entries {
		binary.LittleEndian.PutUint32(buf[:4], e)
		b.Write(buf[:4])
	}
	for _, x := range t.dense {
		binary.LittleEndian.PutUint16(buf[:2], x)
		b.Write(buf[:2])
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("parse: write image: %w", err)
	}
	return nil
}

// LoadImage returns the model in img, written by WriteImage. The model uses
// img's memory for its weights: img must not change afterwards.
func LoadImage(img []byte) (*Model, error) {
	m, err := loadImage(img, true)
	if err != nil {
		return nil, fmt.Errorf("parse: load image: %w", err)
	}
	return m, nil
}

// loadImage is LoadImage; check says whether to check every slot and
// entry, which touches every page of the weights. The embedded image is
// checked by the tests instead, so that loading it reads only the pages a
// document needs.
func loadImage(img []byte, check bool) (*Model, error) {
	if len(img) < imageMagicSize+40 || string(img[:len(imageMagic)]) != imageMagic {
		return nil, ErrBadModel
	}
	p := img[imageMagicSize:]
	nf := binary.LittleEndian.Uint64(p)
	nslots := binary.LittleEndian.Uint64(p[8:])
	nentries := binary.LittleEndian.Uint64(p[16:])
	ndense := binary.LittleEndian.Uint64(p[24:])
	width := binary.LittleEndian.Uint64(p[32:])
	p = p[40:]
	if nslots == 0 || nslots&(nslots-1) != 0 || nslots > 1<<30 || 2*nf > nslots || nentries > maxEntries ||
		width == 0 || width%8 != 0 || width > 256 || ndense%width != 0 || ndense > 1<<30 {
		return nil, fmt.Errorf("%w: %d features, %d slots, %d entries, %d dense weights in rows of %d",
			ErrBadModel, nf, nslots, nentries, ndense, width)
	}
	list := func(max uint32) ([]string, error) {
		if len(p) < 4 {
			return nil, fmt.Errorf("%w: truncated", ErrBadModel)
		}
		n := binary.LittleEndian.Uint32(p)
		p = p[4:]
		if n > max {
			return nil, fmt.Errorf("%w: list of %d strings", ErrBadModel, n)
		}
		ss := make([]string, n)
		for i := range ss {
			if len(p) < 4 {
				return nil, fmt.Errorf("%w: truncated", ErrBadModel)
			}
			l := binary.LittleEndian.Uint32(p)
			if uint64(l) > uint64(len(p)-4) {
				return nil, fmt.Errorf("%w: truncated", ErrBadModel)
			}
			ss[i] = string(p[4 : 4+l])
			p = p[4+l:]
		}
		return ss, nil
	}
	var lists [4][]string
	for i, max := range [4]uint32{1 << 24, 1 << 12, 1 << 12, 127} {
		ss, err := list(max)
		if err != nil {
			return nil, err
		}
		lists[i] = ss
	}
	m := &Model{
		words:  idsInOrder(lists[0]),
		xpos:   idsInOrder(lists[1]),
		upos:   idsInOrder(lists[2]),
		labels: append([]string{""}, lists[3]...),
	}
	m.root = m.labelID("root")
	if m.root == 0 {
		return nil, fmt.Errorf("%w: no label root", ErrBadModel)
	}
	p = p[(8-(len(img)-len(p))%8)%8:] // the padding: arrays start at a multiple of 8
	if uint64(len(p)) != 8*nslots+4*nentries+2*ndense {
		return nil, fmt.Errorf("%w: %d bytes of weights, want %d", ErrBadModel, len(p), 8*nslots+4*nentries+2*ndense)
	}
	t := &table{
		slots:   raw.Slice[uint64](p[:8*nslots]),
		entries: raw.Slice[uint32](p[8*nslots : 8*nslots+4*nentries]),
		dense:   raw.Slice[uint16](p[8*nslots+4*nentries:]),
		n:       int(nf),
		width:   int(width),
	}
	m.w = t
	if !check {
		return m, nil
	}
	// Check the slots, so that a damaged image fails here rather than
	// while parsing: every offset and count within the entries, every
	// class a class of the model.
	nc := uint32(m.nClasses())
	if width != uint64(nc+7)&^7 {
		return nil, fmt.Errorf("%w: dense rows of %d for %d classes", ErrBadModel, width, nc)
	}
	n := 0
	for _, s := range t.slots {
		if s == 0 {
			continue
		}
		n++
		off, cnt := uint64(uint32(s)>>8), s&0xff
		if cnt == denseRow {
			if (off+1)*width > ndense {
				return nil, fmt.Errorf("%w: dense row %d of %d", ErrBadModel, off, ndense/width)
			}
			continue
		}
		if off+cnt > nentries {
			return nil, fmt.Errorf("%w: entries [%d,%d) of %d", ErrBadModel, off, off+cnt, nentries)
		}
	}
	if n != int(nf) {
		return nil, fmt.Errorf("%w: %d features in the slots, header says %d", ErrBadModel, n, nf)
	}
	for _, e := range t.entries {
		if e>>16 >= nc {
			return nil, fmt.Errorf("%w: class %d of %d", ErrBadModel, e>>16, nc)
		}
	}
	return m, nil
}
