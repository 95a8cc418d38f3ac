package pos

import (
	"context"
	"fmt"

	"sitrep/internal/doc"
	"sitrep/internal/nlp/lemma"
)

// Stage tags the tokens of a document with UPOS, XPOS and Lemma.
type Stage struct {
	model func() (*Model, error)
}

// New returns the stage with the embedded model (see Default).
func New() *Stage { return &Stage{model: Default} }

// WithModel returns the stage with model m.
func WithModel(m *Model) *Stage {
	return &Stage{model: func() (*Model, error) { return m, nil }}
}

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "pos" }

// Process tags each sentence's tokens. It fails only when the model cannot
// be loaded; a sentence whose token range is broken becomes a problem.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	m, err := s.model()
	if err != nil {
		return fmt.Errorf("pos model: %w", err)
	}
	var words []string
	for si, sent := range d.Sentences {
		if si%64 == 63 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if sent.First < 0 || sent.End > len(d.Tokens) || sent.First > sent.End {
			d.AddProblem("pos", "sentence %d: token range [%d,%d) out of bounds", si, sent.First, sent.End)
			continue
		}
		toks := d.Tokens[sent.First:sent.End]
		words = words[:0]
		for _, t := range toks {
			words = append(words, t.In(d.Text))
		}
		upos, xpos := m.Tag(words)
		for k := range toks {
			toks[k].UPOS, toks[k].XPOS = upos[k], xpos[k]
			toks[k].Lemma = lemma.Lemma(words[k], upos[k], xpos[k])
		}
	}
	return nil
}
