// Command gen writes the parser's model image, model/parse.img, from the
// trained model model/parse.model.gz (run by `go generate` in package parse,
// after `sitrep train parse`).
package main

import (
	"bufio"
	"log"
	"os"

	"sitrep/internal/nlp/parse"
)

func main() {
	log.SetFlags(0)
	f, err := os.Open("model/parse.model.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := parse.Load(bufio.NewReader(f))
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.Create("model/parse.img")
	if err != nil {
		log.Fatal(err)
	}
	if err := m.WriteImage(out); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}
