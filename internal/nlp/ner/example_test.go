package ner_test

import (
	"fmt"
	"strings"

	"sitrep/internal/nlp/ner"
)

func ExampleModel_TagDocument() {
	m, err := ner.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := [][]string{
		strings.Fields("Russian President Vladimir Putin met Recep Tayyip Erdogan in Saint Petersburg ."),
		strings.Fields("Putin said the talks were useful ."),
	}
	for i, tags := range m.TagDocument(doc) {
		for j, tag := range tags {
			if tag != "O" {
				fmt.Println(doc[i][j], tag)
			}
		}
	}
	// Output:
	// Russian B-MISC
	// Vladimir B-PER
	// Putin I-PER
	// Recep B-PER
	// Tayyip I-PER
	// Erdogan I-PER
	// Saint B-LOC
	// Petersburg I-LOC
	// Putin B-PER
}
