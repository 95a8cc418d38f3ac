// Command sitrep turns news articles into a situation picture: who did what
// to whom, when, where, and who said so. Run `sitrep help` for the commands.
package main

import (
	"os"

	"sitrep/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
