package pos

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"unsafe"

	"sitrep/internal/nlp/raw"
)

// The clusters' image, model/clusters.img, is what the tagger reads: the
// 35,000 keys in a string table with an open-addressing index over them
// (raw.Index) and four uint16 numbers per key, used in place. Reading the
// gzip-compressed text into a map took ~15 ms at every start (issue 16).
// imagegen writes it from model/clusters.tsv.gz, the form BuildClusters and
// ReadClusters keep:
//
//	go run ../imagegen clusters model/clusters.tsv.gz model/clusters.img
//
// Layout, little-endian: the 8-byte magic, then the string table, the
// index's slots and key references (uint32s) and the numbers (uint16s),
// each as a uint64 byte length and the bytes, padded to 8 bytes.
//
//go:generate go run ../imagegen clusters model/clusters.tsv.gz model/clusters.img

//go:embed model/clusters.img
var embeddedClusters string

const clustersMagic = "SRCLU001"

var errClustersImage = errors.New("pos: malformed clusters image")

// clusterTable is the clusters read from their image.
type clusterTable struct {
	raw.Index
	vals []uint16 // 4 per record
}

// get returns the clusters of a key, zeros if it has none.
func (c *clusterTable) get(key string) [4]uint16 {
	r, ok := c.Find(key)
	if !ok {
		return [4]uint16{}
	}
	return [4]uint16(c.vals[4*r : 4*r+4])
}

// len returns how many keys have clusters.
func (c *clusterTable) len() int { return len(c.Keys) / 2 }

// WriteImage writes the clusters' image, keys in sorted order.
func (c Clusters) WriteImage(w io.Writer) error {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var strs []byte
	slots, refs := raw.BuildIndex(keys, func(s string) (uint32, uint32) {
		off := uint32(len(strs))
		strs = append(strs, s...)
		return off, uint32(len(s))
	})
	out := []byte(clustersMagic)
	section := func(p []byte) {
		out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
		out = append(out, p...)
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
	}
	section(strs)
	for _, a := range [][]uint32{slots, refs} {
		p := make([]byte, 0, 4*len(a))
		for _, v := range a {
			p = binary.LittleEndian.AppendUint32(p, v)
		}
		section(p)
	}
	p := make([]byte, 0, 8*len(keys))
	for _, k := range keys {
		for _, v := range c[k] {
			p = binary.LittleEndian.AppendUint16(p, v)
		}
	}
	section(p)
	_, err := w.Write(out)
	return err
}

// readClustersImage reads a clusters image in place.
func readClustersImage(img string) (*clusterTable, error) {
	if len(img) < len(clustersMagic) || img[:len(clustersMagic)] != clustersMagic {
		return nil, errClustersImage
	}
	all := unsafe.Slice(unsafe.StringData(img), len(img))
	pos := len(clustersMagic)
	var sec [4][]byte
	for i := range sec {
		if pos+8 > len(img) {
			return nil, errClustersImage
		}
		n := binary.LittleEndian.Uint64(all[pos:])
		start := pos + 8
		if n > uint64(len(img)-start) {
			return nil, errClustersImage
		}
		sec[i] = all[start : start+int(n)]
		pos = start + (int(n)+7)/8*8
	}
	start := len(clustersMagic) + 8 // the string table, in the image's own bytes
	c := &clusterTable{Index: raw.Index{Strs: img[start : start+len(sec[0])], Slots: raw.Slice[uint32](sec[1]),
		Keys: raw.Slice[uint32](sec[2])}, vals: raw.Slice[uint16](sec[3])}
	if !c.Valid() || len(c.vals) != 2*len(c.Keys) {
		return nil, errClustersImage
	}
	return c, nil
}
