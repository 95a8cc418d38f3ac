package server

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// mark is one highlighted span of an article.
type mark struct {
	doc.Span
	// layer orders nesting: outer layers (sentences) open first.
	layer int
	class string
	title string
	// id is set on the first element of the mark, for links into the page.
	id string
	// titleOnce puts the title on the first element only.
	titleOnce bool
}

// Layers, outermost first.
const (
	layerSentence = iota
	layerQuote
	layerWord
)

// highlight renders d.Text as HTML with its annotations as <span> elements
// carrying their codes and resolved values in title attributes (shown on
// hover). Every piece of text and every attribute is escaped here; the
// result is safe to insert as template.HTML. Overlapping annotations are
// split at each other's boundaries so that the elements always nest.
func highlight(d *doc.Document) template.HTML {
	marks := annotationMarks(d)
	text := d.Text
	valid := marks[:0]
	for _, m := range marks {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		valid = append(valid, m)
	}
	marks = valid
	cuts := []int{0, len(text)}
	for _, m := range marks {
		cuts = append(cuts, m.Start, m.End)
	}
	sort.Ints(cuts)
	sort.SliceStable(marks, func(i, j int) bool {
		a, b := marks[i], marks[j]
		if a.layer != b.layer {
			return a.layer < b.layer
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	var b strings.Builder
	b.Grow(len(text) * 2)
	used := map[string]bool{}
	titled := map[int]bool{}
	var active []mark
	for i := 0; i+1 < len(cuts); i++ {
		lo, hi := cuts[i], cuts[i+1]
		if lo == hi {
			continue
		}
		active = active[:0]
		for i, m := range marks {
			if m.Start <= lo && hi <= m.End {
				if m.titleOnce {
					if titled[i] {
						m.title = ""
					}
					titled[i] = true
				}
				active = append(active, m)
			}
		}
		for _, m := range active {
			b.WriteString(`<span class="`)
			b.WriteString(html.EscapeString(m.class))
			b.WriteString(`"`)
			if m.id != "" && !used[m.id] {
				used[m.id] = true
				b.WriteString(` id="`)
				b.WriteString(html.EscapeString(m.id))
				b.WriteString(`"`)
			}
			if m.title != "" {
				b.WriteString(` title="`)
				b.WriteString(html.EscapeString(m.title))
				b.WriteString(`"`)
			}
			b.WriteString(`>`)
		}
		b.WriteString(html.EscapeString(text[lo:hi]))
		for range active {
			b.WriteString(`</span>`)
		}
	}
	return template.HTML(b.String())
}

// boundary reports whether byte offset i of s starts a character (or is
// the end).
func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// annotationMarks turns the layers of d into marks.
func annotationMarks(d *doc.Document) []mark {
	var marks []mark
	name := func(i int) string {
		if i < 0 || i >= len(d.Entities) {
			return ""
		}
		e := d.Entities[i]
		if e.Type == doc.GPE && e.Country != "" {
			return e.Country
		}
		return e.Name
	}
	names := func(ix []int) string {
		var out []string
		for _, i := range ix {
			if n := name(i); n != "" {
				out = append(out, n)
			}
		}
		if len(out) == 0 {
			return "?"
		}
		return strings.Join(out, "+")
	}
	// Evidence sentences: one mark per sentence, listing its events.
	bySentence := map[doc.Span][]string{}
	var sentences []doc.Span
	for _, e := range d.Events {
		desc := eventTitle(e, names)
		if _, ok := bySentence[e.Span]; !ok {
			sentences = append(sentences, e.Span)
		}
		bySentence[e.Span] = append(bySentence[e.Span], desc)
		if !e.Trigger.Empty() {
			class := "trigger"
			switch {
			case e.Goldstein > 0:
				class += " coop"
			case e.Goldstein < 0:
				class += " conf"
			}
			marks = append(marks, mark{Span: e.Trigger, layer: layerWord, class: class, title: desc})
		}
	}
	for _, s := range sentences {
		marks = append(marks, mark{Span: s, layer: layerSentence, class: "evidence",
			title: strings.Join(bySentence[s], "\n"), id: fmt.Sprintf("s-%d", s.Start), titleOnce: true})
	}
	for _, q := range d.Quotes {
		class, how := "quote", "said"
		if !q.Direct {
			class, how = "quote reported", "reported speech"
		}
		who := "unknown speaker"
		if q.Speaker >= 0 && q.Speaker < len(d.Entities) {
			who = d.Entities[q.Speaker].Name
		}
		marks = append(marks, mark{Span: q.Span, layer: layerQuote, class: class, title: how + " by " + who})
	}
	for _, e := range d.Entities {
		var t []string
		t = append(t, string(e.Type), e.Name)
		if e.Country != "" {
			t = append(t, e.Country)
		}
		if e.Role != "" {
			t = append(t, e.Role)
		}
		if e.Sector != "" {
			t = append(t, e.Sector)
		}
		for _, m := range e.Mentions {
			marks = append(marks, mark{Span: m.Span, layer: layerWord, class: "ent ent-" + string(e.Type),
				title: strings.Join(t, " · ") + " (" + m.Kind.String() + ")"})
		}
	}
	for _, t := range d.Times {
		title := string(t.Type) + " = " + t.Value
		if t.Mod != "" {
			title += " (" + t.Mod + ")"
		}
		marks = append(marks, mark{Span: t.Span, layer: layerWord, class: "timex", title: title})
	}
	return marks
}

// eventTitle describes an event in one line.
func eventTitle(e doc.Event, names func([]int) string) string {
	var b strings.Builder
	b.WriteString(string(e.Type))
	if e.Mode != "" {
		b.WriteString("/" + e.Mode)
	}
	if e.CAMEO != "" {
		b.WriteString(" CAMEO " + e.CAMEO)
	}
	fmt.Fprintf(&b, " Goldstein %+.1f: %s → %s", e.Goldstein, names(e.Actors), names(e.Recipients))
	if e.Date != "" {
		b.WriteString(" on " + e.Date)
	}
	if e.Negated {
		b.WriteString(" [negated]")
	}
	if e.Modality != "" {
		b.WriteString(" [" + string(e.Modality) + "]")
	}
	return b.String()
}

// snippetHTML renders a search snippet, escaping the text and turning the
// store's match markers into <mark> elements.
func snippetHTML(s string) template.HTML {
	var b strings.Builder
	open := false
	for len(s) > 0 {
		i := strings.IndexAny(s, "\x02\x03")
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		switch {
		case s[i] == '\x02' && !open:
			b.WriteString("<mark>")
			open = true
		case s[i] == '\x03' && open:
			b.WriteString("</mark>")
			open = false
		}
		s = s[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}
