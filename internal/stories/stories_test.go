package stories

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/doc"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"lowercase and punctuation", "The Quake, hit!", []string{"the", "quake", "hit"}},
		{"numbers keep their point and comma", "a 6.1 quake killed 1,200.", []string{"a", "6.1", "quake", "killed", "1,200"}},
		{"apostrophes join", "Canada's don’t", []string{"canadas", "dont"}},
		{"invalid UTF-8 separates", "ab\xffcd", []string{"ab", "cd"}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			words(tc.in, func(w string) { got = append(got, w) })
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTerm(t *testing.T) {
	for in, want := range map[string]string{
		"earthquakes": "earthquake", "casualties": "casualty", "the": "", "said": "", "x": "",
		"7": "7", "crisis": "crisis", "bus": "bus", "press": "press",
	} {
		if got := term(in); got != want {
			t.Errorf("term(%q) = %q, want %q", in, got, want)
		}
	}
}

const quake = `A magnitude 6.1 earthquake struck the Aegean island of Lesbos on Monday, killing three people and
destroying dozens of houses in the village of Vrisa, the Greek fire service said. Rescuers pulled a woman
from the rubble of her home in Vrisa late on Monday. The quake was felt in Izmir on the Turkish coast.`

const quake2 = `Rescuers searched the rubble of Vrisa on Lesbos on Tuesday after a 6.1 magnitude earthquake destroyed
houses in the village, the Greek fire service said. Three people died in the Aegean quake on Monday, which
was also felt across the water in Izmir.`

const otherQuake = `A magnitude 7.3 earthquake shook northern Chile near Iquique on Wednesday, cutting power to thousands
of homes in Arica and Antofagasta. The Chilean navy issued a tsunami warning for the Pacific coast, and
miners were evacuated from the Atacama copper pits, the ONEMI emergency office said.`

const summit = `The leaders of France and Germany met in Berlin on Friday to prepare the European Union budget summit,
agreeing on farm subsidies and the cohesion funds after four hours of talks at the chancellery.`

func document(path, published, text string) *doc.Document {
	return &doc.Document{Path: path, Published: published, Text: text, Hash: fmt.Sprintf("h-%s", path)}
}

func newClusterer(t testing.TB, o Options) *Clusterer {
	t.Helper()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCopiesOutOfDateOrder: a copy is found whatever the publication
// dates of the documents between it and its original, in either order of
// arrival; only the number of documents remembered bounds the search.
func TestCopiesOutOfDateOrder(t *testing.T) {
	resend := quake + "\nUpdates with the name of the village."
	for _, first := range []string{"copy", "original"} {
		c := newClusterer(t, Options{})
		a, b := document("copy", "2013-11-22", resend), document("original", "2013-11-22", quake)
		if first == "original" {
			a, b = b, a
		}
		got := []Assignment{c.Add(a)}
		// News of years later arrives between the two.
		got = append(got, c.Add(document("summit", "2020-03-02", summit)), c.Add(b))
		if got[2].DuplicateOf != a.Path || got[2].Story != got[0].Story {
			t.Errorf("%s first: the other arrived after news of 2020 and got %+v, want a copy of %s in story %s",
				first, got[2], a.Path, got[0].Story)
		}
	}
	// The same words published two weeks apart (a weekly notice under one
	// headline) are two documents, not a re-send.
	c := newClusterer(t, Options{})
	c.Add(document("week1", "2013-11-22", quake))
	if a := c.Add(document("week3", "2013-12-06", resend)); a.DuplicateOf != "" {
		t.Errorf("the same text 14 days on: %+v, want no copy", a)
	}
}

func TestStories(t *testing.T) {
	c := newClusterer(t, Options{})
	resend := quake + "\nUpdates with the name of the village."
	docs := []*doc.Document{
		document("a", "2017-06-12", quake),
		document("b", "2017-06-13", quake2),
		document("c", "2017-06-13", otherQuake),
		document("d", "2017-06-13", summit),
		document("e", "2017-06-13", resend),
		// The same Lesbos story a month on: the window has closed.
		document("f", "2017-07-20", "A month after the 6.1 magnitude earthquake on Lesbos, Vrisa is rebuilding the houses it destroyed; the Aegean quake killed three people and was felt in Izmir."),
	}
	var got []Assignment
	for _, d := range docs {
		got = append(got, c.Add(d))
	}
	// Same happening, different wording: one story.
	if got[1].Story != got[0].Story || got[1].DuplicateOf != "" {
		t.Errorf("second Lesbos report: %+v, want story %s and no duplicate", got[1], got[0].Story)
	}
	// Another earthquake and a summit are stories of their own.
	if got[2].Story == got[0].Story || !got[2].New {
		t.Errorf("Chile quake joined %s (%+v)", got[2].Story, got[2])
	}
	if got[3].Story == got[0].Story || got[3].Story == got[2].Story {
		t.Errorf("summit joined a quake story: %+v", got[3])
	}
	// A re-send is a near-duplicate of the first version.
	if got[4].DuplicateOf != "a" || got[4].DuplicateHash != "h-a" || got[4].Story != got[0].Story {
		t.Errorf("re-send: %+v, want duplicate of a in story %s", got[4], got[0].Story)
	}
	if got[5].Story == got[0].Story {
		t.Errorf("a report 5 weeks later joined the closed story %s", got[5].Story)
	}
	for i, a := range got {
		if a.Story == "" {
			t.Errorf("document %d has no story", i)
		}
	}
}

func TestDeterministic(t *testing.T) {
	run := func() []Assignment {
		c := newClusterer(t, Options{})
		var out []Assignment
		for i, text := range []string{quake, otherQuake, summit, quake2, quake, summit + " More talks follow."} {
			out = append(out, c.Add(document(fmt.Sprint(i), "2017-06-12", text)))
		}
		return out
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("two runs differ:\n%v\n%v", a, b)
	}
}

func TestEntitiesJoin(t *testing.T) {
	// Two short reports that share little wording but name the same
	// entities join; the same wording about different people does not
	// outweigh them.
	c := newClusterer(t, Options{})
	mk := func(path, text string, names ...string) *doc.Document {
		d := document(path, "2020-01-01", text)
		for _, n := range names {
			i := strings.Index(text, n)
			d.Entities = append(d.Entities, doc.Entity{Name: n, Key: "per:" + strings.ToLower(n),
				Mentions: []doc.Mention{{Span: doc.Span{Start: i, End: i + len(n)}}}})
		}
		return d
	}
	a := c.Add(mk("1", "Lindsay Lohan checked into the Betty Ford clinic in Rancho Mirage.", "Lindsay Lohan", "Betty Ford"))
	b := c.Add(mk("2", "Lindsay Lohan is back at Betty Ford, her lawyer confirmed.", "Lindsay Lohan", "Betty Ford"))
	d := c.Add(mk("3", "Tara Reid checked into the Promises clinic in Malibu.", "Tara Reid", "Promises"))
	if a.Story != b.Story {
		t.Errorf("Lohan reports split: %+v %+v", a, b)
	}
	if d.Story == a.Story {
		t.Errorf("Tara Reid joined the Lohan story")
	}
}

func TestBounded(t *testing.T) {
	c := newClusterer(t, Options{MaxStories: 50, MaxDocuments: 80})
	for i := 0; i < 2000; i++ {
		// Distinct made-up words make every document a story of its own.
		text := fmt.Sprintf("zq%dx reported alpha%d beta%d gamma%d in the town of delta%d", i, i, i, i, i)
		c.Add(document(fmt.Sprint(i), "", text))
		if c.Open() > 50 || c.Remembered() > 80 {
			t.Fatalf("after %d documents: %d stories open, %d remembered", i+1, c.Open(), c.Remembered())
		}
	}
	if n := len(c.index); n > 50*indexTerms {
		t.Errorf("index holds %d terms for at most 50 stories", n)
	}
	if n := len(c.bands); n > 80*numBands {
		t.Errorf("band index holds %d keys for at most 80 documents", n)
	}
	if len(c.exact) > 80 {
		t.Errorf("hash index holds %d entries for at most 80 documents", len(c.exact))
	}
}

func TestWindowCloses(t *testing.T) {
	c := newClusterer(t, Options{WindowDays: 3})
	c.Add(document("a", "2017-06-01", quake))
	c.Add(document("b", "2017-06-02", otherQuake))
	if c.Open() != 2 {
		t.Fatalf("%d stories open, want 2", c.Open())
	}
	c.Add(document("c", "2017-06-20", summit))
	if c.Open() != 1 {
		t.Errorf("%d stories open after 18 days, want 1", c.Open())
	}
}

func TestMinhash(t *testing.T) {
	a, ok := minhash(quake)
	if !ok {
		t.Fatal("no signature")
	}
	b, _ := minhash(quake + " Updates with casualty figures.")
	o, _ := minhash(otherQuake)
	if s := a.similarity(&a); s != 1 {
		t.Errorf("self similarity %v", s)
	}
	if s := a.similarity(&b); s < DefaultDuplicate {
		t.Errorf("lightly edited copy: similarity %v < %v", s, DefaultDuplicate)
	}
	if s := a.similarity(&o); s > 0.2 {
		t.Errorf("different stories: similarity %v", s)
	}
	if _, ok := minhash(" ,.; "); ok {
		t.Error("a text without words has a signature")
	}
	short1, _ := minhash("Shr 10 cts")
	short2, _ := minhash("Shr 12 cts")
	if s := short1.similarity(&short2); s == 1 {
		t.Error("two different short texts have the same signature")
	}
}

func TestEmptyAndHostile(t *testing.T) {
	c := newClusterer(t, Options{})
	for i, text := range []string{"", "\xff\xfe\x00", strings.Repeat("word ", 200000), strings.Repeat("x", 1<<20)} {
		a := c.Add(&doc.Document{Path: fmt.Sprint(i), Text: text, Published: "not a date"})
		if a.Story == "" {
			t.Errorf("document %d: no story", i)
		}
	}
}

func FuzzAdd(f *testing.F) {
	f.Add("Quake hits Lesbos", quake, "2017-06-12")
	f.Add("", "\xff", "")
	f.Add("x", "1,2.3.4 ,,, ..", "9999-99-99")
	f.Fuzz(func(t *testing.T, title, text, published string) {
		c := newClusterer(t, Options{MaxStories: 3, MaxDocuments: 3})
		var first Assignment
		for i := 0; i < 5; i++ {
			d := &doc.Document{Path: fmt.Sprint(i), Title: title, Text: text, Published: published}
			a := c.Add(d)
			if a.Story == "" || !utf8.ValidString(a.Story) {
				t.Fatalf("story %q", a.Story)
			}
			if i == 0 {
				first = a
				continue
			}
			// The same document again is a copy of the first, when it
			// has words at all.
			if _, ok := minhash(title + "\n" + text); ok && (a.DuplicateOf != "0" || a.Story != first.Story) {
				t.Fatalf("copy %d: %+v, want duplicate of 0 in %s", i, a, first.Story)
			}
		}
		if c.Open() > 3 || c.Remembered() > 3 {
			t.Fatalf("%d open, %d remembered", c.Open(), c.Remembered())
		}
	})
}

// TestRestoreInputIsAdd checks what lets many processes assign from one
// store: a Clusterer restored from what a store keeps (InputOf, entities
// through EncodeEntities and DecodeEntities, story ids, copies' originals)
// decides every later document as the Clusterer that added them.
func TestRestoreInputIsAdd(t *testing.T) {
	person := func(d *doc.Document, name string, pronouns int) *doc.Document {
		e := doc.Entity{Name: name, Type: doc.PER, Key: "per:" + strings.ToLower(name),
			Mentions: []doc.Mention{{Span: doc.Span{Start: 0, End: 1}}, {Span: doc.Span{Start: 2, End: 3}}}}
		for range pronouns {
			e.Mentions = append(e.Mentions, doc.Mention{Kind: doc.MentionPronoun})
		}
		d.Entities = append(d.Entities, e, doc.Entity{Name: "a spokesman", Mentions: []doc.Mention{{}}})
		return d
	}
	stream := []*doc.Document{
		person(document("a", "2017-06-12", quake), "Giorgos Kalogeropoulos", 3),
		document("b", "2017-06-12", otherQuake),
		person(document("c", "2017-06-13", quake2), "Giorgos Kalogeropoulos", 0),
		document("d", "2017-06-13", quake+"\nUpdates with the name of the village."),
		document("e", "2017-06-13", summit),
		person(document("f", "2017-06-14", quake2+" The mayor spoke."), "Maria Vrisaki", 5),
		document("g", "2017-06-14", otherQuake+" Aftershocks followed."),
		document("h", "2017-06-15", summit+" More talks follow."),
	}
	for split := 1; split < len(stream); split++ {
		added := newClusterer(t, Options{})
		restored := newClusterer(t, Options{})
		for _, d := range stream[:split] {
			in := InputOf(d)
			a := added.AddInput(in)
			kept := Input{Path: in.Path, Hash: in.Hash, Title: in.Title, Text: in.Text, Published: in.Published}
			if err := Decode(Encode(in), &kept); err != nil {
				t.Fatal(err)
			}
			restored.RestoreInput(kept, a.Story, a.DuplicateHash)
		}
		for _, d := range stream[split:] {
			a, b := added.Add(d), restored.Add(d)
			if a != b {
				t.Errorf("after %d documents restored, %s: added %+v, restored %+v", split, d.Path, a, b)
			}
		}
	}
}

func TestDateValue(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Calendar dates, whole or in part.
		{"2008-12-04", "2008-12-04"},
		{"2008-12-04T10:00", "2008-12-04"},
		{"XXXX-08-29", "XXXX-08-29"},
		{"2008-12", "2008-12"},
		{"2008", "2008"},
		// Nothing on the calendar.
		{"XXXX-XX-XX", ""},
		{"XXXX", ""},
		{"P2D", ""},
		{"PRESENT_REF", ""},
		{"2008-W23", ""},
		{"", ""},
		{"2008-12-04-05", ""},
	} {
		if got := dateValue(c.in); got != c.want {
			t.Errorf("dateValue(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if y, m, d := splitDate("XXXX-08-29"); y != "" || m != "08" || d != "29" {
		t.Errorf("splitDate(XXXX-08-29) = %q %q %q", y, m, d)
	}
}

// FuzzDecode feeds Decode what a damaged store row could hold: it never
// panics, keeps only usable entities, and what Encode writes of the result
// decodes to the same.
func FuzzDecode(f *testing.F) {
	f.Add(`{"e":[{"k":"per:a","n":"A","t":"PER","m":2,"a":3}],"d":["2008-12-04"],"v":["AGREE"],"p":[1]}`)
	f.Add(`[]`)
	f.Add(`{"e":[{"k":"","m":1},{"k":"x","m":0}]}`)
	f.Add(`{"e":null}`)
	f.Fuzz(func(t *testing.T, s string) {
		var in Input
		if err := Decode(s, &in); err != nil {
			return
		}
		for _, e := range in.Entities {
			if e.Key == "" || e.Names <= 0 {
				t.Fatalf("Decode kept an unusable entity %+v", e)
			}
		}
		var again Input
		if err := Decode(Encode(in), &again); err != nil {
			t.Fatal(err)
		}
		if Encode(again) != Encode(in) {
			t.Fatalf("round trip: %s != %s", Encode(again), Encode(in))
		}
		c := newClusterer(t, Options{})
		in.Text = "Rescuers searched the rubble."
		c.AddInput(in)
	})
}

// TestNamesPerson: a person keyed by full name in one document and by
// surname only in another is named by both; a gazetteer key has no surname.
func TestNamesPerson(t *testing.T) {
	v := vector{terms: []string{"@!sarah palin", "church", "kroon", "palin"}}
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"sarah palin", true},        // the entity itself
		{"per:surname:palin?", true}, // its surname is a word of v
		{"per:surname:kroon?", true}, // a surname v names as a word
		{"larry kroon", true},        // a full name whose surname v holds
		{"bill mcallister", false},   // not named
		{"per:surname:mcallister?", false},
		{"USA.GOV", false}, // a gazetteer key: no surname
		{"loc:church", false},
	} {
		if got := namesPerson(v, tc.key); got != tc.want {
			t.Errorf("namesPerson(%q) = %v, want %v", tc.key, got, tc.want)
		}
	}
}
