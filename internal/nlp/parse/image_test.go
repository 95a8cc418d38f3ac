package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sitrep/internal/shared"
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
	dense := want.w.densify(want.nClasses())
	switch {
	case !slices.Equal(got.w.slots, dense.slots), !slices.Equal(got.w.entries, dense.entries),
		!slices.Equal(got.w.dense, dense.dense), got.w.n != want.w.n, got.w.width != dense.width:
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
	// Dense rows change no score: the image parses as the model does.
	dir, err := shared.DataDir()
	if err != nil {
		t.Skipf("no data folder: %v", err)
	}
	trees, err := readTreebank(filepath.Join(dir, "ud-english-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Skipf("no EWT dev set to compare parses on: %v", err)
	}
	for _, s := range trees {
		h1, r1 := got.Parse(s.words, s.upos, s.xpos)
		h2, r2 := want.Parse(s.words, s.upos, s.xpos)
		if !slices.Equal(h1, h2) || !slices.Equal(r1, r2) {
			t.Fatalf("%q: image parses %v %v, model %v %v", s.words, h1, r1, h2, r2)
		}
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
