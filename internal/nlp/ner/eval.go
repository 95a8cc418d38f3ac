package ner

import (
	"fmt"
	"os"
	"strings"

	"sitrep/internal/nlp/conll"
)

// PRF is precision, recall and F1 (in percent) of exact-span entities.
type PRF struct {
	Gold, Predicted, Correct int
	Precision, Recall, F1    float64
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = 100 * float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = 100 * float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Scores are conlleval-style scores: an entity counts as correct when its
// span and type both match the gold entity exactly.
type Scores struct {
	Overall PRF
	// ByType holds the scores of PER, ORG, LOC and MISC.
	ByType map[string]*PRF
	// Tokens is the number of words scored; TokenAccuracy the percentage
	// of them whose tag was right.
	Tokens        int
	TokenAccuracy float64
	correctTags   int
}

func (s *Scores) add(gold, pred []int8) {
	if s.ByType == nil {
		s.ByType = make(map[string]*PRF)
		for _, t := range Types {
			s.ByType[t] = &PRF{}
		}
	}
	g := make([]string, len(gold))
	p := make([]string, len(pred))
	for i := range gold {
		g[i], p[i] = Tags[gold[i]], Tags[pred[i]]
		if g[i] == p[i] {
			s.correctTags++
		}
	}
	s.Tokens += len(gold)
	s.addSpans(conll.Spans(g), conll.Spans(p))
}

func (s *Scores) addSpans(gold, pred []conll.Span) {
	byType := func(t string) *PRF {
		if p, ok := s.ByType[t]; ok {
			return p
		}
		p := &PRF{}
		s.ByType[t] = p
		return p
	}
	want := make(map[conll.Span]bool, len(gold))
	for _, sp := range gold {
		want[sp] = true
		s.Overall.Gold++
		byType(sp.Type).Gold++
	}
	for _, sp := range pred {
		s.Overall.Predicted++
		byType(sp.Type).Predicted++
		if want[sp] {
			s.Overall.Correct++
			byType(sp.Type).Correct++
		}
	}
}

func (s *Scores) finish() {
	s.Overall.finish()
	for _, p := range s.ByType {
		p.finish()
	}
	if s.Tokens > 0 {
		s.TokenAccuracy = 100 * float64(s.correctTags) / float64(s.Tokens)
	}
}

// String formats the scores as a table.
func (s Scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "F1", "gold", "found")
	row := func(name string, p PRF) {
		fmt.Fprintf(&b, "%-8s %9.2f %9.2f %9.2f %7d %7d\n", name, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted)
	}
	for _, t := range Types {
		if p, ok := s.ByType[t]; ok {
			row(t, *p)
		}
	}
	row("overall", s.Overall)
	fmt.Fprintf(&b, "tokens %d, tag accuracy %.2f%%\n", s.Tokens, s.TokenAccuracy)
	return b.String()
}

// Evaluate tags the CoNLL-2003 file at path document by document and scores
// the result against its tags.
func Evaluate(m *Model, path string) (Scores, error) {
	f, err := os.Open(path)
	if err != nil {
		return Scores{}, fmt.Errorf("ner: %w", err)
	}
	defer f.Close()
	docs, err := conll.Read(f)
	if err != nil {
		return Scores{}, fmt.Errorf("ner: %s: %w", path, err)
	}
	return EvaluateDocuments(m, docs), nil
}

// EvaluateDocuments scores the model on documents read by package conll.
func EvaluateDocuments(m *Model, docs []conll.Document) Scores {
	var s Scores
	for _, d := range docs {
		ys := m.labelDocument(d.Words())
		for i, sent := range d.Sentences {
			s.add(fromIOB2(sent.Tags), ys[i])
		}
	}
	s.finish()
	return s
}
