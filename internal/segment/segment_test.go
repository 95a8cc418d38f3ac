package segment_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/doc"
	"sitrep/internal/segment"
)

// words returns the token texts joined by " | ".
func words(text string, spans []doc.Span) string {
	var w []string
	for _, s := range spans {
		w = append(w, s.In(text))
	}
	return strings.Join(w, " | ")
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Punctuation and clitics.
		{"comma and period", "Hello, world.", "Hello | , | world | ."},
		{"negation", "It isn't over, we don't know.", "It | is | n't | over | , | we | do | n't | know | ."},
		{"can't won't", "can't won't", "ca | n't | wo | n't"},
		{"curly negation", "didn’t", "did | n’t"},
		{"cannot", "We cannot go", "We | can | not | go"},
		{"clitics", "there's we'll they're I've you'd I'm", "there | 's | we | 'll | they | 're | I | 've | you | 'd | I | 'm"},
		{"possessive curly", "McGurk’s call", "McGurk | ’s | call"},
		{"plural possessive", "the two countries' air strikes", "the | two | countries | ' | air | strikes"},
		{"name with apostrophe", "O'Brien said", "O'Brien | said"},
		{"possessive after hyphen", "al-Assad's regime", "al-Assad | 's | regime"},
		// Abbreviations and initials.
		{"U.S.", "the U.S. President", "the | U.S. | President"},
		{"D.C. comma", "Washington D.C., the", "Washington | D.C. | , | the"},
		{"month", "Jan. 23, 2017.", "Jan. | 23 | , | 2017 | ."},
		{"titles", "Gen. Smith met Mr. Jones and Dr. Who, Sen. Rep. Lt. Col. Prof.", "Gen. | Smith | met | Mr. | Jones | and | Dr. | Who | , | Sen. | Rep. | Lt. | Col. | Prof."},
		{"companies", "Acme Inc. and Foo Ltd. and Bar Corp.", "Acme | Inc. | and | Foo | Ltd. | and | Bar | Corp."},
		{"latin", "e.g. this, i.e. that", "e.g. | this | , | i.e. | that"},
		{"clock", "at 9 a.m. or 5 p.m.", "at | 9 | a.m. | or | 5 | p.m."},
		{"No. before number", "No. 10 Downing St.", "No. | 10 | Downing | St."},
		{"no at end", "they said no.", "they | said | no | ."},
		{"initials", "John F. Kennedy", "John | F. | Kennedy"},
		{"missing space", "said.The", "said | . | The"},
		// Numbers.
		{"thousands", "1,000 people and 3.5 percent", "1,000 | people | and | 3.5 | percent"},
		{"date time", "2014-09-24 07:11", "2014-09-24 | 07:11"},
		{"slash date", "on 08/16/2000", "on | 08/16/2000"},
		{"percent dollar", "$5 or 10%", "$ | 5 | or | 10 | %"},
		{"decimal point start", "about .5 of it", "about | .5 | of | it"},
		// Hyphens, slashes, dashes.
		{"hyphenated", "the U.S.-led coalition and anti-IS forces of the 65-country alliance", "the | U.S.-led | coalition | and | anti-IS | forces | of | the | 65-country | alliance"},
		{"double dash", "forces -- some", "forces | -- | some"},
		{"attached double dash", "forces--some", "forces | -- | some"},
		{"em dash", "forces—some – others", "forces | — | some | – | others"},
		{"slash words", "and/or RFE/RL b/c", "and | / | or | RFE | / | RL | b/c"},
		{"ellipsis", "passions...among them… yes", "passions | ... | among | them | … | yes"},
		// Quotation marks and brackets.
		{"straight quotes", `"I think," he said.`, `" | I | think | , | " | he | said | .`},
		{"curly quotes", "“complicate” ‘x’ «y» „z“ ‹w›", "“ | complicate | ” | ‘ | x | ’ | « | y | » | „ | z | “ | ‹ | w | ›"},
		{"single quotes", "a 'welcome' step", "a | ' | welcome | ' | step"},
		{"brackets", "(DAESH),", "( | DAESH | ) | ,"},
		// URLs and e-mail.
		{"url", "see https://example.com/a?b=1. Then", "see | https://example.com/a?b=1 | . | Then"},
		{"www", "(www.bbc.co.uk)", "( | www.bbc.co.uk | )"},
		{"email", "mail me@example.org.", "mail | me@example.org | ."},
		{"domain", "Chinanews.com. All", "Chinanews.com | . | All"},
		// Odd input.
		{"empty", "", ""},
		{"only space", " \n\t\u00a0 ", ""},
		{"invalid utf8", "a\xffb", "a | \xff | b"},
		{"symbols", "©1999 ***", "© | 1999 | ***"},
		{"exclaim", "What?! No!!", "What | ?! | No | !!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := words(tt.in, segment.Tokenize(tt.in)); got != tt.want {
				t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// sentences returns the sentences of text, tokens joined by spaces and
// sentences by newlines, each prefixed by its paragraph index.
func sentences(text string) string {
	ss, ts := segment.Segment(text)
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(string(rune('0' + s.Paragraph%10)))
		for _, t := range ts[s.First:s.End] {
			b.WriteString(" " + t.In(text))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Full stops.
		{"two sentences", "He left. She stayed.", "0 He left .\n0 She stayed .\n"},
		{"lower case after period", "about 5 p.m. and then", "0 about 5 p.m. and then\n"},
		{"title does not end", "They met Gen. Smith. He said no.", "0 They met Gen. Smith .\n0 He said no .\n"},
		{"initial does not end", "John F. Kennedy spoke.", "0 John F. Kennedy spoke .\n"},
		{"month before number", "On Jan. 23, 2017. Then", "0 On Jan. 23 , 2017 .\n0 Then\n"},
		{"abbreviation then starter", "from the U.S. The next day", "0 from the U.S.\n0 The next day\n"},
		{"abbreviation then name", "the U.S. President Donald Trump", "0 the U.S. President Donald Trump\n"},
		{"question and exclamation", "Why? Because! Yes.", "0 Why ?\n0 Because !\n0 Yes .\n"},
		{"digit starts", "It ended. 130 people died.", "0 It ended .\n0 130 people died .\n"},
		// Quotation marks.
		{"quote closes inside", `"We would welcome that." Trudeau said.`, "0 \" We would welcome that . \"\n0 Trudeau said .\n"},
		{"comma quote said", `"Sure we'll take it," Spicer said. "So it is."`, "0 \" Sure we 'll take it , \" Spicer said .\n0 \" So it is . \"\n"},
		{"question in quote", `"Why?" he asked.`, "0 \" Why ? \" he asked .\n"},
		{"curly close", "could “complicate.” Then", "0 could “ complicate . ”\n0 Then\n"},
		{"bracket close", "(It was late.) Then", "0 ( It was late . )\n0 Then\n"},
		{"bracket after full stop", "Jan. 23, 2017. (Xinhua/Yin Bogu)", "0 Jan. 23 , 2017 .\n0 ( Xinhua / Yin Bogu )\n"},
		// Lines and paragraphs.
		{"paragraphs", "One two\n\nThree four", "0 One two\n1 Three four\n"},
		{"blank line with spaces", "One.\n \u00a0\n\nTwo.", "0 One .\n1 Two .\n"},
		{"headings", "Military\nNews\nPolitics", "0 Military\n0 News\n0 Politics\n"},
		{"wrapped prose", "The White House said Monday that the newly inaugurated\nPresident is open to it.", "0 The White House said Monday that the newly inaugurated President is open to it .\n"},
		{"wrapped after comma", "Hello,\nWorld", "0 Hello , World\n"},
		{"heading then prose", "2017-01-24 08:47 Xinhua\nWhite House spokesman speaks.", "0 2017-01-24 08:47 Xinhua\n0 White House spokesman speaks .\n"},
		{"leading blank lines", "\n\n  Hi.", "0 Hi .\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentences(tt.in); got != tt.want {
				t.Errorf("Segment(%q)\n got:\n%s\nwant:\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestLongSentenceIsCut(t *testing.T) {
	text := strings.Repeat("word ", 3*segment.MaxSentence)
	ss, ts := segment.Segment(text)
	if len(ts) != 3*segment.MaxSentence {
		t.Fatalf("got %d tokens, want %d", len(ts), 3*segment.MaxSentence)
	}
	for _, s := range ss {
		if n := s.End - s.First; n > segment.MaxSentence {
			t.Errorf("sentence of %d tokens, max %d", n, segment.MaxSentence)
		}
	}
}

func TestStage(t *testing.T) {
	d := &doc.Document{Text: "He left. She stayed.\n\nThe end."}
	st := segment.New()
	if st.Name() != "segment" {
		t.Errorf("Name() = %q", st.Name())
	}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Sentences) != 3 || len(d.Tokens) != 9 {
		t.Fatalf("got %d sentences, %d tokens; want 3, 9", len(d.Sentences), len(d.Tokens))
	}
	if d.Sentences[2].Paragraph != 1 {
		t.Errorf("third sentence in paragraph %d, want 1", d.Sentences[2].Paragraph)
	}
	for i, tk := range d.Tokens {
		if tk.Head != doc.None {
			t.Errorf("token %d Head = %d, want None", i, tk.Head)
		}
	}
	checkInvariants(t, d.Text, d.Sentences, d.Tokens)
}

// checkInvariants asserts the properties every segmentation has.
func checkInvariants(t *testing.T, text string, ss []doc.Sentence, ts []doc.Token) {
	t.Helper()
	covered := make([]bool, len(text))
	// boundary marks the offsets where a left-to-right decoding of text
	// starts a rune (an invalid byte counts as one rune).
	boundary := make([]bool, len(text)+1)
	for k := 0; k < len(text); {
		boundary[k] = true
		_, size := utf8.DecodeRuneInString(text[k:])
		k += size
	}
	boundary[len(text)] = true
	prev := 0
	for i, tk := range ts {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(text) {
			t.Fatalf("token %d %v: out of order, empty or out of bounds (prev end %d, len %d)", i, tk.Span, prev, len(text))
		}
		if !boundary[tk.Start] || !boundary[tk.End] {
			t.Fatalf("token %d %v splits a rune", i, tk.Span)
		}
		for k := tk.Start; k < tk.End; k++ {
			covered[k] = true
		}
		prev = tk.End
		if tk.Sentence < 0 || tk.Sentence >= len(ss) {
			t.Fatalf("token %d: sentence %d out of range", i, tk.Sentence)
		}
		if s := ss[tk.Sentence]; i < s.First || i >= s.End || !s.Contains(tk.Span) {
			t.Fatalf("token %d %v not inside its sentence %v [%d,%d)", i, tk.Span, s.Span, s.First, s.End)
		}
	}
	next, para := 0, 0
	for i, s := range ss {
		if s.First != next || s.End <= s.First {
			t.Fatalf("sentence %d: tokens [%d,%d), want first %d and non-empty", i, s.First, s.End, next)
		}
		if s.Paragraph < para {
			t.Fatalf("sentence %d: paragraph %d after %d", i, s.Paragraph, para)
		}
		para, next = s.Paragraph, s.End
	}
	if next != len(ts) {
		t.Fatalf("sentences cover %d of %d tokens", next, len(ts))
	}
	for k := 0; k < len(text); {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !(size == 1 && r == utf8.RuneError) && segment.IsSpace(r) {
			k += size
			continue
		}
		if !covered[k] {
			t.Fatalf("byte %d (%q) is in no token", k, text[k:k+size])
		}
		k += size
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"He left. She stayed.", `"I think," he said. "So?"`, "U.S.-led anti-IS\n\nMilitary\nNews",
		"don't can't O'Brien 'welcome' countries'", "http://x.y/z. www. a@b.c", "a\xff\xfeb … -- —", "'''' \"\"\" ..",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ss, ts := segment.Segment(text)
		checkInvariants(t, text, ss, ts)
		// Tokenize agrees with Segment on the tokens.
		spans := segment.Tokenize(text)
		if len(spans) != len(ts) {
			t.Fatalf("Tokenize gives %d tokens, Segment %d", len(spans), len(ts))
		}
		for i := range spans {
			if spans[i] != ts[i].Span {
				t.Fatalf("token %d: Tokenize %v, Segment %v", i, spans[i], ts[i].Span)
			}
		}
	})
}

// seedDir finds ../shared/seeds from the module root.
func seedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	seeds := filepath.Join(dir, "..", "shared", "seeds")
	if _, err := os.Stat(seeds); err != nil {
		tb.Skipf("seed articles not found at %s", seeds)
	}
	return seeds
}

func readSeed(tb testing.TB, name string) string {
	tb.Helper()
	matches, _ := filepath.Glob(filepath.Join(seedDir(tb), name+"_*.txt"))
	if len(matches) != 1 {
		tb.Skipf("seed %s not found", name)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestSeeds checks sentences the seed articles must and must not contain.
func TestSeeds(t *testing.T) {
	tests := []struct {
		seed          string
		contains, not []string
	}{
		{"000", []string{
			"White House spokesman Sean Spicer speaks during his first official news briefing at the White House in Washington D.C. , the United States , Jan. 23 , 2017 .",
			"The White House said Monday that the newly inaugurated U.S. President Donald Trump is open to conducting joint strikes with Russia on Islamic State ( IS ) terrorists .",
			"\" I think if there 's a way that we can combat ISIS ( IS ) with any country , whether it 's Russia or anyone else , and we have a shared national interest in that , sure we 'll take it , \" White House spokesman Sean Spicer said at a briefing .",
			"The remark came after the Russian defense ministry claimed that two jets from the U.S.-led coalition participated in a strike on IS targets alongside Russian aircraft .",
			"But the Pentagon on Monday denied the claim .",
			"Military",
		}, []string{"U.S. President Donald Trump is open to conducting joint strikes with Russia on Islamic State ( IS ) terrorists . \""}},
		{"001", []string{
			"\" If this is truly a step in that direction , we would welcome that . \"",
			"US Secretary of State John Kerry met with Putin last month to discuss coordinating the two countries ' air strikes against DAESH and their allies .",
			"Photo by : AFP",
		}, nil},
		{"003", []string{
			"\" If certain entities perceive that whatever we 're doing is going to help Assad to stay , that complicates issues , \" Kerry said .",
			"\" So it has to be done in a way that manages the passions ... among people who have been fighting Assad for four years . \"",
			"Washington is skeptical that Putin 's campaign of air strikes in Syria , launched in late September , is aimed primarily at IS targets rather than more moderate opposition forces -- some of which are backed by the United States and its allies -- seeking to oust Syrian President Bashar al-Assad , Moscow ’s longtime ally .",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			text := readSeed(t, tt.seed)
			ss, ts := segment.Segment(text)
			checkInvariants(t, text, ss, ts)
			got := map[string]bool{}
			for _, s := range ss {
				var w []string
				for _, tk := range ts[s.First:s.End] {
					w = append(w, tk.In(text))
				}
				got[strings.Join(w, " ")] = true
			}
			for _, want := range tt.contains {
				if !got[want] {
					t.Errorf("missing sentence %q", want)
				}
			}
			for _, bad := range tt.not {
				if got[bad] {
					t.Errorf("unexpected sentence %q", bad)
				}
			}
		})
	}
}

func BenchmarkSegment(b *testing.B) {
	var texts []string
	for _, n := range []string{"000", "001", "002", "003"} {
		texts = append(texts, readSeed(b, n))
	}
	text := strings.Join(texts, "\n\n")
	_, ts := segment.Segment(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		segment.Segment(text)
	}
	b.ReportMetric(float64(len(ts)*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
