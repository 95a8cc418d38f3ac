// Package corpus is sitrep's example corpus: short news articles written for
// the project in the style of scraped web pages (menus, share widgets,
// copyright lines and repeated captions left in), telling the story of the
// coalition against the Islamic State from 2014 to 2017. Every sentence is
// original; the events they report are public history. `sitrep demo` ingests
// it, and the golden tests in this package check what sitrep makes of it
// against hand-written expectations in expect.json.
package corpus

import (
	"bufio"
	"bytes"
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed articles/*.txt
var articles embed.FS

// published.tsv gives the publication date of the articles whose page
// states none, as the --published flag would.
//
//go:embed published.tsv
var publishedTSV []byte

// expect.json holds the hand-made reading of every article: what sitrep
// should find in it.
//
//go:embed expect.json
var expectJSON []byte

// Expectations returns the raw JSON of the hand-made expectations.
func Expectations() []byte { return expectJSON }

// Published returns the publication date to assume for an article whose page
// states none, or "".
func Published(name string) string {
	sc := bufio.NewScanner(bytes.NewReader(publishedTSV))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Split(line, "\t"); len(f) == 2 && f[0] == name {
			return f[1]
		}
	}
	return ""
}

// Names lists the articles in lexical order.
func Names() ([]string, error) {
	entries, err := fs.ReadDir(articles, "articles")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// Read returns the bytes of one article.
func Read(name string) ([]byte, error) {
	return articles.ReadFile("articles/" + name)
}
