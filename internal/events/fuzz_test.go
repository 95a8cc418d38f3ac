package events_test

import (
	"context"
	"testing"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
	"sitrep/internal/events"
	"sitrep/internal/segment"
)

// FuzzProcess codes arbitrary text whose capitalised words are taken as
// entity mentions and whose numbers as dates: the coder must not panic and
// every event must satisfy the document invariants (spans in bounds,
// indices valid, ids set).
func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"Russia attacked Aleppo on 12 May.",
		"The US is not coordinating air strikes with the Russian military. But the Pentagon denied the claim.",
		"If Russia is interested, \"we would welcome that,\" Trudeau said.",
		"Straw said Sudan must reach an agreement, and would not share intelligence with Iran.",
		"Asked to respond, Earnest said the idea was unacceptable.",
		"Cameron and Rouhani will meet; Iran is ready to work with the United States.",
		"",
		"attack attack attack ... with with by by",
		"\u201cWe\u2019ll meet,\u201d he said.",
	} {
		f.Add(s, false, 0)
	}
	f.Fuzz(func(t *testing.T, text string, intent bool, speaker int) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		d := &doc.Document{Text: text, Published: "2017-01-24"}
		if err := segment.New().Process(context.Background(), d); err != nil {
			return
		}
		// Capitalised words are entities, numbers dates, quoted stretches
		// quotes: enough structure to reach every path of the coder.
		for _, tk := range d.Tokens {
			w := tk.In(text)
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsUpper(r):
				d.Entities = append(d.Entities, doc.Entity{ID: doc.EntityID(len(d.Entities)), Name: w,
					Mentions: []doc.Mention{{Span: tk.Span}}})
			case unicode.IsDigit(r):
				d.Times = append(d.Times, doc.Time{Span: tk.Span, Type: doc.DATE, Value: w, Anchor: doc.None})
			}
		}
		if len(d.Sentences) > 0 {
			s := d.Sentences[0]
			// The speaker index comes from the fuzzer: the coder must cope
			// with one that is out of range.
			d.Quotes = append(d.Quotes, doc.Quote{Span: s.Span, Speaker: speaker, Direct: true})
		}
		if err := events.New(events.Options{PLOVERIntent: intent}).Process(context.Background(), d); err != nil {
			if len(d.Sentences) > 0 {
				t.Fatalf("process: %v", err)
			}
			return
		}
		checkInvariants(t, d)
	})
}
