package quotes_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// want is one quote a text must hold: a quote whose text is Text (or holds
// it, for reported speech and for a quoteTest with contains set), spoken by
// an entity whose name contains Speaker.
type want struct {
	Text    string
	Speaker string
	Direct  bool
}

// quoteTest is one text and what the stage must find in it.
type quoteTest struct {
	name string
	// text is the document; when seed is set, the seed article whose file
	// name starts with seed is read instead.
	text, seed string
	wants      []want
	// contains lets a direct want match a direct quote holding its Text,
	// not only one whose text is exactly Text; then only the first quote
	// that matches is checked for its speaker, not every one.
	contains bool
	// none lists texts no quote may start with; "" forbids every quote.
	none []string
}

// runQuoteTests is the one driver of the table tests: it annotates each
// text through segment, actors and quotes, checks the stage's invariants
// (checkQuotes), then every want and every none.
func runQuoteTests(t *testing.T, tests []quoteTest) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d *doc.Document
			if tc.seed != "" {
				d = seed(t, tc.seed)
			} else {
				d = annotate(t, tc.text)
			}
			checkQuotes(t, d)
			for _, w := range tc.wants {
				found := false
				for _, q := range d.Quotes {
					got := q.In(d.Text)
					if q.Direct != w.Direct || got != w.Text && !((tc.contains || !w.Direct) && strings.Contains(got, w.Text)) {
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
					if tc.contains {
						break
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
			for _, n := range tc.none {
				for _, q := range d.Quotes {
					if strings.HasPrefix(q.In(d.Text), n) {
						t.Errorf("unwanted quote %q", q.In(d.Text))
					}
				}
			}
		})
	}
}

// TestSeeds checks the seed articles against a hand-made reading; a direct
// want there is a piece of its quotation.
func TestSeeds(t *testing.T) {
	runQuoteTests(t, []quoteTest{
		{name: "000", seed: "000", contains: true, wants: []want{
			{"I think if there's a way that we can combat ISIS", "Sean Spicer", true},
			{"sure we'll take it", "Sean Spicer", true},
			{"The Department of Defense (DoD) is not coordinating", "Eric Pahon", true},
			{"DoD maintains a channel of communication", "Pahon", true},
			{"the newly inaugurated U.S. President Donald Trump is open to", "White House", false},
		}, none: []string{"Related news", "Trump open to conducting"}},
		{name: "001", seed: "001", contains: true, wants: []want{
			{"We remain in close contact", "Elizabeth Trudeau", true},
			{"is a priority for all of us", "Trudeau", true},
			{"If this is truly a step in that direction, we would welcome that.", "Trudeau", true},
			{"We've been very clear that if Russia is interested in fighting against (DAESH)", "Trudeau", true},
			{"we would welcome that.", "Trudeau", true},
			{"violation", "Trudeau", true},
			{"very concerned about the increasing number", "Trudeau", true},
			{"welcome", "United States", true},
		}},
		{name: "002", seed: "002", contains: true, wants: []want{
			{"entirely separate", "Earnest", true},
			{"the idea was unacceptable", "Josh Earnest", false},
			{"the US would not coordinate the coalition's military activities", "Earnest", false},
		}},
		{name: "003", seed: "003", contains: true, wants: []want{
			{"We need to do more as a coalition", "McGurk", true},
			{"increase pressure", "McGurk", true},
			{"We believe that there is more", "Josh Earnest", true},
			{"If certain entities perceive", "Kerry", true},
			{"So it has to be done", "Kerry", true},
			{"pulling more than our weight", "Earnest", true},
			{"continue the conversation", "Earnest", true},
			{"complicate", "Kerry", true},
		}},
	})
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
	runQuoteTests(t, []quoteTest{
		// Quotation mark styles.
		{name: "curly", text: `“We will act,” the minister said.`, wants: []want{{"We will act", "", true}}},
		{name: "straight", text: `"We will act," Smith said.`, wants: []want{{"We will act", "Smith", true}}},
		{name: "guillemets", text: `« We will act now », Smith said. He said «we will act» again.`, wants: []want{{"We will act now", "Smith", true}, {"we will act", "Smith", true}}},
		{name: "low-high", text: `Merkel said: „Wir schaffen das“.`, wants: []want{{"Wir schaffen das", "Merkel", true}}},
		{name: "single", text: `Jones called it a 'welcome' step, and Smith's dog didn't bark.`, wants: []want{{"welcome", "", true}}},
		// Attributions.
		{name: "inverted", text: `"It is over," said John Smith, a spokesman.`, wants: []want{{"It is over", "John Smith", true}}},
		{name: "interrupted", text: `"If we go," Mary Jones said, "we go together."`, wants: []want{{"If we go", "Mary Jones", true}, {"we go together.", "Mary Jones", true}}},
		{name: "reported that", text: `John Smith said on Monday that the talks had failed.`, wants: []want{{"the talks had failed", "John Smith", false}}},
		{name: "according to", text: `The talks failed, according to John Smith.`, wants: []want{{"The talks failed", "John Smith", false}}},
		{name: "according to first", text: `According to John Smith, the talks failed.`, wants: []want{{"the talks failed", "John Smith", false}}},
		{name: "told", text: `John Smith told reporters that the talks had failed.`, wants: []want{{"the talks had failed", "John Smith", false}}},
		{name: "denied", text: `Mary Jones denied that she had met the envoy.`, wants: []want{{"she had met the envoy", "Mary Jones", false}}},
		{name: "pronoun", text: `Mary Jones spoke first. "It is over," she said.`, wants: []want{{"It is over", "Mary Jones", true}}},
		{name: "running speaker", text: "\"It is over,\" said Mary Jones.\n\n\"We go home now.\"", wants: []want{{"We go home now.", "Mary Jones", true}}},
		{name: "multi-paragraph", text: "Mary Jones spoke. \"We go home,\" she said. \"We rest.\n\n\"Then we come back.\"", wants: []want{{"We rest.", "Mary Jones", true}, {"Then we come back.", "Mary Jones", true}}},
		{name: "colon", text: "Mary Jones told the crowd: \"We go home now and rest.\"", wants: []want{{"We go home now and rest.", "Mary Jones", true}}},
		// A pronoun goes to the subject of the sentence before, not to the
		// latest name.
		{name: "pronoun subject", text: "David Cameron is expected to ask Hassan Rouhani to drop his support for Syrian President Bashar al-Assad. He will also say that nuclear weapons are unacceptable.",
			wants: []want{{"nuclear weapons are unacceptable", "David Cameron", false}}},
		// Other shapes of attribution.
		{name: "said of", text: `"It cherry-picked a subset," Brian Fallon said of the story.`, wants: []want{{"It cherry-picked a subset", "Brian Fallon", true}}},
		{name: "inverted with post-modifier", text: `"There is a passion for Donald," said Robert Antonacci of the New York delegation.`, wants: []want{{"There is a passion for Donald", "Robert Antonacci", true}}},
		{name: "sentence-initial cue", text: "Said Dorothy Poynter, who grew up with him, \"We were all so proud of him.\"", wants: []want{{"We were all so proud of him.", "Dorothy Poynter", true}}},
		{name: "phrasal", text: `"Jeb wants to be a tough guy tonight," Trump shot back.`, wants: []want{{"Jeb wants to be a tough guy tonight", "Trump", true}}},
		{name: "dash signature", text: "\"He represents our greatest shame.\" ― Sonya Herridge", wants: []want{{"He represents our greatest shame.", "Sonya Herridge", true}}},
		{name: "transcript label", text: "Mike Pence spoke on Sunday.\n\n\"PENCE: Well, look, this is serious business.\"", wants: []want{{"PENCE: Well, look, this is serious business.", "Mike Pence", true}}},
		{name: "headline", text: "Graham: Trump's rhetoric is destroying the party's chances\n\nLindsey Graham spoke on Thursday.", wants: []want{{"Trump's rhetoric is destroying the party's chances", "Graham", false}}},
		{name: "called", text: `Jeb Bush called Trump "unhinged" on Twitter.`, wants: []want{{"Trump \"unhinged\" on Twitter", "Jeb Bush", false}}},
		{name: "speaker label paragraph", text: "Lopez: Well, no one is like that. In a way, it gets to be all things to all people.", wants: []want{{"Well, no one is like that. In a way, it gets to be all things to all people", "Lopez", false}}},
		{name: "running speaker after colon", text: "John Smith, a farmer, put it this way:\n\n\"We have nothing left to sell.\"", wants: []want{{"We have nothing left to sell.", "John Smith", true}}},
	})
}

// TestNoQuotes lists texts where nothing is a quotation.
func TestNoQuotes(t *testing.T) {
	runQuoteTests(t, []quoteTest{
		{name: "apostrophes", text: `Don't say it's the Joneses' fault; O'Brien's team won the '90s.`, none: []string{""}},
		{name: "unbalanced", text: `He wrote "this and never closed it. Then more text follows here.`, none: []string{""}},
		{name: "title", text: `She watched "Shark Tank" last night.`, none: []string{""}},
		{name: "noun report", text: `The report was long. His remarks were short.`, none: []string{""}},
		{name: "caption", text: `Sean Spicer speaks during his first news briefing at the White House.`, none: []string{""}},
		{name: "empty", text: ``, none: []string{""}},
	})
}

// TestProcessStopsOnCancel checks that the stage honours a cancelled
// context: it stops with its error and leaves the quotes as they were.
func TestProcessStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := &doc.Document{Text: strings.Repeat("\"We go,\" Mary Jones said.\n", 1000)}
	if err := quotes.New().Process(ctx, d); !errors.Is(err, context.Canceled) || d.Quotes != nil {
		t.Errorf("Process = %v with %d quotes, want context.Canceled and none", err, len(d.Quotes))
	}
	if err := quotes.New().Process(context.Background(), d); err != nil || len(d.Quotes) != 1000 {
		t.Errorf("Process = %v with %d quotes, want 1000", err, len(d.Quotes))
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
	cpu := shared.CPUTime()
	for b.Loop() {
		for _, d := range docs {
			c := cloneEntities(d)
			s.Process(context.Background(), c)
			n += len(c.Quotes)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "quotes/s")
	if t := shared.CPUTime() - cpu; t > 0 {
		b.ReportMetric(float64(n)/t.Seconds(), "quotes/cpu-s")
	}
}

// cloneEntities returns a copy of d whose entities and their mentions the
// stage can change without touching d's.
func cloneEntities(d *doc.Document) *doc.Document {
	c := *d
	c.Entities = make([]doc.Entity, len(d.Entities))
	for i, e := range d.Entities {
		e.Mentions = slices.Clone(e.Mentions)
		c.Entities[i] = e
	}
	return &c
}

// hostileTexts are 1 MiB texts (the clean text cap) built to make the
// stage's loops over quotations, cues, mentions and entities costly: each
// took from 2 s to minutes when one of those loops ran over all the others.
func hostileTexts() []struct{ name, text string } {
	const size = 1 << 20
	fill := func(s string) string { return strings.Repeat(s, size/len(s)) }
	// Many people, each named once: "Mr Zed Qbcde said ...".
	var people strings.Builder
	for i := 0; people.Len() < size; i++ {
		name := []byte{'Q', 'a', 'a', 'a', 'a'}
		for k, n := 4, i; k > 0; k, n = k-1, n/26 {
			name[k] = byte('a' + n%26)
		}
		fmt.Fprintf(&people, "Mr Zed %s said \"we go\".\n", name)
	}
	return []struct{ name, text string }{
		{"marks", fill(`"`)},
		{"quotes in one line", fill(`He said "yes" and "no". `)},
		{"curly pairs", fill(`“a b” `)},
		{"one speaker", fill(`Zed Quux said "we go". `)},
		{"speaker and pronoun", fill("Zed Quux said \"we go\". \"Yes,\" he said.\n")},
		{"state and pronoun", fill("Russia said \"we go\". \"Yes,\" he said.\n")},
		{"two pronouns", fill(`Mary Jones spoke. "A," he said. "B," she said. `)},
		{"states", fill(`Russia, Iran, Turkey, France and Germany said "no". "Yes," they said. `)},
		{"unnamed sources", fill("A source said \"we go\".\n")},
		{"according to", fill(`according to John Smith, `)},
		{"one long sentence", fill(`Russia said we go, he said, `)},
		{"many people", people.String()},
	}
}

// BenchmarkHostile times the stage on each hostile text, after segment and
// actors: the time per op is one 1 MiB document.
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostileTexts() {
		b.Run(h.name, func(b *testing.B) {
			d := &doc.Document{Text: h.text}
			segment.New().Process(context.Background(), d)
			actorsStage().Process(context.Background(), d)
			s := quotes.New()
			b.SetBytes(int64(len(h.text)))
			cpu := shared.CPUTime()
			for b.Loop() {
				s.Process(context.Background(), cloneEntities(d))
			}
			if t := shared.CPUTime() - cpu; t > 0 {
				b.ReportMetric(float64(len(h.text))*float64(b.N)/t.Seconds()/1e6, "MB/cpu-s")
			}
		})
	}
}
