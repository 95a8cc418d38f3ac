package storetest

import (
	"context"
	"reflect"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// RunExplore checks store.Explorer, when the store implements it, on two
// samples: facet counts agree with the listings they filter, days are
// counted, and a quote nested in a longer one is listed once.
func RunExplore(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	t.Run("Explore", func(t *testing.T) {
		s := open(t)
		x, ok := s.(store.Explorer)
		if !ok {
			t.Skip("store keeps no explorer")
		}
		for i := 1; i <= 2; i++ {
			d := Sample(100 + i)
			// A fragment of the first quote, quoted again inside it.
			q := d.Quotes[0]
			d.Quotes = append(d.Quotes, doc.Quote{Span: doc.Span{Start: q.Span.Start + 7, End: q.Span.End - 1},
				Speaker: 3, Direct: true, Cue: q.Cue})
			put(t, s, d)
		}
		yes, no := true, false
		for _, c := range []struct {
			name string
			f    store.EventFilter
			want int
		}{
			{"all", store.EventFilter{}, 4},
			{"negated", store.EventFilter{Negated: &yes}, 2},
			{"asserted", store.EventFilter{Negated: &no}, 2},
			{"quad 1 (CAMEO 057)", store.EventFilter{Quad: 1}, 2},
			{"quad 4", store.EventFilter{Quad: 4}, 0},
			{"party RUS", store.EventFilter{Party: "RUS"}, 4},
			{"party as actor or recipient", store.EventFilter{Party: "Eric Pahon"}, 2},
			{"no such place", store.EventFilter{Place: "Aleppo"}, 0},
			// want -1: the totals must agree with the listing only.
			{"actor RUS", store.EventFilter{Actor: "RUS"}, -1},
			{"recipient RUS", store.EventFilter{Recipient: "RUS"}, -1},
			{"actor Eric Pahon since 2017", store.EventFilter{Actor: "Eric Pahon", Since: "2017-01-01"}, -1},
			{"dyad", store.EventFilter{Actor: "Eric Pahon", Recipient: "RUS"}, -1},
		} {
			fs, err := x.EventFacets(ctx, c.f, store.FacetNames, 10)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			rows, err := s.Events(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if c.want >= 0 && (fs.Total != c.want || len(rows) != c.want) || fs.Total != len(rows) {
				t.Errorf("%s: total %d, listed %d, want %d", c.name, fs.Total, len(rows), c.want)
			}
			// The total alone (no facets) is counted another way.
			alone, err := x.EventFacets(ctx, c.f, nil, 0)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if alone.Total != len(rows) {
				t.Errorf("%s: total alone %d, listed %d", c.name, alone.Total, len(rows))
			}
		}
		fs, err := x.EventFacets(ctx, store.EventFilter{}, store.FacetNames, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Every facet value filters to as many events as it counts.
		for _, name := range []string{store.FacetType, store.FacetQuad, store.FacetNegated, store.FacetActor,
			store.FacetRecipient, store.FacetCountry} {
			if len(fs.Counts[name]) == 0 {
				t.Errorf("facet %s: no values", name)
			}
			for _, v := range fs.Counts[name] {
				f := store.EventFilter{}
				switch name {
				case store.FacetType:
					f.Type = v.Value
				case store.FacetQuad:
					f.Quad = int(v.Value[0] - '0')
				case store.FacetNegated:
					b := v.Value == "true"
					f.Negated = &b
				case store.FacetActor:
					f.Actor = v.Value
				case store.FacetRecipient:
					f.Recipient = v.Value
				case store.FacetCountry:
					f.Country = v.Value
				}
				rows, err := s.Events(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != v.Events {
					t.Errorf("facet %s=%s counts %d, its filter lists %d", name, v.Value, v.Events, len(rows))
				}
			}
		}
		if got := fs.Counts[store.FacetActor]; len(got) != 1 || got[0].Value != "USA" || got[0].Events != 4 {
			t.Errorf("actor facet = %+v, want USA 4 (rolled up)", got)
		}
		for _, sort := range []string{store.SortNewest, store.SortConflict, store.SortCooperation} {
			rows, err := s.Events(ctx, store.EventFilter{Sort: sort})
			if err != nil || len(rows) != 4 {
				t.Errorf("sort %s: %d rows, %v", sort, len(rows), err)
			}
			if sort == store.SortNewest && rows[0].Date != "2017-01-24" {
				t.Errorf("sort newest: first %s", rows[0].Date)
			}
			if sort == store.SortConflict && rows[0].Goldstein > rows[3].Goldstein {
				t.Errorf("sort conflict: %v before %v", rows[0].Goldstein, rows[3].Goldstein)
			}
		}
		days, undated, err := x.EventDays(ctx, store.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 2 || undated != 0 || days[0].Date != "2017-01-23" || days[0].Count != 2 ||
			days[0].Cooperative != 2 || days[0].Goldstein != 9 {
			t.Errorf("EventDays = %+v, %d undated", days, undated)
		}
		// The daily totals Put keeps, read for a date window alone, agree
		// with counting the events (a sort makes EventDays count them), and
		// with the totals rebuilt from the events.
		sameDays := func(when string) {
			t.Helper()
			for _, since := range []string{"", "2017-01-24", "2017"} {
				fast, fu, err := x.EventDays(ctx, store.EventFilter{Since: since})
				if err != nil {
					t.Fatal(err)
				}
				slow, su, err := x.EventDays(ctx, store.EventFilter{Since: since, Sort: store.SortNewest})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(fast, slow) || fu != su {
					t.Errorf("%s, since %q: kept days %+v (%d undated), counted %+v (%d)", when, since, fast, fu, slow, su)
				}
			}
		}
		sameDays("as Put keeps them")
		if r, ok := s.(interface{ RebuildAggregates(context.Context) error }); ok {
			if err := r.RebuildAggregates(ctx); err != nil {
				t.Fatal(err)
			}
			sameDays("rebuilt")
		}
		arts, err := x.ArticleDays(ctx, "2017-01-01", "2017-12-31")
		if err != nil || len(arts) != 1 || arts[0].Date != "2017-01-24" || arts[0].Count != 2 {
			t.Errorf("ArticleDays = %+v, %v", arts, err)
		}
		// The daily series adds up to the monthly one, and the negated
		// events are left out of both.
		// The exact view's days add up to its series too.
		for _, sf := range []store.SeriesFilter{{Actor: "Donald Trump", Either: true},
			{Actor: "Eric Pahon", Recipient: "RUS"}, {Actor: "USA"},
			{Actor: "Donald Trump", Either: true, View: store.Exact}} {
			days, undated, err := x.SeriesDays(ctx, sf)
			if err != nil {
				t.Fatal(err)
			}
			pts, err := s.Series(ctx, sf)
			if err != nil {
				t.Fatal(err)
			}
			sum, want := 0, 0
			for _, d := range days {
				sum += d.Count
			}
			for _, p := range pts {
				want += p.Events
			}
			if sum != want || undated != 0 || want == 0 && sf.View == store.Exact {
				t.Errorf("SeriesDays(%+v) = %+v (%d undated); Series counts %d", sf, days, undated, want)
			}
		}
		all, err := s.Quotes(ctx, store.QuoteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		once, err := s.Quotes(ctx, store.QuoteFilter{Outermost: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 6 || len(once) != 4 {
			t.Errorf("quotes: %d in all, %d outermost; want 6 and 4", len(all), len(once))
		}
		sp, err := x.QuoteSpeakers(ctx, store.QuoteFilter{Outermost: true}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sp) != 2 || sp[0].Quotes != 2 || sp[0].First != "2017-01-24" {
			t.Errorf("QuoteSpeakers = %+v", sp)
		}
	})
	// A date known only to its year or month counts as its first day, so
	// the year facet's count is what the year's window lists.
	t.Run("ExploreCoarseDates", func(t *testing.T) {
		s := open(t)
		x, ok := s.(store.Explorer)
		if !ok {
			t.Skip("store keeps no explorer")
		}
		put(t, s, Sample(1))
		coarse := Sample(2)
		coarse.Events[0].Date, coarse.Events[1].Date = "2016", "2016-01"
		put(t, s, coarse)
		if rows, err := s.Events(ctx, store.EventFilter{Since: "2016-01-01", Until: "2016-12-31"}); err != nil || len(rows) != 2 {
			t.Errorf("events of 2016 = %d, %v; want the 2 dated 2016 and 2016-01", len(rows), err)
		}
		if rows, err := s.Events(ctx, store.EventFilter{Since: "2016-01-02"}); err != nil || len(rows) != 2 {
			t.Errorf("events since 2016-01-02 = %d, %v; want the 2 of 2017", len(rows), err)
		}
		fs, err := x.EventFacets(ctx, store.EventFilter{}, []string{store.FacetYear}, 0)
		if err != nil || len(fs.Counts[store.FacetYear]) != 2 || fs.Counts[store.FacetYear][0].Events != 2 {
			t.Errorf("year facet = %+v, %v", fs.Counts[store.FacetYear], err)
		}
	})
}
