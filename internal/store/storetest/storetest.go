// Package storetest is the conformance suite every store.Store passes.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// Sample returns a small annotated document: the White House says the US is
// open to joint strikes with Russia, and the Pentagon denies coordinating.
// n varies the content so that distinct samples have distinct hashes.
func Sample(n int) *doc.Document {
	text := fmt.Sprintf("The White House said Monday that Trump is open to joint strikes with Russia. "+
		"\"We are not coordinating,\" Pahon said. (sample %d)", n)
	at := func(s string) doc.Span {
		for i := 0; i+len(s) <= len(text); i++ {
			if text[i:i+len(s)] == s {
				return doc.Span{Start: i, End: i + len(s)}
			}
		}
		panic("storetest: " + s + " not in sample")
	}
	first := doc.Span{Start: 0, End: at("Russia.").End}
	second := doc.Span{Start: at("\"We").Start, End: at("Pahon said.").End}
	return &doc.Document{
		Path: fmt.Sprintf("sample-%d.txt", n), Format: doc.FormatText, Title: "Sample", Outlet: "Xinhua",
		Published: "2017-01-24", Text: text, Hash: fmt.Sprintf("%064x", n+1),
		Entities: []doc.Entity{
			{ID: "e1", Name: "White House", Type: doc.ORG, Country: "USA", Sector: "GOV", Key: "USA.WH",
				Mentions: []doc.Mention{{Span: at("White House")}}},
			{ID: "e2", Name: "Donald Trump", Type: doc.PER, Country: "USA", Role: "president",
				Mentions: []doc.Mention{{Span: at("Trump")}}},
			{ID: "e3", Name: "Russia", Type: doc.GPE, Country: "RUS", Key: "RUS",
				Mentions: []doc.Mention{{Span: at("Russia")}}},
			{ID: "e4", Name: "Eric Pahon", Type: doc.PER, Country: "USA", Role: "spokesman",
				Mentions: []doc.Mention{{Span: at("Pahon")}}},
		},
		Times: []doc.Time{{Span: at("Monday"), Type: doc.DATE, Value: "2017-01-23", Anchor: doc.None}},
		Quotes: []doc.Quote{
			{Span: at("We are not coordinating,"), Speaker: 3, Direct: true, Cue: at("said")},
			{Span: doc.Span{Start: at("Trump").Start, End: at("Russia").End}, Speaker: 0, Direct: false},
		},
		Events: []doc.Event{
			{ID: "v1", Type: doc.AGREE, Mode: "military", CAMEO: "057", Goldstein: 4.5, Actors: []int{1},
				Recipients: []int{2}, Date: "2017-01-23", Time: 0, Modality: doc.Future, Source: 0, Quote: doc.None,
				Linked: doc.None, Span: first, Trigger: at("open to")},
			{ID: "v2", Type: doc.COOPERATE, CAMEO: "06", Goldstein: 6, Actors: []int{3}, Recipients: []int{2},
				Date: "2017-01-24", Time: doc.None, Negated: true, Source: 3, Quote: 0, Linked: doc.None,
				Span: second, Trigger: at("coordinating")},
		},
		Problems: []doc.Problem{{Stage: "meta", Message: "no byline"}},
	}
}

// Run runs the suite. open returns a fresh, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	RunIdentity(t, open)
	RunPaging(t, open)
	RunExplore(t, open)
	RunAggregates(t, open)
	RunSpeakerAndArticleDays(t, open)

	t.Run("PutIsIdempotent", func(t *testing.T) {
		s := open(t)
		d := Sample(1)
		added, err := s.Put(ctx, d)
		if err != nil || !added {
			t.Fatalf("first Put = %v, %v; want true, nil", added, err)
		}
		added, err = s.Put(ctx, Sample(1))
		if err != nil || added {
			t.Fatalf("second Put = %v, %v; want false, nil", added, err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Stats{Documents: 1, Entities: 4, Quotes: 2, Times: 1, Events: 2, Problems: 1}
		if st != want {
			t.Errorf("Stats = %+v, want %+v", st, want)
		}
		if ok, err := s.Has(ctx, d.Hash); err != nil || !ok {
			t.Errorf("Has(stored) = %v, %v", ok, err)
		}
		if ok, err := s.Has(ctx, "nope"); err != nil || ok {
			t.Errorf("Has(absent) = %v, %v", ok, err)
		}
	})

	t.Run("PutNeedsHash", func(t *testing.T) {
		s := open(t)
		d := Sample(2)
		d.Hash = ""
		if _, err := s.Put(ctx, d); err == nil {
			t.Error("Put without hash succeeded")
		}
	})

	t.Run("DocumentRoundTrip", func(t *testing.T) {
		s := open(t)
		want := Sample(3)
		if _, err := s.Put(ctx, want); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Documents(ctx, store.DocumentFilter{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("Documents = %v, %v", rows, err)
		}
		if rows[0].Events != 2 || rows[0].Quotes != 2 || rows[0].Title != "Sample" {
			t.Errorf("row = %+v", rows[0])
		}
		got, err := s.Document(ctx, rows[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != want.Text || len(got.Entities) != 4 || len(got.Events) != 2 || got.Events[1].Negated != true ||
			got.Quotes[0].Speaker != 3 || got.Events[0].Modality != doc.Future || got.Published != "2017-01-24" {
			t.Errorf("round trip lost data: %+v", got)
		}
		if id, err := s.DocumentID(ctx, want.Hash); err != nil || id != rows[0].ID {
			t.Errorf("DocumentID(stored) = %d, %v; want %d", id, err, rows[0].ID)
		}
		if _, err := s.DocumentID(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DocumentID(absent) error = %v, want ErrNotFound", err)
		}
		if _, err := s.Document(ctx, rows[0].ID+1000); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Document(absent) error = %v, want ErrNotFound", err)
		}
	})

	t.Run("EventFilters", func(t *testing.T) {
		s := open(t)
		for i := 10; i < 13; i++ {
			d := Sample(i)
			d.Events[0].Date = fmt.Sprintf("2016-0%d-01", i-7) // 2016-03, -04, -05
			if _, err := s.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name string
			f    store.EventFilter
			want int
		}{
			{"all", store.EventFilter{}, 6},
			{"actor by country", store.EventFilter{Actor: "usa"}, 6},
			{"actor and recipient", store.EventFilter{Actor: "USA", Recipient: "RUS"}, 6},
			{"recipient that is not", store.EventFilter{Recipient: "USA"}, 0},
			{"actor by name", store.EventFilter{Actor: "eric pahon"}, 3},
			{"type", store.EventFilter{Type: "agree"}, 3},
			{"modality", store.EventFilter{Modality: "future"}, 3},
			{"asserted", store.EventFilter{Modality: "asserted"}, 3},
			{"since", store.EventFilter{Since: "2016-04-01"}, 5},
			{"until", store.EventFilter{Until: "2016-04-30"}, 2},
			{"limit", store.EventFilter{Limit: 4}, 4},
			{"offset", store.EventFilter{Limit: 4, Offset: 4}, 2},
			{"offset only", store.EventFilter{Offset: 5}, 1},
		}
		for _, c := range cases {
			got, err := s.Events(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if len(got) != c.want {
				t.Errorf("%s: %d events, want %d", c.name, len(got), c.want)
			}
		}
		all, _ := s.Events(ctx, store.EventFilter{})
		for i := 1; i < len(all); i++ {
			if all[i-1].Date > all[i].Date && all[i].Date != "" {
				t.Errorf("events not in date order: %s before %s", all[i-1].Date, all[i].Date)
			}
		}
		e := all[0]
		if len(e.Actors) != 1 || e.Actors[0].Name != "Donald Trump" || len(e.Recipients) != 1 ||
			e.Recipients[0].Label() != "RUS" || e.Evidence == "" || e.Source != "White House" ||
			e.Path != "sample-10.txt" || all[5].Actors[0].Sector != "" {
			t.Errorf("first event = %+v", e)
		}
	})

	t.Run("StoryEvents", func(t *testing.T) {
		s := open(t)
		// Two outlets report the same events; a third document from the
		// first outlet repeats them. Each event is one story event with
		// three mentions in three articles from two sources.
		for i, outlet := range []string{"Xinhua", "TRT World", "Xinhua"} {
			d := Sample(30 + i)
			d.Outlet = outlet
			if _, err := s.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		other := Sample(40)
		other.Events[0].Date = "2017-02-01" // a different day: another story event
		if _, err := s.Put(ctx, other); err != nil {
			t.Fatal(err)
		}
		evs, err := s.Events(ctx, store.EventFilter{Type: "AGREE"})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 4 {
			t.Fatalf("%d AGREE mentions, want 4", len(evs))
		}
		stories := map[int64]store.EventRow{}
		for _, e := range evs {
			stories[e.Story] = e
		}
		if len(stories) != 2 {
			t.Fatalf("%d story events, want 2: %+v", len(stories), evs)
		}
		first := evs[0]
		if first.Story == 0 || first.Mentions != 3 || first.Articles != 3 || first.Sources != 2 {
			t.Errorf("story of the repeated event: story %d, %d mentions, %d articles, %d sources; want 3, 3, 2",
				first.Story, first.Mentions, first.Articles, first.Sources)
		}
		if last := evs[3]; last.Story == first.Story || last.Mentions != 1 {
			t.Errorf("event on another day joined the story: %+v", last)
		}
	})

	t.Run("ActorsAndQuotes", func(t *testing.T) {
		s := open(t)
		for i := 20; i < 22; i++ {
			if _, err := s.Put(ctx, Sample(i)); err != nil {
				t.Fatal(err)
			}
		}
		actors, err := s.Actors(ctx, store.ActorFilter{Country: "USA"})
		if err != nil {
			t.Fatal(err)
		}
		if len(actors) != 3 {
			t.Fatalf("USA actors = %+v", actors)
		}
		for _, a := range actors {
			if a.Documents != 2 {
				t.Errorf("%s in %d documents, want 2", a.Name, a.Documents)
			}
		}
		trump, _ := s.Actors(ctx, store.ActorFilter{Name: "trump"})
		if len(trump) != 1 || trump[0].Events != 2 || trump[0].Role != "president" {
			t.Errorf("Trump = %+v", trump)
		}
		q, err := s.Quotes(ctx, store.QuoteFilter{Speaker: "pahon"})
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 2 || q[0].Text != "We are not coordinating," || !q[0].Direct || q[0].Country != "USA" {
			t.Errorf("Pahon quotes = %+v", q)
		}
		direct := false
		q, _ = s.Quotes(ctx, store.QuoteFilter{Country: "usa", Direct: &direct, Mentions: "russia"})
		if len(q) != 2 || q[0].Speaker != "White House" {
			t.Errorf("reported quotes about Russia = %+v", q)
		}
	})

	t.Run("Search", func(t *testing.T) {
		s := open(t)
		for i := 30; i < 32; i++ {
			if _, err := s.Put(ctx, Sample(i)); err != nil {
				t.Fatal(err)
			}
		}
		other := Sample(32)
		other.Text = "Kerry met Lavrov in Moscow to discuss a ceasefire."
		other.Entities, other.Quotes, other.Times, other.Events = nil, nil, nil, nil
		if _, err := s.Put(ctx, other); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, query string
			want        int
		}{
			{"one word", "coordinating", 2},
			{"every word must occur", "joint strikes Russia", 2},
			{"case and punctuation ignored", "LAVROV, moscow!", 1},
			{"query syntax is text", `"ceasefire" OR NOT (x`, 0},
			{"absent word", "zebra", 0},
			{"empty", " ;; ", 0},
		}
		for _, c := range cases {
			hits, err := s.Search(ctx, store.SearchFilter{Query: c.query})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if len(hits) != c.want {
				t.Errorf("%s: %d hits, want %d", c.name, len(hits), c.want)
			}
		}
		hits, _ := s.Search(ctx, store.SearchFilter{Query: "ceasefire"})
		if len(hits) != 1 || !strings.Contains(hits[0].Snippet, store.MarkStart+"ceasefire"+store.MarkEnd) ||
			hits[0].Title != "Sample" {
			t.Errorf("ceasefire hit = %+v", hits)
		}
		page, _ := s.Search(ctx, store.SearchFilter{Query: "coordinating", Limit: 1, Offset: 1})
		all, _ := s.Search(ctx, store.SearchFilter{Query: "coordinating"})
		if len(page) != 1 || len(all) != 2 || page[0].ID != all[1].ID {
			t.Errorf("search page = %+v of %+v", page, all)
		}
	})

	t.Run("SeriesAndNetwork", func(t *testing.T) {
		s := open(t)
		dates := []string{"2016-03-01", "2016-03-20", "2016-04-02", "2016"}
		for i, date := range dates {
			d := Sample(40 + i)
			d.Events[0].Date = date
			d.Events[0].Goldstein = float64(i) - 1.5 // -1.5, -0.5, 0.5, 1.5
			if _, err := s.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		months, err := s.Series(ctx, store.SeriesFilter{Actor: "USA", Recipient: "rus"})
		if err != nil {
			t.Fatal(err)
		}
		// The negated second event and the year-only date are left out.
		want := []store.SeriesPoint{
			{Period: "2016-03", Events: 2, Conflictual: 2, Goldstein: -2, Conflict: -2},
			{Period: "2016-04", Events: 1, Cooperative: 1, Goldstein: 0.5, Cooperation: 0.5},
		}
		if fmt.Sprint(months) != fmt.Sprint(want) {
			t.Errorf("monthly series = %+v, want %+v", months, want)
		}
		weeks, err := s.Series(ctx, store.SeriesFilter{Actor: "Donald Trump", Interval: store.Week})
		if err != nil {
			t.Fatal(err)
		}
		if len(weeks) != 3 || weeks[0].Period != "2016-W09" || weeks[2].Period != "2016-W13" {
			t.Errorf("weekly series = %+v", weeks)
		}
		either, _ := s.Series(ctx, store.SeriesFilter{Actor: "RUS", Either: true, Since: "2016-03-10"})
		if len(either) != 2 || either[0].Events != 1 {
			t.Errorf("RUS as either party since 2016-03-10 = %+v", either)
		}
		none, _ := s.Series(ctx, store.SeriesFilter{Actor: "RUS"})
		if len(none) != 0 {
			t.Errorf("RUS as actor = %+v, want none", none)
		}
		if _, err := s.Series(ctx, store.SeriesFilter{Actor: "USA", Interval: "decade"}); err == nil {
			t.Error("bad interval accepted")
		}
		net, err := s.Network(ctx, store.NetworkFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(net.Edges) != 1 || len(net.Nodes) != 2 {
			t.Fatalf("network = %+v", net)
		}
		// Rolled up (store.RollUp), Donald Trump counts toward USA; exact,
		// he is his own node, named by his key (store.ExactCode).
		e := net.Edges[0]
		if e.Source != "USA" || e.Target != "RUS" || e.Events != 4 || e.Goldstein != 0 {
			t.Errorf("edge = %+v", e)
		}
		exact, err := s.Network(ctx, store.NetworkFilter{Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(exact.Edges) != 1 || exact.Edges[0].Source != "donald trump" || exact.Edges[0].Events != 4 ||
			exact.Nodes[0].Name != "Donald Trump" {
			t.Errorf("exact network = %+v", exact)
		}
		if mine, _ := s.Network(ctx, store.NetworkFilter{Actor: "donald trump", Exact: true, Since: "2016-03-15"}); len(mine.Edges) != 1 || mine.Edges[0].Events != 2 {
			t.Errorf("exact network of Donald Trump since 2016-03-15 = %+v", mine)
		}
		// The rolled-up edge counts what the event filters by country count.
		evs, err := s.Events(ctx, store.EventFilter{Actor: "USA", Recipient: "RUS"})
		if err != nil {
			t.Fatal(err)
		}
		if n := countAsserted(evs); n != e.Events {
			t.Errorf("USA -> RUS: network %d events, event list %d", e.Events, n)
		}
		windowed, _ := s.Network(ctx, store.NetworkFilter{Since: "2016-03-15", Until: "2016-12-31"})
		if len(windowed.Edges) != 1 || windowed.Edges[0].Events != 2 || windowed.Edges[0].Goldstein != 0 {
			t.Errorf("windowed network = %+v", windowed)
		}
		if mine, _ := s.Network(ctx, store.NetworkFilter{Actor: "RUS"}); len(mine.Edges) != 1 {
			t.Errorf("network of RUS = %+v", mine)
		}
		if mine, _ := s.Network(ctx, store.NetworkFilter{Actor: "FRA"}); len(mine.Edges) != 0 {
			t.Errorf("network of FRA = %+v", mine)
		}
		newest, _ := s.Events(ctx, store.EventFilter{Newest: true, Limit: 2})
		if len(newest) != 2 || newest[0].Date != "2017-01-24" || newest[0].DocumentID < newest[1].DocumentID {
			t.Errorf("newest events = %+v", newest)
		}
		if few, _ := s.Network(ctx, store.NetworkFilter{MinEvents: 5}); len(few.Edges) != 0 {
			t.Errorf("MinEvents 5 kept %+v", few.Edges)
		}
		byCountry, _ := s.Events(ctx, store.EventFilter{Country: "rus"})
		if len(byCountry) != 8 {
			t.Errorf("events with a RUS party = %d, want 8", len(byCountry))
		}
	})

	t.Run("ConcurrentPuts", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					// Every worker stores the same ten documents: each must
					// land exactly once.
					if _, err := s.Put(ctx, Sample(100+i)); err != nil {
						errs <- fmt.Errorf("worker %d: %w", w, err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		st, _ := s.Stats(ctx)
		if st.Documents != 10 || st.Events != 20 {
			t.Errorf("after concurrent puts: %+v, want 10 documents, 20 events", st)
		}
	})
}

// countAsserted counts the events that are not negated.
func countAsserted(evs []store.EventRow) int {
	n := 0
	for _, e := range evs {
		if !e.Negated {
			n++
		}
	}
	return n
}
