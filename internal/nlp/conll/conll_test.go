package conll_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sitrep/internal/nlp/conll"
)

const sample = `-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- O O

Hapoel NNP I-NP I-ORG
Haifa NNP I-NP I-ORG
Maccabi NNP I-NP B-ORG
Tel NNP I-NP I-ORG
`

func TestRead(t *testing.T) {
	docs, err := conll.Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	tests := []struct {
		name      string
		got, want []string
	}{
		{"words", docs[0].Sentences[0].Words, []string{"EU", "rejects", "German", "call", "."}},
		{"pos", docs[0].Sentences[0].POS, []string{"NNP", "VBZ", "JJ", "NN", "."}},
		{"iob1 to iob2", docs[0].Sentences[0].Tags, []string{"B-ORG", "O", "B-MISC", "O", "O"}},
		{"inside run", docs[0].Sentences[1].Tags, []string{"B-PER", "I-PER"}},
		{"adjacent entities", docs[1].Sentences[0].Tags, []string{"B-ORG", "I-ORG", "B-ORG", "I-ORG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"ragged columns", "a B-PER\nb c O\n"},
		{"line too long", strings.Repeat("x", 2<<20) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := conll.Read(strings.NewReader(tt.in)); err == nil {
				t.Errorf("Read(%.20q) succeeded", tt.in)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []conll.Span
	}{
		{"empty", "", nil},
		{"one", "O B-PER I-PER O", []conll.Span{{1, 3, "PER"}}},
		{"touching", "B-ORG B-ORG I-ORG", []conll.Span{{0, 1, "ORG"}, {1, 3, "ORG"}}},
		{"stray inside", "O I-LOC I-LOC I-PER", []conll.Span{{1, 3, "LOC"}, {3, 4, "PER"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := conll.Spans(strings.Fields(tt.tags)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Spans(%q) = %v, want %v", tt.tags, got, tt.want)
			}
		})
	}
}

// upper tags every capitalised word B-X.
func upper(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "O"
		if w[0] >= 'A' && w[0] <= 'Z' {
			out[i] = "B-X"
		}
	}
	return out
}

func TestTag(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O  \n\n\nPeter\tNNP\n"
	want := "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG B-X\nrejects VBZ I-VP O O\n\n\nPeter\tNNP\tB-X\n"
	for name, tag := range map[string]func(io *bytes.Buffer) error{
		"sentences": func(out *bytes.Buffer) error { return conll.Tag(strings.NewReader(in), out, upper) },
		"documents": func(out *bytes.Buffer) error {
			return conll.TagDocuments(strings.NewReader(in), out, func(s [][]string) [][]string {
				var r [][]string
				for _, w := range s {
					r = append(r, upper(w))
				}
				return r
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := tag(&out); err != nil {
				t.Fatal(err)
			}
			if out.String() != want {
				t.Errorf("got\n%s\nwant\n%s", out.String(), want)
			}
		})
	}
	bad := func(words []string) []string { return nil }
	if err := conll.Tag(strings.NewReader(in), &bytes.Buffer{}, bad); err == nil {
		t.Error("a tagger returning too few tags: no error")
	}
}

// The shared dev file reads with the published counts.
func TestReadShared(t *testing.T) {
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "conll2003", "eng.testa")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("shared data absent: %v", err)
	}
	defer f.Close()
	docs, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	sents, toks, ents := 0, 0, 0
	for _, d := range docs {
		sents += len(d.Sentences)
		toks += d.Tokens()
		for _, s := range d.Sentences {
			ents += len(conll.Spans(s.Tags))
		}
	}
	if len(docs) != 216 || sents != 3250 || toks != 51362 || ents != 5942 {
		t.Errorf("eng.testa: %d documents, %d sentences, %d tokens, %d entities; want 216, 3250, 51362, 5942", len(docs), sents, toks, ents)
	}
}

// Reading never panics, and whatever it reads has one tag per word in valid
// IOB2; tagging echoes every token line.
func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add("a\n\nb c\n")
	f.Add("-DOCSTART-\n\n\nI-PER\n")
	f.Add("x I-A\ny B-A\nz I-B\n")
	f.Fuzz(func(t *testing.T, s string) {
		docs, err := conll.Read(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, sen := range d.Sentences {
				if sen.Tags != nil && len(sen.Tags) != len(sen.Words) {
					t.Fatalf("%d tags for %d words", len(sen.Tags), len(sen.Words))
				}
				prev := "O"
				for _, tag := range sen.Tags {
					if typ, ok := strings.CutPrefix(tag, "I-"); ok && conll.TypeOf(prev) != typ {
						t.Fatalf("ill-formed IOB2 %v", sen.Tags)
					}
					prev = tag
				}
			}
		}
		var out bytes.Buffer
		if err := conll.Tag(strings.NewReader(s), &out, func(w []string) []string {
			r := make([]string, len(w))
			for i := range r {
				r[i] = "O"
			}
			return r
		}); err != nil {
			t.Fatal(err)
		}
		if n, m := strings.Count(out.String(), "\n"), strings.Count(strings.TrimRight(s, "\n"), "\n"); n < m {
			t.Fatalf("tagging wrote %d lines for %d", n, m)
		}
	})
}
