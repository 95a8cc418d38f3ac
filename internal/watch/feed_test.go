package watch

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		kind  Kind
		items []Item
	}{
		// RSS 2.0, with a relative link, a duplicate and a permalink GUID.
		{"rss2", `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
			<atom:link href="https://ex.com/rss" rel="self" xmlns:atom="http://www.w3.org/2005/Atom"/>
			<item><title>One &amp; two</title><link>https://ex.com/1</link><pubDate>Tue, 24 Jan 2017 10:00:00 GMT</pubDate></item>
			<item><title>Rel</title><link>/2</link><pubDate>Wed, 25 Jan 2017 08:00:00 +0100</pubDate></item>
			<item><title>Dup</title><link>https://ex.com/1</link></item>
			<item><title>Guid</title><guid isPermaLink="true">https://ex.com/3</guid></item>
			<item><title>No link</title><guid isPermaLink="false">abc</guid></item>
			</channel></rss>`, RSS,
			[]Item{{URL: "https://ex.com/1", Title: "One & two", Published: "2017-01-24"},
				{URL: "https://ex.com/2", Title: "Rel", Published: "2017-01-25"},
				{URL: "https://ex.com/3", Title: "Guid"}}},
		// RSS 1.0 (RDF) with dc:date.
		{"rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
			<channel rdf:about="https://ex.com/"><title>T</title></channel>
			<item rdf:about="https://ex.com/r1"><title>R1</title><link>https://ex.com/r1</link><dc:date>2020-03-01T12:00:00Z</dc:date></item>
			</rdf:RDF>`, RSS, []Item{{URL: "https://ex.com/r1", Title: "R1", Published: "2020-03-01"}}},
		// Atom: the alternate link, not self or edit.
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
			<entry><title type="html">A1</title><link rel="edit" href="https://ex.com/edit/1"/><link rel="alternate" href="https://ex.com/a1"/>
			<published>2021-05-06T07:08:09+02:00</published><updated>2021-05-07T00:00:00Z</updated></entry>
			<entry><title>A2</title><link href="a2"/><updated>2021-05-08T00:00:00Z</updated></entry></feed>`, Atom,
			[]Item{{URL: "https://ex.com/a1", Title: "A1", Published: "2021-05-06"},
				{URL: "https://ex.com/a2", Title: "A2", Published: "2021-05-08"}}},
		// JSON Feed.
		{"jsonfeed", `{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
			{"id": "1", "url": "https://ex.com/j1", "title": "J1", "date_published": "2022-01-02T03:04:05Z"},
			{"id": "https://ex.com/j2", "content_text": "x"}]}`, JSONFeed,
			[]Item{{URL: "https://ex.com/j1", Title: "J1", Published: "2022-01-02"}, {URL: "https://ex.com/j2"}}},
		// Google News sitemap.
		{"news sitemap", `<?xml version="1.0" encoding="UTF-8"?>
			<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
			<url><loc>https://ex.com/s1</loc><news:news><news:publication><news:name>Ex</news:name></news:publication>
			<news:publication_date>2023-04-05T06:07:08+00:00</news:publication_date><news:title>S1</news:title></news:news></url>
			<url><loc>https://ex.com/s2</loc><lastmod>2023-04-06</lastmod></url></urlset>`, Sitemap,
			[]Item{{URL: "https://ex.com/s1", Title: "S1", Published: "2023-04-05"}, {URL: "https://ex.com/s2", Published: "2023-04-06"}}},
		{"sitemap index", `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
			<sitemap><loc>https://ex.com/news.xml</loc></sitemap></sitemapindex>`, SitemapIndex,
			[]Item{{URL: "https://ex.com/news.xml", Sitemap: true}}},
		// A Latin-1 feed, decoded from its XML declaration.
		{"latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf\xe9</title><link>https://ex.com/c</link></item></channel></rss>",
			RSS, []Item{{URL: "https://ex.com/c", Title: "Café"}}},
		// A feed cut off after its first item keeps that item.
		{"truncated", `<rss><channel><item><title>T1</title><link>https://ex.com/t1</link></item><item><title>T2</ti`,
			RSS, []Item{{URL: "https://ex.com/t1", Title: "T1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, items, err := Parse([]byte(tt.body), "https://ex.com/feed")
			if err != nil {
				t.Fatal(err)
			}
			if kind != tt.kind {
				t.Errorf("kind = %q, want %q", kind, tt.kind)
			}
			if len(items) != len(tt.items) {
				t.Fatalf("items = %+v, want %+v", items, tt.items)
			}
			for i := range items {
				if items[i] != tt.items[i] {
					t.Errorf("item %d = %+v, want %+v", i, items[i], tt.items[i])
				}
			}
		})
	}
	// Not feeds.
	for _, body := range []string{"", "<!DOCTYPE html><html><body>Not here</body></html>", "\x00\x01\x02garbage",
		`{"items": []}`, `<rss><channel><item><title>unclosed`} {
		if _, items, err := Parse([]byte(body), ""); err == nil && len(items) > 0 {
			t.Errorf("Parse(%q) = %v, nil", body, items)
		} else if body != `<rss><channel><item><title>unclosed` && !errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q): err = %v, want ErrNotFeed", body, err)
		}
	}
}

func TestParseSources(t *testing.T) {
	in := "# feeds\n\nhttps://feeds.bbci.co.uk/news/world/rss.xml BBC News GBR\nhttps://ex.com/sitemap.xml\n" +
		"https://ex.org/feed\tLe Monde\tFRA\nhttps://ex.com/sitemap.xml dup\n"
	got, err := ParseSources(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{"https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News", "GBR"}, {"https://ex.com/sitemap.xml", "", ""},
		{"https://ex.org/feed", "Le Monde", "FRA"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, err := ParseSources(strings.NewReader("ftp://x/y\n")); err == nil {
		t.Error("ftp URL accepted")
	}
	if _, err := ParseSources(strings.NewReader("# nothing\n")); err == nil {
		t.Error("empty sources accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>https://ex.com/1</link></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"/x"}]}`))
	f.Add([]byte(`<urlset><url><loc>https://ex.com/s</loc></url></urlset>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, items, err := Parse(b, "https://ex.com/")
		if err != nil && len(items) > 0 {
			t.Fatalf("items with an error")
		}
		for _, it := range items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item URL %q", it.URL)
			}
		}
	})
}
