package doc_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"sitrep/internal/doc"
)

// twoSentences is "Russia agreed. Turkey refused." segmented by hand.
func twoSentences() *doc.Document {
	return &doc.Document{
		Text: "Russia agreed. Turkey refused.",
		Sentences: []doc.Sentence{
			{Span: doc.Span{Start: 0, End: 14}, First: 0, End: 3},
			{Span: doc.Span{Start: 15, End: 30}, First: 3, End: 6},
		},
		Tokens: []doc.Token{
			{Span: doc.Span{Start: 0, End: 6}}, {Span: doc.Span{Start: 7, End: 13}}, {Span: doc.Span{Start: 13, End: 14}},
			{Span: doc.Span{Start: 15, End: 21}, Sentence: 1}, {Span: doc.Span{Start: 22, End: 29}, Sentence: 1},
			{Span: doc.Span{Start: 29, End: 30}, Sentence: 1},
		},
	}
}

func TestSentenceAndTokenAt(t *testing.T) {
	d := twoSentences()
	cases := []struct {
		name            string
		off, sent, tokn int
	}{
		{"first byte", 0, 0, 0},
		{"inside first sentence", 9, 0, 1},
		{"between sentences", 14, doc.None, doc.None},
		{"second sentence", 16, 1, 3},
		{"last byte", 29, 1, 5},
		{"past the end", 30, doc.None, doc.None},
		{"negative", -1, doc.None, doc.None},
	}
	for _, c := range cases {
		if got := d.SentenceAt(c.off); got != c.sent {
			t.Errorf("%s: SentenceAt(%d) = %d, want %d", c.name, c.off, got, c.sent)
		}
		if got := d.TokenAt(c.off); got != c.tokn {
			t.Errorf("%s: TokenAt(%d) = %d, want %d", c.name, c.off, got, c.tokn)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	d := twoSentences()
	d.Path, d.Published = "a.txt", "2016-08-12"
	d.Entities = []doc.Entity{
		{ID: "e1", Name: "Russia", Type: doc.GPE, Country: "RUS", Mentions: []doc.Mention{{Span: doc.Span{Start: 0, End: 6}}}},
		{ID: "e2", Name: "Turkey", Type: doc.GPE, Country: "TUR", Mentions: []doc.Mention{{Span: doc.Span{Start: 15, End: 21}}}},
	}
	d.Events = []doc.Event{
		{ID: "v1", Type: doc.AGREE, Actors: []int{0}, Span: doc.Span{Start: 0, End: 14}, Time: doc.None, Source: doc.None,
			Quote: doc.None, Linked: doc.None},
		{ID: "v2", Type: doc.REJECT, Actors: []int{1}, Recipients: []int{0}, Negated: true, Span: doc.Span{Start: 15, End: 30},
			Time: doc.None, Source: doc.None, Quote: doc.None, Linked: 0},
	}
	d.Problems = []doc.Problem{{Stage: "meta", Message: "no date: using none"}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back doc.Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Text != d.Text || len(back.Entities) != 2 || back.Events[1].Linked != 0 || !back.Events[1].Negated ||
		back.Events[1].Recipients[0] != 0 || back.Problems[0] != d.Problems[0] {
		t.Errorf("round trip lost data:\n%s\n%+v", b, back)
	}
	// Spans outside the text are refused.
	bad := d.ToJSON(doc.JSONOptions{})
	bad.Events[0].End = 999
	if _, err := doc.FromJSON(bad); err == nil {
		t.Error("FromJSON accepted an event span outside the text")
	}
}

// TestTokensRoundTrip checks that the token layer (--tokens) gives each
// sentence its byte span, not its token range, and that reading it back
// restores which tokens each sentence holds.
func TestTokensRoundTrip(t *testing.T) {
	d := twoSentences()
	j := d.ToJSON(doc.JSONOptions{Tokens: true})
	if want := [][2]int{{0, 14}, {15, 30}}; !reflect.DeepEqual(j.Sentences, want) {
		t.Errorf("sentences %v, want byte spans %v", j.Sentences, want)
	}
	back, err := doc.FromJSON(j)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Sentences, d.Sentences) || !reflect.DeepEqual(back.Tokens, d.Tokens) {
		t.Errorf("read back:\n%+v\n%+v\nwant\n%+v\n%+v", back.Sentences, back.Tokens, d.Sentences, d.Tokens)
	}
}

// TestGeoJSONRoundTrip checks that an entity's place and an event's place
// survive the contract form, and that the event carries its place's geo.
func TestGeoJSONRoundTrip(t *testing.T) {
	d := twoSentences()
	d.Entities = []doc.Entity{{ID: "e1", Name: "Turkey", Type: doc.GPE, Country: "TUR",
		Mentions: []doc.Mention{{Span: doc.Span{Start: 15, End: 21}}},
		Geo:      &doc.Geo{GeonameID: 298795, Name: "Turkey", Lat: 39.2, Lon: 32.9, Country: "TUR", Feature: "country"}}}
	d.Events = []doc.Event{{Type: doc.REJECT, Span: doc.Span{Start: 15, End: 30}, Place: "e1", Source: doc.None,
		Time: doc.None, Quote: doc.None, Linked: doc.None}, {Type: doc.AGREE, Span: doc.Span{Start: 0, End: 14},
		Source: doc.None, Time: doc.None, Quote: doc.None, Linked: doc.None}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	_ = json.Unmarshal(b, &j)
	evs := j["events"].([]any)
	if ev := evs[0].(map[string]any); ev["place"] != "e1" || ev["geo"].(map[string]any)["geonameid"] != 298795.0 {
		t.Errorf("event 0: %v", ev)
	}
	if ev := evs[1].(map[string]any); ev["place"] != "" || ev["geo"] != nil {
		t.Errorf("event 1 (no place): %v", ev)
	}
	var back doc.Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if g := back.Entities[0].Geo; g == nil || *g != *d.Entities[0].Geo || back.Events[0].Place != "e1" || back.Events[1].Place != "" {
		t.Errorf("round trip lost the places: %+v %+v", back.Entities[0].Geo, back.Events)
	}
}
