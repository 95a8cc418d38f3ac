package parse_test

import (
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/segment"
	"sitrep/internal/shared"
)

// bbcSentences returns the sentences of the first BBC politics articles,
// tokenised by the segment stage and tagged by tag.
func bbcSentences(b *testing.B, articles int) (words [][]string, tokens int) {
	dir := filepath.Join(dataDir(b), "bbc-news", "politics")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		b.Skipf("no BBC articles in %s", dir)
	}
	for _, f := range files[:min(articles, len(files))] {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sents, toks := segment.Segment(string(text))
		for _, s := range sents {
			var ws []string
			for _, t := range toks[s.First:s.End] {
				ws = append(ws, t.In(string(text)))
			}
			words = append(words, ws)
			tokens += len(ws)
		}
	}
	return words, tokens
}

// BenchmarkParse parses 100 BBC politics articles, segmented by the segment
// stage and tagged by the pos stage as in the pipeline.
func BenchmarkParse(b *testing.B) {
	m := model(b)
	sents, tokens := bbcSentences(b, 100)
	tags := make([][2][]string, len(sents))
	for i, ws := range sents {
		tags[i][0], tags[i][1] = tagWords(ws)
	}
	cpu, mallocs := shared.CPUTime(), shared.Mallocs()
	for b.Loop() {
		for i, ws := range sents {
			m.Parse(ws, tags[i][0], tags[i][1])
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if d := shared.CPUTime() - cpu; d > 0 {
		b.ReportMetric(float64(tokens)*float64(b.N)/d.Seconds(), "tokens/cpu-s")
	}
	b.ReportMetric(float64(shared.Mallocs()-mallocs)/(float64(tokens)*float64(b.N)), "allocs/token")
}
