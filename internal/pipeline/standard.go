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
	// ParseAll parses every sentence. By default only the sentences that
	// can hold an event are parsed (events.NeedsParse: those with an entity
	// mention or in a quote), the only ones whose parse a later stage reads
	// (events, and geo around mentions); `annotate --tokens`, which writes
	// every token's parse, and the event trainer set it.
	ParseAll bool
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
//	clean -> meta -> segment -> pos -> ner -> actors -> timex -> quotes -> parse -> events -> media -> geo
//
// parse runs after actors and quotes so that it can skip the sentences that
// cannot hold an event (Options.ParseAll); no stage before it reads the
// parse.
//
// media (in package actors) keeps news outlets out of the events they
// report unless the text makes them act.
//
// The trained models load lazily, once, the first time a document needs them.
func StandardWith(o Options) *Pipeline {
	return New(
		clean.New(o.Clean),
		meta.New(),
		segment.New(),
		pos.New(),
		ner.New(),
		actors.New(o.Actors),
		timex.New(),
		quotes.New(),
		parse.New(parseOptions(o)),
		events.New(o.Events),
		actors.NewMedia(),
		geo.New(),
	)
}

func parseOptions(o Options) parse.Options {
	if o.ParseAll {
		return parse.Options{}
	}
	return parse.Options{Only: events.NeedsParse}
}
