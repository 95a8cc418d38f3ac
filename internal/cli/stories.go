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
// as they are stored (ingest, worker, demo). With a store that supports it
// (store.StoryAssignStore) it decides under the store's story lock, after
// catching up with the documents other processes stored: any number of
// workers then assign as one clusterer would, in the order documents are
// committed. It starts from the store's most recent documents, so a story
// goes on across runs. Safe for concurrent use.
type storyAssigner struct {
	st store.Store

	mu   sync.Mutex
	c    *stories.Clusterer
	last int64 // the newest stored document c has seen
	// pending holds the hashes of the documents assigned here whose commit
	// is not yet confirmed (Stored): a catch-up that meets them skips them.
	pending map[string]bool
	// stale is set when an assigned document was not stored: c holds a
	// document the store does not, and is rebuilt before the next decision.
	stale bool
}

// storyWindowDocs is how many of the store's most recent documents rebuild
// the clusterer's state at start: more than a busy week of a news stream.
const storyWindowDocs = 20000

var _ store.StoryAssigner = (*storyAssigner)(nil)

func newStoryAssigner(ctx context.Context, st store.Store) (*storyAssigner, error) {
	a := &storyAssigner{st: st, pending: map[string]bool{}}
	c, err := stories.New(stories.Options{})
	if err != nil {
		return nil, err
	}
	a.c = c
	if as, ok := st.(store.StoryAssignStore); ok {
		docs, err := as.StoryInputs(ctx, 0, storyWindowDocs)
		if err != nil {
			return nil, err
		}
		a.CatchUp(docs)
	}
	return a, nil
}

// put stores d with its story.
func (a *storyAssigner) put(ctx context.Context, d *doc.Document) (bool, error) {
	if as, ok := a.st.(store.StoryAssignStore); ok {
		return as.PutStory(ctx, d, a)
	}
	a.Assign(d)
	return a.st.Put(ctx, d)
}

// Last is the newest stored document the clusterer has seen; after a
// document was lost, the clusterer starts again from nothing.
func (a *storyAssigner) Last() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stale {
		if c, err := stories.New(stories.Options{}); err == nil {
			a.c, a.last, a.stale = c, 0, false
			clear(a.pending)
		}
	}
	return a.last
}

// CatchUp restores the documents others stored.
func (a *storyAssigner) CatchUp(docs []store.StoryInput) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, x := range docs {
		a.last = max(a.last, x.ID)
		if a.pending[x.Doc.Hash] {
			delete(a.pending, x.Doc.Hash) // assigned here: c has it
			continue
		}
		in := stories.InputOf(x.Doc)
		if x.Input != "" {
			stories.Decode(x.Input, &in) // unreadable: as stored without
		}
		a.c.RestoreInput(in, x.Doc.Story, x.Doc.DuplicateOf)
	}
}

// Assign sets d.Story and d.DuplicateOf (the hash of the original).
func (a *storyAssigner) Assign(d *doc.Document) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	in := stories.InputOf(d)
	as := a.c.AddInput(in)
	d.Story, d.DuplicateOf = as.Story, as.DuplicateHash
	a.pending[d.Hash] = true
	return stories.Encode(in)
}

// Stored confirms that d was stored.
func (a *storyAssigner) Stored(d *doc.Document, id int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.last = max(a.last, id)
	delete(a.pending, d.Hash)
}

// Lost marks the clusterer stale: d was assigned but not stored.
func (a *storyAssigner) Lost(d *doc.Document) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.pending, d.Hash)
	a.stale = true
}
