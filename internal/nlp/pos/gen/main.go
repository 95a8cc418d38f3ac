// Command gen writes the tagger's model image, model/pos.img, from the
// trained model model/pos.bin.gz (run by `go generate` in package pos, after
// `sitrep train pos`).
package main

import (
	"bufio"
	"log"
	"os"

	"sitrep/internal/nlp/pos"
)

func main() {
	log.SetFlags(0)
	f, err := os.Open("model/pos.bin.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := pos.Load(bufio.NewReader(f))
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.Create("model/pos.img")
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
