// Command gen writes the hostile-input corpus of package hostile into a
// directory and lists its files. By default the corpus is full size (a 50 MB
// text, a 5 MB line, a 100 MB JSON Lines record, a gzip bomb inflating past 1 GiB); -big,
// -long and -record shrink the first three, as the tests do.
//
//	go run ./internal/hostile/gen DIR
//	go run ./internal/hostile/gen -big 8388608 -record 8388608 DIR
//	sitrep annotate DIR > /dev/null
package main

import (
	"flag"
	"fmt"
	"os"

	"sitrep/internal/hostile"
)

func main() {
	var o hostile.Options
	flag.Int64Var(&o.Big, "big", hostile.DefaultBig, "size in `bytes` of the big plain-text file")
	flag.Int64Var(&o.Long, "long", hostile.DefaultLong, "length in `bytes` of the single-line file")
	flag.Int64Var(&o.Record, "record", hostile.DefaultRecord, "size in `bytes` of the big JSON Lines record")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/hostile/gen [-big N] [-long N] [-record N] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	cases, err := hostile.Generate(flag.Arg(0), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, c := range cases {
		fmt.Printf("%-24s %12d  %s (want: %s)\n", c.Name, c.Size, c.What, c.Want)
	}
}
