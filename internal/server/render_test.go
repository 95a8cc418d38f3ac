package server

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/doc"
)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain strips the markup highlight adds and unescapes the text.
func plain(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

// balanced reports whether the spans open and close in nested order.
func balanced(s string) bool {
	return strings.Count(s, "<span") == strings.Count(s, "</span>")
}

func TestHighlight(t *testing.T) {
	text := `Obama said "we will strike <b>ISIS</b>" on Monday & left.`
	at := func(s string) doc.Span {
		i := strings.Index(text, s)
		return doc.Span{Start: i, End: i + len(s)}
	}
	d := &doc.Document{Text: text,
		Entities: []doc.Entity{
			{ID: "e1", Name: "Barack Obama", Type: doc.PER, Country: "USA", Role: "president", Mentions: []doc.Mention{{Span: at("Obama")}}},
			{ID: "e2", Name: "Islamic State", Type: doc.ORG, Mentions: []doc.Mention{{Span: at("ISIS")}}},
		},
		Quotes: []doc.Quote{{Span: at(`we will strike <b>ISIS</b>`), Speaker: 0, Direct: true}},
		Times:  []doc.Time{{Span: at("Monday"), Type: doc.DATE, Value: "2014-09-08", Anchor: doc.None}},
		Events: []doc.Event{{Type: doc.ASSAULT, CAMEO: "190", Goldstein: -10, Actors: []int{0}, Recipients: []int{1},
			Date: "2014-09-08", Modality: doc.Future, Trigger: at("strike"), Span: doc.Span{Start: 0, End: len(text)},
			Source: doc.None, Quote: 0, Linked: doc.None, Time: 0}},
	}
	got := string(highlight(d))
	cases := []struct {
		name string
		want string
	}{
		{"markup in the text is escaped", "&lt;b&gt;"},
		{"ampersand escaped", "&amp; left"},
		{"entity with its codes", `class="ent ent-PER" title="PER · Barack Obama · USA · president (name)"`},
		{"time with its value", `class="timex" title="DATE = 2014-09-08"`},
		{"trigger with its codes", `title="ASSAULT CAMEO 190 Goldstein -10.0: Barack Obama → Islamic State on 2014-09-08 [future]"`},
		{"quote with its speaker", `title="said by Barack Obama"`},
		{"evidence anchor", `id="s-0"`},
	}
	for _, c := range cases {
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %s not in\n%s", c.name, c.want, got)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Error("article markup rendered as markup")
	}
	if plain(got) != text {
		t.Errorf("text changed:\n%q\n%q", plain(got), text)
	}
	if !balanced(got) {
		t.Error("unbalanced spans")
	}
}

func TestHighlightSkipsBadSpans(t *testing.T) {
	text := "Zoë met Ahmed."
	d := &doc.Document{Text: text, Entities: []doc.Entity{{Name: "x", Type: doc.PER, Mentions: []doc.Mention{
		{Span: doc.Span{Start: 2, End: 3}},   // inside the two bytes of ë
		{Span: doc.Span{Start: -1, End: 3}},  // before the text
		{Span: doc.Span{Start: 9, End: 999}}, // past the end
		{Span: doc.Span{Start: 5, End: 5}},   // empty
		{Span: doc.Span{Start: 8, End: 13}},  // Ahmed: fine
	}}}}
	got := string(highlight(d))
	if strings.Count(got, "<span") != 1 || plain(got) != text {
		t.Errorf("highlight = %s", got)
	}
}

func TestSnippet(t *testing.T) {
	got := string(snippetHTML("a <script> \x02Kobani\x03 & \x02x"))
	want := "a &lt;script&gt; <mark>Kobani</mark> &amp; <mark>x</mark>"
	if got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
}

// FuzzHighlight: whatever the text and spans, the rendering is balanced,
// shows exactly the text, and lets no markup of the text through.
func FuzzHighlight(f *testing.F) {
	f.Add("The <script>alert(1)</script> White House said.", 4, 12, 0, 5)
	f.Add("héllo wörld", 1, 3, 2, 9)
	f.Add("", 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, text string, a, b, c, e int) {
		if !utf8Valid(text) {
			return
		}
		d := &doc.Document{Text: text,
			Entities: []doc.Entity{{Name: "<i>n</i>", Type: doc.PER, Mentions: []doc.Mention{{Span: doc.Span{Start: a, End: b}}}}},
			Times:    []doc.Time{{Span: doc.Span{Start: c, End: e}, Value: `"><script>`}},
			Quotes:   []doc.Quote{{Span: doc.Span{Start: a, End: e}, Speaker: doc.None}},
			Events:   []doc.Event{{Span: doc.Span{Start: c, End: b}, Trigger: doc.Span{Start: a, End: c}, Source: doc.None, Time: doc.None, Quote: doc.None, Linked: doc.None}},
		}
		got := string(highlight(d))
		if plain(got) != text {
			t.Fatalf("text changed: %q -> %q", text, plain(got))
		}
		if !balanced(got) {
			t.Fatalf("unbalanced: %s", got)
		}
		if strings.Contains(strings.ToLower(tagRE.ReplaceAllStringFunc(got, func(tag string) string {
			if strings.HasPrefix(tag, "<span") || tag == "</span>" {
				return ""
			}
			return tag
		})), "<") {
			t.Fatalf("markup other than spans: %s", got)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
