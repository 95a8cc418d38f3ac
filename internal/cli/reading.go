package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"sitrep/corpus"
	"sitrep/internal/doc"
	"sitrep/internal/eval/reading"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
)

// ReadCorpus annotates the example corpus and scores it against its
// hand-made reading. It returns the annotated documents by name.
func ReadCorpus(ctx context.Context) (reading.Result, map[string]*doc.Document, error) {
	want, err := reading.Parse(corpus.Expectations())
	if err != nil {
		return reading.Result{}, nil, err
	}
	docs, err := corpusDocuments()
	if err != nil {
		return reading.Result{}, nil, err
	}
	byName := map[string]*doc.Document{}
	for _, d := range docs {
		byName[filepath.Base(d.Path)] = d
	}
	return scoreReading(ctx, want, byName)
}

// ReadSeeds annotates the seed articles in dir and scores them against the
// hand-made reading in expectPath.
func ReadSeeds(ctx context.Context, dir, expectPath string) (reading.Result, map[string]*doc.Document, error) {
	data, err := os.ReadFile(expectPath)
	if err != nil {
		return reading.Result{}, nil, err
	}
	want, err := reading.Parse(data)
	if err != nil {
		return reading.Result{}, nil, err
	}
	byName := map[string]*doc.Document{}
	for name := range want {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return reading.Result{}, nil, err
		}
		byName[name] = ingest.FromBytes(filepath.Join(dir, name), raw)
	}
	return scoreReading(ctx, want, byName)
}

func scoreReading(ctx context.Context, want map[string]reading.Expectation, docs map[string]*doc.Document) (reading.Result, map[string]*doc.Document, error) {
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	p := pipeline.Standard()
	var total reading.Result
	for _, n := range names {
		d := docs[n]
		x, ok := want[n]
		if !ok {
			return total, nil, fmt.Errorf("%s: no expectations", n)
		}
		if x.Assume != "" {
			d.DefaultPublished = x.Assume
		} else if p := corpus.Published(n); p != "" {
			d.DefaultPublished = p
		}
		if err := p.Process(ctx, d); err != nil {
			return total, nil, err
		}
		total.Add(reading.Score(n, d, x))
	}
	return total, docs, nil
}

func evalReading(ctx context.Context, w io.Writer, what string, args []string, verbose bool) error {
	var r reading.Result
	var err error
	switch what {
	case "corpus":
		r, _, err = ReadCorpus(ctx)
	case "seeds":
		dir := filepath.Join(sharedDir(), "seeds")
		if len(args) > 0 {
			dir = args[0]
		}
		r, _, err = ReadSeeds(ctx, dir, filepath.Join(moduleRoot(), "testdata", "seeds_expect.json"))
	}
	if err != nil {
		return err
	}
	reading.Print(w, r, verbose)
	return nil
}
