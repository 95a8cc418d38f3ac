package doc

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// The JSON form of a document is the one CONTRACT.md fixes for
// `sitrep annotate`: entities referred to by id, offsets as start/end, problems
// as strings. Fields beyond the contract are added freely, never renamed.

// JSONDocument is the contract form of a Document.
type JSONDocument struct {
	Path      string         `json:"path"`
	Title     string         `json:"title"`
	Outlet    string         `json:"outlet"`
	Published string         `json:"published"`
	Text      string         `json:"text"`
	Entities  []JSONEntity   `json:"entities"`
	Quotes    []JSONQuote    `json:"quotes"`
	Times     []JSONTime     `json:"times"`
	Events    []JSONEvent    `json:"events"`
	Problems  []string       `json:"problems"`
	URL       string         `json:"url,omitempty"`
	Format    string         `json:"format,omitempty"`
	Hash      string         `json:"hash,omitempty"`
	Sentences [][2]int       `json:"sentences,omitempty"`
	Tokens    []JSONToken    `json:"tokens,omitempty"`
	Extra     map[string]any `json:"-"`

	// Fetched is when the page was fetched (RFC 3339), for pages read from
	// the web or a web archive.
	Fetched string `json:"fetched,omitempty"`
}

// JSONEntity is the contract form of an Entity.
type JSONEntity struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Country  string   `json:"country"`
	Role     string   `json:"role"`
	Mentions [][2]int `json:"mentions"`
	Sector   string   `json:"sector,omitempty"`
	Key      string   `json:"key,omitempty"`
	Kinds    []string `json:"mention_kinds,omitempty"`
	Geo      *JSONGeo `json:"geo,omitempty"`
}

// JSONGeo is the contract form of a Geo.
type JSONGeo struct {
	GeonameID int     `json:"geonameid"`
	Name      string  `json:"name"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Country   string  `json:"country"`
	Admin1    string  `json:"admin1"`
	Feature   string  `json:"feature,omitempty"`
}

func jsonGeo(g *Geo) *JSONGeo {
	if g == nil {
		return nil
	}
	return &JSONGeo{GeonameID: g.GeonameID, Name: g.Name, Lat: g.Lat, Lon: g.Lon, Country: g.Country, Admin1: g.Admin1,
		Feature: g.Feature}
}

func (j *JSONGeo) geo() *Geo {
	if j == nil {
		return nil
	}
	return &Geo{GeonameID: j.GeonameID, Name: j.Name, Lat: j.Lat, Lon: j.Lon, Country: j.Country, Admin1: j.Admin1,
		Feature: j.Feature}
}

// JSONQuote is the contract form of a Quote.
type JSONQuote struct {
	Text        string  `json:"text"`
	Start       int     `json:"start"`
	End         int     `json:"end"`
	Speaker     string  `json:"speaker"`
	SpeakerName string  `json:"speaker_name"`
	Direct      bool    `json:"direct"`
	Cue         string  `json:"cue,omitempty"`
	CueSpan     *[2]int `json:"cue_span,omitempty"`
	Mention     *[2]int `json:"speaker_mention,omitempty"`
}

// JSONTime is the contract form of a Time.
type JSONTime struct {
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Type   string `json:"type"`
	Value  string `json:"value"`
	Mod    string `json:"mod,omitempty"`
	Anchor *int   `json:"anchor,omitempty"`
}

// JSONEvent is the contract form of an Event.
type JSONEvent struct {
	ID        string   `json:"id,omitempty"`
	Type      string   `json:"type"`
	Mode      string   `json:"mode"`
	Contexts  []string `json:"contexts,omitempty"`
	CAMEO     string   `json:"cameo"`
	Goldstein float64  `json:"goldstein"`
	Actor     []string `json:"actor"`
	Recipient []string `json:"recipient"`
	Partners  []string `json:"partners,omitempty"`
	Date      string   `json:"date"`
	Negated   bool     `json:"negated"`
	Modality  string   `json:"modality"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Trigger   string   `json:"trigger,omitempty"`
	TrigSpan  *[2]int  `json:"trigger_span,omitempty"`
	Source    string   `json:"source,omitempty"`
	Linked    string   `json:"linked,omitempty"`
	Time      *int     `json:"time,omitempty"`
	Quote     *int     `json:"quote,omitempty"`
	Place     string   `json:"place"`
	Geo       *JSONGeo `json:"geo,omitempty"`
}

// JSONToken is a token with its tags (written only on request).
type JSONToken struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	UPOS  string `json:"upos,omitempty"`
	XPOS  string `json:"xpos,omitempty"`
	Lemma string `json:"lemma,omitempty"`
	Head  int    `json:"head"`
	Dep   string `json:"dep,omitempty"`
	NER   string `json:"ner,omitempty"`
}

// JSONOptions chooses what ToJSON adds beyond the contract.
type JSONOptions struct {
	// Tokens adds sentences and tokens with their tags.
	Tokens bool
}

// ToJSON converts d to its contract form. Slices are never nil, so they
// encode as [] rather than null.
func (d *Document) ToJSON(o JSONOptions) JSONDocument {
	j := JSONDocument{
		Path: d.Path, Title: d.Title, Outlet: d.Outlet, Published: d.Published, Text: d.Text,
		URL: d.URL, Hash: d.Hash, Fetched: d.Fetched,
		Entities: []JSONEntity{}, Quotes: []JSONQuote{}, Times: []JSONTime{}, Events: []JSONEvent{},
		Problems: []string{},
	}
	if d.Format != FormatUnknown {
		j.Format = d.Format.String()
	}
	entityID := func(i int) string {
		if i < 0 || i >= len(d.Entities) {
			return ""
		}
		return d.Entities[i].ID
	}
	ids := func(ix []int) []string {
		out := []string{}
		for _, i := range ix {
			if id := entityID(i); id != "" {
				out = append(out, id)
			}
		}
		return out
	}
	for _, e := range d.Entities {
		je := JSONEntity{ID: e.ID, Name: e.Name, Type: string(e.Type), Country: e.Country, Role: e.Role,
			Sector: e.Sector, Key: e.Key, Mentions: [][2]int{}, Geo: jsonGeo(e.Geo)}
		for _, m := range e.Mentions {
			je.Mentions = append(je.Mentions, [2]int{m.Start, m.End})
			je.Kinds = append(je.Kinds, m.Kind.String())
		}
		j.Entities = append(j.Entities, je)
	}
	for _, q := range d.Quotes {
		jq := JSONQuote{Text: q.In(d.Text), Start: q.Start, End: q.End, Speaker: entityID(q.Speaker), Direct: q.Direct}
		if q.Speaker >= 0 && q.Speaker < len(d.Entities) {
			jq.SpeakerName = d.Entities[q.Speaker].Name
		}
		if !q.Cue.Empty() {
			jq.Cue = q.Cue.In(d.Text)
			jq.CueSpan = &[2]int{q.Cue.Start, q.Cue.End}
		}
		if !q.SpeakerMention.Empty() {
			jq.Mention = &[2]int{q.SpeakerMention.Start, q.SpeakerMention.End}
		}
		j.Quotes = append(j.Quotes, jq)
	}
	for _, t := range d.Times {
		jt := JSONTime{Text: t.In(d.Text), Start: t.Start, End: t.End, Type: string(t.Type), Value: t.Value, Mod: t.Mod}
		if t.Anchor >= 0 {
			a := t.Anchor
			jt.Anchor = &a
		}
		j.Times = append(j.Times, jt)
	}
	for _, e := range d.Events {
		je := JSONEvent{ID: e.ID, Type: string(e.Type), Mode: e.Mode, Contexts: e.Contexts, CAMEO: e.CAMEO,
			Goldstein: e.Goldstein, Actor: ids(e.Actors), Recipient: ids(e.Recipients), Date: e.Date,
			Negated: e.Negated, Modality: string(e.Modality), Start: e.Start, End: e.End,
			Source: entityID(e.Source), Place: e.Place}
		for i := range d.Entities {
			if e.Place != "" && d.Entities[i].ID == e.Place {
				je.Geo = jsonGeo(d.Entities[i].Geo)
				break
			}
		}
		if len(e.Partners) > 0 {
			je.Partners = ids(e.Partners)
		}
		if !e.Trigger.Empty() {
			je.Trigger = e.Trigger.In(d.Text)
			je.TrigSpan = &[2]int{e.Trigger.Start, e.Trigger.End}
		}
		if e.Linked >= 0 && e.Linked < len(d.Events) {
			je.Linked = d.Events[e.Linked].ID
		}
		if e.Time >= 0 {
			t := e.Time
			je.Time = &t
		}
		if e.Quote >= 0 {
			q := e.Quote
			je.Quote = &q
		}
		j.Events = append(j.Events, je)
	}
	for _, p := range d.Problems {
		j.Problems = append(j.Problems, p.String())
	}
	if o.Tokens {
		for _, s := range d.Sentences {
			// s.End alone is the end of its tokens (Sentence.End shadows
			// Span.End): the byte span is s.Span.
			j.Sentences = append(j.Sentences, [2]int{s.Span.Start, s.Span.End})
		}
		for _, t := range d.Tokens {
			j.Tokens = append(j.Tokens, JSONToken{Start: t.Start, End: t.End, UPOS: t.UPOS, XPOS: t.XPOS,
				Lemma: t.Lemma, Head: t.Head, Dep: t.Dep, NER: t.NER})
		}
	}
	return j
}

// MarshalJSON writes the contract form of d (without tokens).
func (d *Document) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.ToJSON(JSONOptions{}))
}

// FromJSON rebuilds a Document from its contract form. Raw is not restored.
func FromJSON(j JSONDocument) (*Document, error) {
	d := &Document{Path: j.Path, Title: j.Title, Outlet: j.Outlet, Published: j.Published, Text: j.Text,
		URL: j.URL, Hash: j.Hash}
	switch j.Format {
	case "text":
		d.Format = FormatText
	case "html":
		d.Format = FormatHTML
	case "jsonl":
		d.Format = FormatJSONL
	}
	inText := func(s, e int) error {
		if s < 0 || e > len(j.Text) || s > e {
			return fmt.Errorf("span [%d,%d) outside text of %d bytes", s, e, len(j.Text))
		}
		return nil
	}
	index := map[string]int{}
	for i, je := range j.Entities {
		e := Entity{ID: je.ID, Name: je.Name, Type: EntityType(je.Type), Country: je.Country, Role: je.Role,
			Sector: je.Sector, Key: je.Key, Geo: je.Geo.geo()}
		for k, m := range je.Mentions {
			if err := inText(m[0], m[1]); err != nil {
				return nil, fmt.Errorf("entity %s: %w", je.ID, err)
			}
			kind := MentionName
			if k < len(je.Kinds) {
				kind = parseMentionKind(je.Kinds[k])
			}
			e.Mentions = append(e.Mentions, Mention{Span: Span{m[0], m[1]}, Kind: kind})
		}
		index[je.ID] = i
		d.Entities = append(d.Entities, e)
	}
	ref := func(id string) int {
		if i, ok := index[id]; ok && id != "" {
			return i
		}
		return None
	}
	refs := func(ids []string) []int {
		var out []int
		for _, id := range ids {
			if i := ref(id); i != None {
				out = append(out, i)
			}
		}
		return out
	}
	for _, jq := range j.Quotes {
		if err := inText(jq.Start, jq.End); err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		q := Quote{Span: Span{jq.Start, jq.End}, Speaker: ref(jq.Speaker), Direct: jq.Direct}
		if jq.CueSpan != nil {
			q.Cue = Span{jq.CueSpan[0], jq.CueSpan[1]}
		}
		if jq.Mention != nil {
			q.SpeakerMention = Span{jq.Mention[0], jq.Mention[1]}
		}
		d.Quotes = append(d.Quotes, q)
	}
	for _, jt := range j.Times {
		if err := inText(jt.Start, jt.End); err != nil {
			return nil, fmt.Errorf("time: %w", err)
		}
		t := Time{Span: Span{jt.Start, jt.End}, Type: TimeType(jt.Type), Value: jt.Value, Mod: jt.Mod, Anchor: None}
		if jt.Anchor != nil {
			t.Anchor = *jt.Anchor
		}
		d.Times = append(d.Times, t)
	}
	eventIndex := map[string]int{}
	for i, je := range j.Events {
		if je.ID != "" {
			if _, seen := eventIndex[je.ID]; !seen {
				eventIndex[je.ID] = i
			}
		}
	}
	for _, je := range j.Events {
		if err := inText(je.Start, je.End); err != nil {
			return nil, fmt.Errorf("event: %w", err)
		}
		e := Event{ID: je.ID, Type: EventType(je.Type), Mode: je.Mode, Contexts: je.Contexts, CAMEO: je.CAMEO,
			Goldstein: je.Goldstein, Actors: refs(je.Actor), Recipients: refs(je.Recipient),
			Partners: refs(je.Partners), Date: je.Date, Negated: je.Negated, Modality: Modality(je.Modality),
			Span: Span{je.Start, je.End}, Source: ref(je.Source), Time: None, Quote: None, Linked: None}
		if ref(je.Place) != None {
			e.Place = je.Place
		}
		if je.TrigSpan != nil {
			e.Trigger = Span{je.TrigSpan[0], je.TrigSpan[1]}
		}
		if je.Time != nil {
			e.Time = *je.Time
		}
		if je.Quote != nil {
			e.Quote = *je.Quote
		}
		if i, ok := eventIndex[je.Linked]; ok && je.Linked != "" {
			e.Linked = i
		}
		d.Events = append(d.Events, e)
	}
	for _, p := range j.Problems {
		d.Problems = append(d.Problems, parseProblem(p))
	}
	for _, s := range j.Sentences {
		d.Sentences = append(d.Sentences, Sentence{Span: Span{s[0], s[1]}})
	}
	// Each token belongs to the sentence whose bytes hold its start; the
	// sentences' token ranges follow.
	si := 0
	for _, t := range j.Tokens {
		for si < len(d.Sentences) && t.Start >= d.Sentences[si].Span.End {
			si++
		}
		tok := Token{Span: Span{t.Start, t.End}, UPOS: t.UPOS, XPOS: t.XPOS, Lemma: t.Lemma,
			Head: t.Head, Dep: t.Dep, NER: t.NER}
		if si < len(d.Sentences) && t.Start >= d.Sentences[si].Span.Start {
			tok.Sentence = si
			s := &d.Sentences[si]
			if s.End == 0 {
				s.First = len(d.Tokens)
			}
			s.End = len(d.Tokens) + 1
		}
		d.Tokens = append(d.Tokens, tok)
	}
	return d, nil
}

// UnmarshalJSON reads the contract form into d.
func (d *Document) UnmarshalJSON(b []byte) error {
	var j JSONDocument
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	nd, err := FromJSON(j)
	if err != nil {
		return err
	}
	*d = *nd
	return nil
}

func parseMentionKind(s string) MentionKind {
	for k := MentionName; k <= MentionNominalAdj; k++ {
		if k.String() == s {
			return k
		}
	}
	return MentionName
}

func parseProblem(s string) Problem {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ' ' {
			return Problem{Stage: s[:i], Message: s[i+2:]}
		}
	}
	return Problem{Message: s}
}

// EntityID formats the document-local id of the i-th entity (0-based).
func EntityID(i int) string { return "e" + strconv.Itoa(i+1) }

// EventID formats the document-local id of the i-th distinct event (0-based).
func EventID(i int) string { return "v" + strconv.Itoa(i+1) }
