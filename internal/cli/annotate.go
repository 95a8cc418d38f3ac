package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
)

// readOptions are the flags shared by every command that reads articles.
type readOptions struct {
	published string
	raw       bool
	workers   int
	// parseAll parses every sentence, not only those the later stages read
	// the parse of (pipeline.Options.ParseAll); set by --tokens.
	parseAll bool
}

func (o *readOptions) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
	IntVar(*int, string, int, string)
}) {
	fs.StringVar(&o.published, "published", "", "publication date `YYYY-MM-DD` to use when a document states none")
	fs.BoolVar(&o.raw, "raw", false, "input is clean body text: skip boilerplate removal and title detection")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "documents processed at once")
}

// readDocuments streams the documents named by paths into a channel. An input
// that cannot be read at all is named on stderr and counted in *failed; the
// stream goes on with the next.
func readDocuments(ctx context.Context, e *env, paths []string, o readOptions, failed *int) <-chan *doc.Document {
	out := make(chan *doc.Document)
	go func() {
		defer close(out)
		src := ingest.Open(paths, ingest.Options{Stdin: e.stdin})
		for {
			d, err := src.Next()
			if err == io.EOF {
				for _, s := range src.Skipped() {
					fmt.Fprintf(e.stderr, "sitrep: web archive records skipped: %s\n", s)
				}
				return
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "sitrep: %v\n", err)
				*failed++
				continue
			}
			if o.published != "" || d.DefaultPublished == "" {
				d.DefaultPublished = o.published // a WARC record's fetch date unless --published
			}
			d.IsRaw = d.IsRaw || o.raw
			select {
			case out <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func runAnnotate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "annotate")
	var o readOptions
	o.register(fs)
	tokens := fs.Bool("tokens", false, "also write sentences and tokens with their tags")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("name at least one PATH (or - for standard input)")
	}
	if err := validDate("published", o.published); err != nil {
		return err
	}
	o.parseAll = *tokens
	return writeLines(ctx, e, paths, o, func(d *doc.Document) any {
		return d.ToJSON(doc.JSONOptions{Tokens: *tokens})
	})
}

// writeLines reads and annotates paths as annotate does and writes line(d)
// as one JSON line per document, in input order, flushed per document so
// that a consumer sees each as soon as it is done (annotate, stories).
func writeLines(ctx context.Context, e *env, paths []string, o readOptions, line func(*doc.Document) any) error {
	failed := 0
	in := readDocuments(ctx, e, paths, o, &failed)
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for r := range pipeline.StandardWith(pipeline.Options{ParseAll: o.parseAll}).Run(ctx, in, o.workers) {
		if r.Err != nil {
			return r.Err
		}
		if err := enc.Encode(line(r.Doc)); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return errPartial
	}
	return nil
}
