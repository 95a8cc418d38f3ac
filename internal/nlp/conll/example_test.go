package conll_test

import (
	"os"
	"strings"

	"sitrep/internal/nlp/conll"
)

func ExampleTag() {
	in := "-DOCSTART- -X- O O\n\nEU NNP\nrejects VBZ\n"
	// A stand-in tagger: capitalised words are organisations.
	tag := func(words []string) []string {
		out := make([]string, len(words))
		for i, w := range words {
			out[i] = "O"
			if strings.ToUpper(w[:1]) == w[:1] {
				out[i] = "B-ORG"
			}
		}
		return out
	}
	conll.Tag(strings.NewReader(in), os.Stdout, tag)
	// Output:
	// -DOCSTART- -X- O O
	//
	// EU NNP B-ORG
	// rejects VBZ O
}
