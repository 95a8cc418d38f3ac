package ner

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

// TestImageMatchesModel checks that the embedded image is the trained
// model: model.img must be regenerated (go generate) whenever model.bin.gz
// changes.
func TestImageMatchesModel(t *testing.T) {
	f, err := os.Open("model.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := want.WriteImage(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embeddedImage) {
		t.Fatal("model.img is not the image of model.bin.gz: run go generate in internal/nlp/ner")
	}
	got, err := LoadImage(embeddedImage)
	if err != nil {
		t.Fatal(err)
	}
	doc := [][]string{
		{"Gordon", "Brown", "told", "the", "BBC", "in", "London", "that", "Tesco", "profits", "rose", "."},
		{"The", "European", "Union", "and", "Russia", "signed", "the", "Kyoto", "Protocol", "."},
	}
	g, w := got.TagDocument(doc), want.TagDocument(doc)
	for i := range g {
		if !slices.Equal(g[i], w[i]) {
			t.Errorf("sentence %d: image tags %v, model %v", i, g[i], w[i])
		}
	}
}

// TestLoadImageBad checks that damaged images are refused, not used.
func TestLoadImageBad(t *testing.T) {
	good := embeddedImage
	cases := []struct {
		name string
		img  []byte
	}{
		{"empty", nil},
		{"magic only", []byte(imageMagic)},
		{"truncated head", good[:imageMagicSize+40]},
		{"truncated table", good[:len(good)/2]},
		{"truncated end", good[:len(good)-8]},
		{"extra bytes", append(slices.Clip(good), 0, 0, 0, 0, 0, 0, 0, 0)},
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

// FuzzLoadImage checks that any bytes either load as a model that tags a
// sentence without panicking, or are refused.
func FuzzLoadImage(f *testing.F) {
	f.Add(embeddedImage[:4096])
	f.Add([]byte(imageMagic))
	f.Fuzz(func(t *testing.T, img []byte) {
		m, err := LoadImage(img)
		if err != nil {
			return
		}
		if tags := m.Tag([]string{"Gordon", "Brown", "spoke", "."}); len(tags) != 4 {
			t.Fatalf("%d tags for 4 words", len(tags))
		}
	})
}
