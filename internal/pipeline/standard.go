package pipeline

import (
	"sitrep/internal/actors"
	"sitrep/internal/clean"
	"sitrep/internal/events"
	"sitrep/internal/meta"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/quotes"
	"sitrep/internal/segment"
	"sitrep/internal/timex"
)

// Standard returns sitrep's full annotation pipeline, in the order each stage
// needs the layers of the ones before it:
//
//	clean -> meta -> segment -> pos -> parse -> ner -> actors -> timex -> quotes -> events
//
// The trained models load lazily, once, the first time a document needs them.
func Standard() *Pipeline {
	return New(
		clean.New(clean.Options{}),
		meta.New(),
		segment.New(),
		pos.New(),
		parse.New(),
		ner.New(),
		actors.New(actors.Options{}),
		timex.New(),
		quotes.New(),
		events.New(),
	)
}
