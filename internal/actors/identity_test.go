package actors

import (
	"context"
	"strings"
	"testing"

	"sitrep/internal/doc"
)

// keyOf annotates text (without NER tags) and returns the key of the
// entity with a mention starting at the first occurrence of surface.
func keyOf(t *testing.T, s *Stage, text, surface string) (doc.Entity, bool) {
	t.Helper()
	d := &doc.Document{Text: text, Published: "2005-03-01"}
	if err := s.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(text, surface)
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			if m.Start == i {
				return e, true
			}
		}
	}
	return doc.Entity{}, false
}

func TestKeys(t *testing.T) {
	s := New(Options{})
	tests := []struct {
		name, text, surface, key, country string
	}{
		// A capital's key is the city, whether it is the place or its government.
		{"capital as government", "Washington denied the report.", "Washington", "geonames:4140963", "USA"},
		{"capital as place", "He flew to Washington on Monday.", "Washington", "geonames:4140963", "USA"},
		{"state", "Russia denied the report.", "Russia", "RUS", "RUS"},
		// UK parties and outlets from the gazetteer.
		{"party", "The Tories dismissed the plan.", "Tories", "GBR.CON", "GBR"},
		{"outlet", "He told BBC Radio 4 the plan was dead.", "BBC Radio 4", "MED.BBC", "GBR"},
		// A known person named in full.
		{"person", "Vladimir Putin spoke.", "Vladimir Putin", "vladimir putin", "RUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := keyOf(t, s, tt.text, tt.surface)
			if !ok {
				t.Fatalf("%q: no entity", tt.surface)
			}
			if e.Key != tt.key || e.Country != tt.country {
				t.Errorf("%q: key %q country %q, want %q %q", tt.surface, e.Key, e.Country, tt.key, tt.country)
			}
		})
	}
}

// nerDoc builds a document whose words carry the given NER tags (one per
// space-separated word) so that the NER-driven paths run.
func nerDoc(text string, tags []string, published string) *doc.Document {
	d := &doc.Document{Text: text, Published: published}
	start := 0
	for i, w := range strings.Split(text, " ") {
		tag := "O"
		if i < len(tags) {
			tag = tags[i]
		}
		d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: start, End: start + len(w)}, NER: tag})
		start += len(w) + 1
	}
	return d
}

func TestKeysFromNER(t *testing.T) {
	s := New(Options{})
	tests := []struct {
		name, text string
		tags       []string
		published  string
		surface    string
		key        string // "" : no entity at all
	}{
		{"honorific dropped, lone surname marked", "Mr Smithers said no .", []string{"B-PER", "I-PER", "O", "O", "O"},
			"2005-01-01", "Smithers", "per:surname:smithers?"},
		{"surname from the alias table in its period", "Yeltsin said no .", []string{"B-PER", "O", "O", "O"},
			"1996-09-01", "Yeltsin", "boris yeltsin"},
		{"alias table surnames bound to their period", "Howard said no .", []string{"B-PER", "O", "O", "O"},
			"2005-01-01", "Howard", "per:surname:howard?"},
		{"club named after a city", "Real Madrid won .", []string{"B-ORG", "I-ORG", "O", "O"},
			"2005-01-01", "Real Madrid", "org:real madrid c.f."},
		{"generic noun", "Officials said no .", []string{"B-ORG", "O", "O", "O"}, "2005-01-01", "Officials", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := nerDoc(tt.text, tt.tags, tt.published)
			if err := s.Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			i := strings.Index(tt.text, tt.surface)
			got := ""
			for _, e := range d.Entities {
				for _, m := range e.Mentions {
					if m.Start == i {
						got = e.Key
					}
				}
			}
			if got != tt.key {
				t.Errorf("%q: key %q, want %q (entities %+v)", tt.surface, got, tt.key, d.Entities)
			}
		})
	}
}

func TestMedia(t *testing.T) {
	text := "Mr Clarke told BBC Radio 4 he was sure. The BBC apologised to him."
	d := &doc.Document{Text: text}
	bbc := doc.Entity{ID: "e1", Name: "BBC", Type: doc.ORG, Sector: "MED", Key: "MED.BBC", Mentions: []doc.Mention{
		{Span: doc.Span{Start: strings.Index(text, "BBC Radio 4"), End: strings.Index(text, " he")}},
		{Span: doc.Span{Start: strings.Index(text, "BBC apologised"), End: strings.Index(text, " apologised")}},
	}}
	clarke := doc.Entity{ID: "e2", Name: "Clarke", Type: doc.PER, Key: "per:surname:clarke?",
		Mentions: []doc.Mention{{Span: doc.Span{Start: 3, End: 9}}}}
	d.Entities = []doc.Entity{bbc, clarke}
	first := doc.Span{Start: 0, End: strings.Index(text, " The")}
	second := doc.Span{Start: strings.Index(text, "The"), End: len(text)}
	d.Events = []doc.Event{
		{Span: first, Actors: []int{1}, Recipients: []int{0}},
		{Span: second, Actors: []int{0}, Recipients: []int{1}},
	}
	if err := NewMedia().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Events[0].Recipients) != 0 {
		t.Errorf("the BBC told something is a party: %+v", d.Events[0])
	}
	if len(d.Events[1].Actors) != 1 {
		t.Errorf("the BBC that apologised is no party: %+v", d.Events[1])
	}
}
