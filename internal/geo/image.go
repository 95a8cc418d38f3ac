package geo

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"sitrep/internal/nlp/raw"
)

// The gazetteer image. ./gen writes the gazetteer as text (see gen/main.go)
// and EncodeGazetteer turns that text into the image the stage embeds:
// arrays of little-endian numbers and the places' strings, which the stage
// reads in place (raw.Slice over the embedded bytes, names as substrings),
// so loading it decodes nothing: no Place is built and no coordinate is
// parsed until a name is looked up (issue 14: the text took 0.055 CPU s of
// every one-line annotate).
//
// Layout: the magic "sitrepgz", then imageSections little-endian uint32
// (the number of places, of names, the id table's bits, then the start of
// each section and the end of the last), then the sections, each starting
// at a multiple of 8 bytes:
//
//	ids     uint32 per place: GeoNames id
//	lats    uint64 per place: IEEE 754 bits of the latitude
//	lons    uint64 per place: of the longitude
//	pops    uint64 per place: population
//	kinds   byte per place: KindCountry, KindAdmin1, ...
//	strs    uint32, 5 per place and one more: where its name, ISO3,
//	        admin1, admin2 and feature start in text (each ends where the
//	        next starts)
//	text    the places' strings
//	keyOff  uint32 per name and one more: where each normalised name
//	        starts in keys, names sorted
//	keys    the normalised names
//	postOff uint32 per name and one more: where each name's places start
//	        in posts
//	posts   int32 place indices
//	byID    int32 per slot of an open-addressing table of 1<<bits slots:
//	        place index plus one by GeoNames id (0: empty), built by the
//	        generator with idSlot's hashing and linear probing
const imageMagic = "sitrepgz"

// The sections of the image, in order.
const (
	secIDs = iota
	secLats
	secLons
	secPops
	secKinds
	secStrs
	secText
	secKeyOff
	secKeys
	secPostOff
	secPosts
	secByID
	numSections
)

// imageHeader is the header's size: the magic, three counts, the start of
// each section and the end of the last.
const imageHeader = len(imageMagic) + 4*(3+numSections+1)

// textPlace is one place line of the gazetteer text, as EncodeGazetteer
// reads it.
type textPlace struct {
	kind                           byte
	id                             uint32
	lat, lon                       float64
	pop                            int64
	name, country, a1, a2, feature string
}

// EncodeGazetteer turns the gazetteer text that ./gen writes into the
// image Load reads.
func EncodeGazetteer(text string) ([]byte, error) {
	places, index, ok := strings.Cut(text, "\n\n")
	if !ok {
		return nil, fmt.Errorf("geo: gazetteer: no name index")
	}
	var ps []textPlace
	var f [10]string
	for line := range strings.SplitSeq(places, "\n") {
		k := 0
		for k < 9 {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				break
			}
			f[k], line = line[:i], line[i+1:]
			k++
		}
		f[k] = line
		if k != 9 || f[0] == "" {
			return nil, fmt.Errorf("geo: gazetteer: bad place line %d", len(ps)+1)
		}
		id, err := strconv.ParseUint(f[1], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("geo: gazetteer: place line %d: %w", len(ps)+1, err)
		}
		lat, _ := strconv.ParseFloat(f[3], 64)
		lon, _ := strconv.ParseFloat(f[4], 64)
		pop, _ := strconv.ParseInt(f[8], 10, 64)
		ps = append(ps, textPlace{kind: f[0][0], id: uint32(id), lat: lat, lon: lon, pop: pop, name: f[2], country: f[5],
			a1: f[6], a2: f[7], feature: f[9]})
	}
	var keys []string
	var lists [][]int32
	for line := range strings.SplitSeq(index, "\n") {
		if line == "" {
			continue
		}
		k, list, ok := strings.Cut(line, "\t")
		if !ok || len(keys) > 0 && keys[len(keys)-1] >= k {
			return nil, fmt.Errorf("geo: gazetteer: bad index line %d", len(keys)+1)
		}
		var l []int32
		for s := range strings.SplitSeq(list, ",") {
			if v, err := strconv.Atoi(s); err == nil && v >= 0 && v < len(ps) {
				l = append(l, int32(v))
			}
		}
		keys, lists = append(keys, k), append(lists, l)
	}
	return encodeImage(ps, keys, lists)
}

func encodeImage(ps []textPlace, keys []string, lists [][]int32) ([]byte, error) {
	n := len(ps)
	bits := idBits(n)
	var sec [numSections][]byte
	le := binary.LittleEndian
	var strs, keyOff, postOff []uint32
	var text, keyText strings.Builder
	for _, p := range ps {
		sec[secIDs] = le.AppendUint32(sec[secIDs], p.id)
		sec[secLats] = le.AppendUint64(sec[secLats], math.Float64bits(p.lat))
		sec[secLons] = le.AppendUint64(sec[secLons], math.Float64bits(p.lon))
		sec[secPops] = le.AppendUint64(sec[secPops], uint64(p.pop))
		sec[secKinds] = append(sec[secKinds], p.kind)
		for _, s := range []string{p.name, p.country, p.a1, p.a2, p.feature} {
			strs = append(strs, uint32(text.Len()))
			text.WriteString(s)
		}
	}
	strs = append(strs, uint32(text.Len()))
	var posts []int32
	for i, k := range keys {
		keyOff = append(keyOff, uint32(keyText.Len()))
		keyText.WriteString(k)
		postOff = append(postOff, uint32(len(posts)))
		posts = append(posts, lists[i]...)
	}
	keyOff = append(keyOff, uint32(keyText.Len()))
	postOff = append(postOff, uint32(len(posts)))
	if text.Len() >= math.MaxUint32 || keyText.Len() >= math.MaxUint32 {
		return nil, fmt.Errorf("geo: gazetteer: too big")
	}
	byID := make([]int32, 1<<bits)
	mask := len(byID) - 1
	for ix, p := range ps {
		for h := idSlot(int(p.id), bits); ; h = (h + 1) & mask {
			if j := byID[h]; j == 0 || ps[j-1].id == p.id {
				byID[h] = int32(ix) + 1 // the last place of an id wins, as in a map
				break
			}
		}
	}
	u32s := func(v []uint32) (b []byte) {
		for _, x := range v {
			b = le.AppendUint32(b, x)
		}
		return b
	}
	i32s := func(v []int32) (b []byte) {
		for _, x := range v {
			b = le.AppendUint32(b, uint32(x))
		}
		return b
	}
	sec[secStrs], sec[secText] = u32s(strs), []byte(text.String())
	sec[secKeyOff], sec[secKeys] = u32s(keyOff), []byte(keyText.String())
	sec[secPostOff], sec[secPosts] = u32s(postOff), i32s(posts)
	sec[secByID] = i32s(byID)
	out := make([]byte, imageHeader)
	copy(out, imageMagic)
	head := []uint32{uint32(n), uint32(len(keys)), uint32(bits)}
	for s := range numSections {
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
		head = append(head, uint32(len(out)))
		out = append(out, sec[s]...)
	}
	if len(out) >= math.MaxUint32 {
		return nil, fmt.Errorf("geo: gazetteer: too big")
	}
	head = append(head, uint32(len(out)))
	for i, v := range head {
		le.PutUint32(out[len(imageMagic)+4*i:], v)
	}
	return out, nil
}

// openGazetteer reads the image img in place: the arrays are views of its
// bytes (copied only on a big-endian machine or when img is not aligned),
// the strings substrings of it. Only the maps of countries and first-level
// divisions are built.
func openGazetteer(img string) (*Gazetteer, error) {
	if len(img) < imageHeader || img[:len(imageMagic)] != imageMagic {
		return nil, fmt.Errorf("geo: gazetteer: not an image")
	}
	le := binary.LittleEndian
	h := img[len(imageMagic):imageHeader]
	u32 := func(i int) int { return int(le.Uint32([]byte(h[4*i : 4*i+4]))) }
	n, m, bits := u32(0), u32(1), u32(2)
	var sec [numSections]string
	for s := range numSections {
		a, b := u32(3+s), u32(4+s)
		if a < imageHeader || a > b || b > len(img) {
			return nil, fmt.Errorf("geo: gazetteer: bad section %d", s)
		}
		sec[s] = img[a:b]
	}
	// Sections end where the next starts, after up to 7 bytes of padding:
	// each is cut to the length the counts give.
	cut := func(s int, size, count int) ([]byte, error) {
		if count < 0 || size*count > len(sec[s]) || len(sec[s])-size*count >= 8 {
			return nil, fmt.Errorf("geo: gazetteer: bad section %d", s)
		}
		if count == 0 {
			return nil, nil
		}
		return unsafe.Slice(unsafe.StringData(sec[s]), size*count), nil // read only
	}
	if bits < 1 || bits > 30 || 2*n > 1<<bits {
		return nil, fmt.Errorf("geo: gazetteer: bad id table")
	}
	g := &Gazetteer{idBits: uint(bits), admin1: map[string]int32{}, country: map[string]int32{}}
	for _, a := range []struct {
		sec, size, count int
		to               any
	}{
		{secIDs, 4, n, &g.ids}, {secLats, 8, n, &g.lats}, {secLons, 8, n, &g.lons}, {secPops, 8, n, &g.pops},
		{secStrs, 4, 5*n + 1, &g.strs}, {secKeyOff, 4, m + 1, &g.keyOff}, {secPostOff, 4, m + 1, &g.postOff},
		{secByID, 4, 1 << bits, &g.byID},
	} {
		b, err := cut(a.sec, a.size, a.count)
		if err != nil {
			return nil, err
		}
		switch to := a.to.(type) {
		case *[]uint32:
			*to = raw.Slice[uint32](b)
		case *[]uint64:
			*to = raw.Slice[uint64](b)
		case *[]int32:
			*to = raw.Slice[int32](b)
		}
	}
	if len(sec[secKinds]) < n {
		return nil, fmt.Errorf("geo: gazetteer: bad kinds")
	}
	g.kinds = sec[secKinds][:n]
	if int(g.strs[5*n]) > len(sec[secText]) || int(g.keyOff[m]) > len(sec[secKeys]) {
		return nil, fmt.Errorf("geo: gazetteer: bad offsets")
	}
	g.text, g.keys = sec[secText][:g.strs[5*n]], sec[secKeys][:g.keyOff[m]]
	posts, err := cut(secPosts, 4, int(g.postOff[m]))
	if err != nil {
		return nil, err
	}
	g.posts = raw.Slice[int32](posts)
	// Offsets must not decrease, so that every string and list is in range.
	for _, offs := range [][]uint32{g.strs, g.keyOff, g.postOff} {
		if !sort.SliceIsSorted(offs, func(i, j int) bool { return offs[i] < offs[j] }) {
			return nil, fmt.Errorf("geo: gazetteer: offsets out of order")
		}
	}
	for _, ix := range g.posts {
		if ix < 0 || int(ix) >= n {
			return nil, fmt.Errorf("geo: gazetteer: bad place index %d", ix)
		}
	}
	for _, j := range g.byID {
		if j < 0 || int(j) > n {
			return nil, fmt.Errorf("geo: gazetteer: bad id table")
		}
	}
	for i := range n {
		switch g.kinds[i] {
		case KindCountry:
			g.country[g.str(i, 1)] = int32(i)
		case KindAdmin1:
			g.admin1[g.str(i, 1)+"."+g.str(i, 2)] = int32(i)
		}
	}
	return g, nil
}

// str returns string k (0 name, 1 ISO3, 2 admin1, 3 admin2, 4 feature) of
// place i.
func (g *Gazetteer) str(i, k int) string {
	return g.text[g.strs[5*i+k]:g.strs[5*i+k+1]]
}
