package geo_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/geo"
	"sitrep/internal/pipeline"
	"sitrep/internal/segment"
	"sitrep/internal/shared"
)

func annotate(t *testing.T, text string) *doc.Document {
	t.Helper()
	d := &doc.Document{Path: "t.txt", Raw: []byte(text), IsRaw: true, Format: doc.FormatText}
	if err := pipeline.Standard().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

// seedDocs annotates the seed articles once for every test of the package
// that reads them (the tests only read the documents).
func seedDocs(t *testing.T) []*doc.Document {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(shared.RequireSeeds(t), "*.txt"))
	seeds.once.Do(func() {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				seeds.err = err
				return
			}
			d := &doc.Document{Path: f, Raw: b, Format: doc.FormatText}
			if err := pipeline.Standard().Process(context.Background(), d); err != nil {
				seeds.err = err
				return
			}
			seeds.docs = append(seeds.docs, d)
		}
	})
	if seeds.err != nil {
		t.Fatal(seeds.err)
	}
	return seeds.docs
}

var seeds struct {
	once sync.Once
	docs []*doc.Document
	err  error
}

func entityNamed(d *doc.Document, name string) *doc.Entity {
	for i := range d.Entities {
		for _, m := range d.Entities[i].Mentions {
			if m.In(d.Text) == name {
				return &d.Entities[i]
			}
		}
	}
	return nil
}

// TestResolve checks places whose country the name alone gets wrong: the
// containment and the other places of the document decide.
func TestResolve(t *testing.T) {
	cases := []struct {
		text, name, country, admin1 string
	}{
		{"Police in Alexandria, Va., arrested a man on Tuesday after a chase through the city.", "Alexandria", "USA", "Virginia"},
		{"The county fair in Paris, Texas, drew large crowds this weekend.", "Paris", "USA", "Texas"},
		{"Russian jets struck rebel positions near Aleppo on Monday, activists in Syria said.", "Aleppo", "SYR", ""},
		{"Fighting continued in Aleppo and Idlib on Monday.", "Aleppo", "SYR", ""},
	}
	for _, c := range cases {
		d := annotate(t, c.text)
		e := entityNamed(d, c.name)
		if e == nil {
			t.Errorf("%q: no entity %s", c.text, c.name)
			continue
		}
		if e.Geo == nil {
			t.Errorf("%q: %s unresolved", c.text, c.name)
			continue
		}
		if e.Geo.Country != c.country || c.admin1 != "" && e.Geo.Admin1 != c.admin1 || e.Country != c.country {
			t.Errorf("%q: %s resolved to %+v (entity country %s), want %s %s", c.text, c.name, *e.Geo, e.Country, c.country, c.admin1)
		}
		if e.Geo.Lat == 0 && e.Geo.Lon == 0 || e.Geo.GeonameID == 0 {
			t.Errorf("%q: %s has no point or id: %+v", c.text, c.name, *e.Geo)
		}
	}
}

// TestEventPlaces checks the place of events whose clause states it.
func TestEventPlaces(t *testing.T) {
	cases := []struct{ text, trigger, place string }{
		{"The coalition has been bombing IS positions in Syria for more than a year.", "bombing", "Syria"},
		{"Putin and Erdogan met in Moscow on Tuesday to discuss the war.", "met", "Moscow"},
	}
	for _, c := range cases {
		d := annotate(t, c.text)
		found := false
		for _, ev := range d.Events {
			if !strings.Contains(ev.Trigger.In(d.Text), c.trigger) {
				continue
			}
			found = true
			var name string
			for _, e := range d.Entities {
				if e.ID == ev.Place {
					name = e.Name
				}
			}
			if name != c.place {
				t.Errorf("%q: event %s placed at %q (%s), want %s", c.text, ev.Type, name, ev.Place, c.place)
			}
		}
		if !found {
			t.Logf("%q: the events stage coded no event at %q; nothing to place", c.text, c.trigger)
		}
	}
}

// TestSeedPlaces checks the seed articles: every event whose sentence
// says "in Syria" or "in Washington" right after its trigger's phrase has a
// place.
func TestSeedPlaces(t *testing.T) {
	want := map[string]string{"air strikes in Syria": "Syria", "meeting in Washington": "Washington",
		"bombing IS positions in Syria": "Syria", "in Russia for talks": "Russia"}
	seen := map[string]bool{}
	for _, d := range seedDocs(t) {
		for _, ev := range d.Events {
			sent := ev.In(d.Text)
			for phrase, place := range want {
				i := strings.Index(sent, phrase)
				if i < 0 || !strings.Contains(phrase, strings.Fields(ev.Trigger.In(d.Text) + " x")[0]) {
					continue
				}
				seen[phrase] = true
				got := ""
				for _, e := range d.Entities {
					if e.ID == ev.Place {
						got = e.Name
					}
				}
				if got != place {
					t.Errorf("%s: %s %q in %q: place %q, want %s", filepath.Base(d.Path), ev.Type, ev.Trigger.In(d.Text), sent, got, place)
				}
			}
		}
	}
	if len(seen) < 2 {
		t.Errorf("only %d of the seed phrases met an event: %v", len(seen), seen)
	}
}

// TestBadInput runs the stage on documents with nothing to resolve and on
// entities whose spans lie outside the text.
func TestBadInput(t *testing.T) {
	s := geo.New()
	for _, d := range []*doc.Document{
		{},
		{Text: "x", Entities: []doc.Entity{{ID: "e1", Name: "Paris", Type: doc.GPE, Mentions: []doc.Mention{{Span: doc.Span{Start: 5, End: 90}}}}},
			Events: []doc.Event{{Type: doc.ASSAULT, Recipients: []int{0, 7, -1}, Span: doc.Span{Start: 0, End: 1}}}},
		{Text: "\xff\xfe in Paris", Entities: []doc.Entity{{ID: "e1", Name: "\xff", Type: doc.LOC, Key: "geonames:abc",
			Mentions: []doc.Mention{{Span: doc.Span{Start: 6, End: 11}}}}}},
	} {
		if err := s.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("São Paulo's")
	f.Add("W.Va.")
	f.Fuzz(func(t *testing.T, s string) {
		n := geo.Normalize(s)
		if geo.Normalize(n) != n && !strings.HasPrefix(n, "the ") {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, n, geo.Normalize(n))
		}
	})
}

// TestSeedEventsStatePlaces checks every event of the seed articles whose
// clause states a place ("strikes in Syria", "met in Washington", "near
// Aleppo"): an event has a resolved place (with geo) when a GPE or LOC name
// right after "in", "near" or "at" (or "in the") belongs to the event's own
// clause in the parse: the nearest verb or event trigger above the name
// is the event's trigger, or the name governs the trigger ("in New York,
// where Cameron will ask for help"). A place in another event's clause
// ("the coalition fighting IS in Syria ... told them they must") is not
// the event's.
func TestSeedEventsStatePlaces(t *testing.T) {
	stated := 0
	for _, d := range seedDocs(t) {
		triggers := map[int]bool{}
		for _, ev := range d.Events {
			triggers[d.TokenAt(ev.Trigger.Start)] = true
		}
		for _, ev := range d.Events {
			clause := statedPlace(d, ev, triggers)
			if clause == "" {
				continue
			}
			stated++
			var place *doc.Entity
			for i := range d.Entities {
				if d.Entities[i].ID == ev.Place {
					place = &d.Entities[i]
				}
			}
			switch {
			case place == nil:
				t.Errorf("%s: %s %q states %q but has no place, in %q", filepath.Base(d.Path), ev.Type, ev.Trigger.In(d.Text), clause, ev.In(d.Text))
			case place.Geo == nil:
				t.Errorf("%s: %s %q: place %s %q has no geo", filepath.Base(d.Path), ev.Type, ev.Trigger.In(d.Text), place.ID, place.Name)
			}
		}
	}
	if stated < 5 {
		t.Errorf("only %d seed events state a place: the test checks too little", stated)
	}
	t.Logf("%d seed events state a place", stated)
}

// statedPlace returns "in X" when a name X of a GPE or LOC entity right
// after "in", "near" or "at" (optionally "the") lies in event ev's clause,
// else "".
func statedPlace(d *doc.Document, ev doc.Event, triggers map[int]bool) string {
	trig := d.TokenAt(ev.Trigger.Start)
	if trig < 0 {
		return ""
	}
	for _, e := range d.Entities {
		if e.Type != doc.GPE && e.Type != doc.LOC {
			continue
		}
		for _, m := range e.Mentions {
			if m.Kind != doc.MentionName || !ev.Span.Contains(m.Span) {
				continue
			}
			t := d.TokenAt(m.Start) - 1
			if t >= 0 && strings.EqualFold(d.Tokens[t].In(d.Text), "the") {
				t--
			}
			if t < 0 {
				continue
			}
			p := strings.ToLower(d.Tokens[t].In(d.Text))
			if p != "in" && p != "near" && p != "at" {
				continue
			}
			// The name's last token, then up its heads to the first verb
			// or trigger.
			h := d.TokenAt(m.End - 1)
			for k := d.TokenAt(m.Start); k >= 0 && k < h; k++ {
				if hd := d.Tokens[k].Head; hd < d.TokenAt(m.Start) || hd > h {
					h = k
					break
				}
			}
			above := -1
			for a, steps := d.Tokens[h].Head, 0; a >= 0 && a < len(d.Tokens) && steps < 20; a, steps = d.Tokens[a].Head, steps+1 {
				if triggers[a] || d.Tokens[a].UPOS == "VERB" {
					above = a
					break
				}
				if d.Tokens[a].Head == a {
					break
				}
			}
			below := false
			for a, steps := trig, 0; a >= 0 && a < len(d.Tokens) && steps < 6; a, steps = d.Tokens[a].Head, steps+1 {
				if a == h {
					below = true
					break
				}
				if d.Tokens[a].Head == a {
					break
				}
			}
			if above == trig || below {
				return p + " " + m.In(d.Text)
			}
		}
	}
	return ""
}

// FuzzRecognise runs segmentation and the geo stage (recogniser included)
// on any text with one place entity: no panic, every mention inside the
// text and in order, entity ids unique, and the toponyms the stage adds
// overlapping no other place mention.
func FuzzRecognise(f *testing.F) {
	for _, s := range []string{"Police in Gainesville, Fla., said the Gainesville Police Department would help.",
		"Officials in B.C. and Alberta met in Ottawa. The U.S. Ambassador visited Aleppo.", "", "A of Of of B",
		"\xff\xfe In Paris. PARIS OF TEXAS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := &doc.Document{Text: text}
		if err := segment.New().Process(context.Background(), d); err != nil {
			t.Skip()
		}
		if i := strings.Index(text, "Paris"); i >= 0 {
			d.Entities = []doc.Entity{{ID: "e1", Name: "Paris", Type: doc.GPE,
				Mentions: []doc.Mention{{Span: doc.Span{Start: i, End: i + 5}}}}}
		}
		if err := geo.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		var places []doc.Span
		for _, e := range d.Entities {
			if ids[e.ID] {
				t.Fatalf("id %s twice", e.ID)
			}
			ids[e.ID] = true
			for k, m := range e.Mentions {
				if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
					t.Fatalf("%s: mention %v outside the text of %d bytes", e.ID, m.Span, len(text))
				}
				if k > 0 && m.Start < e.Mentions[k-1].Start {
					t.Fatalf("%s: mentions out of order", e.ID)
				}
				for _, p := range places {
					if p.Overlaps(m.Span) {
						t.Fatalf("%s: mention %v overlaps the place mention %v", e.ID, m.Span, p)
					}
				}
			}
			for _, m := range e.Mentions {
				places = append(places, m.Span)
			}
		}
	})
}

// FuzzParseRecogniser checks that reading recogniser weights never panics
// and that what it reads, written again, reads back the same.
func FuzzParseRecogniser(f *testing.F) {
	f.Add("# c\nthreshold -4\nw=paris\t1.5\nbias\t-0.25\n")
	f.Add("threshold x\n")
	f.Add("a\tb\tc\n")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := geo.ParseRecogniser(s)
		if err != nil {
			return
		}
		back, err := geo.ParseRecogniser(r.Format("again"))
		if err != nil {
			t.Fatalf("re-reading %q: %v", r.Format("again"), err)
		}
		if back.Threshold != r.Threshold && !(math.IsNaN(back.Threshold) && math.IsNaN(r.Threshold)) {
			t.Fatalf("threshold %v read back as %v", r.Threshold, back.Threshold)
		}
	})
}
