package watch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Item is an article a feed or sitemap lists.
type Item struct {
	// URL is the article's address, resolved against the feed's.
	URL string
	// Title and Published are what the feed says of it ("" if nothing);
	// Published is YYYY-MM-DD.
	Title     string
	Published string
	// Sitemap is set for an entry of a sitemap index: a sitemap to read,
	// not an article.
	Sitemap bool
}

// Kind names a feed format.
type Kind string

// The formats Parse reads.
const (
	RSS          Kind = "rss"
	Atom         Kind = "atom"
	JSONFeed     Kind = "jsonfeed"
	Sitemap      Kind = "sitemap"
	SitemapIndex Kind = "sitemapindex"
)

// MaxItems caps the items taken from one feed document.
const MaxItems = 50000

// ErrNotFeed is returned for a document that is none of the formats Parse
// reads (an HTML page, an error page, garbage).
var ErrNotFeed = errors.New("not an RSS, Atom, JSON Feed or sitemap document")

// Parse reads an RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document, or an
// XML sitemap or sitemap index (news sitemaps included), and returns the
// items it lists in document order, their URLs resolved against base. XML
// is decoded from the charset its declaration names.
func Parse(body []byte, base string) (Kind, []Item, error) {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(b) == 0 {
		return "", nil, fmt.Errorf("%w: empty", ErrNotFeed)
	}
	baseURL, _ := url.Parse(base)
	var kind Kind
	var items []Item
	var err error
	if b[0] == '{' {
		kind, items, err = JSONFeed, nil, nil
		items, err = parseJSONFeed(b)
	} else {
		kind, items, err = parseXML(b)
	}
	if err != nil {
		return kind, nil, err
	}
	out := items[:0]
	seen := map[string]bool{}
	for _, it := range items {
		it.URL = resolve(baseURL, it.URL)
		if it.URL == "" || seen[it.URL] {
			continue
		}
		seen[it.URL] = true
		it.Title = strings.Join(strings.Fields(it.Title), " ")
		out = append(out, it)
		if len(out) >= MaxItems {
			break
		}
	}
	return kind, out, nil
}

// resolve makes ref absolute against base; "" unless it is http(s).
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

type xmlLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type xmlItem struct {
	// RSS
	Links   []xmlLink `xml:"link"`
	GUID    xmlGUID   `xml:"guid"`
	Title   string    `xml:"title"`
	PubDate string    `xml:"pubDate"`
	Date    string    `xml:"date"` // dc:date
	About   string    `xml:"about,attr"`
	// Atom
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	// Sitemaps
	Loc     string  `xml:"loc"`
	LastMod string  `xml:"lastmod"`
	News    xmlNews `xml:"news"`
}

type xmlGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

type xmlNews struct {
	Title           string `xml:"title"`
	PublicationDate string `xml:"publication_date"`
}

// link is an item's article URL: RSS <link>, Atom's alternate link, a
// permalink GUID, RDF's about, a sitemap's <loc>.
func (it xmlItem) link() string {
	if it.Loc != "" {
		return it.Loc
	}
	for _, l := range it.Links {
		if v := strings.TrimSpace(l.Value); v != "" && l.Href == "" {
			return v
		}
	}
	for _, l := range it.Links {
		if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
			return l.Href
		}
	}
	if g := strings.TrimSpace(it.GUID.Value); g != "" && !strings.EqualFold(it.GUID.IsPermaLink, "false") &&
		(strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://")) {
		return g
	}
	return it.About
}

func parseXML(b []byte) (Kind, []Item, error) {
	dec := xml.NewDecoder(bufio.NewReader(bytes.NewReader(b)))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	var kind Kind
	var items []Item
	depth := 0
	for len(items) < MaxItems {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if kind == "" {
				return "", nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
			}
			if len(items) == 0 {
				return kind, nil, fmt.Errorf("malformed %s: %v", kind, err)
			}
			break // keep the items before the break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			if depth == 1 {
				switch name {
				case "rss", "rdf":
					kind = RSS
				case "feed":
					kind = Atom
				case "urlset":
					kind = Sitemap
				case "sitemapindex":
					kind = SitemapIndex
				default:
					return "", nil, fmt.Errorf("%w: root element <%s>", ErrNotFeed, t.Name.Local)
				}
				continue
			}
			if name != "item" && name != "entry" && name != "url" && name != "sitemap" {
				continue
			}
			var it xmlItem
			if err := dec.DecodeElement(&it, &t); err != nil {
				if len(items) == 0 {
					return kind, nil, fmt.Errorf("malformed %s: %v", kind, err)
				}
				return kind, items, nil
			}
			depth--
			items = append(items, Item{
				URL:       it.link(),
				Title:     firstNonEmpty(it.News.Title, it.Title),
				Published: feedDate(firstNonEmpty(it.News.PublicationDate, it.PubDate, it.Published, it.Date, it.Updated, it.LastMod)),
				Sitemap:   name == "sitemap",
			})
		case xml.EndElement:
			depth--
		}
	}
	if kind == "" {
		return "", nil, ErrNotFeed
	}
	return kind, items, nil
}

func parseJSONFeed(b []byte) ([]Item, error) {
	var f struct {
		Version string `json:"version"`
		Items   []struct {
			ID            any    `json:"id"`
			URL           string `json:"url"`
			ExternalURL   string `json:"external_url"`
			Title         string `json:"title"`
			DatePublished string `json:"date_published"`
			DateModified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: JSON: %v", ErrNotFeed, err)
	}
	if !strings.Contains(f.Version, "jsonfeed.org") {
		return nil, fmt.Errorf("%w: JSON without a jsonfeed.org version", ErrNotFeed)
	}
	var items []Item
	for _, it := range f.Items {
		u := firstNonEmpty(it.URL, it.ExternalURL)
		if s, ok := it.ID.(string); ok && u == "" && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) {
			u = s
		}
		items = append(items, Item{URL: u, Title: it.Title, Published: feedDate(firstNonEmpty(it.DatePublished, it.DateModified))})
	}
	return items, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// dateLayouts are the date forms feeds use: RFC 822/1123 (RSS), RFC 3339
// (Atom, JSON Feed, sitemaps) and their common variants.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST", "2 Jan 2006 15:04:05 -0700", "02 Jan 2006 15:04:05 MST",
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05",
	"2006-01-02",
}

// feedDate reads a feed's date as YYYY-MM-DD, "" if it cannot.
func feedDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2200 {
				return ""
			}
			return t.Format("2006-01-02")
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}
