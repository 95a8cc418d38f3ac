package parse_test

import (
	"sync"

	"sitrep/internal/nlp/pos"
)

var tagger = sync.OnceValues(pos.Default)

// tagWords predicts the tags of words with the pos stage's default model, as
// the pipeline does; nil tags when it cannot load.
func tagWords(words []string) (upos, xpos []string) {
	m, err := tagger()
	if err != nil {
		return nil, nil
	}
	return m.Tag(words)
}
