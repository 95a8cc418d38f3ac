// Package geo says where things happened: it finds the place names the
// actors stage left to a longer name or a person (recognise.go), resolves
// every GPE and LOC entity that names a place to a GeoNames place with
// coordinates (doc.Entity.Geo), and gives each event the place it happened
// at (doc.Event.Place).
//
// Resolution looks each entity's names up in an embedded gazetteer (all
// countries and first-level divisions, the second-level divisions that hold
// a town, every place of 15,000 people or more, with Latin-script
// alternate names, and the towns of 1,000 or more of the United States,
// Canada, Britain, Ireland, Australia and New Zealand; built by ./gen from
// GeoNames) and scores the candidates
// with a linear model fitted by ./fit on the geoparsing gold sets (fit
// halves of the dev splits): population, kind of place, whether a name is
// the place's main name, the actors stage's choice, containment ("Paris,
// Texas", "Alexandria, Va."), and the document's other places (same country,
// same first-level division, distance). It runs in two passes: the first
// picks places without context, the second rescores with the first's picks
// as context.
//
// An entity the actors stage takes for a state (key "SYR") keeps that state
// unless a containment or the context makes a division of the same name
// likelier ("Georgia" among Atlanta and Savannah). When a city or division
// is resolved, the entity's Country becomes the resolved place's country:
// "Alexandria, Va." is in the USA even if the actors stage's gazetteer
// knew only Egypt's Alexandria.
//
// Event places: see place.go.
package geo

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"sitrep/internal/doc"
)

// The resolver's weights, written by ./fit.
//
//go:embed data/weights.tsv
var weightsData string

// Stage is the geo stage of the pipeline.
type Stage struct {
	w *Weights
	// rec replaces the embedded recogniser when not nil; noRec turns
	// recognition off (the actors stage's places only).
	rec   *Recogniser
	noRec bool
}

// New returns the geo stage. The gazetteer is read on the first document.
func New() *Stage { return &Stage{} }

// NewWithWeights returns a stage that scores with w instead of the embedded
// weights (used by ./fit and the evaluation).
func NewWithWeights(w Weights) *Stage { return &Stage{w: &w} }

// WithRecogniser returns a copy of s that recognises toponyms with r, or
// none beyond the actors stage's places when r is nil (used by ./fit and
// the evaluation).
func (s *Stage) WithRecogniser(r *Recogniser) *Stage {
	c := *s
	c.rec, c.noRec = r, r == nil
	return &c
}

// Name returns "geo".
func (s *Stage) Name() string { return "geo" }

var loadWeights = sync.OnceValues(func() (*Weights, error) { return ParseWeights(weightsData) })

// Process sets Geo on the GPE and LOC entities it resolves, and Place on
// every event. It needs d.Entities (the actors stage) and, for event
// places, d.Sentences and d.Tokens with their parse.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g, err := Load()
	if err != nil {
		return err
	}
	w := s.w
	if w == nil {
		if w, err = loadWeights(); err != nil {
			return err
		}
	}
	var created []int
	if !s.noRec {
		r := s.rec
		if r == nil {
			if r, err = loadRecogniser(); err != nil {
				return err
			}
		}
		created = r.addToponyms(g, d)
	}
	tops := candidates(g, d)
	picks := resolve(g, w, tops)
	for i, t := range tops {
		if picks[i] < 0 {
			continue
		}
		ix := t.cands[picks[i]]
		e := &d.Entities[t.entity]
		e.Geo = g.geo(ix)
		if p := g.Place(ix); p.Kind != KindCountry && p.Kind != KindCont && !isISO3(e.Key) {
			e.Country = p.Country
		}
	}
	for _, ei := range created {
		e := &d.Entities[ei]
		switch {
		case e.Geo == nil:
		case e.Geo.Feature == "country":
			e.Key, e.Country = e.Geo.Country, e.Geo.Country // as the actors stage keys a state
		default:
			e.Key = "geonames:" + strconv.Itoa(e.Geo.GeonameID)
		}
	}
	placeEvents(d)
	return nil
}

// geo converts place ix to its doc form.
func (g *Gazetteer) geo(ix int32) *doc.Geo {
	p := g.Place(ix)
	out := &doc.Geo{GeonameID: p.ID, Name: p.Name, Lat: p.Lat, Lon: p.Lon, Country: p.Country}
	switch p.Kind {
	case KindCountry:
		out.Feature = "country"
	case KindAdmin1:
		out.Feature = "admin1"
	case KindAdmin2:
		out.Feature = "admin2"
	case KindCont:
		out.Feature = "continent"
	default:
		out.Feature = p.Feature
	}
	if p.Kind == KindAdmin1 {
		out.Admin1 = p.Name
	} else if a, ok := g.Admin1Of(ix); ok {
		out.Admin1 = g.Place(a).Name
	}
	return out
}

// ParseWeights reads weights.tsv: "feature first second" per line, '#'
// comments. Every feature must be given.
func ParseWeights(s string) (*Weights, error) {
	w := &Weights{}
	have := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("geo: weights: bad line %q", line)
		}
		k := -1
		for i, n := range featureNames {
			if n == f[0] {
				k = i
			}
		}
		if k < 0 {
			return nil, fmt.Errorf("geo: weights: unknown feature %q", f[0])
		}
		a, err1 := strconv.ParseFloat(f[1], 64)
		b, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("geo: weights: bad number in %q", line)
		}
		w.First[k], w.Second[k] = a, b
		have[f[0]] = true
	}
	for _, n := range featureNames {
		if !have[n] {
			return nil, fmt.Errorf("geo: weights: feature %s missing", n)
		}
	}
	return w, nil
}

// Format writes w in the form ParseWeights reads.
func (w *Weights) Format(header string) string {
	var b strings.Builder
	for l := range strings.SplitSeq(strings.TrimSpace(header), "\n") {
		b.WriteString("# " + l + "\n")
	}
	b.WriteString("# feature\tfirst-pass\tsecond-pass\n")
	for k, n := range featureNames {
		fmt.Fprintf(&b, "%s\t%.4f\t%.4f\n", n, w.First[k], w.Second[k])
	}
	return b.String()
}

// CountryGeo returns the place of the country with ISO3 code iso3, nil if
// the gazetteer lacks it or cannot be read.
func CountryGeo(iso3 string) *doc.Geo {
	g, err := Load()
	if err != nil {
		return nil
	}
	if ix, ok := g.Country(iso3); ok {
		return g.geo(ix)
	}
	return nil
}

// GDELTGeo describes a GeoNames place the way GDELT's geography columns
// do: the geo type (1 country, 2 US state, 3 US city, 4 world city, 5 world
// state), the FIPS 10-4 country code and the ADM1 code (FIPS country code
// and GeoNames admin1 code). ok is false when the gazetteer lacks id.
func GDELTGeo(id int) (geoType int, fips, adm1 string, ok bool) {
	g, err := Load()
	if err != nil {
		return 0, "", "", false
	}
	ix, found := g.ByID(id)
	if !found {
		return 0, "", "", false
	}
	p := g.Place(ix)
	if c, ok := g.Country(p.Country); ok {
		fips = g.Place(c).Feature
	}
	if p.A1 != "" && p.Kind != KindCountry {
		adm1 = fips + p.A1
	}
	us := p.Country == "USA"
	switch {
	case p.Kind == KindCountry:
		geoType = 1
	case p.Kind == KindAdmin1 && us:
		geoType = 2
	case us:
		geoType = 3
	case p.Kind == KindPlace:
		geoType = 4
	default:
		geoType = 5
	}
	return geoType, fips, adm1, true
}

// CountryName returns the name of the country with ISO3 code iso3, or iso3
// itself when the gazetteer lacks it.
func CountryName(iso3 string) string {
	g, err := Load()
	if err != nil {
		return iso3
	}
	if ix, ok := g.Country(iso3); ok {
		return g.Place(ix).Name
	}
	return iso3
}
