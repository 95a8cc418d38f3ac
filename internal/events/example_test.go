package events_test

import (
	"context"
	"fmt"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/events"
	"sitrep/internal/segment"
)

// The coder reads the layers earlier stages leave on a document: here the
// sentences and tokens of the segment stage, and by hand the entities the
// actors stage would find and the time expression of the timex stage.
func Example() {
	text := "The Pentagon on Monday said it would not coordinate air strikes with Russia."
	d := &doc.Document{Text: text, Published: "2017-01-24"}
	ctx := context.Background()
	if err := segment.New().Process(ctx, d); err != nil {
		panic(err)
	}
	mention := func(s string) []doc.Mention {
		i := strings.Index(text, s)
		return []doc.Mention{{Span: doc.Span{Start: i, End: i + len(s)}}}
	}
	d.Entities = []doc.Entity{
		{ID: "e1", Name: "Pentagon", Type: doc.ORG, Country: "USA", Mentions: mention("Pentagon")},
		{ID: "e2", Name: "Russia", Type: doc.GPE, Country: "RUS", Mentions: mention("Russia")},
	}
	i := strings.Index(text, "Monday")
	d.Times = []doc.Time{{Span: doc.Span{Start: i, End: i + len("Monday")}, Type: doc.DATE, Value: "2017-01-23", Anchor: doc.None}}

	if err := events.New().Process(ctx, d); err != nil {
		panic(err)
	}
	for _, e := range d.Events {
		fmt.Printf("%s %s (CAMEO %s, Goldstein %.1f) %s -> %s, %s, %s, trigger %q\n", e.ID, e.Type, e.CAMEO, e.Goldstein,
			d.Entities[e.Actors[0]].Name, d.Entities[e.Recipients[0]].Name, e.Modality, e.Date, e.Trigger.In(text))
	}
	// Output:
	// v1 REJECT (CAMEO 121, Goldstein -4.0) Pentagon -> Russia, future, 2017-01-23, trigger "coordinate"
}
