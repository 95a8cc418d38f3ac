package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sitrep/internal/actors"
	"sort"
	"strings"

	"sitrep/internal/eval/extract"
	"sitrep/internal/eval/geo"
	"sitrep/internal/eval/identity"
	"sitrep/internal/eval/plover"
	"sitrep/internal/eval/plv"
	"sitrep/internal/eval/polnear"
	evalstories "sitrep/internal/eval/stories"
	"sitrep/internal/eval/timeml"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

// evaluation is one `sitrep eval` measurement on a public development set.
type evaluation struct {
	what string
	// run measures, reading data under dataDir (../shared/data) unless the
	// command line names a path, and prints its table to w.
	run func(ctx context.Context, w io.Writer, dataDir string, args []string, verbose bool) error
}

func evaluations() map[string]evaluation {
	return map[string]evaluation{
		"corpus": {"the example corpus against its hand-made reading (corpus/expect.json)",
			func(ctx context.Context, w io.Writer, _ string, args []string, v bool) error {
				return evalReading(ctx, w, "corpus", args, v)
			}},
		"seeds": {"the four seed articles against their hand-made reading (testdata/seeds_expect.json)",
			func(ctx context.Context, w io.Writer, _ string, args []string, v bool) error {
				return evalReading(ctx, w, "seeds", args, v)
			}},
		"extract": {"main-text extraction on trafilatura's evaluation pages (snippet P/R/F1)",
			func(_ context.Context, w io.Writer, data string, _ []string, _ bool) error {
				_, err := extract.Extraction(data, w)
				return err
			}},
		"dates": {"publication dates on htmldate's evaluation pages, sitrep beside go-htmldate (accuracy)",
			func(_ context.Context, w io.Writer, data string, _ []string, _ bool) error {
				_, err := extract.DatesCompare(data, w, extract.Options{})
				return err
			}},
		"geo": {"toponyms and places on the report half of GeoWebNews, LGL, TR-News, GeoVirus dev (P/R/F1, acc@161km, median km, country accuracy); args: fit|report|all, no-ner, no-rec",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				_, err := geo.Run(data, geoEvalOptions(args), w)
				return err
			}},
		"stories": {"story clustering on ECB+ dev and train, pooled (B-cubed P/R/F1); Reuters-21578 near-duplicates (-v: a sample of 30)",
			func(ctx context.Context, w io.Writer, data string, _ []string, v bool) error {
				if _, err := evalstories.Evaluate(ctx, data, w); err != nil {
					return err
				}
				sample := 0
				if v {
					sample = 30
				}
				_, err := evalstories.Duplicates(data, w, sample)
				return err
			}},
		"timex": {"TIMEX3 extraction and values on TempEval-3 TimeBank and AQUAINT (TempEval-3 measures)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				dirs := args
				if len(dirs) == 0 {
					dirs = []string{filepath.Join(data, "tempeval3", "TimeBank"), filepath.Join(data, "tempeval3", "AQUAINT")}
				}
				_, err := timeml.Evaluate(dirs, w)
				return err
			}},
		"quotes": {"quotes and speakers on PolNeAR dev (direct-quote P/R/F1, attribution recall, speaker accuracy)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				dir := filepath.Join(data, "polnear", "dev")
				if len(args) > 0 {
					dir = args[0]
				}
				_, err := polnear.Evaluate(dir, w)
				return err
			}},
		"plover": {"event coding on the PLOVER gold records, dev half (type recall, full recall, precision)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				path := filepath.Join(data, "plover-gsr", "PLOVER_GSR_CAMEO.dev.json")
				if len(args) > 0 {
					path = args[0]
				}
				_, err := plover.Evaluate(path, w)
				return err
			}},
		"plv": {"event types and actors on PLOVER PLV dev (type accuracy, actor accuracy, precision)",
			func(_ context.Context, w io.Writer, data string, args []string, v bool) error {
				path := filepath.Join(data, "plover-plv", "dev.tsv")
				if len(args) > 0 {
					path = args[0]
				}
				_, err := plv.Evaluate(path, w, v)
				return err
			}},
		"pos": {"part-of-speech tags and lemmas on UD English EWT dev (UPOS, XPOS, lemma accuracy)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				m, err := pos.Default()
				if err != nil {
					return err
				}
				path := filepath.Join(data, "ud-english-ewt", "en_ewt-ud-dev.conllu")
				if len(args) > 0 {
					path = args[0]
				}
				s, err := pos.Evaluate(m, path)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "%s: %s\n", path, s)
				return nil
			}},
		"parse": {"dependency parses on UD English EWT dev with predicted tags (UAS, LAS)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				tagger, err := pos.Default()
				if err != nil {
					return err
				}
				m, err := parse.Default()
				if err != nil {
					return err
				}
				path := filepath.Join(data, "ud-english-ewt", "en_ewt-ud-dev.conllu")
				if len(args) > 0 {
					path = args[0]
				}
				s, err := parse.Evaluate(m, path, tagger.Tag)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "%s (predicted tags): %s\n", path, s)
				return nil
			}},
		"identity": {"cross-document entity keys on AIDA CoNLL-YAGO testa (B-cubed P/R/F1; args: testa, train, halves: " +
			"alias table from the first half of train, scored on the second)",
			func(ctx context.Context, w io.Writer, data string, args []string, v bool) error {
				if len(args) == 0 {
					args = []string{"testa"}
				}
				var splits []string
				for _, a := range args {
					if a != "halves" {
						splits = append(splits, a)
						continue
					}
					if _, err := identity.RunHalves(ctx, w, data, pipeline.Standard().Process, withAliases); err != nil {
						return err
					}
				}
				if len(splits) == 0 {
					return nil
				}
				_, err := identity.Run(ctx, w, data, splits, pipeline.Standard().Process, v)
				return err
			}},
		"ner": {"named entities on CoNLL-2003 eng.testa (conlleval P/R/F1 per type)",
			func(_ context.Context, w io.Writer, data string, args []string, _ bool) error {
				m, err := ner.Default()
				if err != nil {
					return err
				}
				path := filepath.Join(data, "conll2003", "eng.testa")
				if len(args) > 0 {
					path = args[0]
				}
				s, err := ner.Evaluate(m, path)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "%s:\n%s\n", path, s)
				return nil
			}},
	}
}

func evalUsage() string {
	evs := evaluations()
	names := make([]string, 0, len(evs))
	for n := range evs {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, evs[n].what)
	}
	return b.String()
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval")
	verbose := fs.Bool("v", false, "list every miss (corpus, seeds)")
	data := fs.String("data", "", "the shared data `DIR` (default: ../shared/data beside the module, or $SITREP_DATA)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageErr("name what to evaluate:\n%s", evalUsage())
	}
	ev, ok := evaluations()[rest[0]]
	if !ok {
		return usageErr("unknown evaluation %q; one of:\n%s", rest[0], evalUsage())
	}
	dir := *data
	if dir == "" {
		dir = dataDir()
	}
	return ev.run(ctx, e.stdout, dir, rest[1:], *verbose)
}

// moduleRoot is sitrep's module root, or the working directory outside it.
func moduleRoot() string {
	if root, err := shared.ModuleRoot(); err == nil {
		return root
	}
	return "."
}

// sharedDir is the shared folder beside the project (../shared), holding the
// seeds and the data sets.
func sharedDir() string { return filepath.Join(moduleRoot(), "..", "shared") }

// dataDir is where the public data sets are: $SITREP_DATA, else
// ../shared/data.
func dataDir() string {
	if d, err := shared.DataDir(); err == nil {
		return d
	}
	return filepath.Join(sharedDir(), "data")
}

// withAliases is the standard pipeline with another alias table (eval
// identity halves).
func withAliases(rows [][]string) (identity.Annotate, error) {
	g, err := actors.LoadGazetteerAliases(rows)
	if err != nil {
		return nil, err
	}
	return pipeline.StandardWith(pipeline.Options{Actors: actors.Options{Gazetteer: g}}).Process, nil
}
