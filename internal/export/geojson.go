package export

import (
	"encoding/json"
	"fmt"
	"io"

	"sitrep/internal/store"
)

// geoJSONWriter writes a GeoJSON FeatureCollection (RFC 7946): one Point
// feature per event whose place has coordinates, with the event's fields
// as properties. Events without a point are left out.
type geoJSONWriter struct {
	w io.Writer
	n int
}

func newGeoJSONWriter(w io.Writer) *geoJSONWriter { return &geoJSONWriter{w: w} }

type geoJSONFeature struct {
	Type       string         `json:"type"`
	ID         int64          `json:"id"`
	Geometry   geoJSONPoint   `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoJSONPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // longitude, latitude
}

func (g *geoJSONWriter) write(r store.EventRow) error {
	p := r.Place
	if p == nil || !p.HasPoint {
		return nil
	}
	a, b := first(r.Actors), first(r.Recipients)
	f := geoJSONFeature{Type: "Feature", ID: r.ID,
		Geometry: geoJSONPoint{Type: "Point", Coordinates: [2]float64{p.Lon, p.Lat}},
		Properties: map[string]any{
			"date": r.Date, "type": r.Type, "mode": r.Mode, "cameo": r.CAMEO, "goldstein": r.Goldstein,
			"quad_class": QuadClass(r.CAMEO), "negated": r.Negated, "modality": r.Modality,
			"actor": a.Name, "actor_country": a.Country, "recipient": b.Name, "recipient_country": b.Country,
			"place": p.Name, "place_entity": p.Entity, "country": p.Country, "admin1": p.Admin1,
			"geonameid": p.GeonameID, "feature": p.Feature, "evidence": r.Evidence, "trigger": r.Trigger,
			"title": r.Title, "outlet": r.Outlet, "published": r.Published, "url": r.URL, "document": r.DocumentID,
		}}
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	sep := ",\n"
	if g.n == 0 {
		sep = `{"type":"FeatureCollection","features":[` + "\n"
	}
	g.n++
	_, err = fmt.Fprintf(g.w, "%s%s", sep, body)
	return err
}

func (g *geoJSONWriter) flush() error {
	if g.n == 0 {
		_, err := io.WriteString(g.w, `{"type":"FeatureCollection","features":[]}`+"\n")
		return err
	}
	_, err := io.WriteString(g.w, "\n]}\n")
	return err
}
