package parse

import "sitrep/internal/nlp/conllu"

// tree is one sentence of a treebank: its words, gold tags and gold tree
// (heads 1-based, 0 for the root, conllu.NoHead when absent).
type tree struct {
	words, upos, xpos []string
	heads             []int
	rels              []string
}

// readTreebank reads the syntactic words of a CoNLL-U file (.gz allowed).
func readTreebank(path string) ([]tree, error) {
	ss, err := readSentences(path)
	if err != nil {
		return nil, err
	}
	trees := make([]tree, 0, len(ss))
	for _, s := range ss {
		var t tree
		for _, w := range s.Words {
			t.words = append(t.words, w.Form)
			t.upos = append(t.upos, w.UPOS)
			t.xpos = append(t.xpos, w.XPOS)
			t.heads = append(t.heads, w.Head)
			t.rels = append(t.rels, w.Deprel)
		}
		trees = append(trees, t)
	}
	return trees, nil
}

// readSentences reads the sentences of a CoNLL-U file that have words.
func readSentences(path string) ([]*conllu.Sentence, error) {
	ss, err := conllu.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := ss[:0]
	for _, s := range ss {
		if len(s.Words) > 0 {
			out = append(out, s)
		}
	}
	return out, nil
}
