// Package doc is sitrep's vocabulary: the types every stage of the pipeline
// reads and writes.
//
// A Document owns one immutable clean Text. Every annotation is a Span of
// byte offsets into that Text, and annotations refer to one another by index
// into the Document's slices (Token.Head indexes Tokens, Quote.Speaker indexes
// Entities, and so on), never by copying substrings. The JSON form written by
// `sitrep annotate` (see ../shared/CONTRACT.md) is produced by MarshalJSON in
// json.go from these types.
//
// The package imports only the standard library.
package doc

import "fmt"

// None marks an absent index reference (no speaker, no head, no time).
const None = -1

// Span is a half-open range [Start, End) of byte offsets into Document.Text.
type Span struct {
	Start int
	End   int
}

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span covers no bytes.
func (s Span) Empty() bool { return s.End <= s.Start }

// Contains reports whether o lies entirely inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// In returns the text the span covers, or "" when it lies outside text.
func (s Span) In(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

func (s Span) String() string { return fmt.Sprintf("[%d,%d)", s.Start, s.End) }

// Format is the kind of input a document was read from.
type Format uint8

// Formats. The values are persisted: never reorder, only append.
const (
	FormatUnknown Format = iota
	FormatText           // plain text, possibly scraped from a web page
	FormatHTML           // an HTML page
	FormatJSONL          // one record of a JSON Lines file
)

func (f Format) String() string {
	switch f {
	case FormatText:
		return "text"
	case FormatHTML:
		return "html"
	case FormatJSONL:
		return "jsonl"
	}
	return "unknown"
}

// Document is one news article on its way through the pipeline.
//
// Ingest fills Path, Raw, Format and whatever the input states (URL, Title,
// Published for JSON Lines records). The clean stage sets Text (for --raw
// input Text is Raw itself); after that Text never changes. Later stages add
// their layers: Sentences and Tokens (segment, then the taggers), Entities,
// Times, Quotes, Events. Problems collects what could not be done; it is never
// fatal.
type Document struct {
	// Path names the input: a file path, "-" for standard input, with "#N"
	// appended for the N-th record (1-based) of a JSON Lines file.
	Path string
	// Raw is the input as read, before any cleaning. It may be invalid UTF-8.
	Raw []byte
	// Format is what ingest detected Raw to be.
	Format Format
	// IsRaw is set by --raw: Raw is already clean body text, so cleaning and
	// title detection are skipped and Text is Raw byte for byte.
	IsRaw bool

	// URL is the page's address when the input states one, else "".
	URL string
	// Title is the headline, "" if none.
	Title string
	// Outlet is the publisher or agency the document names as its source
	// ("Xinhua", "China Daily", "TRT World", "RFE/RL"), "" if none.
	Outlet string
	// Published is the publication date, YYYY-MM-DD, "" if unknown. A date
	// stated by the document wins over DefaultPublished.
	Published string
	// PublishedTime is the time of day of publication, "HH:MM", if stated.
	PublishedTime string
	// DefaultPublished is the --published flag: the date to use when the
	// document itself states none. The meta stage copies it to Published.
	DefaultPublished string
	// Fetched is when the page was fetched from the web (RFC 3339, UTC): the
	// WARC-Date of a web archive record, the time `watch` fetched it; ""
	// for other input.
	Fetched string

	// Text is the clean body text, valid UTF-8. Every Span indexes it.
	Text string
	// Hash is the hex SHA-256 of Raw, the document's identity in the store.
	Hash string
	// Story is the id of the story (the real-world happening) the document
	// reports, set by the story clusterer before storing; "" if unassigned.
	Story string
	// DuplicateOf is the Hash of the earlier document this one is a wire
	// copy, re-send or lightly edited version of, "" if none. A duplicate
	// adds to its story's articles and sources, never to event counts.
	DuplicateOf string

	Sentences []Sentence
	Tokens    []Token
	Entities  []Entity
	Times     []Time
	Quotes    []Quote
	Events    []Event
	Problems  []Problem
}

// Sentence is a sentence of Text and the tokens it holds.
type Sentence struct {
	Span
	// First and End delimit the sentence's tokens: Tokens[First:End].
	First, End int
	// Paragraph is the 0-based index of the paragraph the sentence is in
	// (paragraphs are separated by blank lines in Text).
	Paragraph int
}

// Token is one word or punctuation mark. The segment stage sets Span and
// Sentence; the taggers fill the rest.
type Token struct {
	Span
	// Sentence indexes Document.Sentences.
	Sentence int
	// UPOS is the Universal Dependencies part of speech ("NOUN", "VERB").
	UPOS string
	// XPOS is the Penn Treebank tag ("NN", "VBD").
	XPOS string
	// Lemma is the dictionary form, "" if unknown.
	Lemma string
	// Head indexes Document.Tokens: the syntactic head, None for the root.
	Head int
	// Dep is the Universal Dependencies relation to Head ("nsubj", "obj").
	Dep string
	// NER is the entity tag in IOB2 ("B-PER", "I-ORG", "O"), "" if untagged.
	NER string
}

// EntityType is the coarse type of an entity.
type EntityType string

// Entity types, as in CONTRACT.md.
const (
	PER  EntityType = "PER"  // a person
	ORG  EntityType = "ORG"  // an organisation, government body or armed group
	GPE  EntityType = "GPE"  // a geopolitical entity: a state, a city as a polity
	LOC  EntityType = "LOC"  // a place that is not a polity
	MISC EntityType = "MISC" // anything else named
)

// MentionKind says how an entity is referred to at one place.
type MentionKind uint8

// Mention kinds. Persisted: never reorder, only append.
const (
	MentionName       MentionKind = iota // a name: "Sean Spicer", "Spicer", "ISIS"
	MentionPronoun                       // "he", "she", "they"
	MentionNominal                       // a description: "the spokeswoman"
	MentionDemonym                       // an adjective of origin: "Russian"
	MentionMetonym                       // a capital for its government: "Washington"
	MentionAcronym                       // "DoD", "IS"
	MentionNominalAdj                    // reserved
)

func (k MentionKind) String() string {
	switch k {
	case MentionName:
		return "name"
	case MentionPronoun:
		return "pronoun"
	case MentionNominal:
		return "nominal"
	case MentionDemonym:
		return "demonym"
	case MentionMetonym:
		return "metonym"
	case MentionAcronym:
		return "acronym"
	}
	return "other"
}

// Mention is one place where an entity is referred to.
type Mention struct {
	Span
	Kind MentionKind
}

// Entity is one distinct real-world entity of the document.
type Entity struct {
	// ID is unique in the document ("e1", "e2", ...).
	ID string
	// Name is the canonical name: "Islamic State" for IS, ISIS, ISIL, DAESH.
	Name string
	Type EntityType
	// Country is the ISO 3166-1 alpha-3 code of the state the entity is,
	// belongs to or speaks for ("USA" for the Pentagon); "" for non-state
	// bodies (the Islamic State, the UN).
	Country string
	// Role is a person's stated role ("spokesman", "president"), "" if none.
	Role string
	// Sector is the CAMEO/PLOVER sector of the actor: "GOV", "MIL", "REB",
	// "IGO", "CVL", ... ("" if unknown).
	Sector string
	// Key identifies the entity across documents: a gazetteer key such as
	// "USA", "ISIL", "USA.DOD" or a normalised person name. "" if none.
	Key string
	// Mentions lists every place the entity is referred to, in text order.
	Mentions []Mention
	// Geo is the place a GPE or LOC entity names, resolved to GeoNames by
	// the geo stage; nil when unresolved or not a place.
	Geo *Geo
}

// Geo is a place resolved to the GeoNames gazetteer.
type Geo struct {
	// GeonameID is the GeoNames id of the place (170063 for Aleppo).
	GeonameID int
	// Name is the place's GeoNames name ("Aleppo").
	Name string
	// Lat and Lon are its WGS84 coordinates in degrees. For a country or a
	// division they are the median of its cities' coordinates.
	Lat, Lon float64
	// Country is the ISO 3166-1 alpha-3 code of the country it lies in.
	Country string
	// Admin1 is the name of its first-level division ("Aleppo Governorate",
	// "Texas"), "" for a country.
	Admin1 string
	// Feature says what kind of place it is: "country", "admin1", "admin2"
	// or the GeoNames feature code of a populated place ("PPLC", "PPLA",
	// "PPL").
	Feature string
}

// TimeType is the TIMEX3 type of a temporal expression.
type TimeType string

// TIMEX3 types.
const (
	DATE     TimeType = "DATE"
	TIME     TimeType = "TIME"
	DURATION TimeType = "DURATION"
	SET      TimeType = "SET"
)

// Time is one temporal expression.
type Time struct {
	Span
	Type TimeType
	// Value is the TIMEX3 value resolved against the publication date
	// ("2017-01-23", "2016-07", "XXXX-11-23", "P2D", "PRESENT_REF").
	Value string
	// Mod is the TIMEX3 mod ("START", "END", "MID", "APPROX", "MORE_THAN",
	// "LESS_THAN"), "" if none.
	Mod string
	// Anchor indexes Document.Times: the expression this one was resolved
	// against ("a day earlier" after "on Thursday"), None for the
	// publication date or no anchor.
	Anchor int
}

// Quote is one quotation or piece of reported speech.
type Quote struct {
	// Span covers the quoted words, without quotation marks.
	Span
	// Speaker indexes Document.Entities, None when unknown.
	Speaker int
	// SpeakerMention is the span of the mention naming the speaker at this
	// quote ("she", "Pahon"), empty when none.
	SpeakerMention Span
	// Cue is the span of the attribution cue ("said", "according to"),
	// empty when none.
	Cue Span
	// Direct is true for words in quotation marks, false for reported speech.
	Direct bool
}

// EventType is a PLOVER event type.
type EventType string

// PLOVER event types (PLOVER 2021 ontology).
const (
	AGREE     EventType = "AGREE"
	CONSULT   EventType = "CONSULT"
	SUPPORT   EventType = "SUPPORT"
	CONCEDE   EventType = "CONCEDE"
	COOPERATE EventType = "COOPERATE"
	AID       EventType = "AID"
	RETREAT   EventType = "RETREAT"
	REQUEST   EventType = "REQUEST"
	ACCUSE    EventType = "ACCUSE"
	REJECT    EventType = "REJECT"
	THREATEN  EventType = "THREATEN"
	PROTEST   EventType = "PROTEST"
	SANCTION  EventType = "SANCTION"
	MOBILIZE  EventType = "MOBILIZE"
	COERCE    EventType = "COERCE"
	ASSAULT   EventType = "ASSAULT"
)

// EventTypes lists every PLOVER event type, cooperative to conflictual.
var EventTypes = []EventType{AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT,
	REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT}

// Modality says how an event is asserted.
type Modality string

// Modalities. The empty modality is an asserted fact.
const (
	Asserted     Modality = ""
	Future       Modality = "future"
	Hypothetical Modality = "hypothetical"
	Claimed      Modality = "claimed"
)

// Event is one coded event.
type Event struct {
	// ID is shared by every mention of the same event in the document (and,
	// once stored, across documents of one story).
	ID string
	// Type is the PLOVER event type.
	Type EventType
	// Mode is the PLOVER mode ("military", "verbal", ...), "" if none.
	Mode string
	// Contexts are PLOVER contexts ("military", "terrorism", ...).
	Contexts []string
	// CAMEO is the CAMEO code the event corresponds to, "" if none.
	CAMEO string
	// Goldstein is the Goldstein (1992) conflict-cooperation value.
	Goldstein float64
	// Actors and Recipients index Document.Entities.
	Actors     []int
	Recipients []int
	// Partners index Document.Entities: others acting with the actor
	// ("joint strikes with Russia").
	Partners []int
	// Date is when the event happened (YYYY-MM-DD, YYYY-MM or YYYY), "" if
	// unknown.
	Date string
	// Time indexes Document.Times: the expression that dated the event,
	// None when it was dated by the publication date or not at all.
	Time int
	// Negated is true for "is not coordinating".
	Negated bool
	// Modality is "" for an asserted fact, else future, hypothetical, claimed.
	Modality Modality
	// Source indexes Document.Entities: who states the event (the speaker of
	// a claim or statement), None if the narrator.
	Source int
	// Quote indexes Document.Quotes: the quote the event was found in, None
	// if none.
	Quote int
	// Linked indexes Document.Events: for a denial or confirmation, the
	// claim it answers; None if none.
	Linked int
	// Trigger is the span of the predicate ("strikes", "denied").
	Trigger Span
	// Span is the evidence sentence.
	Span
	// Place is the ID (not the index) of the entity where the event
	// happened: the "in / near / at" of its clause, else the place the
	// sentence or the dateline states; "" if unknown. The geo stage sets it.
	Place string
}

// Problem is something that could not be done for a document. It never
// stops the run.
type Problem struct {
	// Stage names where it arose ("ingest", "clean", "timex", ...).
	Stage string
	// Message says what went wrong, lowercase, no period.
	Message string
}

func (p Problem) String() string { return p.Stage + ": " + p.Message }

// AddProblem records a problem of stage with a formatted message.
func (d *Document) AddProblem(stage, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Stage: stage, Message: fmt.Sprintf(format, args...)})
}

// SentenceAt returns the index of the sentence containing byte offset off,
// or None.
func (d *Document) SentenceAt(off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		// Sentence.End is the token range's end; the byte span is s.Span.
		switch s := d.Sentences[m].Span; {
		case off < s.Start:
			hi = m
		case off >= s.End:
			lo = m + 1
		default:
			return m
		}
	}
	return None
}

// TokenAt returns the index of the token containing byte offset off, or None.
func (d *Document) TokenAt(off int) int {
	lo, hi := 0, len(d.Tokens)
	for lo < hi {
		m := (lo + hi) / 2
		switch t := d.Tokens[m]; {
		case off < t.Start:
			hi = m
		case off >= t.End:
			lo = m + 1
		default:
			return m
		}
	}
	return None
}

// SentenceTokens returns the tokens of sentence i.
func (d *Document) SentenceTokens(i int) []Token {
	s := d.Sentences[i]
	return d.Tokens[s.First:s.End]
}

// EntityAt returns the index of the entity with a mention covering span s
// exactly or containing it, or None.
func (d *Document) EntityAt(s Span) int {
	for i, e := range d.Entities {
		for _, m := range e.Mentions {
			if m.Contains(s) {
				return i
			}
		}
	}
	return None
}
