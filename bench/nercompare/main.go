// Command nercompare runs sitrep's named-entity recogniser and prose's
// (github.com/jdkato/prose/v2) over the same CoNLL-2003 development tokens
// (eng.testa) and prints exact-span F1, overall and per type, and the words
// per second of each:
//
//	cd bench && go run ./nercompare [-data ../../shared/data] [-docs N]
//
// prose tokenises its input itself, so each sentence is given to it as its
// words joined by single spaces, and prose's tokens are mapped back to the
// CoNLL words by character offset: a word takes the label of the first prose
// token that starts inside it. prose's labels map to CoNLL types as PERSON ->
// PER; GPE, GSP, LOCATION, FACILITY -> LOC (CoNLL tags countries, cities,
// regions and facilities such as airports and stadiums LOC); ORGANIZATION ->
// ORG; any other label -> MISC (the program prints the labels prose gave).
// prose has no label for CoNLL's MISC (nationalities, events, titles), so its
// MISC score is near zero by construction. prose's time includes its own tokenising
// and part-of-speech tagging, which its recogniser needs; sitrep's time is
// the recogniser alone on given words. prose's default model is loaded once
// and shared (prose.UsingModel), as prose.NewDocument would otherwise
// reload it for every sentence. Speed is given in words per second of wall
// time and of process CPU time (the latter is the fairer figure on a busy
// machine; the program runs on one goroutine).
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jdkato/prose/v2"

	"sitrep/internal/nlp/conll"
	"sitrep/internal/nlp/ner"
)

func main() {
	data := flag.String("data", "../../shared/data", "the shared data folder")
	limit := flag.Int("docs", 0, "score only the first N documents (0: all)")
	flag.Parse()
	docs, err := readDev(*data)
	if *limit > 0 && *limit < len(docs) {
		docs = docs[:*limit]
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nercompare:", err)
		os.Exit(1)
	}
	m, err := ner.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "nercompare:", err)
		os.Exit(1)
	}
	words := 0
	for _, d := range docs {
		words += d.Tokens()
	}
	fmt.Printf("CoNLL-2003 eng.testa: %d documents, %d words\n\n", len(docs), words)
	fmt.Printf("%-8s %8s %8s %8s %8s %8s %12s %12s\n", "system", "F1", "PER", "ORG", "LOC", "MISC", "words/s", "words/cpu-s")
	for _, sys := range []struct {
		name string
		tag  func(conll.Document) [][]string
	}{
		{"sitrep", func(d conll.Document) [][]string { return m.TagDocument(d.Words()) }},
		{"prose", func(d conll.Document) [][]string { return proseDocument(d) }},
	} {
		start, cpu0 := time.Now(), cpuTime()
		pred := make([][][]string, len(docs))
		for i, d := range docs {
			pred[i] = sys.tag(d)
		}
		elapsed, cpu := time.Since(start), cpuTime()-cpu0
		s := score(docs, pred)
		fmt.Printf("%-8s %8.2f %8.2f %8.2f %8.2f %8.2f %12.0f %12.0f\n", sys.name, s["ALL"], s["PER"], s["ORG"], s["LOC"], s["MISC"],
			float64(words)/elapsed.Seconds(), float64(words)/cpu.Seconds())
	}
	fmt.Printf("\nprose labels (count, mapped to):")
	for _, l := range slices.Sorted(maps.Keys(proseLabels)) {
		fmt.Printf(" %s %d -> %s;", l, proseLabels[l], mapLabel(l))
	}
	fmt.Println()
}

func readDev(data string) ([]conll.Document, error) {
	f, err := os.Open(filepath.Join(data, "conll2003", "eng.testa"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return conll.Read(f)
}

// proseLabels counts the labels prose gave, to show how they were mapped.
var proseLabels = map[string]int{}

// proseModel is prose's default model, loaded once: prose.NewDocument
// would otherwise load it again for every call.
var proseModel = func() *prose.Model {
	d, err := prose.NewDocument("x")
	if err != nil {
		return nil
	}
	return d.Model
}()

// proseDocument tags each sentence of d with prose.
func proseDocument(d conll.Document) [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		out[i] = proseSentence(s.Words)
	}
	return out
}

// proseSentence tags words with prose and maps its labels back to the words
// (see the package comment).
func proseSentence(words []string) []string {
	text := strings.Join(words, " ")
	starts := make([]int, len(words))
	off := 0
	for i, w := range words {
		starts[i] = off
		off += len(w) + 1
	}
	tags := make([]string, len(words))
	for i := range tags {
		tags[i] = "O"
	}
	pd, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(proseModel))
	if err != nil {
		return tags
	}
	set := make([]bool, len(words))
	cur, w := 0, 0
	for _, tok := range pd.Tokens() {
		at := strings.Index(text[cur:], tok.Text)
		if at < 0 {
			continue
		}
		pos := cur + at
		cur = pos + len(tok.Text)
		for w+1 < len(words) && starts[w+1] <= pos {
			w++
		}
		if set[w] {
			continue
		}
		set[w] = true
		tags[w] = mapLabel(tok.Label)
		proseLabels[tok.Label]++
	}
	return conll.ToIOB2(tags)
}

// mapLabel maps a prose IOB label to a CoNLL-2003 one.
func mapLabel(l string) string {
	if l == "" || l == "O" {
		return "O"
	}
	prefix, typ, ok := strings.Cut(l, "-")
	if !ok {
		return "O"
	}
	switch typ {
	case "PERSON":
		typ = "PER"
	case "GPE", "GSP", "LOCATION", "FACILITY":
		typ = "LOC"
	case "ORGANIZATION", "ORG":
		typ = "ORG"
	default:
		typ = "MISC"
	}
	return prefix + "-" + typ
}

// score returns exact-span F1 overall ("ALL") and per type.
func score(docs []conll.Document, pred [][][]string) map[string]float64 {
	type prf struct{ gold, found, correct int }
	c := map[string]*prf{"ALL": {}, "PER": {}, "ORG": {}, "LOC": {}, "MISC": {}}
	for i, d := range docs {
		for j, s := range d.Sentences {
			want := map[conll.Span]bool{}
			for _, sp := range conll.Spans(s.Tags) {
				want[sp] = true
				c["ALL"].gold++
				c[sp.Type].gold++
			}
			for _, sp := range conll.Spans(pred[i][j]) {
				c["ALL"].found++
				if c[sp.Type] == nil {
					continue
				}
				c[sp.Type].found++
				if want[sp] {
					c["ALL"].correct++
					c[sp.Type].correct++
				}
			}
		}
	}
	out := map[string]float64{}
	for k, v := range c {
		if v.found == 0 || v.gold == 0 || v.correct == 0 {
			out[k] = 0
			continue
		}
		p, r := float64(v.correct)/float64(v.found), float64(v.correct)/float64(v.gold)
		out[k] = 100 * 2 * p * r / (p + r)
	}
	return out
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
