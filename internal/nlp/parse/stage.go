package parse

import (
	"context"

	"sitrep/internal/doc"
)

// Stage parses the sentences of a document, setting each token's Head and
// Dep from the UPOS and XPOS tags already on the tokens.
type Stage struct {
	model func() (*Model, error)
	o     Options
}

// Options configures the stage. The zero value parses every sentence.
type Options struct {
	// Only, when not nil, chooses the sentences to parse: it is given the
	// document (with the layers of the stages before this one) and returns
	// one flag per sentence. The others keep Head doc.None and an empty
	// Dep. The standard pipeline parses only the sentences whose parse a
	// later stage reads (events.NeedsParse), about an eighth fewer tokens
	// on news text (issue 16).
	Only func(*doc.Document) []bool
}

// New returns a Stage using the default model, loaded on first use. It
// takes at most one Options; with none it uses the zero Options.
func New(o ...Options) *Stage {
	s := &Stage{model: Default}
	if len(o) > 0 {
		s.o = o[0]
	}
	return s
}

// NewWithModel returns a Stage parsing with m.
func NewWithModel(m *Model) *Stage {
	return &Stage{model: func() (*Model, error) { return m, nil }}
}

// Name returns "parse".
func (s *Stage) Name() string { return "parse" }

// Process sets Token.Head (an index into d.Tokens, doc.None for a sentence's
// root) and Token.Dep for the tokens of every sentence. Tokens outside any
// sentence are left alone. It returns an error only when the model cannot be
// loaded or ctx is done.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	m, err := s.model()
	if err != nil {
		return err
	}
	var words, upos, xpos []string
	var only []bool
	if s.o.Only != nil {
		only = s.o.Only(d)
	}
	untagged := false
	for i, sent := range d.Sentences {
		if err := ctx.Err(); err != nil {
			return err
		}
		if sent.First < 0 || sent.End > len(d.Tokens) || sent.First >= sent.End {
			if sent.First != sent.End {
				d.AddProblem(s.Name(), "sentence %d has bad token range [%d,%d)", i, sent.First, sent.End)
			}
			continue
		}
		if only != nil && (i >= len(only) || !only[i]) {
			continue
		}
		toks := d.Tokens[sent.First:sent.End]
		words, upos, xpos = words[:0], upos[:0], xpos[:0]
		for _, t := range toks {
			words = append(words, t.In(d.Text))
			upos = append(upos, t.UPOS)
			xpos = append(xpos, t.XPOS)
			if t.UPOS == "" && t.XPOS == "" {
				untagged = true
			}
		}
		heads, rels := m.Parse(words, upos, xpos)
		for j := range toks {
			t := &toks[j]
			t.Dep = rels[j]
			if heads[j] == 0 {
				t.Head = doc.None
			} else {
				t.Head = sent.First + heads[j] - 1
			}
		}
	}
	if untagged {
		d.AddProblem(s.Name(), "some tokens have no part-of-speech tags; their parse is less accurate")
	}
	return nil
}
