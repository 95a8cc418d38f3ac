package identity

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		keys, gold []string
		p, r       float64
	}{
		{"perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, 1, 1},
		{"all merged", []string{"a", "a", "a", "a"}, []string{"x", "x", "y", "y"}, 0.5, 1},
		{"all split", []string{"a", "b", "c", "d"}, []string{"x", "x", "y", "y"}, 1, 0.5},
		// Mention 1: P 2/3 R 1; 2: 2/3, 1; 3: 1/3, 1/2; 4: 1, 1/2.
		{"mixed", []string{"a", "a", "a", "b"}, []string{"x", "x", "y", "y"}, (2.0/3 + 2.0/3 + 1.0/3 + 1) / 4, (1 + 1 + 0.5 + 0.5) / 4},
		{"empty", nil, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Score(tt.keys, tt.gold)
			if math.Abs(b.P-tt.p) > 1e-9 || math.Abs(b.R-tt.r) > 1e-9 {
				t.Errorf("Score = %v, want P %.4f R %.4f", b, tt.p, tt.r)
			}
		})
	}
}

const conllSample = `-DOCSTART- -X- O O

Tony NNP I-NP I-PER
Blair NNP I-NP I-PER
visited VBD I-VP O
London NNP I-NP I-LOC
. . O O

Phil NNP I-NP I-PER

Mickelson NNP I-NP I-PER
won VBD I-VP O

-DOCSTART- -X- O O

Blair NNP I-NP I-PER
spoke VBD I-VP O
`

const aidaSample = "-DOCSTART- (1 A)\n0\tTony_Blair\thttp://en.wikipedia.org/wiki/Tony_Blair\t1\t/m/1\n3\tLondon\thttp://en.wikipedia.org/wiki/London\t2\t/m/2\n" +
	"5\tPhil_Mickelson\thttp://en.wikipedia.org/wiki/Phil_Mickelson\t3\t/m/3\n\n" +
	"-DOCSTART- (2testa B)\n0\t--NME--\n\n" +
	"-DOCSTART- (3 C)\n0\tTony_Blair\thttp://en.wikipedia.org/wiki/Tony_Blair\t1\t/m/1\n\n"

func TestReadAndEvaluate(t *testing.T) {
	dir := t.TempDir()
	cp, ap := filepath.Join(dir, "eng.train"), filepath.Join(dir, "aida.tsv")
	if err := os.WriteFile(cp, []byte(conllSample), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ap, []byte(aidaSample), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := Read(cp, ap, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Gold) != 3 {
		t.Fatalf("Read = %+v", docs)
	}
	// The mention runs across the sentence break.
	if got := docs[0].Gold[2].In(docs[0].Text); got != "Phil\nMickelson" {
		t.Errorf("cross-sentence mention = %q", got)
	}
	// A stand-in annotator: one entity per capitalised word, keyed by
	// surname "blair" for both Blairs; London is missed.
	annotate := func(_ context.Context, d *doc.Document) error {
		for _, w := range []string{"Blair", "Mickelson"} {
			if i := strings.Index(d.Text, w); i >= 0 {
				d.Entities = append(d.Entities, doc.Entity{ID: doc.EntityID(len(d.Entities)), Key: strings.ToLower(w),
					Mentions: []doc.Mention{{Span: doc.Span{Start: i, End: i + len(w)}}}})
			}
		}
		return nil
	}
	r, err := Evaluate(context.Background(), "train", docs, annotate)
	if err != nil {
		t.Fatal(err)
	}
	if r.Mentions != 4 || r.Found != 3 || r.Sitrep.F != 1 {
		t.Errorf("Evaluate = %+v", r)
	}
	// The baseline keys "tony blair" and "blair" apart.
	if r.Baseline.R >= 1 {
		t.Errorf("baseline recall = %v, want < 1", r.Baseline.R)
	}
	if _, err := Read(cp, ap, true); err == nil {
		t.Error("Read testa: want a count mismatch error")
	}
}

// FuzzRead: any pair of files gives an error or documents whose gold spans
// lie inside their text, never a panic.
func FuzzRead(f *testing.F) {
	f.Add(conllSample, aidaSample)
	f.Add("-DOCSTART- -X- O O\n\nA NNP I-NP I-PER\n", "-DOCSTART- (1 A)\n0\tX\thttp://x/X\t1\n")
	f.Add("A B\n", "-DOCSTART- (1 A)\n-5\t--NME--\n")
	f.Add("\x00\xff", "garbage")
	f.Fuzz(func(t *testing.T, conll, aida string) {
		dir := t.TempDir()
		cp, ap := filepath.Join(dir, "c"), filepath.Join(dir, "a")
		if err := os.WriteFile(cp, []byte(conll), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ap, []byte(aida), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, testa := range []bool{false, true} {
			docs, err := Read(cp, ap, testa)
			if err != nil {
				continue
			}
			for _, d := range docs {
				for _, g := range d.Gold {
					if g.Start < 0 || g.End > len(d.Text) || g.Start >= g.End {
						t.Fatalf("span %v outside text of %d bytes", g.Span, len(d.Text))
					}
				}
			}
		}
	})
}
