// Package clean turns a document's raw input into its clean body text: the
// story's paragraphs, separated by blank lines, with menus, share widgets,
// captions repeated twice, credits, copyright lines and footers removed,
// and the headline taken out into the document's Title.
//
// HTML goes through go-trafilatura, whose metadata (title, date, site name,
// URL) also fills the document's empty fields. Plain text scraped from web
// pages goes through a cleaner that tells the story from the page around it
// by general signals (see text.go). Input marked IsRaw is kept byte for
// byte.
package clean

import (
	"context"
	"strings"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// Defaults for Options' limits.
const (
	DefaultMaxHTMLBytes = 8 << 20
	DefaultMaxDepth     = 512
	DefaultMaxElements  = 300_000
)

// Options configures the clean stage. The zero value works.
type Options struct {
	// MaxHTMLBytes is the largest HTML page handed to the extractor; a
	// larger page has its text taken by a simple tag stripper instead.
	// 0 means DefaultMaxHTMLBytes.
	MaxHTMLBytes int
	// MaxDepth and MaxElements bound the element nesting and count of an
	// HTML page handed to the extractor; hostile pages beyond them go to
	// the tag stripper. 0 means DefaultMaxDepth, DefaultMaxElements.
	MaxDepth    int
	MaxElements int
	// NoFallback turns off the extractor's fallback algorithms
	// (readability, DOM distiller): faster, a little less accurate.
	NoFallback bool
	// MaxTextBytes caps the clean text of one document; a longer text is
	// cut at the last paragraph (or line) break before the cap, with a
	// problem. It bounds the memory and time of every later stage: a news
	// article is a few kilobytes, and the cap is hundreds of times that.
	// 0 means DefaultMaxTextBytes.
	MaxTextBytes int
	// FastDates skips go-htmldate's free-text date search on pages whose
	// markup states no publication date: faster, fewer pages dated (0.868
	// against 0.910 on htmldate's evaluation pages, docs/ACCURACY.md).
	FastDates bool
}

// DefaultMaxTextBytes is the text cap when Options.MaxTextBytes is 0.
const DefaultMaxTextBytes = 1 << 20

// Cleaner is the clean stage. It is safe for concurrent use.
type Cleaner struct {
	o   Options
	lex *lexicon
}

// New returns the clean stage.
func New(o Options) *Cleaner {
	if o.MaxHTMLBytes <= 0 {
		o.MaxHTMLBytes = DefaultMaxHTMLBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxElements <= 0 {
		o.MaxElements = DefaultMaxElements
	}
	return &Cleaner{o: o, lex: parseLexicon(boilerplateData)}
}

// Name is "clean".
func (c *Cleaner) Name() string { return "clean" }

// Process sets d.Text from d.Raw (and, unless d.IsRaw, fills an empty Title
// and what HTML metadata gives of URL, Outlet and Published). A document
// that already has Text is left alone. Invalid UTF-8 is repaired with
// U+FFFD and reported. Process never returns an error: whatever cannot be
// recovered becomes a problem and an empty Text.
func (c *Cleaner) Process(ctx context.Context, d *doc.Document) error {
	if d.Text != "" || len(d.Raw) == 0 {
		return nil
	}
	max := c.o.MaxTextBytes
	if max <= 0 {
		max = DefaultMaxTextBytes
	}
	if d.IsRaw {
		d.Text = c.capText(d, c.valid(d, d.Raw), max)
		return nil
	}
	switch d.Format {
	case doc.FormatHTML:
		c.cleanHTML(d)
		d.Text = c.capText(d, d.Text, max)
	default:
		// Cut before cleaning too (with room for the boilerplate cleaning
		// removes), so that cleaning itself stays bounded.
		text := c.valid(d, d.Raw)
		if len(text) > 2*max {
			text = c.capText(d, text, 2*max)
		}
		r := c.cleanText(text, d.Title)
		if d.Title == "" {
			d.Title = r.title
		}
		d.Text = c.capText(d, r.text(), max)
	}
	if d.Text == "" {
		d.AddProblem(c.Name(), "no body text found")
	}
	return nil
}

// capText cuts s to at most max bytes at the last paragraph break, line
// break or rune boundary before the cap, recording a problem when it cuts.
func (c *Cleaner) capText(d *doc.Document, s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndex(s[:max], "\n\n")
	if cut < max/2 {
		cut = strings.LastIndexByte(s[:max], '\n')
	}
	if cut < max/2 {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	d.AddProblem(c.Name(), "text of %d bytes cut to its first %d bytes (the cap is %d)", len(s), cut, max)
	return s[:cut]
}

// valid returns b as a string, repairing invalid UTF-8 (each bad byte
// becomes U+FFFD) and recording a problem when it does.
func (c *Cleaner) valid(d *doc.Document, b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b) + 16)
	first := -1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if first < 0 {
				first = i
			}
			out.WriteString("\uFFFD")
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	d.AddProblem(c.Name(), "invalid UTF-8 at byte %d: repaired with U+FFFD", first)
	return out.String()
}

// Text cleans plain text scraped from a web page and returns its headline
// ("" if none was found, or title when that is not "") and its body:
// paragraphs separated by blank lines. Cleaning is idempotent:
// Text(body, headline) returns body and headline again.
func (c *Cleaner) Text(s, title string) (headline, body string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	r := c.cleanText(s, title)
	return r.title, r.text()
}

// paragraphs normalises extracted text into paragraphs separated by blank
// lines, dropping a paragraph that repeats the one before it.
func paragraphs(s string) string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		t := normSpace(l)
		if t == "" || len(out) > 0 && out[len(out)-1] == t {
			continue
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n\n")
}
