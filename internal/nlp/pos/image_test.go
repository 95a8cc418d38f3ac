package pos

import (
	"bytes"
	"maps"
	"os"
	"slices"
	"testing"
)

// TestImageMatchesModel checks that the embedded image is the trained
// model: model/pos.img must be regenerated (go generate) whenever
// model/pos.bin.gz changes.
func TestImageMatchesModel(t *testing.T) {
	f, err := os.Open("model/pos.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadImage(embeddedImage)
	if err != nil {
		t.Fatal(err)
	}
	same := slices.Equal(got.upos, want.upos) && slices.Equal(got.xpos, want.xpos) &&
		maps.Equal(got.dict, want.dict) && maps.EqualFunc(got.lex, want.lex, slices.Equal) &&
		slices.Equal(got.open, want.open) && slices.Equal(got.any, want.any) &&
		got.beams == want.beams && got.npass == want.npass && got.scale == want.scale && got.width == want.width &&
		slices.Equal(got.features.slots, want.features.slots) && got.features.n == want.features.n &&
		got.features.zero == want.features.zero && got.features.zeroOK == want.features.zeroOK &&
		slices.Equal(got.sparse, want.sparse) && slices.Equal(got.dense, want.dense) &&
		got.vbg == want.vbg && slices.Equal(got.adjective, want.adjective) && slices.Equal(got.nominal, want.nominal)
	if !same {
		t.Fatal("the image differs from model/pos.bin.gz: run go generate in internal/nlp/pos")
	}
	var buf bytes.Buffer
	if err := want.WriteImage(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embeddedImage) {
		t.Error("WriteImage does not reproduce model/pos.img byte for byte")
	}
	words := []string{"The", "company", "said", "on", "Monday", "that", "profits", "rose", "4.5", "%", "."}
	u1, x1 := got.Tag(words)
	u2, x2 := want.Tag(words)
	if !slices.Equal(u1, u2) || !slices.Equal(x1, x2) {
		t.Errorf("tags differ: %v %v, want %v %v", u1, x1, u2, x2)
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
		{"truncated head", good[:imageMagicSize+20]},
		{"truncated table", good[:len(good)/2]},
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

// FuzzLoadImage checks that any bytes either load as a model that tags a
// sentence without panicking, or are refused.
func FuzzLoadImage(f *testing.F) {
	var buf bytes.Buffer
	m, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	if err := m.WriteImage(&buf); err != nil {
		f.Fatal(err)
	}
	// The seed is the real image's head and a truncated table; the fuzzer
	// mutates it.
	f.Add(buf.Bytes()[:4096])
	f.Add([]byte(imageMagic))
	f.Fuzz(func(t *testing.T, img []byte) {
		m, err := LoadImage(img)
		if err != nil {
			return
		}
		upos, _ := m.Tag([]string{"The", "dog", "barks", "."})
		if len(upos) != 4 {
			t.Fatalf("%d tags for 4 words", len(upos))
		}
	})
}
