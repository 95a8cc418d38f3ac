package export_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/export"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// placedStore holds two samples whose events happened in Moscow (sample
// entity e3, resolved to the city) and one without a place.
func placedStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 1; i <= 3; i++ {
		d := storetest.Sample(i)
		if i < 3 {
			d.Entities[2].Geo = &doc.Geo{GeonameID: 524901, Name: "Moscow", Lat: 55.752, Lon: 37.6178, Country: "RUS",
				Admin1: "Moscow", Feature: "PPLC"}
			for k := range d.Events {
				d.Events[k].Place = "e3"
			}
		}
		if _, err := st.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestGeoJSON(t *testing.T) {
	st := placedStore(t)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			Geometry struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	out := export1(t, st, export.GeoJSON, store.EventFilter{})
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	all := export1(t, st, export.PLOVER, store.EventFilter{})
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 || 3*len(fc.Features) != 2*strings.Count(all, "\n") {
		t.Fatalf("%d features of %d events", len(fc.Features), strings.Count(all, "\n"))
	}
	for _, f := range fc.Features {
		if f.Geometry.Type != "Point" || f.Geometry.Coordinates != [2]float64{37.6178, 55.752} ||
			f.Properties["place"] != "Moscow" || f.Properties["country"] != "RUS" || f.Properties["evidence"] == "" {
			t.Errorf("feature %+v", f)
		}
	}
	empty := export1(t, st, export.GeoJSON, store.EventFilter{PlaceCountry: "SYR"})
	if strings.TrimSpace(empty) != `{"type":"FeatureCollection","features":[]}` {
		t.Errorf("empty collection: %q", empty)
	}
}

func TestGDELTGeography(t *testing.T) {
	st := placedStore(t)
	located := 0
	for _, line := range strings.Split(strings.TrimSpace(export1(t, st, export.GDELT, store.EventFilter{})), "\n") {
		c := strings.Split(line, "\t")
		if len(c) != len(export.GDELTColumns) {
			t.Fatalf("%d columns", len(c))
		}
		if c[51] == "0" {
			continue
		}
		located++
		// ActionGeo: a world city in Russia (FIPS RS), ADM1 RS48.
		if want := []string{"4", "Moscow, Russia", "RS", "RS48", "", "55.7520", "37.6178", "524901"}; strings.Join(c[51:59], "|") != strings.Join(want, "|") {
			t.Errorf("ActionGeo = %q, want %q", c[51:59], want)
		}
	}
	if located == 0 {
		t.Error("no event with an ActionGeo")
	}
	pl := export1(t, st, export.PLOVER, store.EventFilter{PlaceCountry: "RUS", Limit: 1})
	if !strings.Contains(pl, `"location":"Moscow"`) || !strings.Contains(pl, `"lat":55.752`) {
		t.Errorf("PLOVER location fields missing: %s", pl)
	}
}
