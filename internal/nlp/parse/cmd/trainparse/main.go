// Command trainparse rebuilds the parser's embedded model from UD English
// EWT (as parse.TrainDefault, trained on gold tags):
//
//	go run ./internal/nlp/parse/cmd/trainparse -data ../shared/data -out internal/nlp/parse/model/parse.model.gz
//
// With -jackknife the training tags are instead predicted by the pos stage's
// tagger trained on the other four fifths of the data (parse.TrainDefaultWith).
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
	jackknife := flag.Bool("jackknife", false, "train on jackknifed tags instead of gold ones")
	flag.Parse()
	var tt parse.TagTrainer
	if *jackknife {
		tt = posTrainer
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
