// Command train trains sitrep's named-entity recogniser and writes the model
// that package ner embeds:
//
//	go run ./internal/nlp/ner/train [-data ../shared/data] [-out internal/nlp/ner/model.bin.gz]
//
// It reads conll2003/eng.train, picks epochs on conll2003/eng.testa, builds
// the gazetteer from geonames/, and prints the development scores.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sitrep/internal/nlp/ner"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("out", "internal/nlp/ner/model.bin.gz", "where to write the model")
	onePass := flag.Bool("onepass", false, "train the first pass only")
	epochs := flag.Int("epochs", 0, "epochs per perceptron (0: default)")
	flag.Parse()
	start := time.Now()
	o := ner.TrainOptions{
		GeoNamesDir: filepath.Join(*data, "geonames"),
		OnePass:     *onePass,
		Epochs:      *epochs,
		Log:         os.Stderr,
	}
	dev := filepath.Join(*data, "conll2003", "eng.testa")
	m, err := ner.Train(filepath.Join(*data, "conll2003", "eng.train"), dev, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := os.Create(*out)
	if err == nil {
		err = m.Save(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "trained in %s\n", time.Since(start).Round(time.Second))
	s, err := ner.Evaluate(m, dev)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(s)
}
