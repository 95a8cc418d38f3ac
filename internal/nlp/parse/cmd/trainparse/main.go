// Command trainparse rebuilds the parser's embedded model from UD English
// EWT, trained on jackknifed tags: each fifth of the training data is tagged
// by the pos stage's tagger trained on the other four fifths
// (parse.TrainDefaultWith), so that the parser learns from tags as noisy as
// those the pipeline gives it:
//
//	go run ./internal/nlp/parse/cmd/trainparse -data ../shared/data -out internal/nlp/parse/model/parse.model.gz
//
// With -gold it trains on the gold tags instead (parse.TrainDefault).
package main

import (
	"flag"
	"fmt"
	"os"

	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder holding ud-english-ewt/")
	out := flag.String("out", "internal/nlp/parse/model/parse.model.gz", "where to write the model")
	gold := flag.Bool("gold", false, "train on gold tags instead of jackknifed ones")
	flag.Parse()
	tt := parse.TagTrainer(posTrainer)
	if *gold {
		tt = nil
	}
	if err := parse.TrainDefaultWith(*data, *out, tt, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "trainparse:", err)
		os.Exit(1)
	}
}

// posTrainer trains the pos stage's tagger on a CoNLL-U file.
func posTrainer(path string) (parse.Tagger, error) {
	m, err := pos.Train(path, "", pos.TrainOptions{})
	if err != nil {
		return nil, err
	}
	return m.Tag, nil
}
