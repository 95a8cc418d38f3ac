package clean_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/shared"

	"sitrep/internal/clean"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
)

// sharedDir finds ../shared/<sub> relative to the module root, or skips.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	switch sub {
	case "seeds":
		return shared.RequireSeeds(t)
	case "data":
		return shared.Require(t)
	}
	return shared.Require(t, strings.TrimPrefix(sub, "data/"))
}

func process(t testing.TB, d *doc.Document) *doc.Document {
	t.Helper()
	if err := clean.New(clean.Options{}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSeeds(t *testing.T) {
	dir := sharedDir(t, "seeds")
	tests := []struct {
		file     string
		title    string
		contains []string
		absent   []string
		once     []string
		first    string // the first paragraph starts so
	}{
		{
			file:  "000_57238355a648e998.txt",
			title: "Trump open to conducting joint strikes on IS with Russia: White House",
			contains: []string{
				"The White House said Monday that the newly inaugurated U.S. President Donald Trump is open",
				`"I think if there's a way that we can combat ISIS (IS) with any country`,
				"The stance breaks from the policy of the previous U.S. administration",
				"But the Pentagon on Monday denied the claim.",
				`"The Department of Defense (DoD) is not coordinating air strikes`,
				`"DoD maintains a channel of communication`, `Pahon added.`,
			},
			absent: []string{"Most popular in 24h", "Learning Chinese", "Copyright", "Chinanews.com", "Related news",
				"Text:AAAPrint", "LINE", "Editor: Gu Liping", "ECNS App Download", "Reproduction", "Travel News",
				"Trump open to conducting joint strikes on IS with Russia: White House"},
			once: []string{"White House spokesman Sean Spicer speaks during his first official news briefing"},
		},
		{
			file:  "001_516d9196f191c04f.txt",
			title: "US welcomes proposed Turkey-Russia cooperation against DAESH",
			first: "US State Department says it is in close contact with Turkey",
			contains: []string{
				"Russian President Vladimir Putin (L) and Turkish President Recep Tayyip Erdogan meet",
				"Turkey and Russia took a big step towards normalising relations this week",
				"the details of that effort are yet to be outlined",
				`Working against DAESH "is a priority for all of us," she said.`,
				`"If this is truly a step in that direction, we would welcome that."`,
				"against the democratically elected government last month.",
				`would constitute a "violation" of the resolution, Trudeau said.`,
			},
			absent: []string{"Photo by", "TRTWorld", "agencies\n", "\u00a0"},
		},
		{
			file:  "002_3ea92d335c893e35.txt",
			title: "Cameron seeks Iran's help against IS",
			first: "British Prime Minister David Cameron and Iranian President Hassan Rouhani will meet",
			contains: []string{
				"a source in the British leader's office told Reuters.",
				"However, the United States said on Monday it would not buy Iran's cooperation",
				"would not share intelligence on Islamic State with Iran.",
			},
			absent: []string{"USEUROPEAFRICAASIA", "Home / China", "By Agencies", "Updated:", "Reuters-AP",
				"Editor's picks", "Copyright", "License for publishing", "Registration Number", "FOLLOW US"},
		},
		{
			file:  "003_6738e9c2ef54eb8d.txt",
			title: "U.S. Urges Allies To Step Up Efforts Against Islamic State",
			first: "The United States is pushing for greater contributions from its allies",
			contains: []string{
				`told top representatives of the 65-country alliance that they must "increase pressure"`,
				"McGurk’s call for increased commitment",
				`"So it has to be done in a way that manages the passions...among people who have been fighting Assad for four years."`,
				"during their November 24 meeting.",
			},
			absent: []string{"Accessibility links", "Breaking News", "With reporting by", "16x9 Image",
				"journalists report the news", "uncensored news"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, err := ingest.Open([]string{filepath.Join(dir, tt.file)}, ingest.Options{}).Next()
			if err != nil {
				t.Fatal(err)
			}
			process(t, d)
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			for _, s := range tt.contains {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(d.Text, s) {
					t.Errorf("text has %q", s)
				}
			}
			for _, s := range tt.once {
				if n := strings.Count(d.Text, s); n != 1 {
					t.Errorf("text has %q %d times, want once", s, n)
				}
			}
			if tt.first != "" && !strings.HasPrefix(d.Text, tt.first) {
				t.Errorf("text starts %.80q, want %q", d.Text, tt.first)
			}
			checkShape(t, d.Text)
			if len(d.Problems) > 0 {
				t.Errorf("problems: %v", d.Problems)
			}
		})
	}
}

// checkShape checks that text is paragraphs separated by one blank line,
// each with normalised white space.
func checkShape(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("text is not valid UTF-8")
	}
	for i, p := range strings.Split(text, "\n\n") {
		if p == "" || p != strings.Join(strings.Fields(p), " ") {
			t.Errorf("paragraph %d not normalised: %q", i, p)
		}
	}
}

func TestText(t *testing.T) {
	c := clean.New(clean.Options{})
	tests := []struct {
		name      string
		in        string
		title     string // a known title, given to Text
		wantTitle string
		want      string
	}{
		// Headline, navigation, footers.
		{
			name:      "menu and footer",
			in:        "Home\nWorld\nBusiness\nSport\n\nRebels seize northern town\n\nRebels seized the town of Foo on Monday, officials said.\n\nThe army said it would retake it within days.\n\nShare\nPrint\n\nCopyright 2020 The Paper. All rights reserved.",
			wantTitle: "Rebels seize northern town",
			want:      "Rebels seized the town of Foo on Monday, officials said.\n\nThe army said it would retake it within days.",
		},
		{
			name:      "language switcher and glued menu are not the headline",
			in:        "USEUROPEAFRICAASIA 中文双语Français\nWorld\n\nLeaders agree on a truce\n\nBy Agencies in Geneva | The Paper | Updated: 2016-09-11 05:52\n\nThe two leaders agreed on a truce in Geneva on Saturday, their aides said.",
			wantTitle: "Leaders agree on a truce",
			want:      "The two leaders agreed on a truce in Geneva on Saturday, their aides said.",
		},
		{
			name:      "caption twice and photo credit",
			in:        "Leaders meet in Geneva\n\nPhoto: Reuters\n\nThe two leaders shake hands in Geneva on Monday, June 1, 2020.\n\nThe two leaders shake hands in Geneva on Monday, June 1, 2020.\n\nThe leaders met for three hours, their aides said after the talks.",
			wantTitle: "Leaders meet in Geneva",
			want:      "The two leaders shake hands in Geneva on Monday, June 1, 2020.\n\nThe leaders met for three hours, their aides said after the talks.",
		},
		{
			name:      "standfirst kept",
			in:        "Talks collapse\n\nNegotiators walk out after a night of bitter exchanges\n\nThe talks collapsed early on Tuesday after negotiators failed to agree on a text.",
			wantTitle: "Talks collapse",
			want:      "Negotiators walk out after a night of bitter exchanges\n\nThe talks collapsed early on Tuesday after negotiators failed to agree on a text.",
		},
		{
			name:      "subheading inside the story kept",
			in:        "Storm hits coast\n\nA storm hit the coast on Friday and cut power to thousands of homes.\n\nDamage\n\nRoofs were torn off and trees were uprooted across the region, officials said.\n\nReporting by Jane Doe; Editing by John Roe",
			wantTitle: "Storm hits coast",
			want:      "A storm hit the coast on Friday and cut power to thousands of homes.\n\nDamage\n\nRoofs were torn off and trees were uprooted across the region, officials said.",
		},
		{
			name:      "agency dateline removed",
			in:        "Ceasefire agreed\n\nGENEVA (Reuters) - The two sides agreed a ceasefire on Sunday, the United Nations said.\n\nIt takes effect at midnight, it said in a statement.",
			wantTitle: "Ceasefire agreed",
			want:      "The two sides agreed a ceasefire on Sunday, the United Nations said.\n\nIt takes effect at midnight, it said in a statement.",
		},
		{
			name: "hard-wrapped paragraphs joined",
			in:   "Showers continued throughout the week in the Bahia cocoa zone,\nalleviating the drought since early January and improving\nprospects for the coming crop, traders said.\n\nArrivals of cocoa were light, traders added in their weekly report.",
			want: "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming crop, traders said.\n\nArrivals of cocoa were light, traders added in their weekly report.",
		},
		{
			name: "white space normalised",
			in:   "\r\n  The minister\u00a0 said on\tMonday that the plan would go ahead as agreed.  \r\n\r\n\r\nHe gave no date for the start of the work, officials confirmed.\u200b",
			want: "The minister said on Monday that the plan would go ahead as agreed.\n\nHe gave no date for the start of the work, officials confirmed.",
		},
		// A known title (JSON Lines, a second cleaning).
		{
			name:      "known title dropped from text",
			in:        "Rebels seize northern town\n\nRebels seized the town of Foo on Monday, officials said.",
			title:     "Rebels seize northern town",
			wantTitle: "Rebels seize northern town",
			want:      "Rebels seized the town of Foo on Monday, officials said.",
		},
		{
			name:      "known title, no headline looked for",
			in:        "Negotiators walk out after a night of bitter exchanges\n\nThe talks collapsed early on Tuesday after negotiators failed to agree.",
			title:     "Talks collapse",
			wantTitle: "Talks collapse",
			want:      "Negotiators walk out after a night of bitter exchanges\n\nThe talks collapsed early on Tuesday after negotiators failed to agree.",
		},
		// Nothing to keep.
		{name: "only menu", in: "Home\nNews\nSport\nWeather", want: ""},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, body := c.Text(tt.in, tt.title)
			if title != tt.wantTitle {
				t.Errorf("title = %q, want %q", title, tt.wantTitle)
			}
			if body != tt.want {
				t.Errorf("body =\n%q\nwant\n%q", body, tt.want)
			}
			// Idempotent.
			t2, b2 := c.Text(body, title)
			if t2 != title || b2 != body {
				t.Errorf("cleaning again changed it: %q %q", t2, b2)
			}
		})
	}
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name    string
		d       doc.Document
		title   string
		text    string
		problem string
	}{
		{
			name: "raw kept byte for byte",
			d:    doc.Document{Raw: []byte("  Home\n\nA  story.\r\n"), IsRaw: true, Format: doc.FormatText},
			text: "  Home\n\nA  story.\r\n",
		},
		{
			name:    "raw with invalid UTF-8 repaired",
			d:       doc.Document{Raw: []byte("caf\xe9."), IsRaw: true, Format: doc.FormatText},
			text:    "caf\uFFFD.",
			problem: "invalid UTF-8 at byte 3",
		},
		{
			name:  "json lines title kept",
			d:     doc.Document{Raw: []byte("The talks collapsed on Tuesday, officials said."), Title: "Talks fail", Format: doc.FormatJSONL},
			title: "Talks fail",
			text:  "The talks collapsed on Tuesday, officials said.",
		},
		{
			name: "html",
			d: doc.Document{Format: doc.FormatHTML, Raw: []byte(`<html><head><title>Talks collapse | The Paper</title>
<meta property="og:title" content="Talks collapse"><meta property="og:site_name" content="The Paper">
<meta property="article:published_time" content="2020-03-04T10:00:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<article><h1>Talks collapse</h1>
<p>The talks collapsed early on Tuesday after negotiators failed to agree on a final text, officials said.</p>
<p>Both sides blamed each other for the failure and said they would report to their governments.</p>
<p>No date was set for a new round, a spokesman for the mediators told reporters in the capital.</p>
</article><footer>Copyright 2020 The Paper</footer></body></html>`)},
			title: "Talks collapse",
			text:  "The talks collapsed early on Tuesday after negotiators failed to agree on a final text, officials said.\n\nBoth sides blamed each other for the failure and said they would report to their governments.\n\nNo date was set for a new round, a spokesman for the mediators told reporters in the capital.",
		},
		{
			name:    "nothing left",
			d:       doc.Document{Raw: []byte("Home\nNews\nSport"), Format: doc.FormatText},
			problem: "no body text found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			process(t, &d)
			if d.Title != tt.title || d.Text != tt.text {
				t.Errorf("got title %q text\n%q\nwant %q\n%q", d.Title, d.Text, tt.title, tt.text)
			}
			var ps []string
			for _, p := range d.Problems {
				ps = append(ps, p.String())
			}
			if got := strings.Join(ps, "; "); tt.problem == "" && got != "" || !strings.Contains(got, tt.problem) {
				t.Errorf("problems = %q, want %q", got, tt.problem)
			}
		})
	}
}

func TestHostileHTML(t *testing.T) {
	story := "<p>The talks collapsed early on Tuesday after negotiators failed to agree on a final text.</p>"
	tests := []struct {
		name string
		html string
		want string // the text must contain it
	}{
		{"deep nesting", "<html><body>" + strings.Repeat("<div>", 100000) + story + strings.Repeat("</div>", 100000),
			"The talks collapsed"},
		{"unclosed nesting", "<html><body>" + strings.Repeat("<span><b>", 50000) + story, "The talks collapsed"},
		{"huge attribute", `<html><body><div title="` + strings.Repeat("x", 2<<20) + `">` + story + "</div>",
			"The talks collapsed"},
		{"script soup", "<html><body>" + strings.Repeat("<script>var a = '<p>no</p>';</script>", 20000) + story,
			"The talks collapsed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := process(t, &doc.Document{Format: doc.FormatHTML, Raw: []byte(tt.html)})
			if !strings.Contains(d.Text, tt.want) {
				t.Errorf("text %.200q lacks %q", d.Text, tt.want)
			}
			if strings.Contains(d.Text, "var a") {
				t.Errorf("script text leaked: %.200q", d.Text)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	f.Add("Home\nNews\n\nHeadline here\n\nA sentence that is long enough to be prose, they said.\n\nShare")
	f.Add("By Agencies | China Daily | Updated: 2014-09-24 07:11\n\nThe two will meet, a source said today in London.")
	f.Add("a\n\n\nb\r\nc  d\u00a0e\u200b")
	f.Add("WASHINGTON (AP) — The White House said on Monday that it would act.")
	c := clean.New(clean.Options{})
	f.Fuzz(func(t *testing.T, s string) {
		title, body := c.Text(s, "")
		if !utf8.ValidString(body) || !utf8.ValidString(title) {
			t.Fatalf("invalid UTF-8 out")
		}
		if body != "" {
			for _, p := range strings.Split(body, "\n\n") {
				if p == "" || p != strings.Join(strings.Fields(p), " ") {
					t.Fatalf("paragraph not normalised: %q in %q", p, body)
				}
			}
		}
		t2, b2 := c.Text(body, title)
		if t2 != title || b2 != body {
			t.Fatalf("not idempotent:\n in %q\n 1: %q %q\n 2: %q %q", s, title, body, t2, b2)
		}
	})
}

func BenchmarkCleanSeed(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(sharedDir(b, "seeds"), "000_57238355a648e998.txt"))
	if err != nil {
		b.Fatal(err)
	}
	c := clean.New(clean.Options{})
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		d := &doc.Document{Raw: raw, Format: doc.FormatText}
		_ = c.Process(context.Background(), d)
	}
}

func BenchmarkIngestCleanBBC(b *testing.B) {
	dir := filepath.Join(sharedDir(b, "data"), "bbc-news", "business")
	c := clean.New(clean.Options{})
	for b.Loop() {
		s := ingest.Open([]string{dir}, ingest.Options{})
		var n int64
		for {
			d, err := s.Next()
			if err != nil {
				break
			}
			n += int64(len(d.Raw))
			_ = c.Process(context.Background(), d)
		}
		b.SetBytes(n)
	}
}

// TestBBCKeepsStory cleans the 2,225 BBC News articles (headline, blank
// line, paragraphs: already clean, so nothing of the story may go) and
// checks the headline is found and no sentence is dropped. Measured: every
// headline found; 5 of the sentence paragraphs (4+ words ending in a full
// stop) dropped, all from football team sheets at the foot of sports pages.
func TestBBCKeepsStory(t *testing.T) {
	dir := filepath.Join(sharedDir(t, "data"), "bbc-news")
	c := clean.New(clean.Options{})
	var docs, titles, sentences, lost int
	topics := []string{"business", "entertainment", "politics", "sport", "tech"}
	if raceEnabled {
		topics = topics[:1]
	}
	for _, topic := range topics {
		s := ingest.Open([]string{filepath.Join(dir, topic)}, ingest.Options{})
		for {
			d, err := s.Next()
			if err != nil {
				break
			}
			docs++
			lines := strings.Split(strings.ReplaceAll(string(d.Raw), "\r", ""), "\n")
			_ = c.Process(context.Background(), d)
			if d.Title == strings.Join(strings.Fields(lines[0]), " ") {
				titles++
			}
			for _, l := range lines[1:] {
				p := strings.Join(strings.Fields(l), " ")
				if len(strings.Fields(p)) < 4 || !strings.HasSuffix(p, ".") {
					continue
				}
				sentences++
				if !strings.Contains(d.Text, p) {
					lost++
				}
			}
		}
	}
	t.Logf("%d articles: %d headlines found, %d of %d sentence paragraphs dropped", docs, titles, lost, sentences)
	if docs < 500 || titles*1000 < docs*995 || lost > 10 {
		t.Errorf("%d articles: %d headlines found, %d of %d sentence paragraphs dropped; want >= 99.5%% and <= 10",
			docs, titles, lost, sentences)
	}
}

func TestTextCap(t *testing.T) {
	var b strings.Builder
	for i := range 200 { // about 240 KB of distinct paragraphs
		fmt.Fprintf(&b, "Report %d. %s\n\n", i, strings.Repeat("The coalition said on Monday that strikes would continue. ", 20))
	}
	big := b.String()
	for _, raw := range []bool{false, true} {
		d := &doc.Document{Raw: []byte(big), Format: doc.FormatText, IsRaw: raw}
		if err := clean.New(clean.Options{MaxTextBytes: 64 << 10}).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if len(d.Text) > 64<<10 || len(d.Text) < 32<<10 {
			t.Errorf("raw=%v: text of %d bytes, want at most 64 KiB and more than half of it", raw, len(d.Text))
		}
		if !strings.HasSuffix(strings.TrimSpace(d.Text), "continue.") {
			t.Errorf("raw=%v: cut mid-paragraph: ...%q", raw, d.Text[len(d.Text)-40:])
		}
		if len(d.Problems) == 0 || !strings.Contains(d.Problems[len(d.Problems)-1].Message, "cut") {
			t.Errorf("raw=%v: no problem reported for the cut: %v", raw, d.Problems)
		}
	}
}
