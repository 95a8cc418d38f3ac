package lemma_test

import (
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/lemma"
)

func TestLemma(t *testing.T) {
	tests := []struct {
		word, upos, xpos, want string
	}{
		// Nouns.
		{"strikes", "NOUN", "NNS", "strike"},
		{"countries", "NOUN", "NNS", "country"},
		{"churches", "NOUN", "NNS", "church"},
		{"children", "NOUN", "NNS", "child"},
		{"women", "NOUN", "NNS", "woman"},
		{"Militants", "NOUN", "NNS", "militant"},
		{"crisis", "NOUN", "NN", "crisis"},
		{"Americans", "PROPN", "NNPS", "American"},
		{"Syria", "PROPN", "NNP", "Syria"},
		// Verbs.
		{"said", "VERB", "VBD", "say"},
		{"was", "AUX", "VBD", "be"},
		{"is", "AUX", "VBZ", "be"},
		{"'s", "AUX", "VBZ", "be"},
		{"n't", "PART", "RB", "not"},
		{"ca", "AUX", "MD", "can"},
		{"stopped", "VERB", "VBD", "stop"},
		{"created", "VERB", "VBN", "create"},
		{"denied", "VERB", "VBD", "deny"},
		{"coordinating", "VERB", "VBG", "coordinate"},
		{"pushing", "VERB", "VBG", "push"},
		{"welcomes", "VERB", "VBZ", "welcome"},
		{"reaches", "VERB", "VBZ", "reach"},
		{"killed", "VERB", "VBD", "kill"},
		{"conducting", "VERB", "VBG", "conduct"},
		{"normalising", "VERB", "VBG", "normalise"},
		{"bombed", "VERB", "VBD", "bomb"},
		{"met", "VERB", "VBD", "meet"},
		{"urges", "VERB", "VBZ", "urge"},
		{"launched", "VERB", "VBN", "launch"},
		// Adjectives and pronouns.
		{"bigger", "ADJ", "JJR", "big"},
		{"greater", "ADJ", "JJR", "great"},
		{"largest", "ADJ", "JJS", "large"},
		{"better", "ADJ", "JJR", "good"},
		{"him", "PRON", "PRP", "he"},
		{"I", "PRON", "PRP", "I"},
		{"The", "DET", "DT", "the"},
		// Hyphenated words.
		{"U.S.-led", "VERB", "VBN", "u.s.-lead"},
		{"air-strikes", "NOUN", "NNS", "air-strike"},
		{"Al-Qaeda", "PROPN", "NNP", "Al-Qaeda"},
		// Missing tags.
		{"strikes", "NOUN", "", "strike"},
		{"", "", "", ""},
		{"2017", "NUM", "CD", "2017"},
		{",", "PUNCT", ",", ","},
	}
	for _, tt := range tests {
		t.Run(tt.word+"/"+tt.xpos, func(t *testing.T) {
			if got := lemma.Lemma(tt.word, tt.upos, tt.xpos); got != tt.want {
				t.Errorf("Lemma(%q, %q, %q) = %q, want %q", tt.word, tt.upos, tt.xpos, got, tt.want)
			}
		})
	}
}

// devPath returns the EWT dev file, found from the module root.
func devPath(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", "ud-english-ewt", "en_ewt-ud-dev.conllu")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("EWT dev not found at %s", p)
	}
	return p
}

// TestDevAccuracy checks lemma accuracy with gold tags on EWT dev against a
// floor a little under the measured figure.
func TestDevAccuracy(t *testing.T) {
	ss, err := conllu.ReadFile(devPath(t))
	if err != nil {
		t.Fatal(err)
	}
	right, total := 0, 0
	for _, s := range ss {
		for _, w := range s.Words {
			total++
			if lemma.Lemma(w.Form, w.UPOS, w.XPOS) == w.Lemma {
				right++
			} else if testing.Verbose() && os.Getenv("LEMMA_ERRORS") != "" {
				t.Logf("%s/%s: got %s, want %s", w.Form, w.XPOS, lemma.Lemma(w.Form, w.UPOS, w.XPOS), w.Lemma)
			}
		}
	}
	acc := float64(right) / float64(total)
	t.Logf("lemma accuracy with gold tags on EWT dev: %.2f%% of %d words", 100*acc, total)
	const floor = 0.984
	if acc < floor {
		t.Errorf("lemma accuracy %.4f below floor %.2f", acc, floor)
	}
}

// FuzzLemma checks that every non-empty word gets a non-empty lemma.
func FuzzLemma(f *testing.F) {
	f.Add("strikes", "NOUN", "NNS")
	f.Add("’s", "AUX", "VBZ")
	f.Add("\xff", "", "")
	f.Fuzz(func(t *testing.T, word, upos, xpos string) {
		l := lemma.Lemma(word, upos, xpos)
		if word != "" && l == "" {
			t.Fatalf("Lemma(%q, %q, %q) is empty", word, upos, xpos)
		}
	})
}
