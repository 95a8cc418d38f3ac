// Command genimage writes the actors gazetteer's image,
// internal/actors/data/gazetteer.img, from the data files embedded in the
// package (data/*.tsv): run it (`go generate ./internal/actors`) after
// changing any of them. The actors tests fail while the image is stale.
//
// The package embeds the image it rebuilds; an image that does not load
// (a stale format, an empty file) only makes LoadGazetteer fail, so a new
// one can always be generated.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"sitrep/internal/actors"
)

func main() {
	out := "data/gazetteer.img"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	img, err := actors.BuildImage()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genimage:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Clean(out), img, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genimage:", err)
		os.Exit(1)
	}
	fmt.Printf("genimage: wrote %s (%d bytes)\n", out, len(img))
}
