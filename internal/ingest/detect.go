package ingest

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// sniffLen is how much of an input Detect and the binary check look at.
const sniffLen = 64 << 10

// Detect tells the format of an input from its first bytes (at most 64 KiB
// are looked at): HTML when it opens like a page (doctype, <html>, <head>,
// <body>) or is dense with HTML tags; JSON Lines when its first non-blank
// lines are JSON objects and one of them has a "text" field; plain text
// otherwise. It never returns FormatUnknown.
func Detect(b []byte) doc.Format {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	if looksJSONL(b) {
		return doc.FormatJSONL
	}
	if looksHTML(b) {
		return doc.FormatHTML
	}
	return doc.FormatText
}

var utf8BOM = []byte("\xef\xbb\xbf")

// looksJSONL reports whether the first non-blank lines of b (up to five)
// all start with '{' and at least one complete one decodes as an object
// with a "text" field. A last line cut off by the sniff window is not held
// against the input.
func looksJSONL(b []byte) bool {
	seen, withText := 0, false
	for len(b) > 0 && seen < 5 {
		line := b
		complete := false
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b, complete = b[:i], b[i+1:], true
		} else {
			b = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' {
			return false
		}
		seen++
		if !complete && seen > 1 {
			break
		}
		var rec map[string]json.RawMessage
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		if _, ok := rec["text"]; ok {
			withText = true
		}
	}
	return withText
}

// htmlOpeners are how an HTML page starts, after blanks and comments.
var htmlOpeners = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<?xml"), []byte("<meta"), []byte("<title"),
}

// htmlTags are tag names counted for tag density.
var htmlTags = map[string]bool{
	"a": true, "p": true, "div": true, "span": true, "br": true, "li": true, "ul": true, "ol": true,
	"table": true, "tr": true, "td": true, "th": true, "img": true, "script": true, "style": true,
	"meta": true, "link": true, "section": true, "article": true, "header": true, "footer": true,
	"nav": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "b": true,
	"i": true, "em": true, "strong": true, "form": true, "input": true, "iframe": true, "body": true,
	"html": true, "head": true, "title": true, "figure": true, "main": true, "blockquote": true,
}

// looksHTML reports whether b opens like an HTML document, or holds many
// known HTML tags for its size.
func looksHTML(b []byte) bool {
	start := bytes.TrimLeft(b, " \t\r\n\f")
	for bytes.HasPrefix(start, []byte("<!--")) {
		end := bytes.Index(start, []byte("-->"))
		if end < 0 {
			break
		}
		start = bytes.TrimLeft(start[end+3:], " \t\r\n\f")
	}
	head := start
	if len(head) > 512 {
		head = head[:512]
	}
	lower := bytes.ToLower(head)
	for _, o := range htmlOpeners {
		if bytes.HasPrefix(lower, o) {
			return true
		}
	}
	if n := bytes.Index(bytes.ToLower(b[:min(len(b), 4096)]), []byte("<html")); n >= 0 {
		return true
	}
	tags := countTags(b)
	// Tag density: at least 5 tags and one per 400 bytes, or a page that
	// starts with a tag and has a few.
	if tags >= 5 && tags*400 >= len(b) {
		return true
	}
	return len(start) > 0 && start[0] == '<' && tags >= 3
}

// countTags counts opening or closing tags of known HTML elements in b.
func countTags(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(b) && b[j] == '/' {
			j++
		}
		k := j
		for k < len(b) && k-j < 12 && isAlnum(b[k]) {
			k++
		}
		if k == j || k >= len(b) {
			continue
		}
		if c := b[k]; c != '>' && c != ' ' && c != '/' && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		if htmlTags[string(bytes.ToLower(b[j:k]))] {
			n++
		}
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isBinary reports whether b (its first 64 KiB) looks like binary data
// rather than text: more than 10% of its bytes are NUL, more than 10% of its
// runes are control characters other than tab, newline, carriage return and
// form feed, or more than a third are not valid UTF-8. Text with stray NULs
// is text (the NULs are removed, with a problem).
func isBinary(b []byte) bool {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	if len(b) == 0 {
		return false
	}
	if nul := bytes.Count(b, []byte{0}); nul*10 > len(b) {
		return true
	}
	ctrl, invalid, runes := 0, 0, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		runes++
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case r != 0 && r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f:
			ctrl++
		}
	}
	return ctrl*10 > runes || invalid*3 > runes
}
