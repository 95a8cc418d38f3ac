// Package geo measures sitrep's geoparsing on public gold sets: toponym
// recognition by the actors stage (are the place names found?) and, for the
// places found, their resolution by the geo stage (accuracy within 161 km,
// median error, country).
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
//   - geoparsing/TR-News.dev.xml (Kamalloo & Rafiei 2018) and
//     geoparsing/GeoVirus.dev.xml (Gritta et al. 2018): news toponyms with
//     GeoNames ids (TR-News) or coordinates (GeoVirus).
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
//
// Resolution is scored on matched pairs whose gold toponym has coordinates:
// the error is 0 km when the predicted GeoNames id is the gold one (the same
// feature: gold sets and the gazetteer may place a country or a division
// at different points), else the great-circle distance from the predicted
// point to the gold point; a toponym left unresolved counts as 20,038 km
// (half the Earth's circumference). Acc@161 is the share of errors of 161
// km (100 miles) or less.
//
// The dev articles of each corpus are split in two halves by their index
// in the file: even ones fit the geo stage's weights (./internal/geo/fit),
// odd ones are the report half Evaluate scores by default.
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
	"strconv"
	"strings"
	"unicode/utf8"

	"sitrep/internal/actors"
	"sitrep/internal/doc"
	geostage "sitrep/internal/geo"
	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
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
	// Resolved is the number of matched toponyms with gold coordinates;
	// Acc161 the share of them resolved within 161 km, MedianKm the median
	// error.
	Resolved         int
	Acc161, MedianKm float64
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
	TRNews     Corpus
	GeoVirus   Corpus
	// Pooled sums GeoWebNews, LGL and TR-News.
	Pooled Corpus
	CoNLL  TypeScores
}

// Options chooses what Evaluate measures.
type Options struct {
	// Half is "report" (odd articles, the default), "fit" (even ones) or
	// "all".
	Half string
	// NoNER runs segment and actors only (no tagger, parser or NER), as the
	// evaluation did before the geo stage.
	NoNER bool
	// Weights replaces the geo stage's embedded weights when not nil.
	Weights *geostage.Weights
	// NoRecogniser leaves toponym recognition to the actors stage (the
	// geo stage adds no toponyms of its own).
	NoRecogniser bool
}

// Evaluate annotates the report half of the geoparsing dev sets in dataDir
// and writes a table to w (nil for none): Run with the default options.
func Evaluate(dataDir string, w io.Writer) (Scores, error) {
	return Run(dataDir, Options{}, w)
}

// Run annotates the chosen half of the geoparsing dev sets in dataDir with
// the pipeline up to the geo stage and writes a table to w (nil for none).
// A gold set that is absent is skipped; Run fails only if none is present
// or one is unreadable.
func Run(dataDir string, o Options, w io.Writer) (Scores, error) {
	if w == nil {
		w = io.Discard
	}
	var s Scores
	countries, err := loadCountries(filepath.Join(dataDir, "geonames"))
	if err != nil {
		return s, err
	}
	st := actors.New(actors.Options{})
	gold, err := ReadGold(dataDir, o.Half)
	if err != nil {
		return s, err
	}
	dst := map[string]*Corpus{"GeoWebNews": &s.GeoWebNews, "LGL": &s.LGL, "TR-News": &s.TRNews, "GeoVirus": &s.GeoVirus}
	var pooled []scored
	for _, c := range gold {
		gs := geostage.New()
		if o.Weights != nil {
			gs = geostage.NewWithWeights(*o.Weights)
		}
		if o.NoRecogniser {
			gs = gs.WithRecogniser(nil)
		}
		docs, err := Annotate(c.Articles, st, o.NoNER, gs)
		if err != nil {
			return s, err
		}
		sc := score(c.Name, c.Articles, docs, st, countries)
		*dst[c.Name] = sc.Corpus
		if c.Name != "GeoVirus" {
			pooled = append(pooled, sc)
		}
	}
	s.Pooled = pool("pooled", pooled)
	if ts, err := conllTypes(filepath.Join(dataDir, "conll2003", "eng.testa"), st.Gazetteer()); err == nil {
		s.CoNLL = ts
	}
	half := o.Half
	if half == "" {
		half = "report"
	}
	rec := ""
	if o.NoRecogniser {
		rec = " (no toponym recogniser)"
	}
	fmt.Fprintf(w, "dev %s half; pipeline: %s%s\n", half, map[bool]string{false: "segment pos parse ner actors geo",
		true: "segment actors geo"}[o.NoNER], rec)
	fmt.Fprintf(w, "%-12s %5s %6s %6s %6s %6s %6s %8s %6s %7s %7s\n", "corpus", "docs", "gold", "pred", "P", "R", "F1",
		"country", "coords", "acc161", "med-km")
	all := []Corpus{s.GeoWebNews, s.LGL, s.TRNews, s.GeoVirus, s.Pooled}
	for _, c := range all {
		if c.Docs == 0 {
			continue
		}
		t := c.Toponyms
		fmt.Fprintf(w, "%-12s %5d %6d %6d %6.3f %6.3f %6.3f %8.3f %6d %7.3f %7.1f\n", c.Name, c.Docs, t.TP+t.FN, t.TP+t.FP,
			t.P, t.R, t.F, c.CountryAcc, c.Resolved, c.Acc161, c.MedianKm)
	}
	for _, c := range all[:4] {
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
	// lat and lon are the gold point when hasCoord.
	lat, lon float64
	hasCoord bool
}

// Article is a gold document: its text and its toponyms.
type Article = article

// Text returns the article's text.
func (a article) Text() string { return a.text }

// GoldToponym is a gold toponym as the geo stage's fitting needs it.
type GoldToponym struct {
	doc.Span
	GeonameID int
	Lat, Lon  float64
	HasCoord  bool
}

// Toponyms returns the article's gold toponyms.
func (a article) Toponyms() []GoldToponym {
	out := make([]GoldToponym, len(a.gold))
	for i, g := range a.gold {
		id, _ := strconv.Atoi(g.geonameID)
		out[i] = GoldToponym{Span: g.Span, GeonameID: id, Lat: g.lat, Lon: g.lon, HasCoord: g.hasCoord}
	}
	return out
}

// Gold is one corpus's articles.
type Gold struct {
	Name     string
	Articles []Article
}

// corpora are the gold sets, in the order tables list them.
var corpora = []struct {
	name, file string
	read       func(string) ([]article, error)
}{
	{"GeoWebNews", "GeoWebNews.dev.xml", readGWN},
	{"LGL", "LGL.dev.xml", readLGL},
	{"TR-News", "TR-News.dev.xml", readLGL},
	{"GeoVirus", "GeoVirus.dev.xml", readGeoVirus},
}

// ReadGold reads the gold sets present under dataDir/geoparsing, keeping
// half of each corpus's articles: "fit" the even-indexed, "report" (or
// "") the odd-indexed, "all" every one.
func ReadGold(dataDir, half string) ([]Gold, error) {
	var out []Gold
	for _, c := range corpora {
		path := filepath.Join(dataDir, "geoparsing", c.file)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		arts, err := c.read(path)
		if err != nil {
			return nil, fmt.Errorf("geo: %w", err)
		}
		var kept []article
		for i, a := range arts {
			switch {
			case half == "all", half == "fit" && i%2 == 0, (half == "report" || half == "") && i%2 == 1:
				kept = append(kept, a)
			case half != "fit" && half != "report" && half != "":
				return nil, fmt.Errorf("geo: unknown half %q (fit, report or all)", half)
			}
		}
		out = append(out, Gold{Name: c.name, Articles: kept})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("geo: no gold set in %s", filepath.Join(dataDir, "geoparsing"))
	}
	return out, nil
}

// Annotate runs the pipeline up to the actors stage over arts (segment and
// actors only when noNER), then gs unless it is nil.
func Annotate(arts []Article, st *actors.Stage, noNER bool, gs *geostage.Stage) ([]*doc.Document, error) {
	stages := []interface {
		Process(context.Context, *doc.Document) error
	}{segment.New()}
	if !noNER {
		stages = append(stages, pos.New(), parse.New(), ner.New())
	}
	stages = append(stages, st)
	if gs != nil {
		stages = append(stages, gs)
	}
	out := make([]*doc.Document, len(arts))
	for i, a := range arts {
		text := a.text
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		d := &doc.Document{Text: text}
		for _, s := range stages {
			if err := s.Process(context.Background(), d); err != nil {
				return nil, err
			}
		}
		out[i] = d
	}
	return out, nil
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
				Lat       string `xml:"latitude"`
				Lon       string `xml:"longitude"`
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
			tp := toponym{Span: doc.Span{Start: off[t.Start], End: off[t.End]}, geonameID: strings.TrimSpace(t.GeonameID)}
			tp.lat, tp.lon, tp.hasCoord = coords(t.Lat, t.Lon)
			art.gold = append(art.gold, tp)
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
					Lat     string `xml:"lat"`
					Lon     string `xml:"lon"`
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
			tp := toponym{Span: doc.Span{Start: off[t.Start], End: off[t.End]},
				geonameID: t.Gaztag.ID, countryID: t.Gaztag.Country.ID}
			tp.lat, tp.lon, tp.hasCoord = coords(t.Gaztag.Lat, t.Gaztag.Lon)
			art.gold = append(art.gold, tp)
		}
		out = append(out, art)
	}
	return out, nil
}

func readGeoVirus(path string) ([]article, error) {
	var x struct {
		Articles []struct {
			Text      string `xml:"text"`
			Locations []struct {
				Name  string `xml:"name"`
				Start int    `xml:"start"`
				End   int    `xml:"end"`
				Lat   string `xml:"lat"`
				Lon   string `xml:"lon"`
			} `xml:"locations>location"`
		} `xml:"article"`
	}
	if err := decodeXML(path, &x); err != nil {
		return nil, err
	}
	var out []article
	for _, a := range x.Articles {
		art := article{text: a.Text}
		off := runeOffsets(a.Text)
		for _, t := range a.Locations {
			// Offsets are mostly one past the name's: take the shift that
			// gives the stated name.
			for _, shift := range []int{0, -1, 1} {
				s, e := t.Start+shift, t.End+shift
				if s >= 0 && e < len(off) && s < e && a.Text[off[s]:off[e]] == t.Name {
					t.Start, t.End = s, e
					break
				}
			}
			if t.Start < 0 || t.End >= len(off) || t.Start >= t.End {
				continue
			}
			tp := toponym{Span: doc.Span{Start: off[t.Start], End: off[t.End]}}
			tp.lat, tp.lon, tp.hasCoord = coords(t.Lat, t.Lon)
			art.gold = append(art.gold, tp)
		}
		out = append(out, art)
	}
	return out, nil
}

// coords parses a gold point; ok is false when either is absent or not a
// valid latitude and longitude.
func coords(lat, lon string) (float64, float64, bool) {
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	if err1 != nil || err2 != nil || a < -90 || a > 90 || b < -180 || b > 180 {
		return 0, 0, false
	}
	return a, b, true
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

// predicted is a predicted toponym with the entity's country and place.
type predicted struct {
	doc.Span
	country string
	geo     *doc.Geo
}

// predictions lists d's predicted toponyms: the mentions (not nominal or
// pronoun) of its GPE and LOC entities, and the first word of a state
// body's mention when it names the state.
func predictions(d *doc.Document, g *actors.Gazetteer) []predicted {
	var preds []predicted
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			switch {
			case e.Type == doc.GPE || e.Type == doc.LOC:
				if m.Kind != doc.MentionNominal && m.Kind != doc.MentionPronoun {
					p := predicted{Span: m.Span, country: e.Country, geo: e.Geo}
					if e.Geo != nil {
						p.country = e.Geo.Country
					}
					preds = append(preds, p)
				}
			case e.Type == doc.ORG && e.Country != "":
				// A body named by its state ("Russian defense ministry",
				// "U.S. State Department") names the state in its first word.
				if sp, ok := statePrefix(d.Text, m.Span, g); ok {
					preds = append(preds, predicted{Span: sp, country: e.Country, geo: geostage.CountryGeo(e.Country)})
				}
			}
		}
	}
	return preds
}

// Predicted returns the spans of d's predicted toponyms, as the evaluation
// counts them, for the geo stage's fitting.
func Predicted(d *doc.Document, st *actors.Stage) []doc.Span {
	var out []doc.Span
	for _, p := range predictions(d, st.Gazetteer()) {
		out = append(out, p.Span)
	}
	return out
}

// Score scores docs, the annotated arts, as Run does (without country
// accuracy), for the geo stage's fitting.
func Score(arts []Article, docs []*doc.Document, st *actors.Stage) Corpus {
	return score("", arts, docs, st, nil).Corpus
}

// scored is a corpus's scores with the resolution errors kept for pooling.
type scored struct {
	Corpus
	errs []float64
}

// unresolvedKm is the error counted for a toponym left unresolved.
const unresolvedKm = 20038.0

func score(name string, arts []article, docs []*doc.Document, st *actors.Stage, countries countryTable) scored {
	c := scored{Corpus: Corpus{Name: name, Docs: len(arts), Missed: map[string]int{}, Spurious: map[string]int{}}}
	g := st.Gazetteer()
	for ai, a := range arts {
		d := docs[ai]
		preds := predictions(d, g)
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
			if g.hasCoord {
				e := unresolvedKm
				if p.geo != nil {
					if id, _ := strconv.Atoi(g.geonameID); id != 0 && id == p.geo.GeonameID {
						e = 0
					} else {
						e = geostage.Distance(p.geo.Lat, p.geo.Lon, g.lat, g.lon)
					}
				}
				c.errs = append(c.errs, e)
			}
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
	c.finish()
	return c
}

func (c *scored) finish() {
	c.Toponyms.finish()
	if c.CountryTotal > 0 {
		c.CountryAcc = float64(c.CountryCorrect) / float64(c.CountryTotal)
	}
	c.Resolved = len(c.errs)
	if len(c.errs) > 0 {
		within := 0
		for _, e := range c.errs {
			if e <= 161 {
				within++
			}
		}
		c.Acc161 = float64(within) / float64(len(c.errs))
		s := append([]float64(nil), c.errs...)
		sort.Float64s(s)
		c.MedianKm = s[len(s)/2]
		if len(s)%2 == 0 {
			c.MedianKm = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
	}
}

// pool sums the counts of several corpora.
func pool(name string, cs []scored) Corpus {
	p := scored{Corpus: Corpus{Name: name}}
	for _, c := range cs {
		p.Docs += c.Docs
		p.Toponyms.TP += c.Toponyms.TP
		p.Toponyms.FP += c.Toponyms.FP
		p.Toponyms.FN += c.Toponyms.FN
		p.CountryCorrect += c.CountryCorrect
		p.CountryTotal += c.CountryTotal
		p.errs = append(p.errs, c.errs...)
	}
	p.finish()
	return p.Corpus
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

// ReadCoNLLPlaces reads a CoNLL-2003 file (IOB1, one token a line,
// documents after -DOCSTART-) as articles whose gold toponyms are the LOC
// names: each document's tokens joined by spaces, a sentence a line. The
// toponyms have no coordinates.
func ReadCoNLLPlaces(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []article
	var b strings.Builder
	var gold []toponym
	start, typ := -1, ""
	closeName := func() {
		if start >= 0 && typ == "LOC" {
			gold = append(gold, toponym{Span: doc.Span{Start: start, End: b.Len()}})
		}
		start, typ = -1, ""
	}
	flush := func() {
		closeName()
		if t := strings.TrimSpace(b.String()); t != "" {
			out = append(out, article{text: b.String(), gold: gold})
		}
		b.Reset()
		gold = nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) > 0 && fs[0] == "-DOCSTART-":
			flush()
			continue
		case len(fs) < 2:
			closeName()
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			continue
		}
		tag := fs[len(fs)-1]
		if tag == "O" || strings.HasPrefix(tag, "B-") || tag[2:] != typ {
			closeName()
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte(' ')
		}
		if tag != "O" && start < 0 {
			start, typ = b.Len(), tag[2:]
		}
		b.WriteString(fs[0])
	}
	flush()
	return out, sc.Err()
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
