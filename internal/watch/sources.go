package watch

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Source is one feed or sitemap to follow: a line of the sources file.
type Source struct {
	URL string
	// Outlet and Country are the optional name and country code of the
	// publisher ("BBC News", "GBR"), given to its articles.
	Outlet  string
	Country string
}

// ParseSources reads a sources file: one feed or sitemap URL a line,
// optionally followed by the outlet's name and its country code, separated
// by tabs or spaces; a country is a last field of two or three capital
// letters. Blank lines and lines starting with # are skipped.
//
//	https://feeds.bbci.co.uk/news/world/rss.xml   BBC News   GBR
//	https://www.example.com/news-sitemap.xml
func ParseSources(r io.Reader) ([]Source, error) {
	var out []Source
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var fields []string
		if strings.Contains(line, "\t") {
			for f := range strings.SplitSeq(line, "\t") {
				if f = strings.TrimSpace(f); f != "" {
					fields = append(fields, f)
				}
			}
		} else {
			fields = strings.Fields(line)
		}
		s := Source{URL: fields[0]}
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("line %d: %q is not an http(s) URL", n, fields[0])
		}
		rest := fields[1:]
		if k := len(rest); k > 0 && isCountry(rest[k-1]) {
			s.Country, rest = rest[k-1], rest[:k-1]
		}
		s.Outlet = strings.Join(rest, " ")
		if seen[s.URL] {
			continue
		}
		seen[s.URL] = true
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no feed or sitemap URL")
	}
	return out, nil
}

func isCountry(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
