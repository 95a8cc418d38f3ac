package ner

import (
	"bufio"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Gazetteer categories, one bit each. Persisted in models: never renumber.
const (
	gazCountry     = 1 << iota // a country (GeoNames countryInfo, cues.txt)
	gazCity                    // a city or capital (GeoNames cities15000, countryInfo capitals)
	gazRegion                  // a first-level region (GeoNames admin1)
	gazNationality             // a nationality or other adjective of origin (cues.txt)
	gazOrg                     // a well-known organisation (cues.txt)
	gazOrgWord                 // a word that ends organisation names: Corp, Party (cues.txt)
	gazTitle                   // a title or role before a person's name (cues.txt)
	gazFirstName               // a common first name (cues.txt)
)

// gazNeedsCap are the categories that match only capitalised words.
const gazNeedsCap = gazCountry | gazCity | gazRegion | gazNationality | gazOrg | gazFirstName

// maxGazWords bounds the length of a gazetteer phrase.
const maxGazWords = 5

// maxGaz bounds the gazetteer features of one word.
const maxGaz = 6

//go:embed cues.txt
var cuesText string

var cueCategories = map[string]uint8{
	"COUNTRY":     gazCountry,
	"NATIONALITY": gazNationality,
	"ORG":         gazOrg,
	"ORGWORD":     gazOrgWord,
	"TITLE":       gazTitle,
	"FIRSTNAME":   gazFirstName,
}

// gazBuilder collects gazetteer phrases.
type gazBuilder struct {
	m      map[uint64]uint8
	maxLen int
	key    []byte
}

func newGazBuilder() *gazBuilder { return &gazBuilder{m: make(map[uint64]uint8)} }

// add adds a phrase, split into words like a tokeniser would (white space,
// with a trailing comma split off), under category c.
func (g *gazBuilder) add(phrase string, c uint8) {
	var words []string
	for _, w := range strings.Fields(phrase) {
		if len(w) > 1 && strings.HasSuffix(w, ",") {
			words = append(words, w[:len(w)-1], ",")
		} else {
			words = append(words, w)
		}
	}
	if len(words) == 0 || len(words) > maxGazWords {
		return
	}
	h := uint64(fnvOffset)
	for _, w := range words {
		g.key = lowerKey(g.key[:0], w)
		h = mix(h, hashBytes(g.key))
	}
	g.m[h] |= c
	g.maxLen = max(g.maxLen, len(words))
}

// addCues adds the embedded hand-written cue lists.
func (g *gazBuilder) addCues() {
	var c uint8
	for line := range strings.Lines(cuesText) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "@"):
			c = cueCategories[line[1:]]
		case c != 0:
			g.add(line, c)
		}
	}
}

// addGeoNames adds countries and capitals (countryInfo.tsv.gz), cities
// (cities15000.txt.gz) and first-level regions
// (admin1CodesASCII.regionInfo.tsv.gz) from a GeoNames directory. Source:
// GeoNames (geonames.org), CC BY 4.0; see ../shared/data/geonames/SOURCE.md.
func (g *gazBuilder) addGeoNames(dir string) error {
	read := func(name string, fn func(f []string)) error {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		sc := bufio.NewScanner(z)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			if l := sc.Text(); l != "" && l[0] != '#' {
				fn(strings.Split(l, "\t"))
			}
		}
		if err := sc.Err(); err != nil && err != io.EOF {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	if err := read("countryInfo.tsv.gz", func(f []string) {
		if len(f) > 5 {
			g.add(f[4], gazCountry)
			g.add(f[5], gazCity)
		}
	}); err != nil {
		return err
	}
	if err := read("cities15000.txt.gz", func(f []string) {
		if len(f) > 2 {
			g.add(f[1], gazCity)
			g.add(f[2], gazCity)
		}
	}); err != nil {
		return err
	}
	return read("admin1CodesASCII.regionInfo.tsv.gz", func(f []string) {
		if len(f) > 2 {
			g.add(f[1], gazRegion)
			g.add(f[2], gazRegion)
		}
	})
}

// matchGazetteer sets the gazetteer values of a sentence's tokens: for every
// phrase of the gazetteer found in the sentence, each word it covers gets a
// feature for the category and the word's place in the phrase.
func (m *Model) matchGazetteer(toks []token) {
	if m.words.ngaz == 0 {
		return
	}
	for i := range toks {
		capped := toks[i].flags&(flagInitCap|flagAllCaps) != 0
		h := uint64(fnvOffset)
		for n := 1; n <= m.gazMax && i+n <= len(toks); n++ {
			h = mix(h, toks[i+n-1].lower)
			cat := m.words.gaz.get(h)
			if cat == nil {
				continue
			}
			c := *cat
			if !capped || toks[i+n-1].flags&(flagInitCap|flagAllCaps|flagLower) == flagLower {
				c &^= gazNeedsCap
			}
			if c == 0 {
				continue
			}
			for j := i; j < i+n; j++ {
				var pos uint64
				switch {
				case n == 1:
					pos = 0
				case j == i:
					pos = 1
				case j == i+n-1:
					pos = 3
				default:
					pos = 2
				}
				for b := uint8(1); b != 0; b <<= 1 {
					if t := &toks[j]; c&b != 0 && int(t.ngaz) < maxGaz {
						t.gaz[t.ngaz] = uint64(b)<<8 | pos
						t.ngaz++
					}
				}
				toks[j].gazCat |= uint64(c)
			}
		}
	}
}
