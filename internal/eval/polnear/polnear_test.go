package polnear

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/shared"
)

// dataDir returns ../shared/data/polnear/<split> relative to the module
// root, skipping the test when it is absent.
func dataDir(t testing.TB, split string) string {
	t.Helper()
	shared.Require(t, "polnear", split, "text")
	return shared.Require(t, "polnear", split)
}

// TestEvaluateDev holds the stage to floors a little under the figures
// measured on the PolNeAR dev split, so that regressions fail.
func TestEvaluateDev(t *testing.T) {
	sc, err := Evaluate(dataDir(t, "dev"), testWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"direct-quote F1", sc.DirectF1(), 0.965},
		{"direct-quote precision", sc.DirectPrecision(), 0.95},
		{"direct-quote recall", sc.DirectRecall(), 0.975},
		{"all-attribution recall", sc.Recall(), 0.59},
		{"speaker accuracy", sc.SpeakerAccuracy(), 0.85},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s %.3f below floor %.3f", f.name, f.got, f.floor)
		}
	}
	if sc.Docs != 84 {
		t.Errorf("read %d dev articles, want 84", sc.Docs)
	}
	if sc.Problems != 0 {
		t.Errorf("stages reported %d problems", sc.Problems)
	}
}

// TestParseAnn checks the conversion of character offsets to byte offsets
// on text with multi-byte characters.
func TestParseAnn(t *testing.T) {
	text := "“Hi,” she said. Café owners say prices rose."
	ann := "T1\tContent 0 5\t“Hi,”\nT2\tSource 6 9\tshe\nT3\tCue 10 14\tsaid\n" +
		"E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n" +
		"T4\tSource 16 28\tCafé owners\nT5\tCue 28 31\tsay\nT6\tContent 32 43;43 44\tprices rose.\n" +
		"E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\nbad line\n"
	got, err := ParseAnn(ann, text)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d attributions, want 2", len(got))
	}
	tests := []struct {
		name string
		span string
		want string
	}{
		{"content 1", got[0].Content[0].In(text), "“Hi,”"},
		{"source 1", got[0].Source[0].In(text), "she"},
		{"source 2", got[1].Source[0].In(text), "Café owners "},
		{"content 2 first fragment", got[1].Content[0].In(text), "prices rose"},
	}
	for _, tc := range tests {
		if tc.span != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.span, tc.want)
		}
	}
	if !IsDirect(text, got[0].Content) || IsDirect(text, got[1].Content) {
		t.Errorf("IsDirect wrong: %v %v", IsDirect(text, got[0].Content), IsDirect(text, got[1].Content))
	}
	if _, err := ParseAnn("T1\tContent 0 999\tx\n", text); err == nil {
		t.Errorf("offset outside text: no error")
	}
}

// TestGoldSurfaces checks on the dev split that every single-fragment gold
// span, read with byte offsets, holds the surface text its .ann line states.
func TestGoldSurfaces(t *testing.T) {
	dir := dataDir(t, "dev")
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil || len(anns) == 0 {
		t.Fatalf("no .ann files: %v", err)
	}
	checked, bad := 0, 0
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		base = base[:strings.LastIndexByte(base, '_')]
		text, err := os.ReadFile(filepath.Join(dir, "text", base+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		// Every single-fragment T line becomes the content of an E line, so
		// that one ParseAnn call converts them all, in order.
		var ann strings.Builder
		var surfaces []string
		for line := range strings.SplitSeq(string(src), "\n") {
			f := strings.Split(line, "\t")
			if len(f) != 3 || !strings.HasPrefix(f[0], "T") || strings.Contains(f[1], ";") {
				continue
			}
			_, offs, _ := strings.Cut(f[1], " ")
			fmt.Fprintf(&ann, "T%d\tContent %s\t\nE%d\tContent:T%d\n", len(surfaces), offs, len(surfaces), len(surfaces))
			surfaces = append(surfaces, f[2])
		}
		got, err := ParseAnn(ann.String(), string(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(surfaces) {
			t.Fatalf("%s: %d spans read, %d written", a, len(got), len(surfaces))
		}
		for k, g := range got {
			checked++
			if g.Content[0].In(string(text)) != surfaces[k] {
				bad++
			}
		}
	}
	if checked < 5000 || bad > checked/100 {
		t.Errorf("%d of %d gold spans do not hold their surface text", bad, checked)
	}
}

// testWriter sends the evaluation table to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}
