package store

import (
	"context"

	"sitrep/internal/doc"
)

// StoryAssignStore is implemented by stores that let many writers (ingest,
// any number of workers) assign stories consistently: each document's story
// is decided under one lock of the store, by an assigner that has first been
// given every document stored since it last looked, so decisions are taken
// one at a time in the order documents are committed, whichever process
// takes them.
type StoryAssignStore interface {
	// PutStory stores d as Put does, deciding its story with a inside the
	// store transaction, under the store's story lock: a catches up with
	// the documents stored after a.Last(), then Assign sets d.Story and
	// d.DuplicateOf. A document already stored is left alone (false, nil)
	// and never given to a.
	PutStory(ctx context.Context, d *doc.Document, a StoryAssigner) (bool, error)
	// StoryInputs returns the last n documents given a story with an id
	// above after, oldest first: what an assigner starts from.
	StoryInputs(ctx context.Context, after int64, n int) ([]StoryInput, error)
}

// StoryAssigner decides stories for PutStory. Its methods are called one
// at a time, under the store's story lock.
type StoryAssigner interface {
	// Last is the id of the newest stored document the assigner has seen
	// (0 for none).
	Last() int64
	// CatchUp gives the documents stored after Last, oldest first.
	CatchUp(docs []StoryInput)
	// Assign sets d.Story and d.DuplicateOf, and returns what the store
	// keeps for CatchUp to give back (StoryInput.Input).
	Assign(d *doc.Document) (input string)
	// Stored tells that d, assigned before, was committed with id; Lost
	// that it was not committed. Either may come after the lock is let go,
	// while another document is being assigned.
	Stored(d *doc.Document, id int64)
	Lost(d *doc.Document)
}

// StoryInput is a stored document as an assigner reads it.
type StoryInput struct {
	ID int64
	// Doc has Path, Hash, Title, Text, Published, Outlet, Story and
	// DuplicateOf; and Entities (name, type, key, mentions without
	// offsets) when Input is "".
	Doc *doc.Document
	// Input is what Assign returned for the document, "" for documents
	// stored without PutStory.
	Input string
}
