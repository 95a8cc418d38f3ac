package segment_test

import (
	"fmt"

	"sitrep/internal/segment"
)

func ExampleTokenize() {
	text := `"We'll take it," the U.S.-led coalition said.`
	for _, s := range segment.Tokenize(text) {
		fmt.Printf("%s|", s.In(text))
	}
	fmt.Println()
	// Output:
	// "|We|'ll|take|it|,|"|the|U.S.-led|coalition|said|.|
}

func ExampleSegment() {
	text := "Military\nNews\n\nThe Pentagon on Monday denied the claim. \"It is not true,\" Pahon said."
	sents, toks := segment.Segment(text)
	for _, s := range sents {
		fmt.Printf("paragraph %d, %d tokens: %s\n", s.Paragraph, s.End-s.First, s.In(text))
	}
	fmt.Println(len(toks), "tokens")
	// Output:
	// paragraph 0, 1 tokens: Military
	// paragraph 0, 1 tokens: News
	// paragraph 1, 8 tokens: The Pentagon on Monday denied the claim.
	// paragraph 1, 10 tokens: "It is not true," Pahon said.
	// 20 tokens
}
