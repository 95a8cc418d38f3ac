package cli

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"

	"sitrep/internal/events"
	"sitrep/internal/nlp/conll"
	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/lemma"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
)

// runTag reads CoNLL-2003 columns and writes them back with a predicted IOB2
// entity column (CONTRACT.md).
func runTag(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tag")
	format := fs.String("format", "conll", "input format (only conll)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *format != "conll" {
		return usageErr("--format %q: only conll", *format)
	}
	if len(rest) > 0 {
		return usageErr("tag reads standard input; unexpected argument %q", rest[0])
	}
	m, err := ner.Default()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if err := conll.TagDocuments(e.stdin, w, m.TagDocument); err != nil {
		w.Flush()
		return err
	}
	return w.Flush()
}

// runParse reads CoNLL-U and writes it with predicted UPOS, XPOS, LEMMA,
// HEAD and DEPREL on every word line (CONTRACT.md).
func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "parse")
	format := fs.String("format", "conllu", "input format (only conllu)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *format != "conllu" {
		return usageErr("--format %q: only conllu", *format)
	}
	if len(rest) > 0 {
		return usageErr("parse reads standard input; unexpected argument %q", rest[0])
	}
	tagger, err := pos.Default()
	if err != nil {
		return err
	}
	parser, err := parse.Default()
	if err != nil {
		return err
	}
	sents, err := conllu.Read(e.stdin)
	if err != nil {
		return err
	}
	for _, s := range sents {
		words := make([]string, len(s.Words))
		for i, w := range s.Words {
			words[i] = w.Form
		}
		upos, xpos := tagger.Tag(words)
		heads, rels := parser.Parse(words, upos, xpos)
		for i := range s.Words {
			w := &s.Words[i]
			w.UPOS, w.XPOS = upos[i], xpos[i]
			w.Lemma = lemma.Lemma(w.Form, upos[i], xpos[i])
			w.Head, w.Deprel = heads[i], rels[i]
		}
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if err := conllu.Write(w, sents); err != nil {
		return err
	}
	return w.Flush()
}

// runTrain rebuilds one shipped model from ../shared/data.
func runTrain(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "train")
	data := fs.String("data", "", "the shared data `DIR` (default ../shared/data)")
	out := fs.String("out", "", "write the model to `FILE` (default: the embedded model file in the source tree)")
	epochs := fs.Int("epochs", 0, "events: training passes (default 8)")
	neg := fs.Float64("neg", 0, "events: weight of unlabelled predicates as no-event examples (default 0.3)")
	lexneg := fs.Bool("lexneg", false, "events: also take unlabelled lexicon predicates as no-event examples")
	bag := fs.Int("bag", 8, "events: average `N` perceptrons trained in different orders")
	folds := fs.Int("cv", 0, "events: first report `K`-fold cross-validated figures on PLV train")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("name one model: pos, parse, ner or events")
	}
	dir := *data
	if dir == "" {
		dir = dataDir()
	}
	root := moduleRoot()
	var defaultOut string
	var train func(dataDir, outPath string) error
	switch rest[0] {
	case "pos":
		defaultOut = filepath.Join(root, "internal", "nlp", "pos", "model", "pos.bin.gz")
		train = func(d, o string) error { return pos.TrainDefault(d, o, e.stderr) }
	case "parse":
		defaultOut = filepath.Join(root, "internal", "nlp", "parse", "model", "parse.model.gz")
		// The shipped parser is trained on jackknifed tags from the tagger,
		// the tags it sees in use.
		train = func(d, o string) error {
			tt := func(trainPath string) (parse.Tagger, error) {
				m, err := pos.Train(trainPath, "", pos.TrainOptions{})
				if err != nil {
					return nil, err
				}
				return m.Tag, nil
			}
			return parse.TrainDefaultWith(d, o, tt, e.stderr)
		}
	case "ner":
		defaultOut = filepath.Join(root, "internal", "nlp", "ner", "model.bin.gz")
		train = func(d, o string) error { return ner.TrainDefault(d, o, e.stderr) }
	case "events":
		defaultOut = filepath.Join(root, "internal", "events", "model", "events.bin")
		train = func(d, o string) error {
			return trainEvents(d, o, *folds, events.TrainOptions{Epochs: *epochs, NegWeight: float32(*neg), SkipLexNeg: !*lexneg, Bag: *bag}, e.stderr)
		}
	default:
		return usageErr("unknown model %q: pos, parse, ner or events", rest[0])
	}
	if *out == "" {
		*out = defaultOut
	}
	if err := train(dir, *out); err != nil {
		return fmt.Errorf("train %s: %w", rest[0], err)
	}
	next := "go generate ./internal/nlp/" + rest[0] + " to rebuild the model image the binary embeds, and rebuild the binary"
	if rest[0] == "events" {
		next = "the binary embeds this file as it is: rebuild the binary" // no image step
	}
	fmt.Fprintf(e.stderr, "wrote %s (then %s)\n", *out, next)
	return nil
}
