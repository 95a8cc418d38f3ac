package stories

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// Article is one Reuters-21578 article.
type Article struct {
	NewID     string
	Published string // YYYY-MM-DD
	Title     string
	Body      string
}

var (
	reNewID = regexp.MustCompile(`NEWID="(\d+)"`)
	reDate  = regexp.MustCompile(`(?s)<DATE>(.*?)</DATE>`)
	reTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
)

// ReadReuters reads the articles of a Reuters-21578 SGML file (gzipped when
// its name ends in .gz), in file order. Bytes that are not UTF-8 are read as
// Latin-1; character references are decoded.
func ReadReuters(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	data, err := io.ReadAll(io.LimitReader(r, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	text := latin1(data)
	var out []Article
	for _, part := range strings.Split(text, "<REUTERS ")[1:] {
		end := strings.Index(part, "</REUTERS>")
		if end < 0 {
			continue
		}
		part = part[:end]
		var a Article
		if m := reNewID.FindStringSubmatch(part); m != nil {
			a.NewID = m[1]
		}
		if m := reDate.FindStringSubmatch(part); m != nil {
			if t, err := time.Parse("2-Jan-2006", strings.Fields(m[1])[0]); err == nil {
				a.Published = t.Format("2006-01-02")
			}
		}
		if m := reTitle.FindStringSubmatch(part); m != nil {
			a.Title = clean(m[1])
		}
		if m := reBody.FindStringSubmatch(part); m != nil {
			a.Body = clean(m[1])
		}
		out = append(out, a)
	}
	return out, nil
}

// Document is a as a document with its title, body and date: what the
// story clusterer needs to find near-duplicates without annotation.
func (a Article) Document() *doc.Document {
	return &doc.Document{Path: "reuters21578#" + a.NewID, Title: a.Title, Text: a.Body, Published: a.Published}
}

func clean(s string) string {
	s = html.UnescapeString(s)
	s = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimSpace(s), "Reuter")
	return strings.TrimSpace(s)
}

// latin1 decodes data as UTF-8 where it is valid and as Latin-1 where not.
func latin1(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	var b strings.Builder
	b.Grow(len(data))
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			b.WriteRune(rune(data[0]))
			data = data[1:]
			continue
		}
		b.WriteRune(r)
		data = data[n:]
	}
	return b.String()
}
