package actors

import (
	"encoding/binary"
	"reflect"
	"testing"
)

// TestImageUpToDate checks the embedded image is the one the data files
// give: run `go run ./internal/actors/genimage` after changing them.
func TestImageUpToDate(t *testing.T) {
	img, err := BuildImage()
	if err != nil {
		t.Fatal(err)
	}
	if string(img) != embeddedImage {
		t.Fatalf("data/gazetteer.img is stale (%d bytes, the data files give %d): run go run ./internal/actors/genimage",
			len(embeddedImage), len(img))
	}
}

// TestImageMatchesBuilder checks the image answers every lookup as the
// builder's maps do: the same entries, the same aliases under every first
// word, key and form, and the same alias-table rows.
func TestImageMatchesBuilder(t *testing.T) {
	b, err := build(nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := loadImage(string(encodeImage(b)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.entries, b.entries) {
		t.Fatal("entries differ")
	}
	var kept []alias
	for ai, a := range b.aliases {
		if b.kept[ai] {
			kept = append(kept, a)
		}
	}
	if !reflect.DeepEqual(g.aliases, kept) {
		t.Fatal("aliases differ")
	}
	same := func(gi int, bi int) bool { return reflect.DeepEqual(g.aliases[gi], b.aliases[bi]) }
	for w, list := range b.first {
		got := g.firstOf(w)
		if len(got) != len(list) {
			t.Fatalf("first %q: %d aliases, want %d", w, len(got), len(list))
		}
		for k := range list {
			if !same(int(got[k]), list[k]) {
				t.Fatalf("first %q: alias %d differs", w, k)
			}
		}
	}
	for k, ai := range b.byName {
		if gi, ok := g.byName.get(k); !ok || !same(gi, ai) {
			t.Fatalf("byName %q: %d, %v", k, gi, ok)
		}
	}
	for k, i := range b.byKey {
		if gi, ok := g.entryIndex(k); !ok || gi != i {
			t.Fatalf("byKey %q: %d, %v; want %d", k, gi, ok, i)
		}
	}
	for k, row := range b.table {
		if got, ok := g.tableLookup(k); !ok || got != row {
			t.Fatalf("table %q: %+v, %v; want %+v", k, got, ok, row)
		}
	}
	// Absent keys, including the empty string and near misses.
	for _, k := range []string{"", "xyzzy", "londonx", "=us", "Us"} {
		if _, ok := b.first[k]; !ok && g.firstOf(k) != nil {
			t.Errorf("first %q found", k)
		}
		if _, ok := b.byKey[k]; !ok {
			if _, ok := g.entryIndex(k); ok {
				t.Errorf("byKey %q found", k)
			}
		}
	}
	if !reflect.DeepEqual(g.roles, b.roles) || !reflect.DeepEqual(g.bodies, b.bodies) ||
		!reflect.DeepEqual(g.roleHead, b.roleHead) || g.roleMax != b.roleMax || g.bodyMax != b.bodyMax {
		t.Error("roles or bodies differ")
	}
}

// TestImageMalformed checks a damaged image is refused, not read.
func TestImageMalformed(t *testing.T) {
	img := embeddedImage
	for _, c := range []struct {
		name string
		img  string
	}{
		{"empty", ""},
		{"magic", "XXXXXXXX" + img[8:]},
		{"truncated", img[:len(img)/2]},
		{"section length", img[:8] + "\xff\xff\xff\xff\xff\xff\xff\x7f" + img[16:]},
	} {
		if _, err := loadImage(c.img); err == nil {
			t.Errorf("%s: loaded", c.name)
		}
	}
	// A slot, a list entry or an alias's entry past the end of its table.
	for _, c := range []struct {
		name    string
		section int // the string table is 0
	}{{"first slot", 5}, {"list entry", 4}, {"alias entry", 2}} {
		b := []byte(img)
		pos := len(imageMagic)
		for range c.section {
			pos += 8 + (int(binary.LittleEndian.Uint64(b[pos:]))+7)/8*8
		}
		n := int(binary.LittleEndian.Uint64(b[pos:]))
		for k := pos + 8; k < pos+8+n; k += 4 {
			binary.LittleEndian.PutUint32(b[k:], 0x7fffffff)
		}
		if _, err := loadImage(string(b)); err == nil {
			t.Errorf("%s: loaded", c.name)
		}
	}
}

// BenchmarkLoad loads the gazetteer from its image (LoadGazetteer) and, as
// before issue 16's fourth pass, from the data files.
func BenchmarkLoad(b *testing.B) {
	b.Run("image", func(b *testing.B) {
		for b.Loop() {
			if _, err := loadImage(embeddedImage); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("files", func(b *testing.B) {
		for b.Loop() {
			if _, err := build(nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
