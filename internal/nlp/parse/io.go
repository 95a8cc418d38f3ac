package parse

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// The model file is gzip-compressed binary:
//
//	magic "sitrep-parse", version (uvarint)
//	four string lists (words, xpos, upos, labels), each a count and then
//	  length-prefixed strings, words and tags in id order from idBase
//	the number of features, then per feature in increasing order: the delta
//	  from the previous feature (uvarint), the number of entries (byte) and
//	  per entry its class (byte) and weight (bfloat16, little endian)
const (
	magic   = "sitrep-parse"
	version = 1
)

// Save writes m to w.
func (m *Model) Save(w io.Writer) error {
	z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	b := bufio.NewWriter(z)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { b.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); b.WriteString(s) }
	list := func(ss []string) {
		uv(uint64(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	b.WriteString(magic)
	uv(version)
	list(byID(m.words))
	list(byID(m.xpos))
	list(byID(m.upos))
	list(m.labels[1:])
	uv(uint64(m.w.n))
	prev := uint32(0)
	m.w.each(func(f uint32, es []uint32) {
		uv(uint64(f - prev))
		prev = f
		b.WriteByte(byte(len(es)))
		for _, e := range es {
			b.WriteByte(byte(e >> 16))
			b.WriteByte(byte(e))
			b.WriteByte(byte(e >> 8))
		}
	})
	if err := b.Flush(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	return nil
}

// toBfloat16 rounds f to the nearest bfloat16: the top 16 bits of a float32.
func toBfloat16(f float32) uint16 {
	u := math.Float32bits(f)
	u += 0x7fff + (u>>16)&1
	return uint16(u >> 16)
}

func fromBfloat16(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// byID lists a vocabulary's strings in id order.
func byID(m map[string]uint32) []string {
	ss := make([]string, len(m))
	for s, id := range m {
		ss[id-idBase] = s
	}
	return ss
}

// ErrBadModel is returned by Load for data that is not a parser model.
var ErrBadModel = errors.New("not a parser model")

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("parse: load: %w: %w", ErrBadModel, err)
	}
	m, err := load(bufio.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("parse: load: %w", err)
	}
	return m, nil
}

func load(b *bufio.Reader) (*Model, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(b, head); err != nil || string(head) != magic {
		return nil, ErrBadModel
	}
	var err error
	uv := func() uint64 {
		if err != nil {
			return 0
		}
		var x uint64
		x, err = binary.ReadUvarint(b)
		return x
	}
	list := func(max uint64) []string {
		n := uv()
		if err != nil || n > max {
			err = firstErr(err, fmt.Errorf("%w: list of %d strings", ErrBadModel, n))
			return nil
		}
		ss := make([]string, n)
		for i := range ss {
			l := uv()
			if err != nil || l > 1<<16 {
				err = firstErr(err, fmt.Errorf("%w: string of %d bytes", ErrBadModel, l))
				return nil
			}
			p := make([]byte, l)
			if _, e := io.ReadFull(b, p); e != nil {
				err = e
				return nil
			}
			ss[i] = string(p)
		}
		return ss
	}
	if v := uv(); err == nil && v != version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrBadModel, v, version)
	}
	words, xpos, upos := list(1<<24), list(1<<12), list(1<<12)
	labels := list(127)
	if err != nil {
		return nil, err
	}
	m := &Model{
		words:  idsInOrder(words),
		xpos:   idsInOrder(xpos),
		upos:   idsInOrder(upos),
		labels: append([]string{""}, labels...),
	}
	m.root = m.labelID("root")
	if m.root == 0 {
		return nil, fmt.Errorf("%w: no label root", ErrBadModel)
	}
	nc := m.nClasses()
	nf := uv()
	if err != nil || nf > 1<<23 {
		return nil, firstErr(err, fmt.Errorf("%w: %d features", ErrBadModel, nf))
	}
	t := newTable(int(nf))
	f := uint64(0)
	var e [3]byte
	var es []uint32
	for range nf {
		f += uv()
		n, e1 := b.ReadByte()
		if err = firstErr(err, e1); err != nil {
			return nil, err
		}
		es = es[:0]
		for range n {
			if _, err := io.ReadFull(b, e[:]); err != nil {
				return nil, err
			}
			if int(e[0]) >= nc {
				return nil, fmt.Errorf("%w: class %d of %d", ErrBadModel, e[0], nc)
			}
			es = append(es, uint32(e[0])<<16|uint32(e[1])|uint32(e[2])<<8)
		}
		if f > math.MaxUint32 {
			return nil, fmt.Errorf("%w: feature %d", ErrBadModel, f)
		}
		if !t.add(uint32(f), es) {
			return nil, fmt.Errorf("%w: too many weights", ErrBadModel)
		}
	}
	m.w = t
	return m, err
}

// firstErr returns the first non-nil error.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func idsInOrder(ss []string) map[string]uint32 {
	m := make(map[string]uint32, len(ss))
	for i, s := range ss {
		m[s] = uint32(idBase + i)
	}
	return m
}
