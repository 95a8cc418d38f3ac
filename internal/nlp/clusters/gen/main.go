// Command gen induces sitrep's word clusters from the unlabelled news text in
// the shared data folder and writes the file package clusters embeds:
//
//	go run ./internal/nlp/clusters/gen [-data ../shared/data] [-out internal/nlp/clusters/clusters.txt.gz]
//
// See clusters.ReadCorpus for the sources and Counter.Induce for the method.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"sitrep/internal/nlp/clusters"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("out", "internal/nlp/clusters/clusters.txt.gz", "where to write the clusters")
	var o clusters.Options
	flag.IntVar(&o.MinCount, "min", 0, "occurrences a word needs (0: default)")
	flag.IntVar(&o.Contexts, "contexts", 0, "context words per position (0: default)")
	flag.IntVar(&o.Depth, "depth", 0, "longest bit string (0: default)")
	flag.Parse()
	start := time.Now()
	c := clusters.NewCounter()
	used, err := clusters.ReadCorpus(*data, func(text string) { c.Add(clusters.Tokenize(text)) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: read %v: %d tokens in %s\n", used, c.Tokens(), time.Since(start).Round(time.Millisecond))
	paths := c.Induce(o)
	fmt.Fprintf(os.Stderr, "gen: %d words clustered in %s\n", len(paths), time.Since(start).Round(time.Millisecond))
	f, err := os.Create(*out)
	if err == nil {
		err = clusters.Write(f, paths)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
