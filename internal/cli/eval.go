package cli

import (
	"context"
	"os"
	"path/filepath"
)

// evaluations lists what `sitrep eval` measures, each on a public
// development set under ../shared/data (see docs/ACCURACY.md).
var evaluations = map[string]string{
	"corpus": "the example corpus against its hand-made reading (corpus/expect.json)",
	"seeds":  "the four seed articles against their hand-made reading (testdata/seeds_expect.json)",
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval")
	verbose := fs.Bool("v", false, "list every miss")
	data := fs.String("data", "", "the shared data `DIR` (default: ../shared/data beside the module)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageErr("name what to evaluate: corpus, seeds, pos, parse, ner, timex, quotes, plover, extract, dates, geo")
	}
	if *data != "" {
		os.Setenv("SITREP_DATA", *data)
	}
	switch rest[0] {
	case "corpus", "seeds":
		return evalReading(ctx, e.stdout, rest[0], rest[1:], *verbose)
	}
	return usageErr("unknown evaluation %q", rest[0])
}

// moduleRoot finds the directory holding sitrep's go.mod, walking up from
// the working directory; it falls back to the working directory.
func moduleRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// sharedDir is the shared folder beside the project (../shared), holding the
// seeds and the data sets.
func sharedDir() string { return filepath.Join(moduleRoot(), "..", "shared") }

// dataDir is where the public data sets are: --data / $SITREP_DATA, else
// ../shared/data.
func dataDir() string {
	if d := os.Getenv("SITREP_DATA"); d != "" {
		return d
	}
	return filepath.Join(sharedDir(), "data")
}
