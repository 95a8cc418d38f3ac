package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
	"sitrep/internal/store/storetest"
)

// TestEventPlaces stores events with and without a place and filters them
// by the place's country and by distance.
func TestEventPlaces(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "places.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		d := storetest.Sample(i)
		if i < 2 {
			// Sample entity e3 is Russia: place every event there, resolved
			// (document 0) or unresolved (document 1).
			if i == 0 {
				d.Entities[2].Geo = &doc.Geo{GeonameID: 2017370, Name: "Russia", Lat: 55.43, Lon: 42.41, Country: "RUS",
					Feature: "country"}
			}
			for k := range d.Events {
				d.Events[k].Place = "e3"
			}
		}
		if _, err := s.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Events(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	perDoc := len(all) / 3
	if perDoc == 0 {
		t.Fatal("no events stored")
	}
	cases := []struct {
		name string
		f    store.EventFilter
		want int
	}{
		{"place country", store.EventFilter{PlaceCountry: "rus"}, perDoc},
		{"other country", store.EventFilter{PlaceCountry: "SYR"}, 0},
		{"near, inside", store.EventFilter{Near: &store.Near{Lat: 55.75, Lon: 37.62, Km: 400}}, perDoc},
		{"near, outside", store.EventFilter{Near: &store.Near{Lat: 55.75, Lon: 37.62, Km: 200}}, 0},
		{"located", store.EventFilter{Located: true}, 2 * perDoc},
	}
	for _, c := range cases {
		rows, err := s.Events(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != c.want {
			t.Errorf("%s: %d events, want %d", c.name, len(rows), c.want)
		}
	}
	rows, _ := s.Events(ctx, store.EventFilter{PlaceCountry: "RUS", Limit: 1})
	if len(rows) != 1 || rows[0].Place == nil || rows[0].Place.Name != "Russia" || !rows[0].Place.HasPoint ||
		rows[0].Place.GeonameID != 2017370 {
		t.Fatalf("place not read back: %+v", rows)
	}
	for _, p := range append(rows[0].Actors, rows[0].Recipients...) {
		if p.Name == "Russia" && (p.Place == nil || p.Place.Lat != 55.43) {
			t.Errorf("party Russia lacks its place: %+v", p)
		}
	}
}
