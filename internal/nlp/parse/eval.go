package parse

import (
	"fmt"
	"strings"
)

// Scores are attachment scores over every word, punctuation included, as in
// the CoNLL 2018 shared task's official evaluation.
type Scores struct {
	Sentences, Words int
	// UAS is the percentage of words with the right head.
	UAS float64
	// LAS is the percentage with the right head and the right universal
	// relation (subtypes such as the ":poss" of "nmod:poss" ignored, as the
	// official evaluation does).
	LAS float64
	// LASFull also requires the right subtype.
	LASFull float64
	// LabelAcc is the percentage of words with the right full relation.
	LabelAcc float64
}

func (s Scores) String() string {
	return fmt.Sprintf("%d sentences, %d words: UAS %.2f LAS %.2f (full labels %.2f) label accuracy %.2f",
		s.Sentences, s.Words, s.UAS, s.LAS, s.LASFull, s.LabelAcc)
}

// Evaluate parses the CoNLL-U treebank at devPath with m and scores it
// against the treebank's trees. tag predicts the words' tags; when it is nil
// the treebank's gold tags are used.
func Evaluate(m *Model, devPath string, tag func(words []string) (upos, xpos []string)) (Scores, error) {
	trees, err := readTreebank(devPath)
	if err != nil {
		return Scores{}, fmt.Errorf("parse: evaluate: %w", err)
	}
	return m.score(trees, tag), nil
}

func universal(rel string) string {
	if i := strings.IndexByte(rel, ':'); i >= 0 {
		return rel[:i]
	}
	return rel
}

func (m *Model) score(trees []tree, tag func(words []string) (upos, xpos []string)) Scores {
	var s Scores
	var uas, las, full, lab int
	for _, t := range trees {
		upos, xpos := t.upos, t.xpos
		if tag != nil {
			upos, xpos = tag(t.words)
		}
		heads, rels := m.Parse(t.words, upos, xpos)
		s.Sentences++
		for i := range t.words {
			s.Words++
			if rels[i] == t.rels[i] {
				lab++
			}
			if heads[i] != t.heads[i] {
				continue
			}
			uas++
			if universal(rels[i]) == universal(t.rels[i]) {
				las++
			}
			if rels[i] == t.rels[i] {
				full++
			}
		}
	}
	if s.Words > 0 {
		pc := func(n int) float64 { return 100 * float64(n) / float64(s.Words) }
		s.UAS, s.LAS, s.LASFull, s.LabelAcc = pc(uas), pc(las), pc(full), pc(lab)
	}
	return s
}
