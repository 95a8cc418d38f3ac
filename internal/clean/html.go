package clean

import (
	"bytes"
	"net/url"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"sitrep/internal/doc"
)

// cleanHTML extracts the main text of an HTML page with go-trafilatura and
// copies its metadata into the document's empty fields. A page too big or
// too deeply nested for the extractor, or one it finds no text in, has its
// text taken by a tag stripper and cleaned as plain text.
func (c *Cleaner) cleanHTML(d *doc.Document) {
	raw := d.Raw
	ok := true
	if len(raw) > c.o.MaxHTMLBytes {
		d.AddProblem(c.Name(), "HTML page of %d bytes is larger than %d: text taken without the extractor",
			len(raw), c.o.MaxHTMLBytes)
		ok = false
	} else if depth, elems := scanHTML(raw); depth > c.o.MaxDepth || elems > c.o.MaxElements {
		d.AddProblem(c.Name(), "HTML page nested %d deep with %d elements: text taken without the extractor",
			depth, elems)
		ok = false
	}
	if ok {
		opts := trafilatura.Options{
			EnableFallback:  !c.o.NoFallback,
			ExcludeComments: true,
			Focus:           trafilatura.Balanced,
			HtmlDateMode:    trafilatura.Extensive,
		}
		if c.o.FastDates {
			opts.HtmlDateMode = trafilatura.Fast
		}
		// The page's own address helps date it (/2017/01/24/ in a path)
		// when its markup names none.
		if u, err := url.Parse(d.URL); err == nil && u.IsAbs() && (u.Scheme == "http" || u.Scheme == "https") {
			opts.OriginalURL = u
		}
		res, err := trafilatura.Extract(bytes.NewReader(raw), opts)
		if err != nil {
			d.AddProblem(c.Name(), "extractor: %v", err)
		} else {
			m := res.Metadata
			if d.Title == "" {
				d.Title = normSpace(m.Title)
			}
			if d.URL == "" {
				d.URL = m.URL
			}
			if d.Outlet == "" {
				d.Outlet = normSpace(m.Sitename)
			}
			if d.Published == "" && !m.Date.IsZero() {
				d.Published = m.Date.Format("2006-01-02")
				if t := m.Date.Format("15:04"); t != "00:00" && d.PublishedTime == "" {
					d.PublishedTime = t
				}
			}
			text := res.ContentText
			if res.ContentNode != nil {
				var b strings.Builder
				nodeText(&b, res.ContentNode)
				text = b.String()
			}
			d.Text = paragraphs(text)
			if d.Title != "" {
				d.Text = dropLeadingTitle(d.Text, d.Title)
			}
		}
	}
	if d.Text == "" {
		title, text := stripTags(raw)
		if d.Title == "" {
			d.Title = title
		}
		r := c.cleanText(text, d.Title)
		if d.Title == "" {
			d.Title = r.title
		}
		d.Text = r.text()
	}
}

// dropLeadingTitle removes a first paragraph that repeats the headline.
func dropLeadingTitle(text, title string) string {
	first, rest, _ := strings.Cut(text, "\n\n")
	if normKey(first) == normKey(normSpace(title)) {
		return rest
	}
	return text
}

// voidElements never have content, so they do not nest.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true,
}

// autoClosed elements are closed by the parser when a sibling starts, so
// unclosed ones do not nest either.
var autoClosed = map[string]bool{
	"p": true, "li": true, "td": true, "th": true, "tr": true, "option": true, "dt": true, "dd": true,
}

// scanHTML estimates, in one pass of the tokenizer, how deep the page's
// elements nest and how many there are.
func scanHTML(b []byte) (depth, elements int) {
	z := html.NewTokenizer(bytes.NewReader(b))
	z.SetMaxBuf(0)
	cur := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return depth, elements
		case html.StartTagToken:
			elements++
			name, _ := z.TagName()
			if voidElements[string(name)] || autoClosed[string(name)] {
				continue
			}
			cur++
			depth = max(depth, cur)
		case html.EndTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] && !autoClosed[string(name)] && cur > 0 {
				cur--
			}
		case html.SelfClosingTagToken:
			elements++
		}
	}
}

// blockElements start a new line in stripped text.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "table": true, "section": true,
	"article": true, "header": true, "footer": true, "nav": true, "aside": true, "blockquote": true,
	"pre": true, "figure": true, "figcaption": true, "main": true, "dt": true, "dd": true, "hr": true,
	"title": true, "form": true, "address": true, "td": true, "th": true,
}

// skipElements hold no readable text.
var skipElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true,
	"iframe": true, "object": true, "canvas": true, "select": true, "button": true,
}

// stripTags takes the text of an HTML page with a streaming tokenizer, so
// it is linear in the page's size whatever its shape: block elements become
// paragraph breaks, scripts and styles are dropped. It returns the page's
// <title> too.
func stripTags(b []byte) (title, text string) {
	z := html.NewTokenizer(bytes.NewReader(b))
	var out strings.Builder
	var tb strings.Builder
	skip := 0
	inTitle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return normSpace(tb.String()), out.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "title" && tt == html.StartTagToken {
				inTitle = true
			}
			if skipElements[n] && tt == html.StartTagToken {
				skip++
			}
			if blockElements[n] {
				out.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "title" {
				inTitle = false
			}
			if skipElements[n] && skip > 0 {
				skip--
			}
			if blockElements[n] {
				out.WriteString("\n\n")
			}
		case html.TextToken:
			if inTitle {
				tb.Write(z.Text())
				continue
			}
			if skip == 0 {
				out.Write(z.Text())
			}
		}
	}
}

// inlineElements continue the paragraph they are in; every other element
// starts and ends a paragraph.
var inlineElements = map[string]bool{
	"a": true, "b": true, "i": true, "em": true, "strong": true, "span": true, "u": true, "sub": true,
	"sup": true, "code": true, "hi": true, "abbr": true, "cite": true, "q": true, "small": true,
	"mark": true, "s": true, "del": true, "ins": true, "time": true, "font": true, "ref": true,
	"label": true, "kbd": true, "var": true, "bdi": true, "bdo": true, "dfn": true, "data": true,
}

// nodeText writes the text under n with a line break around every block
// element, so that paragraphs can be told apart.
func nodeText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if n.Data == "br" || n.Data == "lb" {
			b.WriteByte('\n')
			return
		}
		if n.Data == "script" || n.Data == "style" {
			return
		}
	}
	block := n.Type == html.ElementNode && !inlineElements[n.Data]
	if block {
		b.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		nodeText(b, c)
	}
	if block {
		b.WriteByte('\n')
	}
}
