package main

import (
	"os"
	"testing"

	"sitrep/internal/nlp/conll"
	"sitrep/internal/nlp/ner"
)

func devDocs(b *testing.B) []conll.Document {
	docs, err := readDev("../../../shared/data")
	if os.IsNotExist(err) {
		b.Skip("shared data absent")
	}
	if err != nil {
		b.Fatal(err)
	}
	return docs[:20]
}

func report(b *testing.B, docs []conll.Document) {
	words := 0
	for _, d := range docs {
		words += d.Tokens()
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkSitrep tags the first 20 documents of eng.testa with sitrep.
func BenchmarkSitrep(b *testing.B) {
	docs := devDocs(b)
	m, err := ner.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			m.TagDocument(d.Words())
		}
	}
	report(b, docs)
}

// BenchmarkProse tags the same documents with prose.
func BenchmarkProse(b *testing.B) {
	docs := devDocs(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			proseDocument(d)
		}
	}
	report(b, docs)
}

func TestMapLabel(t *testing.T) {
	for in, want := range map[string]string{"B-PERSON": "B-PER", "I-GPE": "I-LOC", "B-ORGANIZATION": "B-ORG", "I-FACILITY": "I-LOC", "O": "O", "": "O", "B-NORP": "B-MISC"} {
		if got := mapLabel(in); got != want {
			t.Errorf("mapLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
