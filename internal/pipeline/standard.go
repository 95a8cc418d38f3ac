package pipeline

import (
	"sitrep/internal/actors"
	"sitrep/internal/clean"
	"sitrep/internal/events"
	"sitrep/internal/geo"
	"sitrep/internal/meta"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/quotes"
	"sitrep/internal/segment"
	"sitrep/internal/timex"
)

// Options configures the stages of the standard pipeline, one field per
// stage that takes options. The zero value is sitrep's default
// configuration: each field's zero value is its stage's default.
type Options struct {
	// Clean bounds boilerplate removal and caps the clean text.
	Clean clean.Options
	// Actors chooses the gazetteer and whether NER tags are used.
	Actors actors.Options
	// Events chooses the lexicon and the coding convention for stated
	// intentions (events.Options.PLOVERIntent for the PLOVER gold standard).
	Events events.Options
}

// Standard returns sitrep's full annotation pipeline with the default
// options: StandardWith(Options{}).
func Standard() *Pipeline {
	return StandardWith(Options{})
}

// StandardWith returns sitrep's full annotation pipeline with the stages
// configured by o, in the order each stage needs the layers of the ones
// before it:
//
//	clean -> meta -> segment -> pos -> parse -> ner -> actors -> timex -> quotes -> events -> geo
//
// The trained models load lazily, once, the first time a document needs them.
func StandardWith(o Options) *Pipeline {
	return New(
		clean.New(o.Clean),
		meta.New(),
		segment.New(),
		pos.New(),
		parse.New(),
		ner.New(),
		actors.New(o.Actors),
		timex.New(),
		quotes.New(),
		events.New(o.Events),
		geo.New(),
	)
}
