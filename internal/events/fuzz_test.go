package events_test

import (
	"context"
	"strings"
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
		f.Add(s, true, 3)
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
		// A crude parse (with heads the fuzzer can send outside the
		// sentence) so that the trained model runs too.
		if speaker%2 != 0 {
			for i := range d.Tokens {
				tk := &d.Tokens[i]
				w := tk.In(text)
				r, _ := utf8.DecodeRuneInString(w)
				switch {
				case unicode.IsUpper(r):
					tk.UPOS, tk.XPOS, tk.Dep = "PROPN", "NNP", "nsubj"
				case len(w) > 3 && w[len(w)-2:] == "ed":
					tk.UPOS, tk.XPOS, tk.Dep = "VERB", "VBD", "root"
				default:
					tk.UPOS, tk.XPOS, tk.Dep = "NOUN", "NN", "obj"
				}
				tk.Head = i - 1 - speaker%5
			}
		}
		if len(d.Sentences) > 0 {
			s := d.Sentences[0]
			// The speaker index comes from the fuzzer: the coder must cope
			// with one that is out of range.
			d.Quotes = append(d.Quotes, doc.Quote{Span: s.Span, Speaker: speaker, Direct: true})
		}
		if err := events.New(events.Options{PLOVERIntent: intent, ArgModel: speaker%3 == 0}).Process(context.Background(), d); err != nil {
			if len(d.Sentences) > 0 {
				t.Fatalf("process: %v", err)
			}
			return
		}
		checkInvariants(t, d)
	})
}

// TestBadInput codes an empty sentence, a 10,000-token sentence and a
// sentence with no parse: no event, no panic, no error.
func TestBadInput(t *testing.T) {
	long := strings.Repeat("attack ", 10000) + "."
	for _, tc := range []struct {
		name   string
		text   string
		parsed bool
	}{
		{"empty", "", false},
		{"blank", "   \n ", true},
		{"10,000 tokens", long, true},
		{"10,000 tokens, no parse", long, false},
		{"no parse", "Russia attacked Aleppo.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc.Document{Text: tc.text}
			if err := segment.New().Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			if tc.parsed {
				for i := range d.Tokens {
					d.Tokens[i].UPOS, d.Tokens[i].XPOS, d.Tokens[i].Head, d.Tokens[i].Dep = "VERB", "VB", i-1, "conj"
				}
			}
			if err := events.New().Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			if tc.name != "no parse" && len(d.Events) > 0 {
				t.Errorf("%d events, want none (no entities)", len(d.Events))
			}
			checkInvariants(t, d)
		})
	}
}
