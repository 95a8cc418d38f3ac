package ner

import (
	"context"

	"sitrep/internal/doc"
)

// Stage is the pipeline stage that tags every token of a document with its
// IOB2 entity tag (Token.NER).
type Stage struct {
	model *Model // nil: the embedded model
}

// New returns a stage using the embedded model (see Default).
func New() *Stage { return &Stage{} }

// WithModel returns a stage using m.
func WithModel(m *Model) *Stage { return &Stage{model: m} }

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "ner" }

// Process sets Token.NER for every token of d, reading each token's word
// from d.Text. Sentences come from d.Sentences; tokens outside them (or all
// tokens, when there are no sentences) are tagged as one sentence per run. It
// returns an error only when no model can be loaded.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m := s.model
	if m == nil {
		var err error
		if m, err = Default(); err != nil {
			return err
		}
	}
	if len(d.Tokens) == 0 {
		return nil
	}
	// Group the tokens into sentences: d.Sentences where they are sound,
	// else runs of tokens with the same Sentence number.
	var groups [][2]int
	next := 0
	for _, sen := range d.Sentences {
		if sen.First < next || sen.End > len(d.Tokens) || sen.First >= sen.End {
			continue
		}
		if sen.First > next {
			groups = append(groups, [2]int{next, sen.First})
		}
		groups = append(groups, [2]int{sen.First, sen.End})
		next = sen.End
	}
	if next < len(d.Tokens) {
		groups = append(groups, [2]int{next, len(d.Tokens)})
	}
	words := make([]string, len(d.Tokens))
	for i, t := range d.Tokens {
		words[i] = t.Span.In(d.Text)
	}
	sents := make([][]string, len(groups))
	for i, g := range groups {
		sents[i] = words[g[0]:g[1]:g[1]]
	}
	ys := m.labelDocument(sents)
	for i, g := range groups {
		for j, y := range ys[i] {
			d.Tokens[g[0]+j].NER = Tags[y]
		}
	}
	return nil
}
