package parse_test

import (
	"fmt"

	"sitrep/internal/nlp/parse"
)

func ExampleModel_Parse() {
	m, err := parse.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	words := []string{"The", "Pentagon", "denied", "the", "claim", "."}
	upos := []string{"DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT"}
	xpos := []string{"DT", "NNP", "VBD", "DT", "NN", "."}
	heads, rels := m.Parse(words, upos, xpos)
	for i, w := range words {
		fmt.Println(i+1, w, heads[i], rels[i])
	}
	// Output:
	// 1 The 2 det
	// 2 Pentagon 3 nsubj
	// 3 denied 0 root
	// 4 the 5 det
	// 5 claim 3 obj
	// 6 . 3 punct
}
