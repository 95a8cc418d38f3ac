package parse_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"sitrep/internal/shared"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/parse"
)

// dataDir returns ../shared/data relative to the module root, skipping the
// test when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return shared.Require(t)
}

func model(t testing.TB) *parse.Model {
	t.Helper()
	m, err := parse.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return m
}

// checkTree fails unless heads and rels form one well-formed tree.
func checkTree(t *testing.T, words []string, heads []int, rels []string) {
	t.Helper()
	n := len(words)
	if len(heads) != n || len(rels) != n {
		t.Fatalf("%d words, %d heads, %d relations", n, len(heads), len(rels))
	}
	if n == 0 {
		return
	}
	roots := 0
	for i, h := range heads {
		if h < 0 || h > n || h == i+1 {
			t.Fatalf("word %d has head %d (of %d words)", i+1, h, n)
		}
		if h == 0 {
			roots++
		}
		if (h == 0) != (rels[i] == "root") {
			t.Errorf("word %d has head %d and relation %q", i+1, h, rels[i])
		}
		if rels[i] == "" {
			t.Errorf("word %d has no relation", i+1)
		}
	}
	if roots != 1 {
		t.Fatalf("%d roots in %v", roots, heads)
	}
	for i := range heads {
		b := i + 1
		for steps := 0; b != 0; steps++ {
			if steps > n {
				t.Fatalf("cycle through word %d in %v", i+1, heads)
			}
			b = heads[b-1]
		}
	}
}

// Penn Treebank and universal tags, for generated input.
var (
	xposTags = []string{"DT", "NN", "NNS", "NNP", "VBD", "VBZ", "VB", "IN", "JJ", "RB", ".", ",", "PRP", "CC", "CD", "TO", "MD", "??", ""}
	uposTags = []string{"DET", "NOUN", "NOUN", "PROPN", "VERB", "VERB", "VERB", "ADP", "ADJ", "ADV", "PUNCT", "PUNCT", "PRON", "CCONJ", "NUM", "PART", "AUX", "X", ""}
)

// Parse must return a well-formed tree for any input, however odd.
func TestParseWellFormed(t *testing.T) {
	m := model(t)
	tests := []struct {
		name       string
		words      []string
		upos, xpos []string
	}{
		{"empty", nil, nil, nil},
		{"one word", []string{"Hello"}, []string{"INTJ"}, []string{"UH"}},
		{"one punctuation mark", []string{"."}, []string{"PUNCT"}, []string{"."}},
		{"no tags", []string{"The", "cat", "sat", "."}, nil, nil},
		{"short tag slices", []string{"The", "cat", "sat", "."}, []string{"DET"}, []string{"DT", "NN"}},
		{"unknown tags", []string{"a", "b", "c"}, []string{"FOO", "BAR", ""}, []string{"?", "", "zz"}},
		{"empty words", []string{"", "", ""}, []string{"", "", ""}, []string{"", "", ""}},
		{"invalid utf-8", []string{"\xff\xfe", "caf\xc3", "é"}, []string{"X", "X", "X"}, []string{"FW", "FW", "FW"}},
		{"all punctuation", strings.Fields(". , ; : ! ? ( ) \" '"), nil, nil},
	}
	// Long and random sentences.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 3, 10, 50, 500} {
		words := make([]string, n)
		upos := make([]string, n)
		xpos := make([]string, n)
		for i := range words {
			k := rng.IntN(len(xposTags))
			words[i] = fmt.Sprintf("w%d", rng.IntN(20))
			upos[i], xpos[i] = uposTags[k], xposTags[k]
		}
		tests = append(tests, struct {
			name       string
			words      []string
			upos, xpos []string
		}{fmt.Sprintf("random %d words", n), words, upos, xpos})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			heads, rels := m.Parse(tt.words, tt.upos, tt.xpos)
			checkTree(t, tt.words, heads, rels)
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("The White House said Monday that Trump is open to strikes .")
	f.Add("")
	f.Add(". . . .")
	f.Add("a\xffb c")
	m, err := parse.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		upos := make([]string, len(words))
		xpos := make([]string, len(words))
		for i, w := range words {
			k := (len(w) + int(w[0])) % len(xposTags)
			upos[i], xpos[i] = uposTags[k], xposTags[k]
		}
		heads, rels := m.Parse(words, upos, xpos)
		checkTree(t, words, heads, rels)
	})
}

// devHead writes the first 500 sentences of EWT dev to a temporary file,
// which keeps the test short.
func devHead(t *testing.T) string {
	t.Helper()
	ss, err := conllu.ReadFile(filepath.Join(dataDir(t), "ud-english-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dev500.conllu")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := conllu.Write(f, ss[:min(500, len(ss))]); err != nil {
		t.Fatal(err)
	}
	return path
}

// The accuracy floors sit a little under the figures measured on the first
// 500 sentences of EWT dev when the embedded model was trained.
func TestAccuracyFloor(t *testing.T) {
	s, err := parse.Evaluate(model(t), devHead(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT dev[:500], gold tags: %v", s)
	if s.Sentences != 500 {
		t.Errorf("scored %d sentences, want 500", s.Sentences)
	}
	const minUAS, minLAS = 86.5, 84.7
	if s.UAS < minUAS || s.LAS < minLAS {
		t.Errorf("UAS %.2f LAS %.2f, want at least %.1f and %.1f", s.UAS, s.LAS, minUAS, minLAS)
	}
}

// With the tags the pos stage predicts, as in the pipeline.
func TestAccuracyFloorPredictedTags(t *testing.T) {
	if _, err := tagger(); err != nil {
		t.Skipf("no tagger: %v", err)
	}
	s, err := parse.Evaluate(model(t), devHead(t), tagWords)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT dev[:500], predicted tags: %v", s)
	const minUAS, minLAS = 84.5, 81.7
	if s.UAS < minUAS || s.LAS < minLAS {
		t.Errorf("UAS %.2f LAS %.2f, want at least %.1f and %.1f", s.UAS, s.LAS, minUAS, minLAS)
	}
}

func TestSaveLoad(t *testing.T) {
	m := model(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := parse.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("The Pentagon on Monday denied the claim , a spokesman said .")
	upos := strings.Fields("DET PROPN ADP PROPN VERB DET NOUN PUNCT DET NOUN VERB PUNCT")
	xpos := strings.Fields("DT NNP IN NNP VBD DT NN , DT NN VBD .")
	h1, r1 := m.Parse(words, upos, xpos)
	h2, r2 := m2.Parse(words, upos, xpos)
	if !slices.Equal(h1, h2) || !slices.Equal(r1, r2) {
		t.Errorf("reloaded model parses %v %v, want %v %v", h2, r2, h1, r1)
	}

	// Damaged or foreign data is refused.
	bad := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": buf.Bytes()[:buf.Len()/2],
	}
	for name, b := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := parse.Load(bytes.NewReader(b)); err == nil {
				t.Error("Load succeeded")
			}
		})
	}
	t.Run("foreign gzip", func(t *testing.T) {
		var g bytes.Buffer
		gzipString(t, &g, "sitrep-ner\x01")
		if _, err := parse.Load(&g); !errors.Is(err, parse.ErrBadModel) {
			t.Errorf("Load = %v, want ErrBadModel", err)
		}
	})
}

// A hand-built document: tokens carry tags, as the pos stage leaves them.
func TestStage(t *testing.T) {
	text := "The Pentagon denied the claim. A spokesman said it."
	type tok struct{ word, upos, xpos string }
	sents := [][]tok{
		{{"The", "DET", "DT"}, {"Pentagon", "PROPN", "NNP"}, {"denied", "VERB", "VBD"}, {"the", "DET", "DT"}, {"claim", "NOUN", "NN"}, {".", "PUNCT", "."}},
		{{"A", "DET", "DT"}, {"spokesman", "NOUN", "NN"}, {"said", "VERB", "VBD"}, {"it", "PRON", "PRP"}, {".", "PUNCT", "."}},
	}
	d := &doc.Document{Text: text}
	off := 0
	for si, s := range sents {
		first := len(d.Tokens)
		start := -1
		for _, w := range s {
			i := strings.Index(text[off:], w.word) + off
			if start < 0 {
				start = i
			}
			d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: i, End: i + len(w.word)}, Sentence: si,
				UPOS: w.upos, XPOS: w.xpos, Head: doc.None})
			off = i + len(w.word)
		}
		d.Sentences = append(d.Sentences, doc.Sentence{Span: doc.Span{Start: start, End: off}, First: first, End: len(d.Tokens)})
	}
	// Options.Only leaves the sentences it does not choose unparsed.
	only := parse.New(parse.Options{Only: func(d *doc.Document) []bool { return []bool{false, true} }})
	if err := only.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for i, tk := range d.Tokens {
		if parsed := tk.Dep != ""; parsed != (tk.Sentence == 1) || tk.Sentence == 0 && tk.Head != doc.None {
			t.Errorf("Only {false, true}: token %d of sentence %d has head %d dep %q", i, tk.Sentence, tk.Head, tk.Dep)
		}
	}
	if err := parse.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		word, head, dep string // head "" for the root
	}{
		{"The", "Pentagon", "det"},
		{"Pentagon", "denied", "nsubj"},
		{"denied", "", "root"},
		{"the", "claim", "det"},
		{"claim", "denied", "obj"},
		{".", "denied", "punct"},
		{"A", "spokesman", "det"},
		{"spokesman", "said", "nsubj"},
		{"said", "", "root"},
		{"it", "said", "obj"},
		{".", "said", "punct"},
	}
	for i, w := range want {
		tk := d.Tokens[i]
		head := ""
		if tk.Head != doc.None {
			if s := d.Sentences[tk.Sentence]; tk.Head < s.First || tk.Head >= s.End {
				t.Errorf("token %d (%s) has head %d outside its sentence", i, w.word, tk.Head)
				continue
			}
			head = d.Tokens[tk.Head].In(text)
		}
		if tk.In(text) != w.word || head != w.head || tk.Dep != w.dep {
			t.Errorf("token %d: %s <-%s- %q, want %s <-%s- %q", i, tk.In(text), tk.Dep, head, w.word, w.dep, w.head)
		}
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems: %v", d.Problems)
	}
}

func TestStageOddDocuments(t *testing.T) {
	tests := []struct {
		name string
		d    *doc.Document
	}{
		{"empty", &doc.Document{}},
		{"sentence without tokens", &doc.Document{Text: "x", Sentences: []doc.Sentence{{Span: doc.Span{Start: 0, End: 1}}}}},
		{"token range out of bounds", &doc.Document{Text: "x", Sentences: []doc.Sentence{{First: 0, End: 3}}}},
		{"untagged tokens", &doc.Document{Text: "Hi there", Tokens: []doc.Token{{Span: doc.Span{Start: 0, End: 2}}, {Span: doc.Span{Start: 3, End: 8}}},
			Sentences: []doc.Sentence{{Span: doc.Span{Start: 0, End: 8}, First: 0, End: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := parse.New().Process(context.Background(), tt.d); err != nil {
				t.Fatal(err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := tests[3].d
	if err := parse.New().Process(ctx, d); !errors.Is(err, context.Canceled) {
		t.Errorf("Process with a cancelled context = %v", err)
	}
}

// Parse is called from many pipeline workers at once.
func TestParseConcurrent(t *testing.T) {
	m := model(t)
	sents := [][]string{
		strings.Fields("The Pentagon on Monday denied the claim ."),
		strings.Fields("Russia and Turkey took a big step towards normalising relations this week ."),
		strings.Fields("He said so ."),
	}
	want := make([][]int, len(sents))
	for i, s := range sents {
		want[i], _ = m.Parse(s, nil, nil)
	}
	errs := make(chan string, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				i := k % len(sents)
				if got, _ := m.Parse(sents[i], nil, nil); !slices.Equal(got, want[i]) {
					errs <- fmt.Sprintf("sentence %d: heads %v, want %v", i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
