// Package store keeps annotated documents and answers questions about them:
// which events happened between which actors, who said what.
//
// Store is the boundary; sqlstore implements it over database/sql for both
// the embedded SQLite database (the default) and PostgreSQL, and storetest is
// the conformance suite every implementation passes. Open chooses by URL.
package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"sitrep/internal/doc"
)

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// Store holds documents and their annotations. Implementations are safe for
// concurrent use.
type Store interface {
	// Put stores d with every annotation, keyed by d.Hash. Storing a hash
	// that is already there changes nothing and reports added == false.
	// d.Hash must be set.
	Put(ctx context.Context, d *doc.Document) (added bool, err error)
	// Has reports whether a document with this content hash is stored.
	Has(ctx context.Context, hash string) (bool, error)
	// DocumentID returns the id of the stored document with this content
	// hash, or ErrNotFound.
	DocumentID(ctx context.Context, hash string) (int64, error)
	// Document returns the stored document with id, or ErrNotFound.
	Document(ctx context.Context, id int64) (*doc.Document, error)
	// Documents lists stored documents, newest publication first.
	Documents(ctx context.Context, f DocumentFilter) ([]DocumentRow, error)
	// Events lists events matching f in date order (undated last).
	Events(ctx context.Context, f EventFilter) ([]EventRow, error)
	// Actors lists actors across documents, one per resolved entity key
	// (see Curator), most mentioned first. Descriptions without a name
	// ("a spokesman") are no actors.
	Actors(ctx context.Context, f ActorFilter) ([]ActorRow, error)
	// Quotes lists quotes matching f in publication order.
	Quotes(ctx context.Context, f QuoteFilter) ([]QuoteRow, error)
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)
	// Search finds documents whose title or text contains every word of
	// f.Query (full-text: SQLite FTS5, PostgreSQL text search), best match
	// first. An empty query finds nothing.
	Search(ctx context.Context, f SearchFilter) ([]SearchHit, error)
	// Series counts the events of an actor (toward a recipient, when one is
	// named) per period, for timelines: how many, and their Goldstein sums.
	Series(ctx context.Context, f SeriesFilter) ([]SeriesPoint, error)
	// Network aggregates the events of a time window into a directed graph
	// of actors: one edge per actor -> recipient pair.
	Network(ctx context.Context, f NetworkFilter) (Network, error)
	// Close releases the store.
	Close() error
}

// DocumentFilter selects documents. The zero value selects all.
type DocumentFilter struct {
	// Query matches title or text (full-text where the store supports it).
	Query  string
	Limit  int
	Offset int
	// After, when set, lists the documents after this one in the
	// listing's order (Offset is then ignored): keyset paging, as cheap
	// on the thousandth page as on the first. Its Key is the document's
	// publication date, Doc its id.
	After *Cursor
}

// Cursor is a position in a listing: the sort key of the last row of a
// page, from which the next page goes on (keyset paging). See the After
// field of each filter for what it holds.
type Cursor struct {
	Key string
	Doc int64
	Idx int
}

// DocumentRow is a document without its annotations.
type DocumentRow struct {
	ID        int64
	Hash      string
	Path      string
	URL       string
	Title     string
	Outlet    string
	Published string
	Events    int
	Quotes    int
	Problems  int
}

// EventFilter selects events. Empty fields match everything.
type EventFilter struct {
	// Actor and Recipient match an actor's country code ("USA"), gazetteer
	// key or canonical name, case-insensitively.
	Actor     string
	Recipient string
	// Type is a PLOVER event type ("COOPERATE").
	Type string
	// Modality is "asserted", "future", "hypothetical" or "claimed".
	Modality string
	// Since and Until bound the event date (YYYY-MM-DD, inclusive); a
	// coarser date (YYYY-MM) counts as its first day.
	Since, Until string
	// Document restricts to one document id (0 = all).
	Document int64
	// Country matches events with an actor or recipient of this country
	// code ("SYR").
	Country string
	// Newest lists the dated events only, latest first, instead of every
	// event in date order.
	Newest bool
	// PlaceCountry matches events that happened in this country
	// ("SYR"): their place's resolved country.
	PlaceCountry string
	// Near matches events whose place lies within Near.Km of a point.
	Near *Near
	// Located keeps only events with a place.
	Located bool
	// Party matches events with an actor or a recipient of this code
	// (matched as Actor): an actor's whole record.
	Party string
	// Negated, when set, keeps only negated (true) or asserted (false)
	// events.
	Negated *bool
	// Quad keeps the events of one CAMEO quad class: 1 verbal and 2
	// material cooperation, 3 verbal and 4 material conflict (0 = all).
	Quad int
	// Place matches the name of the event's place (its GeoNames name when
	// resolved, else the place entity's name).
	Place string
	// Story restricts to the events of the documents of one document
	// story (StoryRow.ID).
	Story string
	// Sort orders the listing instead of date order: SortNewest (as
	// Newest, but undated events last instead of left out), SortConflict
	// (lowest Goldstein first) or SortCooperation (highest first).
	Sort string
	// View chooses how Actor and Recipient match a party: Rolled (the
	// default) as described above, Exact only the party whose ExactCode
	// is the code.
	View   View
	Limit  int
	Offset int
	// After, when set, lists the events after this one in the listing's
	// order (Offset is then ignored; see EventRow.Cursor).
	After *Cursor
}

// Orders of EventFilter.Sort.
const (
	SortNewest      = "newest"
	SortConflict    = "conflict"
	SortCooperation = "cooperation"
)

// Near is a point and a radius in km.
type Near struct {
	Lat, Lon, Km float64
}

// ParseNear reads "LAT,LON,RADIUS" with the radius in km ("50km", "50") or
// metres ("800m"): "36.2,37.16,50km".
func ParseNear(s string) (*Near, error) {
	f := strings.Split(s, ",")
	if len(f) != 3 {
		return nil, fmt.Errorf("near %q: want LAT,LON,RADIUS (36.2,37.16,50km)", s)
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	r := strings.ToLower(strings.TrimSpace(f[2]))
	scale := 1.0
	switch {
	case strings.HasSuffix(r, "km"):
		r = strings.TrimSuffix(r, "km")
	case strings.HasSuffix(r, "m"):
		r, scale = strings.TrimSuffix(r, "m"), 0.001
	}
	km, err3 := strconv.ParseFloat(strings.TrimSpace(r), 64)
	if err1 != nil || err2 != nil || err3 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 ||
		!(km > 0) || km > 20038 {
		return nil, fmt.Errorf("near %q: want LAT,LON,RADIUS with -90<=LAT<=90, -180<=LON<=180, 0<RADIUS<=20038km", s)
	}
	return &Near{Lat: lat, Lon: lon, Km: km * scale}, nil
}

// Place is where a stored event happened: the entity and its resolved
// GeoNames place.
type Place struct {
	// Entity is the place entity's canonical name, Type its type.
	Entity, Type string
	// GeonameID, Name, Country (ISO3), Admin1 and Feature describe the
	// resolved place; GeonameID is 0 when it was not resolved.
	GeonameID int64
	Name      string
	Country   string
	Admin1    string
	Feature   string
	// Lat and Lon are its point when HasPoint.
	Lat, Lon float64
	HasPoint bool
}

// Party is an actor or recipient of a stored event.
type Party struct {
	Name    string
	Country string
	Type    string
	Role    string
	// Sector is the CAMEO/PLOVER sector ("GOV", "MIL", "REB"), "" if unknown.
	Sector string
	// Place is the party's resolved place when it is one (a state, a
	// city), nil otherwise.
	Place *Place
	// Key is the actor's resolved cross-document key (see Curator), ""
	// for a description that is no actor.
	Key string
}

// Label is the short form of a party: its country code when it has one and
// is a state, else its name; a person gets "Name (CODE)".
func (p Party) Label() string {
	switch {
	case p.Country == "":
		return p.Name
	case p.Type == string(doc.GPE):
		return p.Country
	default:
		return p.Name + " (" + p.Country + ")"
	}
}

// EventRow is one stored event with what is needed to read it.
type EventRow struct {
	ID         int64
	DocumentID int64
	EventID    string // document-local event id shared by its mentions
	Type       string
	Mode       string
	CAMEO      string
	Goldstein  float64
	Date       string
	Negated    bool
	Modality   string
	Actors     []Party
	Recipients []Party
	Source     string // who states it, "" for the narrator
	Evidence   string // the evidence sentence
	Trigger    string
	Start, End int
	Title      string
	Outlet     string
	Published  string
	URL        string // the document's URL, "" if none
	Path       string // the document's input path
	// Story identifies the event across mentions and documents: every
	// stored mention of the same event (type, negation, modality, date and
	// parties) has the same Story. 0 for events stored before stories.
	Story int64
	// Mentions, Articles and Sources count the story event's mentions,
	// the documents that report it and their distinct outlets.
	Mentions, Articles, Sources int
	// Place is where it happened, nil if the text does not say.
	Place *Place
	// Index is the event's position among its document's events.
	Index int
}

// Cursor is the position of r in Events' order, for EventFilter.After.
func (r EventRow) Cursor() Cursor { return Cursor{Key: r.Date, Doc: r.DocumentID, Idx: r.Index} }

// ActorFilter selects actors. Empty fields match everything.
type ActorFilter struct {
	// Country matches the ISO alpha-3 code.
	Country string
	// Type matches PER, ORG, GPE, LOC or MISC.
	Type string
	// Name matches a substring of the canonical name, case-insensitively.
	Name   string
	Limit  int
	Offset int
}

// ActorRow is an entity aggregated over documents.
type ActorRow struct {
	Name      string
	Type      string
	Country   string
	Role      string
	Key       string
	Documents int
	Mentions  int
	Events    int
}

// QuoteFilter selects quotes. Empty fields match everything.
type QuoteFilter struct {
	// Speaker matches a substring of the speaker's canonical name.
	Speaker string
	// Country matches the speaker's country code.
	Country string
	// Mentions matches quotes whose text contains this string.
	Mentions string
	// Direct, when set, keeps only direct (true) or reported (false) speech.
	Direct *bool
	// Outermost leaves out a quote that lies inside a longer quote of the
	// same document (a fragment quoted again within the whole), so each
	// quotation is listed once.
	Outermost bool
	Since     string
	Until     string
	Document  int64
	Limit     int
	Offset    int
	// After, when set, lists the quotes after this one in the listing's
	// order (Offset is then ignored; see QuoteRow.Cursor).
	After *Cursor
}

// QuoteRow is one stored quote.
type QuoteRow struct {
	ID         int64
	DocumentID int64
	Text       string
	Speaker    string
	Country    string
	Role       string
	Direct     bool
	Cue        string
	Start, End int
	Title      string
	Published  string
	// Index is the quote's position among its document's quotes.
	Index int
}

// Cursor is the position of r in Quotes' order, for QuoteFilter.After.
func (r QuoteRow) Cursor() Cursor { return Cursor{Key: r.Published, Doc: r.DocumentID, Idx: r.Index} }

// Cursor is the position of r in Documents' order, for
// DocumentFilter.After.
func (r DocumentRow) Cursor() Cursor { return Cursor{Key: r.Published, Doc: r.ID} }

// Stats counts stored records.
type Stats struct {
	Documents int
	Entities  int
	Quotes    int
	Times     int
	Events    int
	Problems  int
}

// SearchFilter selects documents by full text.
type SearchFilter struct {
	// Query is plain words; every word must occur (punctuation and query
	// syntax are ignored).
	Query  string
	Limit  int
	Offset int
}

// SearchHit is a document that matched a search.
type SearchHit struct {
	DocumentRow
	// Snippet is a short excerpt of the text around the matches, with each
	// matched word between the bytes MarkStart and MarkEnd.
	Snippet string
}

// Markers around the matched words of SearchHit.Snippet. They are control
// characters, which clean article text never contains.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// Intervals of a time series.
const (
	Month = "month"
	Week  = "week"
)

// SeriesFilter selects the events of a time series. Negated events ("did
// not strike") are left out: they say what did not happen.
type SeriesFilter struct {
	// Actor is required: a country code, gazetteer key or canonical name,
	// matched as in EventFilter.
	Actor string
	// Recipient, when set, keeps only events from Actor toward it.
	Recipient string
	// Either, when Recipient is empty, counts events in which Actor is the
	// actor or the recipient (an actor's whole record).
	Either bool
	// Interval is Month (the default) or Week (ISO weeks, "2016-W07").
	// Events dated more coarsely than the interval are left out.
	Interval string
	// Since and Until bound the event date (YYYY-MM-DD, inclusive).
	Since, Until string
	// View chooses how Actor and Recipient match a party, as in
	// EventFilter.
	View View
}

// SeriesPoint is one period of a time series. Periods without events are
// not listed.
type SeriesPoint struct {
	// Period is "2016-08" for a month, "2016-W32" for an ISO week.
	Period string
	// Events counts the events of the period; Cooperative and Conflictual
	// count those with a positive and a negative Goldstein value.
	Events, Cooperative, Conflictual int
	// Goldstein is the sum of the Goldstein values; Cooperation and Conflict
	// are the sums over the positive and the negative ones.
	Goldstein, Cooperation, Conflict float64
}

// NetworkFilter selects the events of an actor network.
type NetworkFilter struct {
	// Since and Until bound the event date (YYYY-MM-DD, inclusive); when
	// either is set, undated events are left out.
	Since, Until string
	// Actor, when set, keeps the edges that start or end at this node (a
	// Node ID, case-insensitively).
	Actor string
	// MinEvents drops edges with fewer events.
	MinEvents int
	// Limit keeps the busiest edges (0: all).
	Limit int
	// Exact keeps every actor its own node (ExactCode, the Exact view);
	// by default a party with a country is rolled up to its state
	// (RollUp), the way event filters by a country code count it.
	Exact bool
}

// Network is a directed graph of actors.
type Network struct {
	Nodes []Node
	Edges []Edge
}

// Node is an actor of a network.
type Node struct {
	// ID is the code that selects the actor in filters: its country code
	// for a state, else its canonical name.
	ID      string
	Name    string
	Type    string
	Country string
	// Events counts the edges' events the node takes part in.
	Events int
}

// Edge is the events from one actor to one recipient.
type Edge struct {
	Source, Target string // Node IDs
	Events         int
	// Goldstein is the mean Goldstein value of the events.
	Goldstein float64
}

// Code is the identifier that selects a party in filters: its country
// code for a state (GPE), else its canonical name.
func (p Party) Code() string {
	if p.Type == string(doc.GPE) && p.Country != "" {
		return p.Country
	}
	return p.Name
}

// RollUp is the node a party counts toward in the rolled-up view: its
// state's country code when it has one (Kerry, the State Department and
// the United States all count toward USA), else its canonical name. It is
// the one roll-up of the store: the network's edges, the daily series and
// the event filters by a country code ("--actor USA") all count a party
// this way, so their counts agree.
func RollUp(p Party) string {
	if p.Country != "" {
		return p.Country
	}
	return p.Name
}

// View is how parties are counted: each actor on its own, or rolled up to
// its state. Every answer that counts events by actor (the API, the pages,
// the CLI and the exports) takes a View and says which it used, and counts
// a party with View.Node, so that counts agree in either view.
type View string

// Views.
const (
	// Rolled counts a party toward its state (RollUp): Kerry, the State
	// Department and the United States are all USA. The default.
	Rolled View = "rolled"
	// Exact counts every actor on its own (ExactCode).
	Exact View = "exact"
)

// ParseView reads a view's name: "exact", or "rolled" (also "rolled-up",
// and "" for the default).
func ParseView(s string) (View, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "rolled", "rolled-up":
		return Rolled, nil
	case "exact":
		return Exact, nil
	}
	return Rolled, fmt.Errorf("view %q: want exact or rolled", s)
}

// Node is the node a party counts toward in view v.
func (v View) Node(p Party) string {
	if v == Exact {
		return ExactCode(p)
	}
	return RollUp(p)
}

// String is the view's name; the zero View is Rolled.
func (v View) String() string {
	if v == Exact {
		return string(Exact)
	}
	return string(Rolled)
}

// ExactCode is the node of a party in the exact view: its actor's resolved
// key ("tony blair", "USA.WH", "USA" for the state itself), or Code for a
// party with no key.
func ExactCode(p Party) string {
	if p.Key != "" {
		return p.Key
	}
	return p.Code()
}

// Curator keeps analysts' decisions about actor identity. Keys are the
// cross-document entity keys of `sitrep annotate` (doc.Entity.Key). A
// stored entity keeps the key annotate gave it and has a resolved key: the
// key after curated merges, and after a surname-only key
// ("per:surname:blair?") is attached to the one full name with that
// surname among the documents of the same outlet. Queries by actor match
// the resolved key. Every later Put (a re-ingest, a fresh ingest of new
// articles) applies the decisions.
type Curator interface {
	// Aliases lists the names and documents behind the actor with the
	// resolved key, most mentioned name first; ErrNotFound if none.
	Aliases(ctx context.Context, key string) ([]AliasRow, error)
	// Merge records that other is the same actor as keep and applies it.
	Merge(ctx context.Context, keep, other string) error
	// Split records that other is not the same actor as key (undoing a
	// merge or a surname attachment) and applies it.
	Split(ctx context.Context, key, other string) error
	// Decisions lists the recorded merges and splits, oldest first.
	Decisions(ctx context.Context) ([]Decision, error)
	// Resolve re-resolves every stored entity: surname-only keys stored
	// before the full name they stand for was seen are attached now.
	Resolve(ctx context.Context) error
}

// AliasRow is one name under which an actor is stored: the key annotate
// gave it, the name, and the documents.
type AliasRow struct {
	Key       string // the key annotate gave (before merges)
	Name      string
	Type      string
	Country   string
	Documents int
	Mentions  int
	// DocumentIDs lists up to 20 of the documents, lowest id first.
	DocumentIDs []int64
}

// Decision is one curated merge or split.
type Decision struct {
	Action string // "merge" or "split"
	Key    string // the key kept (merge) or split from (split)
	Other  string
	Made   string // RFC 3339 time
}
