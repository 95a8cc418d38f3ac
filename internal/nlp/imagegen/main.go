// Command imagegen writes a trained model's image, the tables as they sit in
// memory, which the package embeds and uses in place. Run by `go generate`
// in package pos, parse or ner after `sitrep train pos|parse|ner` (and in
// pos for the word clusters' image after clusters_gen.go):
//
//	go run ../imagegen pos model/pos.bin.gz model/pos.img
package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"

	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
)

// imager is a loaded model that can write its image.
type imager interface{ WriteImage(io.Writer) error }

func load(kind string, r io.Reader) (imager, error) {
	switch kind {
	case "pos":
		return pos.Load(r)
	case "parse":
		return parse.Load(r)
	case "ner":
		return ner.Load(r)
	case "clusters":
		return pos.ReadClusters(r)
	}
	return nil, fmt.Errorf("unknown model kind %q (pos, parse, ner or clusters)", kind)
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 4 {
		log.Fatal("usage: imagegen pos|parse|ner|clusters MODEL.gz OUT.img")
	}
	f, err := os.Open(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := load(os.Args[1], bufio.NewReader(f))
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.Create(os.Args[3])
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
