package actors

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/raw"
)

//go:generate go run ./genimage -out data/gazetteer.img

// The gazetteer image: the builder's tables (entries, the aliases a lookup
// can reach and the hash indexes over their forms and keys), written by
// ./genimage from the data files. Read in place at start: its arrays are
// the image's bytes (raw.Slice) and its strings substrings of it, so
// loading costs ~1 ms instead of the ~35 ms of parsing the files and
// building maps of 24,447 aliases (issue 16).
//
// Layout, little-endian: the 8-byte magic, then sections, each a uint64
// byte length and the bytes, padded to 8 bytes. The sections are the string
// table; the entries (entryWords uint32s each); the aliases (aliasWords
// each); the aliases' words (4 each: the form's word and its lower case, as
// offset and length in the string table); the lists of the first-word
// index; and the indexes first, byKey, byName and table, each as slots,
// keys and values (see strIndex).
//
//go:embed data/gazetteer.img
var embeddedImage string

const imageMagic = "SRGAZ001"

const (
	entryWords = 17
	aliasWords = 4
)

// strIndex maps strings to records (raw.Index); record r's two values are
// vals[2r] and vals[2r+1].
type strIndex struct {
	raw.Index
	vals []uint32
}

// get returns the first value of key k.
func (x *strIndex) get(k string) (int, bool) {
	r, ok := x.Find(k)
	if !ok {
		return 0, false
	}
	return int(x.vals[2*r]), true
}

// firstOf returns the aliases whose lower-case first word is w, longest
// first; nil if none.
func (g *Gazetteer) firstOf(w string) []uint32 {
	r, ok := g.first.Find(w)
	if !ok {
		return nil
	}
	start, n := g.first.vals[2*r], g.first.vals[2*r+1]
	return g.lists[start : start+n]
}

// entryIndex returns the index of the entry with key k.
func (g *Gazetteer) entryIndex(k string) (int, bool) { return g.byKey.get(k) }

// tableLookup returns the alias-table row of a form, without its key.
func (g *Gazetteer) tableLookup(form string) (tableRow, bool) {
	r, ok := g.table.Find(form)
	if !ok {
		return tableRow{}, false
	}
	off, v := g.table.vals[2*r], g.table.vals[2*r+1]
	return tableRow{name: g.strs[off : off+v&0xFFFFFF], typ: entityTypes[v>>24]}, true
}

// entityTypes codes the alias table's types in the image.
var entityTypes = []doc.EntityType{doc.PER, doc.ORG, doc.LOC, doc.MISC}

// imageWriter accumulates an image's string table and sections.
type imageWriter struct {
	strs []byte
	at   map[string]uint32
}

// str returns the offset and length of s in the string table, adding it
// once.
func (w *imageWriter) str(s string) (uint32, uint32) {
	if off, ok := w.at[s]; ok {
		return off, uint32(len(s))
	}
	off := uint32(len(w.strs))
	w.strs = append(w.strs, s...)
	w.at[s] = off
	return off, uint32(len(s))
}

// encodeImage writes the builder's tables as an image. Its bytes depend
// only on the builder's contents: map keys are written sorted.
func encodeImage(b *builder) []byte {
	w := &imageWriter{at: map[string]uint32{}}
	var entries []uint32
	for _, e := range b.entries {
		for _, s := range []string{e.Key, e.Name, string(e.Type), e.Country, e.Sector, e.Role, e.adjective} {
			off, n := w.str(s)
			entries = append(entries, off, n)
		}
		strict := uint32(0)
		if e.strict {
			strict = 1
		}
		entries = append(entries, uint32(e.class)|strict<<8, uint32(int32(e.capital)), uint32(int32(e.population)))
	}
	// Only the aliases a lookup reaches are kept, renumbered in order.
	renum := make([]uint32, len(b.aliases))
	var aliases, words []uint32
	n := uint32(0)
	for ai, a := range b.aliases {
		if !b.kept[ai] {
			continue
		}
		renum[ai] = n
		n++
		flags := uint32(0)
		for k, f := range []bool{a.exact, a.ambiguous, a.surname} {
			if f {
				flags |= 1 << k
			}
		}
		aliases = append(aliases, uint32(a.entry), uint32(len(words)/4), uint32(len(a.words))|uint32(a.kind)<<8|flags<<16, uint32(a.rank))
		for k := range a.words {
			o1, n1 := w.str(a.words[k])
			o2, n2 := w.str(a.lower[k])
			words = append(words, o1, n1, o2, n2)
		}
	}
	var lists []uint32
	firstKeys := sortedKeys(b.first)
	var firstVals []uint32
	for _, k := range firstKeys {
		firstVals = append(firstVals, uint32(len(lists)), uint32(len(b.first[k])))
		for _, ai := range b.first[k] {
			lists = append(lists, renum[ai])
		}
	}
	keyKeys := sortedKeys(b.byKey)
	var keyVals []uint32
	for _, k := range keyKeys {
		keyVals = append(keyVals, uint32(b.byKey[k]), 0)
	}
	nameKeys := sortedKeys(b.byName)
	var nameVals []uint32
	for _, k := range nameKeys {
		nameVals = append(nameVals, renum[b.byName[k]], 0)
	}
	tableKeys := sortedKeys(b.table)
	var tableVals []uint32
	for _, k := range tableKeys {
		row := b.table[k]
		off, n := w.str(row.name)
		tableVals = append(tableVals, off, n|uint32(slices.Index(entityTypes, row.typ))<<24)
	}
	sections := [][]uint32{entries, aliases, words, lists}
	for _, x := range []struct {
		keys []string
		vals []uint32
	}{{firstKeys, firstVals}, {keyKeys, keyVals}, {nameKeys, nameVals}, {tableKeys, tableVals}} {
		slots, ks := raw.BuildIndex(x.keys, w.str)
		sections = append(sections, slots, ks, x.vals)
	}
	out := []byte(imageMagic)
	section := func(p []byte) {
		out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
		out = append(out, p...)
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
	}
	// The string table is complete only once every index is built.
	section(w.strs)
	for _, s := range sections {
		p := make([]byte, 0, 4*len(s))
		for _, v := range s {
			p = binary.LittleEndian.AppendUint32(p, v)
		}
		section(p)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var errImage = errors.New("gazetteer: malformed image")

// loadImage reads a gazetteer image in place; the role and body phrases
// (two small files) are read from the data files.
func loadImage(img string) (*Gazetteer, error) {
	if len(img) < len(imageMagic) || img[:len(imageMagic)] != imageMagic {
		return nil, errImage
	}
	all := unsafe.Slice(unsafe.StringData(img), len(img))
	pos := len(imageMagic)
	next := func() (int, int, error) {
		if pos+8 > len(img) {
			return 0, 0, errImage
		}
		n := int(binary.LittleEndian.Uint64(all[pos:]))
		start := pos + 8
		if n < 0 || n > len(img)-start {
			return 0, 0, errImage
		}
		pos = start + (n+7)/8*8
		return start, start + n, nil
	}
	start, end, err := next()
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{strs: img[start:end]}
	var s [16][]uint32
	for i := range s {
		start, end, err := next()
		if err != nil {
			return nil, err
		}
		s[i] = raw.Slice[uint32](all[start:end])
	}
	g.lists = s[3]
	ix := func(i int) strIndex { return strIndex{raw.Index{Slots: s[i], Keys: s[i+1], Strs: g.strs}, s[i+2]} }
	g.first, g.byKey, g.byName, g.table = ix(4), ix(7), ix(10), ix(13)
	if err := g.decode(s[0], s[1], s[2]); err != nil {
		return nil, err
	}
	b := &builder{roles: map[string]roleInfo{}, roleHead: map[string]bool{}, bodies: map[string]bodyInfo{}}
	if err := readTSV("roles.tsv", b.roleLine); err != nil {
		return nil, err
	}
	if err := readTSV("bodies.tsv", b.bodyLine); err != nil {
		return nil, err
	}
	g.roles, g.roleMax, g.roleHead, g.bodies, g.bodyMax = b.roles, b.roleMax, b.roleHead, b.bodies, b.bodyMax
	return g, nil
}

// decode makes the entries and aliases from their image records; their
// strings are the string table's.
func (g *Gazetteer) decode(entries, aliases, words []uint32) error {
	str := func(off, n uint32) (string, error) {
		if uint64(off)+uint64(n) > uint64(len(g.strs)) {
			return "", errImage
		}
		return g.strs[off : off+n], nil
	}
	if len(entries)%entryWords != 0 || len(aliases)%aliasWords != 0 || len(words)%4 != 0 {
		return errImage
	}
	g.entries = make([]Entry, len(entries)/entryWords)
	for i := range g.entries {
		r := entries[i*entryWords : (i+1)*entryWords]
		var f [7]string
		for k := range f {
			s, err := str(r[2*k], r[2*k+1])
			if err != nil {
				return err
			}
			f[k] = s
		}
		g.entries[i] = Entry{Key: f[0], Name: f[1], Type: doc.EntityType(f[2]), Country: f[3], Sector: f[4], Role: f[5],
			adjective: f[6], class: class(r[14] & 0xFF), strict: r[14]>>8 != 0, capital: int(int32(r[15])),
			population: int(int32(r[16]))}
	}
	// The aliases' word lists are windows on two arrays of all their words.
	norms, lowers := make([]string, len(words)/4), make([]string, len(words)/4)
	for i := range norms {
		var err error
		if norms[i], err = str(words[4*i], words[4*i+1]); err != nil {
			return err
		}
		if lowers[i], err = str(words[4*i+2], words[4*i+3]); err != nil {
			return err
		}
	}
	g.aliases = make([]alias, len(aliases)/aliasWords)
	for i := range g.aliases {
		r := aliases[i*aliasWords : (i+1)*aliasWords]
		start, n := int(r[1]), int(r[2]&0xFF)
		if int(r[0]) >= len(g.entries) || n == 0 || start+n > len(norms) {
			return errImage
		}
		g.aliases[i] = alias{words: norms[start : start+n : start+n], lower: lowers[start : start+n : start+n],
			entry: int(r[0]), kind: doc.MentionKind(r[2] >> 8 & 0xFF), rank: int(r[3]),
			exact: r[2]>>16&1 != 0, ambiguous: r[2]>>17&1 != 0, surname: r[2]>>18&1 != 0}
	}
	for i := range g.entries {
		if c := g.entries[i].capital; c < -1 || c >= len(g.entries) {
			return errImage
		}
	}
	// The indexes: every slot names a record, every key is in the string
	// table, every value is an alias, an entry, a list or a string.
	for _, x := range []struct {
		ix   strIndex
		vals func(a, b uint32) bool
	}{
		{g.first, func(a, b uint32) bool { return uint64(a)+uint64(b) <= uint64(len(g.lists)) }},
		{g.byKey, func(a, _ uint32) bool { return int(a) < len(g.entries) }},
		{g.byName, func(a, _ uint32) bool { return int(a) < len(g.aliases) }},
		{g.table, func(a, b uint32) bool {
			return uint64(a)+uint64(b&0xFFFFFF) <= uint64(len(g.strs)) && int(b>>24) < len(entityTypes)
		}},
	} {
		if !x.ix.Valid() || len(x.ix.vals) != len(x.ix.Keys) {
			return errImage
		}
		for r := range len(x.ix.vals) / 2 {
			if !x.vals(x.ix.vals[2*r], x.ix.vals[2*r+1]) {
				return errImage
			}
		}
	}
	for _, ai := range g.lists {
		if int(ai) >= len(g.aliases) {
			return errImage
		}
	}
	return nil
}
