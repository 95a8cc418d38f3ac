package parse

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

// TestImageMatchesModel checks that the embedded image is the trained
// model: model/parse.img must be regenerated (go generate) whenever
// model/parse.model.gz changes.
func TestImageMatchesModel(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes the whole gzip model")
	}
	f, err := os.Open("model/parse.model.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadImage(defaultImage)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !slices.Equal(got.w.slots, want.w.slots), !slices.Equal(got.w.entries, want.w.entries), got.w.n != want.w.n:
		t.Error("weights differ: run go generate in internal/nlp/parse")
	case !slices.Equal(byID(got.words), byID(want.words)), !slices.Equal(byID(got.xpos), byID(want.xpos)),
		!slices.Equal(byID(got.upos), byID(want.upos)), !slices.Equal(got.labels, want.labels), got.root != want.root:
		t.Error("vocabularies differ: run go generate in internal/nlp/parse")
	}
	var buf bytes.Buffer
	if err := want.WriteImage(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), defaultImage) {
		t.Error("WriteImage does not reproduce model/parse.img byte for byte")
	}
}

// TestLoadImageBad checks that damaged images are refused, not used.
func TestLoadImageBad(t *testing.T) {
	good := defaultImage
	cases := []struct {
		name string
		img  []byte
	}{
		{"empty", nil},
		{"magic only", []byte(imageMagic)},
		{"truncated header", good[:imageMagicSize+10]},
		{"truncated lists", good[:imageMagicSize+100]},
		{"truncated weights", good[:len(good)-4]},
		{"extra bytes", append(slices.Clip(good), 0, 0, 0, 0)},
		{"gzip model", []byte("\x1f\x8b\x08\x00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := LoadImage(c.img); err == nil {
				t.Error("loaded a damaged image")
			}
		})
	}
}

// FuzzLoadImage checks that any bytes either load as a model that parses a
// sentence without panicking, or are refused.
func FuzzLoadImage(f *testing.F) {
	small := &Model{
		words: idsInOrder([]string{"the", "dog"}), xpos: idsInOrder([]string{"DT", "NN"}),
		upos: idsInOrder([]string{"DET", "NOUN"}), labels: []string{"", "det", "root"}, root: 2,
		w: newTable(2),
	}
	small.w.add(7, []uint32{entry(1, 0.5), entry(3, -1)})
	small.w.add(1<<20+3, []uint32{entry(0, 2)})
	var buf bytes.Buffer
	if err := small.WriteImage(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(imageMagic))
	f.Fuzz(func(t *testing.T, img []byte) {
		m, err := LoadImage(img)
		if err != nil {
			return
		}
		heads, _ := m.Parse([]string{"the", "dog", "barks"}, []string{"DET", "NOUN", "VERB"}, []string{"DT", "NN", "VBZ"})
		if len(heads) != 3 {
			t.Fatalf("%d heads for 3 words", len(heads))
		}
	})
}
