package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"sitrep/internal/pipeline"
	"sitrep/internal/stories"
)

// storyLine is one line of `sitrep stories`, as CONTRACT.md fixes it.
type storyLine struct {
	Path        string `json:"path"`
	Story       string `json:"story"`
	DuplicateOf string `json:"duplicate_of"`
}

// runStories reads documents exactly like annotate, annotates them, and
// assigns each, in input order, to a story with one online clusterer.
func runStories(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stories")
	var o readOptions
	o.register(fs)
	threshold := fs.Float64("threshold", stories.DefaultThreshold, "least cosine similarity for a document to join a story")
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
	if *threshold <= 0 || *threshold > 1 {
		return usageErr("--threshold %v: want a number in (0, 1]", *threshold)
	}
	c, err := stories.New(stories.Options{Threshold: *threshold})
	if err != nil {
		return err
	}
	failed := 0
	in := readDocuments(ctx, e, paths, o, &failed)
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for r := range pipeline.Standard().Run(ctx, in, o.workers) {
		if r.Err != nil {
			return r.Err
		}
		a := c.Add(r.Doc)
		if err := enc.Encode(storyLine{Path: r.Doc.Path, Story: a.Story, DuplicateOf: a.DuplicateOf}); err != nil {
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
