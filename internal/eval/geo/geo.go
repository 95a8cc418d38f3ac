// Package geo measures the actors stage on public geoparsing gold sets:
// toponym recognition (are the place names found?) and, for the places
// found, whether the stage gives the right country.
//
// Gold data (read from dataDir, normally ../shared/data beside the module):
//   - geoparsing/GeoWebNews.dev.xml (Gritta et al. 2019): news articles with
//     typed toponyms. Gold toponyms here are the types that name a place,
//     used literally or not: Literal, Mixed, Coercion, Literal_Modifier,
//     Embedded_Literal, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit,
//     Demonym (both corpora annotate adjectives such as "Russian" as
//     toponyms). Languages, homonyms, non-toponyms and the *_Expression
//     annotations are not gold toponyms.
//   - geoparsing/LGL.dev.xml (Lieberman et al. 2010): local US news with
//     every toponym.
//   - geonames/: countryInfo, cities15000 and admin1 to map a gold GeoNames
//     id to its country.
//   - conll2003/eng.testa (optional): the entity-type check below.
//
// A predicted toponym is a mention (kind name, acronym, metonym or demonym)
// of an entity of type GPE or LOC, or the first word of a mention of a state
// body when that word names the state ("Russian" in "Russian defense
// ministry"). A prediction matches a gold toponym when their
// spans overlap; each is matched at most once. Country accuracy is over
// matched pairs whose gold GeoNames id has a known country.
package geo

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"sitrep/internal/actors"
	"sitrep/internal/doc"
	"sitrep/internal/segment"
)

// PRF counts matches and holds precision, recall and F1.
type PRF struct {
	TP, FP, FN int
	P, R, F    float64
}

func (p *PRF) finish() {
	if p.TP+p.FP > 0 {
		p.P = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.R = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.P+p.R > 0 {
		p.F = 2 * p.P * p.R / (p.P + p.R)
	}
}

// Corpus holds the scores on one gold set.
type Corpus struct {
	Name     string
	Docs     int
	Toponyms PRF
	// CountryCorrect of CountryTotal matched toponyms got the gold country.
	CountryCorrect, CountryTotal int
	CountryAcc                   float64
	// Missed and Spurious count the texts of gold toponyms not found and
	// of predictions matching no gold toponym, for error analysis.
	Missed, Spurious map[string]int
}

// TypeScores is the entity-type check on CoNLL-2003: of the gold PER, ORG
// and LOC names the gazetteer knows, how many it types the same way (a
// GPE counts as LOC).
type TypeScores struct {
	Covered, Correct int
	Acc              float64
}

// Scores is the result of Evaluate.
type Scores struct {
	GeoWebNews Corpus
	LGL        Corpus
	CoNLL      TypeScores
}

// Evaluate runs segment and actors over the geoparsing dev sets in dataDir
// and writes a table to w (nil for none). A gold set that is absent is
// skipped; Evaluate fails only if none is present or one is unreadable.
func Evaluate(dataDir string, w io.Writer) (Scores, error) {
	if w == nil {
		w = io.Discard
	}
	var s Scores
	countries, err := loadCountries(filepath.Join(dataDir, "geonames"))
	if err != nil {
		return s, err
	}
	st := actors.New(actors.Options{})
	found := 0
	for _, c := range []struct {
		file string
		dst  *Corpus
		read func(string) ([]article, error)
	}{
		{"GeoWebNews.dev.xml", &s.GeoWebNews, readGWN},
		{"LGL.dev.xml", &s.LGL, readLGL},
	} {
		path := filepath.Join(dataDir, "geoparsing", c.file)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		found++
		arts, err := c.read(path)
		if err != nil {
			return s, fmt.Errorf("geo: %w", err)
		}
		*c.dst = score(strings.TrimSuffix(c.file, ".dev.xml"), arts, st, countries)
	}
	if found == 0 {
		return s, fmt.Errorf("geo: no gold set in %s", filepath.Join(dataDir, "geoparsing"))
	}
	if ts, err := conllTypes(filepath.Join(dataDir, "conll2003", "eng.testa"), st.Gazetteer()); err == nil {
		s.CoNLL = ts
	}
	fmt.Fprintf(w, "%-12s %5s %6s %6s %6s %6s %6s %6s %8s\n", "corpus", "docs", "gold", "pred", "P", "R", "F1", "", "country")
	for _, c := range []Corpus{s.GeoWebNews, s.LGL} {
		if c.Docs == 0 {
			continue
		}
		t := c.Toponyms
		fmt.Fprintf(w, "%-12s %5d %6d %6d %6.3f %6.3f %6.3f %6s %8.3f (%d/%d)\n", c.Name, c.Docs, t.TP+t.FN, t.TP+t.FP,
			t.P, t.R, t.F, "", c.CountryAcc, c.CountryCorrect, c.CountryTotal)
	}
	for _, c := range []Corpus{s.GeoWebNews, s.LGL} {
		if c.Docs > 0 {
			fmt.Fprintf(w, "%s most missed: %s\n", c.Name, top(c.Missed, 15))
			fmt.Fprintf(w, "%s most spurious: %s\n", c.Name, top(c.Spurious, 15))
		}
	}
	if s.CoNLL.Covered > 0 {
		fmt.Fprintf(w, "CoNLL eng.testa entity type, names in the gazetteer: %.3f (%d/%d)\n", s.CoNLL.Acc, s.CoNLL.Correct, s.CoNLL.Covered)
	}
	return s, nil
}

// article is one gold document: text and toponym spans in bytes.
type article struct {
	text string
	gold []toponym
}

type toponym struct {
	doc.Span
	// geonameID is the gold GeoNames id, "" if none.
	geonameID string
	// country is the gold country's GeoNames id when the corpus states it.
	countryID string
}

// goldTypes are the GeoWebNews types counted as toponyms.
var goldTypes = map[string]bool{"Literal": true, "Mixed": true, "Coercion": true, "Literal_Modifier": true,
	"Embedded_Literal": true, "Metonymic": true, "Non_Literal_Modifier": true, "Embedded_Non_Lit": true,
	"Demonym": true}

func readGWN(path string) ([]article, error) {
	var x struct {
		Articles []struct {
			Text     string `xml:"text"`
			Toponyms []struct {
				Type      string `xml:"type"`
				Start     int    `xml:"start"`
				End       int    `xml:"end"`
				GeonameID string `xml:"geonamesID"`
			} `xml:"toponyms>toponym"`
		} `xml:"article"`
	}
	if err := decodeXML(path, &x); err != nil {
		return nil, err
	}
	var out []article
	for _, a := range x.Articles {
		art := article{text: a.Text}
		off := runeOffsets(a.Text)
		for _, t := range a.Toponyms {
			if !goldTypes[t.Type] || t.Start < 0 || t.End >= len(off) || t.Start >= t.End {
				continue
			}
			art.gold = append(art.gold, toponym{Span: doc.Span{Start: off[t.Start], End: off[t.End]}, geonameID: strings.TrimSpace(t.GeonameID)})
		}
		out = append(out, art)
	}
	return out, nil
}

func readLGL(path string) ([]article, error) {
	var x struct {
		Articles []struct {
			Text     string `xml:"text"`
			Toponyms []struct {
				Start  int `xml:"start"`
				End    int `xml:"end"`
				Gaztag struct {
					ID      string `xml:"geonameid,attr"`
					Country struct {
						ID string `xml:"geonameid,attr"`
					} `xml:"country"`
				} `xml:"gaztag"`
			} `xml:"toponyms>toponym"`
		} `xml:"article"`
	}
	if err := decodeXML(path, &x); err != nil {
		return nil, err
	}
	var out []article
	for _, a := range x.Articles {
		art := article{text: a.Text}
		off := runeOffsets(a.Text)
		for _, t := range a.Toponyms {
			if t.Start < 0 || t.End >= len(off) || t.Start >= t.End {
				continue
			}
			art.gold = append(art.gold, toponym{Span: doc.Span{Start: off[t.Start], End: off[t.End]},
				geonameID: t.Gaztag.ID, countryID: t.Gaztag.Country.ID})
		}
		out = append(out, art)
	}
	return out, nil
}

func decodeXML(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := xml.NewDecoder(bufio.NewReader(f)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// runeOffsets maps a character offset (as the gold sets count) to a byte
// offset; the slice has one entry past the last character.
func runeOffsets(s string) []int {
	off := make([]int, 0, len(s)+1)
	for i := range s {
		off = append(off, i)
	}
	return append(off, len(s))
}

// countryTable maps GeoNames ids of countries, cities and first-level
// divisions to ISO3 country codes.
type countryTable map[string]string

func loadCountries(dir string) (countryTable, error) {
	t := countryTable{}
	iso3 := map[string]string{}
	err := eachGz(filepath.Join(dir, "countryInfo.tsv.gz"), func(f []string) {
		if len(f) >= 17 && !strings.HasPrefix(f[0], "#") {
			iso3[f[0]] = f[1]
			t[f[16]] = f[1]
		}
	})
	if err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	_ = eachGz(filepath.Join(dir, "cities15000.txt.gz"), func(f []string) {
		if len(f) > 8 && iso3[f[8]] != "" {
			t[f[0]] = iso3[f[8]]
		}
	})
	_ = eachGz(filepath.Join(dir, "admin1CodesASCII.regionInfo.tsv.gz"), func(f []string) {
		if len(f) >= 4 {
			cc, _, _ := strings.Cut(f[0], ".")
			if iso3[cc] != "" {
				t[f[3]] = iso3[cc]
			}
		}
	})
	return t, nil
}

func eachGz(path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer z.Close()
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fn(strings.Split(sc.Text(), "\t"))
	}
	return sc.Err()
}

// predicted is a predicted toponym with the entity's country.
type predicted struct {
	doc.Span
	country string
}

func score(name string, arts []article, st *actors.Stage, countries countryTable) Corpus {
	c := Corpus{Name: name, Docs: len(arts), Missed: map[string]int{}, Spurious: map[string]int{}}
	seg := segment.New()
	g := st.Gazetteer()
	for _, a := range arts {
		if !utf8.ValidString(a.text) {
			a.text = strings.ToValidUTF8(a.text, "\uFFFD")
		}
		d := &doc.Document{Text: a.text}
		_ = seg.Process(context.Background(), d)
		_ = st.Process(context.Background(), d)
		var preds []predicted
		for _, e := range d.Entities {
			for _, m := range e.Mentions {
				switch {
				case e.Type == doc.GPE || e.Type == doc.LOC:
					if m.Kind != doc.MentionNominal && m.Kind != doc.MentionPronoun {
						preds = append(preds, predicted{Span: m.Span, country: e.Country})
					}
				case e.Type == doc.ORG && e.Country != "":
					// A body named by its state ("Russian defense ministry",
					// "U.S. State Department") names the state in its first word.
					if sp, ok := statePrefix(d.Text, m.Span, g); ok {
						preds = append(preds, predicted{Span: sp, country: e.Country})
					}
				}
			}
		}
		sort.Slice(preds, func(i, j int) bool { return preds[i].Start < preds[j].Start })
		used := make([]bool, len(a.gold))
		for _, p := range preds {
			hit := -1
			for gi, g := range a.gold {
				if !used[gi] && g.Overlaps(p.Span) {
					hit = gi
					break
				}
			}
			if hit < 0 {
				c.Toponyms.FP++
				c.Spurious[p.In(d.Text)]++
				continue
			}
			used[hit] = true
			c.Toponyms.TP++
			g := a.gold[hit]
			gold := countries[g.countryID]
			if gold == "" {
				gold = countries[g.geonameID]
			}
			if gold != "" {
				c.CountryTotal++
				if p.country == gold {
					c.CountryCorrect++
				}
			}
		}
		for gi, u := range used {
			if !u {
				c.Toponyms.FN++
				c.Missed[a.gold[gi].In(d.Text)]++
			}
		}
	}
	c.Toponyms.finish()
	if c.CountryTotal > 0 {
		c.CountryAcc = float64(c.CountryCorrect) / float64(c.CountryTotal)
	}
	return c
}

// statePrefix returns the span of the first word of mention m when the
// gazetteer takes it for a state ("Russian", "U.S.", "Russia's").
func statePrefix(text string, m doc.Span, g *actors.Gazetteer) (doc.Span, bool) {
	s := m.In(text)
	end := strings.IndexAny(s, " \n\t")
	if end < 0 {
		return doc.Span{}, false
	}
	first := s[:end]
	for _, suf := range []string{"'s", "’s", "-led"} {
		first = strings.TrimSuffix(first, suf)
	}
	if g == nil || first == "" {
		return doc.Span{}, false
	}
	if e, ok := g.Lookup(first); !ok || e.Key != e.Country {
		return doc.Span{}, false
	}
	return doc.Span{Start: m.Start, End: m.Start + len(first)}, true
}

// conllTypes checks the gazetteer's types against CoNLL-2003 gold names.
func conllTypes(path string, g *actors.Gazetteer) (TypeScores, error) {
	var ts TypeScores
	if g == nil {
		return ts, fmt.Errorf("no gazetteer")
	}
	f, err := os.Open(path)
	if err != nil {
		return ts, err
	}
	defer f.Close()
	var words []string
	typ := ""
	flush := func() {
		if typ != "" && typ != "MISC" {
			if e, ok := g.Lookup(strings.Join(words, " ")); ok {
				got := string(e.Type)
				if got == "GPE" {
					got = "LOC"
				}
				ts.Covered++
				if got == typ {
					ts.Correct++
				}
			}
		}
		words, typ = words[:0], ""
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || fs[0] == "-DOCSTART-" {
			flush()
			continue
		}
		tag := fs[len(fs)-1]
		switch {
		case strings.HasPrefix(tag, "B-") || strings.HasPrefix(tag, "I-") && tag[2:] != typ:
			flush()
			typ = tag[2:]
			words = append(words, fs[0])
		case strings.HasPrefix(tag, "I-"):
			words = append(words, fs[0])
		default:
			flush()
		}
	}
	flush()
	if ts.Covered > 0 {
		ts.Acc = float64(ts.Correct) / float64(ts.Covered)
	}
	return ts, sc.Err()
}

// top lists the n most frequent texts of counts, "text (count)".
func top(counts map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range counts {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v || all[i].v == all[j].v && all[i].k < all[j].k })
	var parts []string
	for i := 0; i < len(all) && i < n; i++ {
		parts = append(parts, fmt.Sprintf("%s (%d)", all[i].k, all[i].v))
	}
	return strings.Join(parts, ", ")
}
