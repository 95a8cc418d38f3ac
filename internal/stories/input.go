package stories

import (
	"encoding/json"
	"strings"

	"sitrep/internal/doc"
)

// Input is what a Clusterer reads of a document. Add reduces a document to
// it before deciding, and a store keeps its entities (EncodeEntities) beside
// the document's text, so that a Clusterer restored from the store
// (RestoreInput) holds exactly the state of the one that added the
// documents: several processes that take turns assigning from one store
// then decide alike.
type Input struct {
	Path, Hash, Title, Text, Published string
	// Entities are the entities that count as story features.
	Entities []EntityInput
	// Dates are the values of its date expressions that name a year, a
	// month or a day ("2008-12-04", "XXXX-08-29", "2008-12", "2008").
	Dates []string
	// Events are the types of its events, once per event mention
	// (negated ones left out).
	Events []string
	// Places are the GeoNames ids of its resolved places, once per place.
	Places []int
}

// EntityInput is what a Clusterer reads of an entity.
type EntityInput struct {
	// Key is the entity's story key: its key, else its lowercased name.
	Key  string         `json:"k"`
	Name string         `json:"n"`
	Type doc.EntityType `json:"t"`
	// Names counts its mentions by name, Mentions all of them (pronouns
	// included).
	Names    int `json:"m"`
	Mentions int `json:"a"`
}

// InputOf reduces d to what a Clusterer reads of it: entities that name
// no particular thing, or are never named, are left out.
func InputOf(d *doc.Document) Input {
	in := Input{Path: d.Path, Hash: d.Hash, Title: d.Title, Text: d.Text, Published: d.Published}
	for _, e := range d.Entities {
		k := entityKey(e)
		if k == "" {
			continue
		}
		names := 0
		for _, m := range e.Mentions {
			if m.Kind != doc.MentionPronoun {
				names++
			}
		}
		if names == 0 {
			continue
		}
		in.Entities = append(in.Entities, EntityInput{Key: k, Name: e.Name, Type: e.Type, Names: names, Mentions: len(e.Mentions)})
		if e.Geo != nil && e.Geo.GeonameID != 0 {
			in.Places = append(in.Places, e.Geo.GeonameID)
		}
	}
	for _, t := range d.Times {
		if t.Type != doc.DATE {
			continue
		}
		if v := dateValue(t.Value); v != "" {
			in.Dates = append(in.Dates, v)
		}
	}
	for _, e := range d.Events {
		if !e.Negated && e.Type != "" {
			in.Events = append(in.Events, string(e.Type))
		}
	}
	return in
}

// dateValue is the part of a TIMEX3 value that names a calendar year,
// month or day ("2008-12-04T10:00" -> "2008-12-04", "XXXX-08-29"), "" for
// a value that names none (durations, "PRESENT_REF", weeks, "XXXX-XX-XX").
func dateValue(v string) string {
	if i := strings.IndexByte(v, 'T'); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return ""
	}
	known := false
	for i, p := range parts {
		switch {
		case p == "XXXX" && i == 0, p == "XX" && i > 0:
		case i == 0 && isDigits(p), i > 0 && len(p) == 2 && isDigits(p):
			known = true
		default:
			return ""
		}
	}
	if !known || len(parts) == 1 && parts[0] == "XXXX" {
		return ""
	}
	return v
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// stored is the form of an Input's annotations a store keeps.
type stored struct {
	Entities []EntityInput `json:"e,omitempty"`
	Dates    []string      `json:"d,omitempty"`
	Events   []string      `json:"v,omitempty"`
	Places   []int         `json:"p,omitempty"`
}

// Encode is the compact form of what a Clusterer reads of in beyond its
// text and metadata (entities, dates, events, places), for a store to keep
// beside the document. Never "".
func Encode(in Input) string {
	b, err := json.Marshal(stored{in.Entities, in.Dates, in.Events, in.Places})
	if err != nil {
		panic(err) // plain strings and ints always marshal
	}
	return string(b)
}

// Decode sets in's entities, dates, events and places from what Encode
// wrote. Entities without a key or a name mention are dropped, as InputOf
// drops them.
func Decode(s string, in *Input) error {
	var st stored
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return err
	}
	in.Entities = st.Entities[:0]
	for _, e := range st.Entities {
		if e.Key != "" && e.Names > 0 {
			in.Entities = append(in.Entities, e)
		}
	}
	in.Dates, in.Events, in.Places = st.Dates, st.Events, st.Places
	return nil
}
