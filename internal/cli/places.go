package cli

import (
	"flag"

	"sitrep/internal/store"
)

// registerPlaceFlags adds `sitrep events --country CODE --near
// LAT,LON,RADIUS` to fs; the returned check parses --near into f once the
// flags are read.
func registerPlaceFlags(fs *flag.FlagSet, f *store.EventFilter) func() error {
	fs.StringVar(&f.PlaceCountry, "country", "", "events that happened in country `CODE` (ISO alpha-3)")
	return registerNear(fs, f)
}

// registerExportPlaceFlags adds `sitrep export --place-country CODE --near
// LAT,LON,RADIUS` (export's --country already names a party's country).
func registerExportPlaceFlags(fs *flag.FlagSet, f *store.EventFilter) func() error {
	fs.StringVar(&f.PlaceCountry, "place-country", "", "events that happened in country `CODE` (ISO alpha-3)")
	return registerNear(fs, f)
}

func registerNear(fs *flag.FlagSet, f *store.EventFilter) func() error {
	var near string
	fs.StringVar(&near, "near", "", "events that happened within a radius of a point: `LAT,LON,RADIUS` (36.2,37.16,50km)")
	return func() error {
		if near == "" {
			return nil
		}
		n, err := store.ParseNear(near)
		if err != nil {
			return usageErr("%v", err)
		}
		f.Near = n
		return nil
	}
}

// placeLabel is the PLACE column of `sitrep events`: "Aleppo (SYR)", "-" if
// unknown.
func placeLabel(p *store.Place) string {
	switch {
	case p == nil:
		return "-"
	case p.Name != "" && p.Country != "":
		return p.Name + " (" + p.Country + ")"
	}
	return p.Entity
}
