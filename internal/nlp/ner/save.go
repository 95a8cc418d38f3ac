package ner

import (
	"bufio"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
)

// The model file is gzip-compressed binary, little-endian:
//
//	magic      "sitrep-ner 2\n"
//	gazetteer  u32 longest phrase, u32 n, n × (u64 phrase hash, u8 categories)
//	clusters   u32 n, n × (uvarint len, word, uvarint len, bit string)
//	layers     u8 n (1 or 2), each: 18 × 17 f32 transitions, u32 n features,
//	           n × u64 feature hash (ascending), f32 scale,
//	           n × 17 × i16 weights (weight = i16 × scale)
//
// Everything is written in sorted order, so equal models give equal files.
const magic = "sitrep-ner 2\n"

// Save writes the model to w.
func (m *Model) Save(w io.Writer) error {
	if m.first.keys == nil && m.first.weights == nil && m.joint != nil {
		return errors.New("ner: save: a model loaded from an image cannot be saved (save the one it was made from)")
	}
	z, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	b := bufio.NewWriter(z)
	put := func(v any) { binary.Write(b, binary.LittleEndian, v) }
	putBytes := func(s string) {
		b.Write(binary.AppendUvarint(nil, uint64(len(s))))
		b.WriteString(s)
	}
	b.WriteString(magic)
	put(uint32(m.gazMax))
	put(uint32(len(m.gaz)))
	for _, h := range slices.Sorted(maps.Keys(m.gaz)) {
		put(h)
		put(m.gaz[h])
	}
	put(uint32(len(m.clusters)))
	for _, word := range slices.Sorted(maps.Keys(m.clusters)) {
		putBytes(word)
		putBytes(m.clusters[word])
	}
	layers := []*layer{&m.first}
	if m.second != nil {
		layers = append(layers, m.second)
	}
	put(uint8(len(layers)))
	for _, l := range layers {
		put(l.trans)
		order := make([]int, len(l.keys))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(l.keys[a], l.keys[b]) })
		keys := make([]uint64, len(order))
		for i, k := range order {
			keys[i] = l.keys[k]
		}
		put(uint32(len(keys)))
		put(keys)
		w, scale := quantize(l.weights)
		put(scale)
		q := make([]int16, 0, len(keys)*nLabels)
		for _, k := range order {
			q = append(q, w[k*nLabels:(k+1)*nLabels]...)
		}
		put(q)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	return nil
}

// quantize returns weights as the model file stores them: weight = q ×
// scale, the largest magnitude becoming MaxInt16.
func quantize(w []float32) ([]int16, float32) {
	var top float64
	for _, v := range w {
		top = max(top, math.Abs(float64(v)))
	}
	scale := float32(top / math.MaxInt16)
	if scale == 0 {
		scale = 1
	}
	q := make([]int16, len(w))
	for i, v := range w {
		q[i] = int16(math.Round(float64(v / scale)))
	}
	return q, scale
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	b := bufio.NewReader(z)
	var rerr error
	get := func(v any) {
		if rerr == nil {
			rerr = binary.Read(b, binary.LittleEndian, v)
		}
	}
	getBytes := func() string {
		if rerr != nil {
			return ""
		}
		n, err := binary.ReadUvarint(b)
		if err != nil || n > 1<<16 {
			rerr = cmp.Or(err, errors.New("string too long"))
			return ""
		}
		buf := make([]byte, n)
		_, rerr = io.ReadFull(b, buf)
		return string(buf)
	}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(b, head); err != nil || string(head) != magic {
		return nil, errors.New("ner: load: not a sitrep NER model")
	}
	const limit = 1 << 26
	m := &Model{}
	var n, gmax uint32
	get(&gmax)
	get(&n)
	if rerr == nil && n > limit {
		rerr = errors.New("gazetteer too large")
	}
	m.gazMax = int(gmax)
	m.gaz = make(map[uint64]uint8, n)
	for range n {
		var h uint64
		var c uint8
		get(&h)
		get(&c)
		m.gaz[h] = c
	}
	get(&n)
	if rerr == nil && n > limit {
		rerr = errors.New("clusters too large")
	}
	if rerr == nil {
		m.clusters = make(map[string]string, n)
		for range n {
			w := getBytes()
			m.clusters[w] = getBytes()
		}
	}
	var (
		nl     uint8
		qs     [][]int16
		scales []float32
	)
	get(&nl)
	if rerr == nil && (nl < 1 || nl > 2) {
		rerr = fmt.Errorf("%d layers", nl)
	}
	for i := 0; rerr == nil && i < int(nl); i++ {
		var l layer
		get(&l.trans)
		get(&n)
		if rerr == nil && n > limit {
			rerr = errors.New("too many features")
			break
		}
		keys := make([]uint64, n)
		get(keys)
		var scale float32
		get(&scale)
		q := make([]int16, int(n)*nLabels)
		get(q)
		l.keys = keys
		l.weights = make([]float32, len(q))
		for k, v := range q {
			l.weights[k] = float32(v) * scale
		}
		qs, scales = append(qs, q), append(scales, scale)
		if i == 0 {
			m.first = l
		} else {
			m.second = &l
		}
	}
	if rerr != nil {
		return nil, fmt.Errorf("ner: load: %w", rerr)
	}
	m.indexWords()
	m.joinQuantized(qs, scales)
	return m, nil
}
