package store

import "context"

// Explorer is implemented by stores that answer the events explorer: how
// many events match a filter and how they spread over the values of each
// facet, and how many articles were published per day (to normalise a
// time series by coverage).
type Explorer interface {
	// EventFacets counts the events matching f (f.Limit, f.Offset and the
	// order are ignored) and, for each facet named in facets, the events
	// per value, busiest first, at most top values per facet.
	EventFacets(ctx context.Context, f EventFilter, facets []string, top int) (Facets, error)
	// EventDays counts the events matching f per event date (day, month
	// or year precision as stored), with their cooperation and conflict
	// split, and the events without a date.
	EventDays(ctx context.Context, f EventFilter) (days []DayCount, undated int, err error)
	// ArticleDays counts the stored articles (near-duplicate copies left
	// out) per publication date between since and until ("" = open).
	ArticleDays(ctx context.Context, since, until string) ([]DayCount, error)
	// QuoteSpeakers counts the quotes matching f (f.Limit and f.Offset
	// ignored) per speaker, most quoted first, at most top speakers;
	// quotes without a speaker are left out.
	QuoteSpeakers(ctx context.Context, f QuoteFilter, top int) ([]SpeakerCount, error)
	// SeriesDays answers what Series does, per event date as stored (a day,
	// or a month or year for coarser dates) instead of per period, with
	// the number of the matching events that have no date (negated events
	// left out, as in Series); f.Interval is ignored.
	SeriesDays(ctx context.Context, f SeriesFilter) (days []DayCount, undated int, err error)
}

// The facets of EventFacets.
const (
	FacetType      = "type"
	FacetQuad      = "quad"
	FacetModality  = "modality"
	FacetNegated   = "negated"
	FacetActor     = "actor"
	FacetRecipient = "recipient"
	FacetCountry   = "country"
	FacetPlace     = "place"
	FacetStory     = "story"
	FacetYear      = "year"
)

// FacetNames lists every facet in the order the explorer shows them.
var FacetNames = []string{FacetType, FacetQuad, FacetModality, FacetNegated, FacetActor, FacetRecipient,
	FacetCountry, FacetPlace, FacetStory, FacetYear}

// Facets is the answer of EventFacets.
type Facets struct {
	// Total counts the matching events.
	Total int
	// AtLeast says Total is a lower bound: asked for the total alone of
	// a busy actor or dyad, the store stops counting at MaxTotal.
	AtLeast bool
	// Counts holds, per facet name, its values busiest first.
	Counts map[string][]FacetCount
}

// MaxTotal is where a total asked for alone stops counting (Facets.AtLeast).
const MaxTotal = 10000

// FacetCount is one value of a facet and its number of events. Value is
// what the filter of the facet takes; Label is what to show ("" = Value).
type FacetCount struct {
	Value, Label string
	Events       int
}

// DayCount is the number of events (or articles) of one date; Cooperative
// and Conflictual count the events of positive and negative Goldstein
// value, Goldstein sums their values.
type DayCount struct {
	Date                     string
	Count                    int
	Cooperative, Conflictual int
	Goldstein                float64
}

// SpeakerCount is one speaker of the quotes matching a filter.
type SpeakerCount struct {
	Speaker, Country, Role string
	// Quotes counts the speaker's quotes; First and Last are the earliest
	// and latest publication dates among them.
	Quotes      int
	First, Last string
}
