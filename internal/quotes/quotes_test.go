package quotes_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sitrep/internal/shared"

	"sitrep/internal/actors"
	"sitrep/internal/doc"
	"sitrep/internal/quotes"
	"sitrep/internal/segment"
)

// seedsDir returns ../shared/seeds relative to the module root, skipping the
// test when it is absent.
func seedsDir(t testing.TB) string {
	t.Helper()
	return shared.RequireSeeds(t)
}

// actorsStage is built once: loading the gazetteer takes a while.
var actorsStage = sync.OnceValue(func() *actors.Stage { return actors.New(actors.Options{}) })

// annotate runs the stages before quotes, then quotes, over text.
func annotate(t testing.TB, text string) *doc.Document {
	t.Helper()
	d := &doc.Document{Text: text}
	ctx := context.Background()
	for _, s := range []interface {
		Process(context.Context, *doc.Document) error
	}{segment.New(), actorsStage(), quotes.New()} {
		if err := s.Process(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func seed(t testing.TB, prefix string) *doc.Document {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedsDir(t), prefix+"_*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("seed %s: %v %v", prefix, files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return annotate(t, string(b))
}

// want is one quote a seed must hold: a quote whose text contains Text,
// spoken by an entity whose name contains Speaker.
type want struct {
	Text    string
	Speaker string
	Direct  bool
}

func TestSeeds(t *testing.T) {
	tests := []struct {
		seed  string
		wants []want
		// none lists texts no quote may start with.
		none []string
	}{
		{"000", []want{
			{"I think if there's a way that we can combat ISIS", "Sean Spicer", true},
			{"sure we'll take it", "Sean Spicer", true},
			{"The Department of Defense (DoD) is not coordinating", "Eric Pahon", true},
			{"DoD maintains a channel of communication", "Pahon", true},
			{"the newly inaugurated U.S. President Donald Trump is open to", "White House", false},
		}, []string{"Related news", "Trump open to conducting"}},
		{"001", []want{
			{"We remain in close contact", "Elizabeth Trudeau", true},
			{"is a priority for all of us", "Trudeau", true},
			{"If this is truly a step in that direction, we would welcome that.", "Trudeau", true},
			{"We've been very clear that if Russia is interested in fighting against (DAESH)", "Trudeau", true},
			{"we would welcome that.", "Trudeau", true},
			{"violation", "Trudeau", true},
			{"very concerned about the increasing number", "Trudeau", true},
			{"welcome", "United States", true},
		}, nil},
		{"002", []want{
			{"entirely separate", "Earnest", true},
			{"the idea was unacceptable", "Josh Earnest", false},
			{"the US would not coordinate the coalition's military activities", "Earnest", false},
		}, nil},
		{"003", []want{
			{"We need to do more as a coalition", "McGurk", true},
			{"increase pressure", "McGurk", true},
			{"We believe that there is more", "Josh Earnest", true},
			{"If certain entities perceive", "Kerry", true},
			{"So it has to be done", "Kerry", true},
			{"pulling more than our weight", "Earnest", true},
			{"continue the conversation", "Earnest", true},
			{"complicate", "Kerry", true},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.seed, func(t *testing.T) {
			d := seed(t, tc.seed)
			for _, w := range tc.wants {
				found := false
				for _, q := range d.Quotes {
					if q.Direct != w.Direct || !strings.Contains(q.In(d.Text), w.Text) {
						continue
					}
					if w.Direct && strings.TrimSpace(q.In(d.Text)) != strings.TrimSpace(q.In(d.Text)) {
						continue
					}
					found = true
					name := ""
					if q.Speaker >= 0 {
						name = d.Entities[q.Speaker].Name
					}
					if !strings.Contains(name, w.Speaker) {
						t.Errorf("quote %q: speaker %q, want %q", w.Text, name, w.Speaker)
					}
					break
				}
				if !found {
					t.Errorf("no quote (direct=%v) containing %q", w.Direct, w.Text)
				}
			}
			for _, n := range tc.none {
				for _, q := range d.Quotes {
					if strings.HasPrefix(q.In(d.Text), n) {
						t.Errorf("unwanted quote %q", q.In(d.Text))
					}
				}
			}
			checkQuotes(t, d)
		})
	}
}

// TestDirectSpans checks that a direct quote holds no quotation marks at
// its ends: the span is the words alone.
func TestDirectSpans(t *testing.T) {
	d := seed(t, "001")
	for _, q := range d.Quotes {
		if !q.Direct {
			continue
		}
		s := q.In(d.Text)
		if strings.ContainsAny(s[:1], "\"“'‘") || strings.ContainsAny(s[len(s)-1:], "\"”'’") {
			t.Errorf("direct quote %q keeps its marks", s)
		}
	}
}

// TestPronounMention checks that "she" resolved to Trudeau became a
// pronoun mention of her entity, in text order.
func TestPronounMention(t *testing.T) {
	d := seed(t, "001")
	off := strings.Index(d.Text, "she said")
	for _, q := range d.Quotes {
		if q.SpeakerMention.Start != off {
			continue
		}
		e := d.Entities[q.Speaker]
		ok := false
		for _, m := range e.Mentions {
			if m.Start == off && m.Kind == doc.MentionPronoun {
				ok = true
			}
		}
		if !ok {
			t.Errorf("entity %s has no pronoun mention at %d: %v", e.Name, off, e.Mentions)
		}
		return
	}
	t.Errorf("no quote with speaker mention \"she\" at %d", off)
}

// checkQuotes asserts the stage's invariants: spans in bounds, quotes in
// order, either disjoint or nested, speakers and mentions valid.
func checkQuotes(t testing.TB, d *doc.Document) {
	t.Helper()
	for i, q := range d.Quotes {
		if q.Start < 0 || q.End > len(d.Text) || q.Empty() {
			t.Fatalf("quote %d: span %v outside text of %d bytes", i, q.Span, len(d.Text))
		}
		if q.Speaker != doc.None && (q.Speaker < 0 || q.Speaker >= len(d.Entities)) {
			t.Fatalf("quote %d: speaker %d out of range", i, q.Speaker)
		}
		for _, s := range []doc.Span{q.Cue, q.SpeakerMention} {
			if s.Start < 0 || s.End > len(d.Text) || s.Start > s.End {
				t.Fatalf("quote %d: span %v outside text", i, s)
			}
		}
		if i == 0 {
			continue
		}
		p := d.Quotes[i-1]
		if p.Start > q.Start || p.Start == q.Start && p.End < q.End {
			t.Fatalf("quotes %d and %d out of order: %v %v", i-1, i, p.Span, q.Span)
		}
		for _, o := range d.Quotes[:i] {
			if o.Overlaps(q.Span) && !o.Contains(q.Span) {
				t.Fatalf("quotes %v and %v overlap without nesting", o.Span, q.Span)
			}
		}
	}
	for _, e := range d.Entities {
		for k := 1; k < len(e.Mentions); k++ {
			if e.Mentions[k].Start < e.Mentions[k-1].Start {
				t.Fatalf("entity %s: mentions out of order", e.Name)
			}
		}
	}
}

func TestCases(t *testing.T) {
	tests := []struct {
		name, text string
		wants      []want
	}{
		// Quotation mark styles.
		{"curly", `“We will act,” the minister said.`, []want{{"We will act", "", true}}},
		{"straight", `"We will act," Smith said.`, []want{{"We will act", "Smith", true}}},
		{"guillemets", `« We will act now », Smith said. He said «we will act» again.`, []want{{"We will act now", "Smith", true}, {"we will act", "Smith", true}}},
		{"low-high", `Merkel said: „Wir schaffen das“.`, []want{{"Wir schaffen das", "Merkel", true}}},
		{"single", `Jones called it a 'welcome' step, and Smith's dog didn't bark.`, []want{{"welcome", "", true}}},
		// Attributions.
		{"inverted", `"It is over," said John Smith, a spokesman.`, []want{{"It is over", "John Smith", true}}},
		{"interrupted", `"If we go," Mary Jones said, "we go together."`, []want{{"If we go", "Mary Jones", true}, {"we go together.", "Mary Jones", true}}},
		{"reported that", `John Smith said on Monday that the talks had failed.`, []want{{"the talks had failed", "John Smith", false}}},
		{"according to", `The talks failed, according to John Smith.`, []want{{"The talks failed", "John Smith", false}}},
		{"according to first", `According to John Smith, the talks failed.`, []want{{"the talks failed", "John Smith", false}}},
		{"told", `John Smith told reporters that the talks had failed.`, []want{{"the talks had failed", "John Smith", false}}},
		{"denied", `Mary Jones denied that she had met the envoy.`, []want{{"she had met the envoy", "Mary Jones", false}}},
		{"pronoun", `Mary Jones spoke first. "It is over," she said.`, []want{{"It is over", "Mary Jones", true}}},
		{"running speaker", "\"It is over,\" said Mary Jones.\n\n\"We go home now.\"", []want{{"We go home now.", "Mary Jones", true}}},
		{"multi-paragraph", "Mary Jones spoke. \"We go home,\" she said. \"We rest.\n\n\"Then we come back.\"", []want{{"We rest.", "Mary Jones", true}, {"Then we come back.", "Mary Jones", true}}},
		{"colon", "Mary Jones told the crowd: \"We go home now and rest.\"", []want{{"We go home now and rest.", "Mary Jones", true}}},
		// A pronoun goes to the subject of the sentence before, not to the
		// latest name.
		{"pronoun subject", "David Cameron is expected to ask Hassan Rouhani to drop his support for Syrian President Bashar al-Assad. He will also say that nuclear weapons are unacceptable.",
			[]want{{"nuclear weapons are unacceptable", "David Cameron", false}}},
		// Other shapes of attribution.
		{"said of", `"It cherry-picked a subset," Brian Fallon said of the story.`, []want{{"It cherry-picked a subset", "Brian Fallon", true}}},
		{"inverted with post-modifier", `"There is a passion for Donald," said Robert Antonacci of the New York delegation.`, []want{{"There is a passion for Donald", "Robert Antonacci", true}}},
		{"sentence-initial cue", "Said Dorothy Poynter, who grew up with him, \"We were all so proud of him.\"", []want{{"We were all so proud of him.", "Dorothy Poynter", true}}},
		{"phrasal", `"Jeb wants to be a tough guy tonight," Trump shot back.`, []want{{"Jeb wants to be a tough guy tonight", "Trump", true}}},
		{"dash signature", "\"He represents our greatest shame.\" ― Sonya Herridge", []want{{"He represents our greatest shame.", "Sonya Herridge", true}}},
		{"transcript label", "Mike Pence spoke on Sunday.\n\n\"PENCE: Well, look, this is serious business.\"", []want{{"PENCE: Well, look, this is serious business.", "Mike Pence", true}}},
		{"headline", "Graham: Trump's rhetoric is destroying the party's chances\n\nLindsey Graham spoke on Thursday.", []want{{"Trump's rhetoric is destroying the party's chances", "Graham", false}}},
		{"called", `Jeb Bush called Trump "unhinged" on Twitter.`, []want{{"Trump \"unhinged\" on Twitter", "Jeb Bush", false}}},
		{"speaker label paragraph", "Lopez: Well, no one is like that. In a way, it gets to be all things to all people.", []want{{"Well, no one is like that. In a way, it gets to be all things to all people", "Lopez", false}}},
		{"running speaker after colon", "John Smith, a farmer, put it this way:\n\n\"We have nothing left to sell.\"", []want{{"We have nothing left to sell.", "John Smith", true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := annotate(t, tc.text)
			checkQuotes(t, d)
			for _, w := range tc.wants {
				found := false
				for _, q := range d.Quotes {
					if q.Direct != w.Direct || q.In(d.Text) != w.Text && !(!w.Direct && strings.Contains(q.In(d.Text), w.Text)) {
						continue
					}
					found = true
					name := ""
					if q.Speaker >= 0 {
						name = d.Entities[q.Speaker].Name
					}
					if !strings.Contains(name, w.Speaker) {
						t.Errorf("quote %q: speaker %q, want %q", w.Text, name, w.Speaker)
					}
				}
				if !found {
					var got []string
					for _, q := range d.Quotes {
						got = append(got, q.In(d.Text))
					}
					t.Errorf("no quote (direct=%v) %q; got %q", w.Direct, w.Text, got)
				}
			}
		})
	}
}

// TestNoQuotes lists texts where nothing is a quotation.
func TestNoQuotes(t *testing.T) {
	tests := []struct{ name, text string }{
		{"apostrophes", `Don't say it's the Joneses' fault; O'Brien's team won the '90s.`},
		{"unbalanced", `He wrote "this and never closed it. Then more text follows here.`},
		{"title", `She watched "Shark Tank" last night.`},
		{"noun report", `The report was long. His remarks were short.`},
		{"caption", `Sean Spicer speaks during his first news briefing at the White House.`},
		{"empty", ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := annotate(t, tc.text)
			for _, q := range d.Quotes {
				t.Errorf("unexpected quote %q", q.In(d.Text))
			}
		})
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`"If ...," Kerry said, "that complicates issues."`,
		"\"One\n\n\"Two\" he said",
		`'a' ' '' "" “ ” « » „ ‘ ’ said according to`,
		"He said: \"x\" and 'y', she told reporters that z, according to Q.",
		"\xff\"bad utf8\" said X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := &doc.Document{Text: text}
		if err := quotes.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkQuotes(t, d)
		// The stage is idempotent on its own output.
		n := len(d.Quotes)
		first := append([]doc.Quote(nil), d.Quotes...)
		if err := quotes.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if len(d.Quotes) != n {
			t.Fatalf("second run found %d quotes, first %d", len(d.Quotes), n)
		}
		for i := range first {
			if first[i].Span != d.Quotes[i].Span {
				t.Fatalf("second run quote %d at %v, first at %v", i, d.Quotes[i].Span, first[i].Span)
			}
		}
	})
}

func BenchmarkQuotes(b *testing.B) {
	var texts []string
	files, _ := filepath.Glob(filepath.Join(seedsDir(b), "*.txt"))
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	var docs []*doc.Document
	for _, t := range texts {
		d := &doc.Document{Text: t}
		segment.New().Process(context.Background(), d)
		actorsStage().Process(context.Background(), d)
		docs = append(docs, d)
	}
	s := quotes.New()
	n := 0
	for b.Loop() {
		for _, d := range docs {
			c := *d
			c.Entities = append([]doc.Entity(nil), d.Entities...)
			s.Process(context.Background(), &c)
			n += len(c.Quotes)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "quotes/s")
}
