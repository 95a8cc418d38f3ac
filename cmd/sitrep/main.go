// Command sitrep turns news articles into a situation picture: who did what
// to whom, when, where, and who said so. Run `sitrep help` for the commands.
//
// With SITREP_CPUPROFILE=FILE in the environment, the whole run's CPU
// profile is written to FILE (for `go tool pprof`), start-up included.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"sitrep/internal/cli"
)

func main() {
	os.Exit(run())
}

func run() int {
	if path := os.Getenv("SITREP_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sitrep: SITREP_CPUPROFILE:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "sitrep: SITREP_CPUPROFILE:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	return cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
