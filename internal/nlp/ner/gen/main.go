// Command gen writes the recogniser's model image, model.img, from the
// trained model model.bin.gz (run by `go generate` in package ner, after
// `sitrep train ner`).
package main

import (
	"bufio"
	"log"
	"os"

	"sitrep/internal/nlp/ner"
)

func main() {
	log.SetFlags(0)
	f, err := os.Open("model.bin.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := ner.Load(bufio.NewReader(f))
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.Create("model.img")
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
