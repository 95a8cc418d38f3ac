//go:build ignore

// gen.go retrains the embedded model model/pos.bin.gz from UD English EWT:
//
//	cd internal/nlp/pos && go run gen.go && go generate
package main

import (
	"flag"
	"log"
	"os"

	"sitrep/internal/nlp/pos"
)

func main() {
	data := flag.String("data", "../../../../shared/data", "the shared data folder")
	out := flag.String("out", "model/pos.bin.gz", "output file")
	flag.Parse()
	if err := pos.TrainDefault(*data, *out, os.Stderr); err != nil {
		log.Fatal(err)
	}
}
