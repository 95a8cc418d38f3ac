package segment_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/conllu"
	"sitrep/internal/segment"
)

// ewtText rebuilds raw text from the EWT dev sentences ("# text"), a blank
// line between paragraphs, and returns it with the gold word spans (found
// by aligning the word forms with the text) and sentence end offsets.
func ewtText(t *testing.T, ss []*conllu.Sentence) (string, map[doc.Span]bool, map[int]bool) {
	var b strings.Builder
	words := map[doc.Span]bool{}
	ends := map[int]bool{}
	for i, s := range ss {
		text, _ := s.Comment("text")
		if i > 0 {
			_, newpar := s.Comment("newpar id")
			_, newdoc := s.Comment("newdoc id")
			if newpar || newdoc {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		start := b.Len()
		b.WriteString(text)
		cur := 0
		for _, w := range s.Words {
			for cur < len(text) && text[cur] == ' ' {
				cur++
			}
			if !strings.HasPrefix(text[cur:], w.Form) {
				continue // a form that differs from the text (rare); skip it
			}
			words[doc.Span{Start: start + cur, End: start + cur + len(w.Form)}] = true
			cur += len(w.Form)
		}
		ends[start+len(text)] = true
	}
	return b.String(), words, ends
}

// TestEWTDev scores tokens and sentence ends against UD English EWT dev,
// whose raw text is mostly web text (blogs, e-mail, reviews, answers). EWT
// splits hyphenated words and segment does not, which costs token recall.
func TestEWTDev(t *testing.T) {
	path := filepath.Join(seedDir(t), "..", "data", "ud-english-ewt", "en_ewt-ud-dev.conllu")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("EWT dev not found: %v", err)
	}
	ss, err := conllu.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, gold, goldEnds := ewtText(t, ss)
	sents, toks := segment.Segment(text)
	f1 := func(right, got, want int) (p, r, f float64) {
		p, r = float64(right)/float64(got), float64(right)/float64(want)
		return p, r, 2 * p * r / (p + r)
	}
	right := 0
	for _, tk := range toks {
		if gold[tk.Span] {
			right++
		}
	}
	p, r, f := f1(right, len(toks), len(gold))
	t.Logf("EWT dev tokens: precision %.2f%% recall %.2f%% F1 %.2f%% (%d gold, %d predicted)", 100*p, 100*r, 100*f, len(gold), len(toks))
	if f < 0.97 {
		t.Errorf("token F1 %.4f below floor 0.97", f)
	}
	right = 0
	for _, s := range sents {
		if goldEnds[s.Span.End] {
			right++
		}
	}
	p, r, f = f1(right, len(sents), len(goldEnds))
	t.Logf("EWT dev sentence ends: precision %.2f%% recall %.2f%% F1 %.2f%% (%d gold, %d predicted)", 100*p, 100*r, 100*f, len(goldEnds), len(sents))
	if f < 0.80 {
		t.Errorf("sentence-end F1 %.4f below floor 0.80", f)
	}
}
