package pos_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/segment"
	"sitrep/internal/shared"
)

// root returns the module root, or skips.
func root(tb testing.TB) string {
	tb.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
}

// ewt returns the path of an EWT file, or skips when it is absent.
func ewt(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(root(tb), "..", "shared", "data", "ud-english-ewt", name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("EWT data not found at %s", p)
	}
	return p
}

func model(tb testing.TB) *pos.Model {
	tb.Helper()
	m, err := pos.Default()
	if err != nil {
		tb.Fatalf("embedded model: %v", err)
	}
	return m
}

// TestDevAccuracy checks the embedded model on EWT dev against floors a
// little under the measured figures.
func TestDevAccuracy(t *testing.T) {
	sc, err := pos.Evaluate(model(t), ewt(t, "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT dev: %v", sc)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"UPOS", sc.UPOS, 0.955},
		{"XPOS", sc.XPOS, 0.947},
		{"lemma", sc.Lemma, 0.969},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s accuracy %.4f below floor %.3f", f.name, f.got, f.floor)
		}
	}
}

func TestTag(t *testing.T) {
	tests := []struct {
		name, sentence, upos, xpos string
	}{
		{"news sentence",
			"The White House said Monday that the newly inaugurated U.S. President Donald Trump is open to conducting joint strikes with Russia .",
			// EWT tags "White" in "White House" ADJ with XPOS NNP.
			"DET ADJ PROPN VERB PROPN SCONJ DET ADV VERB PROPN PROPN PROPN PROPN AUX ADJ SCONJ VERB ADJ NOUN ADP PROPN PUNCT",
			"DT NNP NNP VBD NNP IN DT RB VBN NNP NNP NNP NNP VBZ JJ IN VBG JJ NNS IN NNP ."},
		{"clitics", "We 've been very clear .", "PRON AUX AUX ADV ADJ PUNCT", "PRP VBP VBN RB JJ ."},
		{"curly quotes", "“ We would welcome that , ” she said .",
			"PUNCT PRON AUX VERB PRON PUNCT PUNCT PRON VERB PUNCT", "`` PRP MD VB DT , '' PRP VBD ."},
	}
	m := model(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upos, xpos := m.Tag(strings.Fields(tt.sentence))
			if got := strings.Join(upos, " "); got != tt.upos {
				t.Errorf("UPOS\n got %s\nwant %s", got, tt.upos)
			}
			if got := strings.Join(xpos, " "); got != tt.xpos {
				t.Errorf("XPOS\n got %s\nwant %s", got, tt.xpos)
			}
		})
	}
}

// TestAcronyms checks that acronyms in news text are not tagged as the
// words they spell ("IS" is not "is", "US" not "us").
func TestAcronyms(t *testing.T) {
	tests := []struct {
		sentence string
		word     int      // index of the acronym
		not      []string // UPOS tags it must not get
	}{
		{"Cameron seeks Iran 's help against IS", 6, []string{"AUX", "VERB"}},
		{"The coalition has been bombing IS positions in Syria and Iraq .", 5, []string{"AUX", "VERB"}},
		{"He also said the US would not coordinate the coalition 's military activities .", 4, []string{"PRON"}},
		{"Islamic State ( IS ) terrorists", 3, []string{"AUX", "VERB"}},
	}
	m := model(t)
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			words := strings.Fields(tt.sentence)
			upos, _ := m.Tag(words)
			for _, bad := range tt.not {
				if upos[tt.word] == bad {
					t.Errorf("%q tagged %s", words[tt.word], bad)
				}
			}
		})
	}
}

func TestTagEdgeCases(t *testing.T) {
	m := model(t)
	for _, words := range [][]string{nil, {}, {""}, {"\xff"}, {"a", "", "b"}} {
		upos, xpos := m.Tag(words)
		if len(upos) != len(words) || len(xpos) != len(words) {
			t.Errorf("Tag(%q): %d, %d tags", words, len(upos), len(xpos))
		}
	}
}

// TestTrainSaveLoad trains small models on part of EWT dev: training is
// deterministic, and a saved model loads and tags as before.
func TestTrainSaveLoad(t *testing.T) {
	ss, err := conllu.ReadFile(ewt(t, "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "small.conllu")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := conllu.Write(f, ss[:300]); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var saved [2]bytes.Buffer
	var models [2]*pos.Model
	for i := range saved {
		m, err := pos.Train(path, "", pos.TrainOptions{Iterations: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Save(&saved[i]); err != nil {
			t.Fatal(err)
		}
		models[i] = m
	}
	if !bytes.Equal(saved[0].Bytes(), saved[1].Bytes()) {
		t.Error("training twice gave different models")
	}
	loaded, err := pos.Load(bytes.NewReader(saved[0].Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	words := ss[400].Forms()
	u1, x1 := models[0].Tag(words)
	u2, x2 := loaded.Tag(words)
	if strings.Join(u1, " ") != strings.Join(u2, " ") || strings.Join(x1, " ") != strings.Join(x2, " ") {
		t.Errorf("tags differ after Save and Load:\n%v %v\n%v %v", u1, x1, u2, x2)
	}
	for _, bad := range []string{"", "not gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"} {
		if _, err := pos.Load(strings.NewReader(bad)); err == nil {
			t.Errorf("Load(%q): no error", bad)
		}
	}
	if _, err := pos.Train(filepath.Join(t.TempDir(), "missing"), "", pos.TrainOptions{}); err == nil {
		t.Error("Train on a missing file: no error")
	}
}

func TestStage(t *testing.T) {
	d := &doc.Document{Text: `"We would welcome that," State Department spokeswoman Elizabeth Trudeau said. Erdogan traveled to Moscow on Tuesday.`}
	if err := segment.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	st := pos.New()
	if st.Name() != "pos" {
		t.Errorf("Name() = %q", st.Name())
	}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{ // token -> UPOS, XPOS, lemma
		"welcome":  {"VERB", "VB", "welcome"},
		"said":     {"VERB", "VBD", "say"},
		"traveled": {"VERB", "VBD", "travel"},
		"Moscow":   {"PROPN", "NNP", "Moscow"},
		"Trudeau":  {"PROPN", "NNP", "Trudeau"},
	}
	for _, tk := range d.Tokens {
		if tk.UPOS == "" || tk.XPOS == "" || tk.Lemma == "" {
			t.Errorf("token %q untagged", tk.In(d.Text))
		}
		if w, ok := want[tk.In(d.Text)]; ok && (tk.UPOS != w[0] || tk.XPOS != w[1] || tk.Lemma != w[2]) {
			t.Errorf("token %q: got %s %s %s, want %v", tk.In(d.Text), tk.UPOS, tk.XPOS, tk.Lemma, w)
		}
	}
	// A broken sentence range is a problem, not a failure.
	d.Sentences = append(d.Sentences, doc.Sentence{First: 5, End: 500})
	if err := st.Process(context.Background(), d); err != nil || len(d.Problems) != 1 {
		t.Errorf("broken range: err %v, problems %v", err, d.Problems)
	}
}

// bbcText returns some BBC news articles, or skips.
func bbcText(b *testing.B) string {
	dir := filepath.Join(root(b), "..", "shared", "data", "bbc-news", "politics")
	files, _ := filepath.Glob(filepath.Join(dir, "0*.txt"))
	if len(files) == 0 {
		b.Skipf("BBC news not found at %s", dir)
	}
	var sb strings.Builder
	for _, f := range files[:min(len(files), 50)] {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(t)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkTag tags BBC news text tokenised by segment.
func BenchmarkTag(b *testing.B) {
	text := bbcText(b)
	sents, toks := segment.Segment(text)
	var words [][]string
	for _, s := range sents {
		var w []string
		for _, t := range toks[s.First:s.End] {
			w = append(w, t.In(text))
		}
		words = append(words, w)
	}
	m := model(b)
	m.Tag(words[0]) // loads the word clusters outside the timing
	cpu, mallocs := shared.CPUTime(), shared.Mallocs()
	for b.Loop() {
		for _, w := range words {
			m.Tag(w)
		}
	}
	b.ReportMetric(float64(len(toks)*b.N)/b.Elapsed().Seconds(), "tokens/s")
	if d := shared.CPUTime() - cpu; d > 0 {
		b.ReportMetric(float64(len(toks)*b.N)/d.Seconds(), "tokens/cpu-s")
	}
	b.ReportMetric(float64(shared.Mallocs()-mallocs)/float64(len(toks)*b.N), "allocs/token")
}

// BenchmarkStage runs segmentation's output through the stage (tags and
// lemmas).
func BenchmarkStage(b *testing.B) {
	d := &doc.Document{Text: bbcText(b)}
	segment.New().Process(context.Background(), d)
	st := pos.New()
	model(b)
	for b.Loop() {
		st.Process(context.Background(), d)
	}
	b.ReportMetric(float64(len(d.Tokens)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// FuzzLoad checks that Load rejects malformed models without panicking.
func FuzzLoad(f *testing.F) {
	var b bytes.Buffer
	if m, err := pos.Default(); err == nil {
		m.Save(&b)
	}
	f.Add(b.Bytes()[:min(b.Len(), 4096)])
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := pos.Load(bytes.NewReader(data))
		if err == nil {
			m.Tag([]string{"a", "b"})
		}
	})
}

// FuzzTag checks that any words get one tag pair each.
func FuzzTag(f *testing.F) {
	f.Add("The White House said Monday")
	f.Add("\xff “ ’s n’t U.S.-led 1,000")
	m, err := pos.Default()
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Split(s, " ")
		upos, xpos := m.Tag(words)
		if len(upos) != len(words) || len(xpos) != len(words) {
			t.Fatalf("%d words, %d/%d tags", len(words), len(upos), len(xpos))
		}
		for i := range upos {
			if upos[i] == "" || xpos[i] == "" {
				t.Fatalf("word %q: empty tag", words[i])
			}
		}
	})
}
