package cli

import (
	"context"
	"sync"

	"sitrep/internal/doc"
	"sitrep/internal/store"
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
	return writeLines(ctx, e, paths, o, func(d *doc.Document) any {
		a := c.Add(d)
		return storyLine{Path: d.Path, Story: a.Story, DuplicateOf: a.DuplicateOf}
	})
}

// storyAssigner gives documents their story and near-duplicate original
// before they are stored (ingest, worker, demo). It goes on from the
// store's most recent documents, so a story goes on across runs. Safe for
// concurrent use; documents are assigned in the order assign is called.
type storyAssigner struct {
	mu sync.Mutex
	c  *stories.Clusterer
}

// storyWindowDocs is how many of the store's most recent documents rebuild
// the clusterer's state at start: more than a busy week of a news stream.
const storyWindowDocs = 20000

func newStoryAssigner(ctx context.Context, st store.Store) (*storyAssigner, error) {
	c, err := stories.New(stories.Options{})
	if err != nil {
		return nil, err
	}
	if ss, ok := st.(store.StoryStore); ok {
		docs, err := ss.StoryWindow(ctx, storyWindowDocs)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			c.Restore(d, d.Story)
		}
	}
	return &storyAssigner{c: c}, nil
}

// assign sets d.Story and d.DuplicateOf (the hash of the original).
func (a *storyAssigner) assign(d *doc.Document) {
	a.mu.Lock()
	defer a.mu.Unlock()
	as := a.c.Add(d)
	d.Story, d.DuplicateOf = as.Story, as.DuplicateHash
}
