package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// RunAggregates checks, when the store implements store.Explorer, that the
// totals a store keeps per dyad (the dyad page's total, a dyad chart's
// undated events) equal what is counted from the events themselves, in
// both views, after Put, Resolve, a merge, a re-ingest, new documents, a
// split and a near-duplicate copy.
func RunAggregates(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("DyadTotalsFollowTheEvents", func(t *testing.T) {
		ctx := context.Background()
		s := open(t)
		x, ok := s.(store.Explorer)
		c, curates := s.(store.Curator)
		if !ok || !curates {
			t.Skip("store keeps no explorer or no identity decisions")
		}
		dated := func(d *doc.Document, first, second string) *doc.Document {
			d.Events[0].Date, d.Events[1].Date = first, second
			return d
		}
		first := []*doc.Document{
			dated(keyed(500, "White House", "USA.WH", "Donald Trump", "donald trump"), "2016-03-01", ""),
			dated(keyed(501, "The White House office", "org:white house office", "Trump", "per:surname:trump?"), "2016-04", "2017-01-24"),
			dated(keyed(502, "White House", "USA.WH", "Trump", "per:surname:trump?"), "", "2016"),
			dated(Sample(503), "2017-01-01", "2017-01-23"),
		}
		first[2].Events[0].Negated = true
		for _, d := range first {
			put(t, s, d)
		}
		checkDyadTotals(t, s, x, "after Put")
		if err := c.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		checkDyadTotals(t, s, x, "after Resolve")
		if err := c.Merge(ctx, "USA.WH", "org:white house office"); err != nil {
			t.Fatal(err)
		}
		checkDyadTotals(t, s, x, "after a merge")
		for _, d := range first {
			put(t, s, d)
		}
		checkDyadTotals(t, s, x, "after a re-ingest")
		put(t, s, dated(keyed(504, "The White House office", "org:white house office", "Trump", "per:surname:trump?"), "2016-05-02", ""))
		checkDyadTotals(t, s, x, "after a new document under the merge")
		if err := c.Split(ctx, "donald trump", "per:surname:trump?"); err != nil {
			t.Fatal(err)
		}
		checkDyadTotals(t, s, x, "after a split")
		copied := dated(keyed(505, "White House", "USA.WH", "Donald Trump", "donald trump"), "2016-03-01", "")
		copied.DuplicateOf = first[0].Hash
		put(t, s, copied)
		if err := c.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		checkDyadTotals(t, s, x, "after a copy and Resolve")
	})
}

// RunSpeakerAndArticleDays checks, when the store implements
// store.Explorer, that the quotes per speaker and the articles per day it
// keeps agree with the quotes and documents stored, nested quotes, copies
// and undated articles included.
func RunSpeakerAndArticleDays(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("SpeakersAndArticleDaysFollowPut", func(t *testing.T) {
		ctx := context.Background()
		s := open(t)
		x, ok := s.(store.Explorer)
		if !ok {
			t.Skip("store keeps no explorer")
		}
		var docs []*doc.Document
		for i, published := range []string{"2017-01-24", "2017-01-24", "", "2016-05-01", "2016-05-01"} {
			d := Sample(520 + i)
			d.Published = published
			if i%2 == 0 {
				// A fragment of the first quote, quoted again inside it,
				// by another speaker with another role.
				q := d.Quotes[0]
				d.Quotes = append(d.Quotes, doc.Quote{Span: doc.Span{Start: q.Span.Start + 7, End: q.Span.End - 1},
					Speaker: 1, Direct: true, Cue: q.Cue})
			}
			if i == 3 {
				d.Entities[3].Role = "aaa" // sorts before "spokesman": the greatest role is kept
				d.Quotes = d.Quotes[:1]
			}
			if i == 4 {
				d.DuplicateOf, d.Story = docs[3].Hash, "story-524"
			}
			put(t, s, d)
			put(t, s, d) // a re-ingest changes nothing
			docs = append(docs, d)
		}
		kept, err := x.QuoteSpeakers(ctx, store.QuoteFilter{Outermost: true, Limit: 50}, 100)
		if err != nil {
			t.Fatal(err)
		}
		counted, err := x.QuoteSpeakers(ctx, store.QuoteFilter{Outermost: true, Until: "9999"}, 100)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(kept) != fmt.Sprint(counted) || len(kept) < 2 {
			t.Errorf("speakers kept:\n%+v\ncounted from the quotes:\n%+v", kept, counted)
		}
		for _, name := range []string{"pahon", "Donald", "white house", "nobody"} {
			qs, err := s.Quotes(ctx, store.QuoteFilter{Speaker: name})
			if err != nil {
				t.Fatal(err)
			}
			all, err := s.Quotes(ctx, store.QuoteFilter{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, q := range all {
				if strings.Contains(strings.ToLower(q.Speaker), strings.ToLower(name)) {
					n++
				}
			}
			if len(qs) != n {
				t.Errorf("quotes of speaker %q: %d listed, %d among all quotes", name, len(qs), n)
			}
		}
		days, err := x.ArticleDays(ctx, "", "")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, d := range docs {
			if d.DuplicateOf == "" && d.Published != "" {
				want[d.Published]++
			}
		}
		got := map[string]int{}
		for _, d := range days {
			got[d.Date] = d.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("article days %v, want %v", got, want)
		}
		if days, err := x.ArticleDays(ctx, "2017-01-01", "2017-12-31"); err != nil || len(days) != 1 || days[0].Count != 2 {
			t.Errorf("article days of 2017: %+v, %v; want 2 on one day", days, err)
		}
		// Asked again after another document, the answer has it.
		d := Sample(529)
		d.Published = "2017-03-01"
		put(t, s, d)
		if days, err := x.ArticleDays(ctx, "2017-01-01", "2017-12-31"); err != nil || len(days) != 2 || days[1].Count != 1 {
			t.Errorf("article days of 2017 after another document: %+v, %v; want 2 days", days, err)
		}
	})
}

// checkDyadTotals compares, for every pair of an actor's and a recipient's
// codes among the stored events (country code, key and name rolled up;
// the exact code in the exact view), the total EventFacets gives with the
// events counted from the whole listing, and with the listing of the dyad
// in date windows; and the undated events of the dyad's chart with the
// asserted undated events counted.
func checkDyadTotals(t *testing.T, s store.Store, x store.Explorer, when string) {
	t.Helper()
	ctx := context.Background()
	checked := 0
	for _, v := range []store.View{store.Rolled, store.Exact} {
		all, err := s.Events(ctx, store.EventFilter{View: v})
		if err != nil {
			t.Fatal(err)
		}
		codes := func(ps []store.Party) []string {
			var out []string
			for _, p := range ps {
				if v == store.Exact {
					out = append(out, strings.ToLower(store.ExactCode(p)))
					continue
				}
				for _, c := range []string{p.Country, p.Key, p.Name} {
					if c != "" {
						out = append(out, strings.ToLower(c))
					}
				}
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		type counts struct{ events, undatedAsserted int }
		want := map[[2]string]*counts{}
		for _, e := range all {
			for _, a := range codes(e.Actors) {
				for _, r := range codes(e.Recipients) {
					k := [2]string{a, r}
					if want[k] == nil {
						want[k] = &counts{}
					}
					want[k].events++
					if e.Date == "" && !e.Negated {
						want[k].undatedAsserted++
					}
				}
			}
		}
		want[[2]string{"nobody", "usa"}] = &counts{}
		for k, w := range want {
			f := store.EventFilter{Actor: k[0], Recipient: k[1], View: v}
			fs, err := x.EventFacets(ctx, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			if fs.Total != w.events || fs.AtLeast {
				t.Errorf("%s, %s %s -> %s: total %d (at least: %v), counted %d", when, v, k[0], k[1], fs.Total, fs.AtLeast, w.events)
			}
			_, undated, err := x.SeriesDays(ctx, store.SeriesFilter{Actor: k[0], Recipient: k[1], View: v})
			if err != nil {
				t.Fatal(err)
			}
			if undated != w.undatedAsserted {
				t.Errorf("%s, %s %s -> %s: %d undated in the chart, counted %d", when, v, k[0], k[1], undated, w.undatedAsserted)
			}
			for _, g := range []store.EventFilter{{Since: "2016-04-01"}, {Since: "2016-01-01", Until: "2016-12-31"},
				{Until: "2017-01-01"}, {Newest: true}} {
				g.Actor, g.Recipient, g.View = f.Actor, f.Recipient, f.View
				fs, err := x.EventFacets(ctx, g, nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := s.Events(ctx, g)
				if err != nil {
					t.Fatal(err)
				}
				if fs.Total != len(rows) {
					t.Errorf("%s, %+v: total %d, listed %d", when, g, fs.Total, len(rows))
				}
			}
			checked += w.events
		}
	}
	// The network over all dates (a row per pair) agrees with the pairs'
	// asserted events.
	for _, v := range []store.View{store.Rolled, store.Exact} {
		net, err := s.Network(ctx, store.NetworkFilter{Exact: v == store.Exact})
		if err != nil {
			t.Fatal(err)
		}
		if len(net.Edges) == 0 {
			t.Errorf("%s, %s: no network", when, v)
		}
		for _, e := range net.Edges {
			evs, err := s.Events(ctx, store.EventFilter{Actor: e.Source, Recipient: e.Target, View: v})
			if err != nil {
				t.Fatal(err)
			}
			if n := countAsserted(evs); n != e.Events {
				t.Errorf("%s, %s %s -> %s: network %d events, %d asserted listed", when, v, e.Source, e.Target, e.Events, n)
			}
		}
	}
	if checked < 10 {
		t.Errorf("%s: only %d dyad events to check", when, checked)
	}
}
