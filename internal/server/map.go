package server

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// mapEvents caps the events the map page reads.
const mapEvents = 2000

// mapPlace is one place on the map with the events that happened there.
type mapPlace struct {
	Name      string    `json:"name"`
	Country   string    `json:"country"`
	Admin1    string    `json:"admin1"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	Events    int       `json:"events"`
	Coop      int       `json:"coop"`
	Conf      int       `json:"conf"`
	Goldstein float64   `json:"goldstein"` // mean
	Items     []mapItem `json:"items"`     // the first events, for the popup
}

type mapItem struct {
	Date      string  `json:"date"`
	Type      string  `json:"type"`
	Actor     string  `json:"actor"`
	Recipient string  `json:"recipient"`
	Goldstein float64 `json:"goldstein"`
	Evidence  string  `json:"evidence"`
	URL       string  `json:"url"`
}

// mapItemsPerPlace caps the events a place's popup lists.
const mapItemsPerPlace = 12

// placesOf groups located events by place, most events first.
func placesOf(rows []store.EventRow) []mapPlace {
	byKey := map[string]*mapPlace{}
	var out []*mapPlace
	for _, r := range rows {
		p := r.Place
		if p == nil || !p.HasPoint || math.IsNaN(p.Lat) || math.IsNaN(p.Lon) {
			continue
		}
		key := fmt.Sprintf("%d|%.4f|%.4f", p.GeonameID, p.Lat, p.Lon)
		mp := byKey[key]
		if mp == nil {
			mp = &mapPlace{Name: p.Name, Country: p.Country, Admin1: p.Admin1, Lat: p.Lat, Lon: p.Lon, Items: []mapItem{}}
			byKey[key] = mp
			out = append(out, mp)
		}
		mp.Events++
		mp.Goldstein += r.Goldstein
		switch {
		case r.Goldstein > 0:
			mp.Coop++
		case r.Goldstein < 0:
			mp.Conf++
		}
		if len(mp.Items) < mapItemsPerPlace {
			label := func(ps []store.Party) string {
				var l []string
				for _, q := range ps {
					l = append(l, q.Label())
				}
				return strings.Join(l, " + ")
			}
			ev := r.Evidence
			if len(ev) > 300 {
				ev = strings.ToValidUTF8(ev[:300], "") + "…"
			}
			mp.Items = append(mp.Items, mapItem{Date: r.Date, Type: r.Type, Actor: label(r.Actors), Recipient: label(r.Recipients),
				Goldstein: r.Goldstein, Evidence: ev, URL: fmt.Sprintf("/documents/%d#s-%d", r.DocumentID, r.Start)})
		}
	}
	res := make([]mapPlace, len(out))
	for i, p := range out {
		p.Goldstein /= float64(p.Events)
		res[i] = *p
	}
	sort.SliceStable(res, func(i, j int) bool { return res[i].Events > res[j].Events })
	return res
}

func (s *Server) pageMap(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.EventFilter{Since: p.date("since"), Until: p.date("until"), Actor: p.str("actor"),
		Type: strings.ToUpper(p.str("type")), Located: true, Limit: mapEvents}
	if f.Type != "" {
		known := false
		for _, t := range doc.EventTypes {
			known = known || string(t) == f.Type
		}
		if !known && p.err == nil {
			p.err = badf("type %q: not a PLOVER event type", f.Type)
		}
	}
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	rows, err := s.st.Events(r.Context(), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	places := placesOf(rows)
	s.render(w, r, http.StatusOK, "map", view{Title: "Map", Nav: "map", Data: map[string]any{
		"Places": places, "Since": f.Since, "Until": f.Until, "Actor": f.Actor, "Type": f.Type,
		"Types": doc.EventTypes, "Events": len(rows), "Capped": len(rows) == mapEvents,
	}})
}
