package actors_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/shared"

	"sitrep/internal/actors"
	"sitrep/internal/doc"
	"sitrep/internal/segment"
)

// stage is shared by the tests: loading the gazetteer takes a few
// milliseconds.
var stage = actors.New(actors.Options{})

// annotate segments text and runs the actors stage over it.
func annotate(t testing.TB, text string) *doc.Document {
	t.Helper()
	d := &doc.Document{Text: text}
	if err := segment.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := stage.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

// seedsDir finds ../shared/seeds beside the module root.
func seedsDir(t testing.TB) string {
	t.Helper()
	return shared.RequireSeeds(t)
}

func seed(t testing.TB, prefix string) *doc.Document {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(seedsDir(t), prefix+"_*.txt"))
	if len(files) != 1 {
		t.Skipf("seed %s not found", prefix)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return annotate(t, string(b))
}

// entityOf returns the entity with a mention whose text is exactly surface,
// nil if none.
func entityOf(d *doc.Document, surface string) *doc.Entity {
	for i := range d.Entities {
		for _, m := range d.Entities[i].Mentions {
			if m.In(d.Text) == surface {
				return &d.Entities[i]
			}
		}
	}
	return nil
}

// want describes what one surface form must resolve to.
type want struct {
	surface                  string
	name, typ, country, role string
	// same lists other surfaces that must be mentions of the same entity.
	same []string
	// kind, when set, is the mention kind of the first mention of surface.
	kind string
}

func checkSeed(t *testing.T, d *doc.Document, cases []want) {
	for _, c := range cases {
		t.Run(c.surface, func(t *testing.T) {
			e := entityOf(d, c.surface)
			if e == nil {
				t.Fatalf("no entity has a mention %q", c.surface)
			}
			if c.name != "" && e.Name != c.name {
				t.Errorf("name = %q, want %q", e.Name, c.name)
			}
			if c.typ != "" && string(e.Type) != c.typ {
				t.Errorf("type = %s, want %s", e.Type, c.typ)
			}
			if e.Country != c.country {
				t.Errorf("country = %q, want %q", e.Country, c.country)
			}
			if c.role != "" && e.Role != c.role {
				t.Errorf("role = %q, want %q", e.Role, c.role)
			}
			for _, s := range c.same {
				if o := entityOf(d, s); o == nil || o.ID != e.ID {
					t.Errorf("%q is not a mention of %s (%s)", s, e.ID, e.Name)
				}
			}
			if c.kind != "" {
				for _, m := range e.Mentions {
					if m.In(d.Text) == c.surface {
						if m.Kind.String() != c.kind {
							t.Errorf("kind of %q = %s, want %s", c.surface, m.Kind, c.kind)
						}
						break
					}
				}
			}
		})
	}
}

func TestSeed000(t *testing.T) {
	d := seed(t, "000")
	checkSeed(t, d, []want{
		{surface: "ISIS", name: "Islamic State", typ: "ORG", country: "", same: []string{"IS", "Islamic State"}},
		{surface: "Pentagon", typ: "ORG", country: "USA", same: []string{"Department of Defense", "DoD"}},
		{surface: "Sean Spicer", typ: "PER", country: "USA", role: "spokesman"},
		{surface: "Eric Pahon", typ: "PER", country: "USA", role: "spokesman", same: []string{"Pahon"}},
		{surface: "Russian defense ministry", typ: "ORG", country: "RUS"},
		{surface: "Russian military", typ: "ORG", country: "RUS"},
		{surface: "U.S.-led coalition", name: "Coalition against the Islamic State", typ: "ORG", country: ""},
		{surface: "Russia", typ: "GPE", country: "RUS", same: []string{"Russian"}},
		{surface: "Donald Trump", typ: "PER", country: "USA", role: "president", same: []string{"Trump"}},
		{surface: "White House", typ: "ORG", country: "USA"},
	})
	// The person's title phrase gives no separate mention of its state or body.
	for _, s := range []string{"White House spokesman", "a Pentagon"} {
		i := strings.Index(d.Text, s)
		if e := d.EntityAt(doc.Span{Start: i, End: i + 1}); e != doc.None && d.Entities[e].Type != doc.PER {
			t.Errorf("%q starts a mention of %s", s, d.Entities[e].Name)
		}
	}
}

func TestSeed001(t *testing.T) {
	d := seed(t, "001")
	checkSeed(t, d, []want{
		{surface: "DAESH", name: "Islamic State", country: ""},
		{surface: "Elizabeth Trudeau", typ: "PER", country: "USA", role: "spokeswoman", same: []string{"Trudeau"}},
		{surface: "Washington", country: "USA", name: "Washington", kind: "metonym"},
		{surface: "Ankara", country: "TUR", typ: "GPE"},
		{surface: "Vladimir Putin", country: "RUS", role: "president", same: []string{"Putin"}},
		{surface: "Mevlut Cavusoglu", country: "TUR", role: "foreign minister"},
		{surface: "John Kerry", country: "USA", role: "secretary of state"},
		{surface: "Turkish officials", typ: "ORG", country: "TUR"},
		{surface: "US State Department", name: "State Department", country: "USA"},
		{surface: "UN", typ: "ORG", country: ""},
	})
	if e := entityOf(d, "Trudeau"); e != nil && strings.Contains(e.Name, "Justin") {
		t.Errorf("Trudeau resolved to %s", e.Name)
	}
}

func TestSeed002(t *testing.T) {
	d := seed(t, "002")
	checkSeed(t, d, []want{
		{surface: "Josh Earnest", typ: "PER", country: "USA", role: "spokesman", same: []string{"Earnest"}},
		{surface: "Teheran", country: "IRN"},
		{surface: "Hassan Rouhani", country: "IRN", role: "president", same: []string{"Rouhani"}},
		{surface: "David Cameron", country: "GBR", role: "prime minister", same: []string{"Cameron"}},
		{surface: "Iranian officials", typ: "ORG", country: "IRN"},
		{surface: "Barack Obama", country: "USA", role: "president"},
		{surface: "Iran", typ: "GPE", country: "IRN", same: []string{"Iranians"}},
	})
}

func TestSeed003(t *testing.T) {
	d := seed(t, "003")
	checkSeed(t, d, []want{
		{surface: "Brett McGurk", typ: "PER", country: "USA", role: "envoy", same: []string{"McGurk"}},
		{surface: "John Kerry", country: "USA", role: "secretary of state", same: []string{"Kerry"}},
		{surface: "ISIL", name: "Islamic State", country: "", same: []string{"IS", "Islamic State"}},
		{surface: "Joe Biden", country: "USA", role: "vice president"},
		{surface: "Francois Hollande", country: "FRA", role: "president", same: []string{"Hollande"}},
		{surface: "Barack Obama", country: "USA", role: "president", same: []string{"Obama"}},
		{surface: "anti-IS coalition", name: "Coalition against the Islamic State", same: []string{"U.S.-led coalition"}},
		{surface: "U.S. officials", typ: "ORG", country: "USA"},
	})
}

func TestCases(t *testing.T) {
	// Each case is a short text and surfaces that must or must not be found.
	cases := []struct {
		name, text string
		want       []want
		absent     []string
	}{
		{name: "acronym in all-caps headline", text: "THIS IS THE NEWS FROM US\n\nThe IS group attacked.",
			want: []want{{surface: "IS", name: "Islamic State"}}, absent: []string{"US"}},
		{name: "lower-case us", text: "Tell us what the US wants.",
			want: []want{{surface: "US", country: "USA", kind: "acronym"}}, absent: []string{"us"}},
		{name: "earnest adjective", text: "He made an earnest effort. Earnest efforts failed.", absent: []string{"earnest", "Earnest"}},
		{name: "surname after full name", text: "White House spokesman Josh Earnest spoke. Earnest said no.",
			want: []want{{surface: "Josh Earnest", country: "USA", role: "spokesman", same: []string{"Earnest"}}}},
		{name: "strict surname alone", text: "In May, the talks resumed.", absent: []string{"May"}},
		{name: "capital as government", text: "Moscow denied the report.",
			want: []want{{surface: "Moscow", name: "Moscow", country: "RUS", kind: "metonym"}}},
		{name: "capital as place", text: "He flew to Moscow on Monday.",
			want: []want{{surface: "Moscow", name: "Moscow", country: "RUS", typ: "GPE", kind: "name"}}},
		{name: "unknown titled person", text: "Iranian Foreign Minister Abbas Araghchi said so.",
			want: []want{{surface: "Abbas Araghchi", typ: "PER", country: "IRN", role: "foreign minister"}}},
		{name: "appositive", text: "\"No,\" said Jane Roe, a State Department spokeswoman.",
			want: []want{{surface: "Jane Roe", typ: "PER", country: "USA", role: "spokeswoman"}}},
		{name: "washington post", text: "The Washington Post reported it.", absent: []string{"Washington"}},
		{name: "possessive body", text: "Russia's foreign ministry said.",
			want: []want{{surface: "Russia's foreign ministry", typ: "ORG", country: "RUS"}}},
		{name: "demonym", text: "Russian aircraft struck.",
			want: []want{{surface: "Russian", name: "Russia", country: "RUS", kind: "demonym"}}},
		{name: "state and institution before role", text: "Jordanian government spokesman Mohammad al-Momani said so.",
			want: []want{{surface: "Mohammad al-Momani", typ: "PER", country: "JOR", role: "spokesman"}}},
		{name: "defense ministry spokesman", text: "Russian defense ministry spokesman Igor Konashenkov denied it.",
			want: []want{{surface: "Igor Konashenkov", typ: "PER", country: "RUS", role: "spokesman"}}},
		{name: "hezbollah", text: "Hezbollah fighters crossed.", want: []want{{surface: "Hezbollah", typ: "ORG", country: ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := annotate(t, c.text)
			checkSeed(t, d, c.want)
			for _, s := range c.absent {
				if e := entityOf(d, s); e != nil {
					t.Errorf("%q found as %s (%s)", s, e.Name, e.Key)
				}
			}
		})
	}
}

func TestNERTags(t *testing.T) {
	// Names the gazetteer lacks come from the tokens' entity tags.
	d := &doc.Document{Text: "Globex said Jane Roe met Acme Corp officials."}
	if err := segment.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	tags := map[string]string{"Globex": "B-ORG", "Jane": "B-PER", "Roe": "I-PER", "Acme": "B-ORG", "Corp": "I-ORG"}
	for i, tok := range d.Tokens {
		if tag, ok := tags[tok.In(d.Text)]; ok {
			d.Tokens[i].NER = tag
		} else {
			d.Tokens[i].NER = "O"
		}
	}
	if err := stage.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkSeed(t, d, []want{
		{surface: "Globex", typ: "ORG"},
		{surface: "Jane Roe", typ: "PER"},
		{surface: "Acme Corp", typ: "ORG"},
	})
}

func TestSpansValid(t *testing.T) {
	for _, p := range []string{"000", "001", "002", "003"} {
		d := seed(t, p)
		checkSpans(t, d)
	}
}

// checkSpans asserts every mention lies in the text, mentions are ordered
// and do not overlap, and ids follow first mentions.
func checkSpans(t testing.TB, d *doc.Document) {
	t.Helper()
	var all []doc.Span
	last := -1
	for i, e := range d.Entities {
		if e.ID != doc.EntityID(i) {
			t.Fatalf("entity %d has id %q", i, e.ID)
		}
		if len(e.Mentions) == 0 {
			t.Fatalf("entity %s has no mention", e.ID)
		}
		if e.Mentions[0].Start < last {
			t.Fatalf("entity %s out of order", e.ID)
		}
		last = e.Mentions[0].Start
		prev := -1
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(d.Text) || m.Empty() {
				t.Fatalf("entity %s: mention %v outside text of %d bytes", e.ID, m.Span, len(d.Text))
			}
			if m.Start < prev {
				t.Fatalf("entity %s: mentions out of order", e.ID)
			}
			prev = m.Start
			all = append(all, m.Span)
		}
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i].Overlaps(all[j]) {
				t.Fatalf("mentions %v %q and %v %q overlap", all[i], all[i].In(d.Text), all[j], all[j].In(d.Text))
			}
		}
	}
}

func FuzzProcess(f *testing.F) {
	for _, s := range []string{"", "U.S.-led coalition", "White House spokesman Sean Spicer said.",
		"Eric Pahon, a Pentagon spokesman, said", "O'Brien's", "U.S", "’s", "\xff\xfe IS", "A.B.C.D.",
		"Brett McGurk, U.S. President Barack Obama's envoy", "in Ankara, Baghdad, and Paris"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Without tokens, and with the segmenter's.
		d := &doc.Document{Text: text}
		if err := stage.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkSpans(t, d)
		d = &doc.Document{Text: text}
		_ = segment.New().Process(context.Background(), d)
		if err := stage.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkSpans(t, d)
	})
}

func BenchmarkProcess(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(seedsDir(b), "003_*.txt"))
	if len(files) == 0 {
		b.Skip("seed 003 not found")
	}
	text, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	d := &doc.Document{Text: string(text)}
	_ = segment.New().Process(context.Background(), d)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if err := stage.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadGazetteer(b *testing.B) {
	for b.Loop() {
		if _, err := actors.LoadGazetteer(); err != nil {
			b.Fatal(err)
		}
	}
}
