// Command mkidf builds the document-frequency table the story clusterer
// weighs terms with, from BBC News (all 2,225 articles) and the training
// part of Reuters-21578, both under ../shared/data:
//
//	go run ./internal/stories/mkidf -out internal/stories/idf.txt.gz
//
// The output is gzipped text: the number of documents, then "term<TAB>df"
// for every term found in at least -min documents, sorted by term. The
// build is deterministic.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sitrep/internal/eval/stories"
	"sitrep/internal/shared"
	clusterer "sitrep/internal/stories"
)

func main() {
	out := flag.String("out", "idf.txt.gz", "output `FILE`")
	data := flag.String("data", "", "the shared data `DIR` (default ../shared/data)")
	minDF := flag.Int("min", 2, "least document frequency kept")
	flag.Parse()
	if err := run(*data, *out, *minDF); err != nil {
		fmt.Fprintln(os.Stderr, "mkidf:", err)
		os.Exit(1)
	}
}

func run(dir, out string, minDF int) error {
	if dir == "" {
		d, err := shared.DataDir()
		if err != nil {
			return err
		}
		dir = d
	}
	df := map[string]int{}
	docs := 0
	count := func(text string) {
		seen := map[string]bool{}
		clusterer.Terms(text, func(t string) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		})
		docs++
	}
	bbc := filepath.Join(dir, "bbc-news")
	err := filepath.WalkDir(bbc, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		count(string(b))
		return nil
	})
	if err != nil {
		return err
	}
	arts, err := stories.ReadReuters(filepath.Join(dir, "reuters21578", "reut2-train-and-notused.sgm.gz"))
	if err != nil {
		return err
	}
	for _, a := range arts {
		count(a.Title + "\n" + a.Body)
	}
	terms := make([]string, 0, len(df))
	for t, n := range df {
		if n >= minDF && !strings.ContainsAny(t, "\t\n") {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	fmt.Fprintf(zw, "%d\n", docs)
	for _, t := range terms {
		fmt.Fprintf(zw, "%s\t%d\n", t, df[t])
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mkidf: %d documents, %d terms -> %s\n", docs, len(terms), out)
	return nil
}
