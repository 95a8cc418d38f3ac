package stories

import (
	"encoding/json"

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
	}
	return in
}

// EncodeEntities is the compact form of in.Entities a store keeps.
func EncodeEntities(in Input) string {
	if len(in.Entities) == 0 {
		return "[]"
	}
	b, err := json.Marshal(in.Entities)
	if err != nil {
		panic(err) // plain strings and ints always marshal
	}
	return string(b)
}

// DecodeEntities reads what EncodeEntities wrote. Entities without a key
// or a name mention are dropped, as InputOf drops them.
func DecodeEntities(s string) ([]EntityInput, error) {
	var es []EntityInput
	if err := json.Unmarshal([]byte(s), &es); err != nil {
		return nil, err
	}
	out := es[:0]
	for _, e := range es {
		if e.Key != "" && e.Names > 0 {
			out = append(out, e)
		}
	}
	return out, nil
}
