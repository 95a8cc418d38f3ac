// Command genimage writes the actors gazetteer's image,
// internal/actors/data/gazetteer.img, from the data files embedded in the
// package (data/*.tsv). Run it after changing any of them; the actors tests
// fail while the image is stale.
//
// Usage, from the module root:
//
//	go run ./internal/actors/genimage [-out internal/actors/data/gazetteer.img]
//
// (`go generate ./internal/actors` runs it too, after ./gen.)
//
// The package embeds the image it rebuilds; an image that does not load
// (a stale format, an empty file) only makes LoadGazetteer fail, so a new
// one can always be generated.
package main

import (
	"flag"
	"fmt"
	"os"

	"sitrep/internal/actors"
)

func main() {
	out := flag.String("out", "internal/actors/data/gazetteer.img", "the image to write")
	flag.Parse()
	img, err := actors.BuildImage()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genimage:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, img, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genimage:", err)
		os.Exit(1)
	}
	fmt.Printf("genimage: wrote %s (%d bytes)\n", *out, len(img))
}
