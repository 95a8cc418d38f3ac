package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// keyed returns Sample(n) with its White House entity renamed and keyed
// as given and its Trump entity keyed as given (the first event's actor).
func keyed(n int, whName, whKey, trumpName, trumpKey string) *doc.Document {
	d := Sample(n)
	d.Outlet = "BBC"
	d.Entities[0].Name, d.Entities[0].Key = whName, whKey
	d.Entities[1].Name, d.Entities[1].Key = trumpName, trumpKey
	return d
}

func actorsNamed(t *testing.T, s store.Store, name string) []store.ActorRow {
	t.Helper()
	rows, err := s.Actors(context.Background(), store.ActorFilter{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func put(t *testing.T, s store.Store, d *doc.Document) {
	t.Helper()
	if _, err := s.Put(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// seriesEvents counts the events of actor over its whole series.
func seriesEvents(t *testing.T, s store.Store, actor string) int {
	t.Helper()
	pts, err := s.Series(context.Background(), store.SeriesFilter{Actor: actor})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range pts {
		n += p.Events
	}
	return n
}

// RunIdentity checks actor identity: one actor per key, surname-only keys
// attached to the full name of the same outlet, and curated merges and
// splits that later Puts respect. The store must implement store.Curator.
func RunIdentity(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()

	t.Run("SurnameAttaches", func(t *testing.T) {
		s := open(t)
		// The surname-only document comes first: Resolve attaches it later.
		put(t, s, keyed(300, "White House", "USA.WH", "Trump", "per:surname:trump?"))
		put(t, s, keyed(301, "White House", "USA.WH", "Donald Trump", "donald trump"))
		if rows := actorsNamed(t, s, "trump"); len(rows) != 2 {
			t.Fatalf("before Resolve: %+v, want two actors", rows)
		}
		if err := s.(store.Curator).Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		put(t, s, keyed(302, "White House", "USA.WH", "Trump", "per:surname:trump?"))
		rows := actorsNamed(t, s, "trump")
		if len(rows) != 1 || rows[0].Key != "donald trump" || rows[0].Documents != 3 || rows[0].Events != 3 ||
			rows[0].Name != "Donald Trump" {
			t.Fatalf("after Resolve and a new Put: %+v, want one actor Donald Trump in 3 documents", rows)
		}
		al, err := s.(store.Curator).Aliases(ctx, "donald trump")
		if err != nil || len(al) != 2 {
			t.Fatalf("Aliases = %+v, %v; want the full name and the surname", al, err)
		}
		if n := seriesEvents(t, s, "donald trump"); n != 3 {
			t.Errorf("series of donald trump: %d events, want 3 (as Actors says)", n)
		}
		// Another outlet's surname stays apart.
		d := keyed(303, "White House", "USA.WH", "Trump", "per:surname:trump?")
		d.Outlet = "Xinhua"
		put(t, s, d)
		if rows := actorsNamed(t, s, "trump"); len(rows) != 2 {
			t.Errorf("other outlet: %+v, want its surname actor apart", rows)
		}
	})

	t.Run("MergeAndSplitSurviveIngest", func(t *testing.T) {
		s := open(t)
		c := s.(store.Curator)
		put(t, s, keyed(310, "White House", "USA.WH", "Donald Trump", "donald trump"))
		put(t, s, keyed(311, "The White House office", "org:white house office", "Donald Trump", "donald trump"))
		if rows := actorsNamed(t, s, "white house"); len(rows) != 2 {
			t.Fatalf("before merge: %+v", rows)
		}
		if err := c.Merge(ctx, "USA.WH", "org:white house office"); err != nil {
			t.Fatal(err)
		}
		rows := actorsNamed(t, s, "white house")
		if len(rows) != 1 || rows[0].Key != "USA.WH" || rows[0].Documents != 2 {
			t.Fatalf("after merge: %+v, want one actor USA.WH in 2 documents", rows)
		}
		// A re-ingest changes nothing; a new document is merged as it lands.
		put(t, s, keyed(311, "The White House office", "org:white house office", "Donald Trump", "donald trump"))
		put(t, s, keyed(312, "The White House office", "org:white house office", "Donald Trump", "donald trump"))
		rows = actorsNamed(t, s, "white house")
		if len(rows) != 1 || rows[0].Documents != 3 {
			t.Fatalf("after new ingest: %+v, want one actor in 3 documents", rows)
		}
		evs, err := s.Events(ctx, store.EventFilter{Actor: "usa.wh"})
		if err != nil {
			t.Fatal(err)
		}
		if got := seriesEvents(t, s, "usa.wh"); got != countDated(evs) {
			t.Errorf("series of USA.WH: %d events, events list %d", got, countDated(evs))
		}
		if err := c.Split(ctx, "USA.WH", "org:white house office"); err != nil {
			t.Fatal(err)
		}
		put(t, s, keyed(313, "The White House office", "org:white house office", "Donald Trump", "donald trump"))
		rows = actorsNamed(t, s, "white house")
		if len(rows) != 2 {
			t.Fatalf("after split and new ingest: %+v, want two actors", rows)
		}
		for _, r := range rows {
			if want := map[string]int{"USA.WH": 1, "org:white house office": 3}[r.Key]; r.Documents != want {
				t.Errorf("%s in %d documents, want %d", r.Key, r.Documents, want)
			}
		}
		ds, err := c.Decisions(ctx)
		if err != nil || len(ds) != 2 || ds[0].Action != "merge" || ds[1].Action != "split" {
			t.Errorf("Decisions = %+v, %v", ds, err)
		}
		if err := c.Merge(ctx, "USA.WH", "USA.WH"); err == nil {
			t.Error("merging a key with itself: want an error")
		}
		if _, err := c.Aliases(ctx, "no such key"); err == nil {
			t.Error("Aliases of an unknown key: want ErrNotFound")
		}
	})

	t.Run("DecisionsSurviveReingest", func(t *testing.T) {
		s := open(t)
		c := s.(store.Curator)
		first := []*doc.Document{
			keyed(330, "White House", "USA.WH", "Donald Trump", "donald trump"),
			keyed(331, "The White House office", "org:white house office", "Trump", "per:surname:trump?"),
			keyed(332, "White House", "USA.WH", "Trump", "per:surname:trump?"),
		}
		for _, d := range first {
			put(t, s, d)
		}
		if err := c.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		if rows := actorsNamed(t, s, "trump"); len(rows) != 1 || rows[0].Documents != 3 {
			t.Fatalf("before the decisions: %+v, want the surname attached to Donald Trump", rows)
		}
		// The analyst merges the office into the White House and keeps
		// the surname apart from Donald Trump.
		if err := c.Merge(ctx, "USA.WH", "org:white house office"); err != nil {
			t.Fatal(err)
		}
		if err := c.Split(ctx, "donald trump", "per:surname:trump?"); err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"USA.WH": 3, "donald trump": 1, "per:surname:trump?": 2}
		check := func(when string, want map[string]int) {
			t.Helper()
			got := map[string]int{}
			for _, name := range []string{"white house", "trump"} {
				for _, r := range actorsNamed(t, s, name) {
					got[r.Key] = r.Documents
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: actors and their documents %v, want %v", when, got, want)
			}
			if n := seriesEvents(t, s, "donald trump"); n != want["donald trump"] {
				t.Errorf("%s: series of donald trump %d events, want %d", when, n, want["donald trump"])
			}
		}
		check("after merge and split", want)
		// Re-ingesting the same documents, and resolving again, changes
		// nothing: no key is renamed, no count moves.
		for _, d := range first {
			put(t, s, d)
		}
		if err := c.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		check("after a re-ingest", want)
		// New documents that mention them land under the decisions, before
		// and after the closing Resolve.
		put(t, s, keyed(333, "The White House office", "org:white house office", "Trump", "per:surname:trump?"))
		put(t, s, keyed(334, "White House", "USA.WH", "Donald Trump", "donald trump"))
		want = map[string]int{"USA.WH": 5, "donald trump": 2, "per:surname:trump?": 3}
		check("after new documents", want)
		if err := c.Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		check("after new documents and Resolve", want)
		if ds, err := c.Decisions(ctx); err != nil || len(ds) != 2 {
			t.Errorf("Decisions = %+v, %v; want the merge and the split", ds, err)
		}
	})

	t.Run("ViewsAgree", func(t *testing.T) {
		s := open(t)
		for i := range 6 {
			put(t, s, Sample(340+i))
		}
		put(t, s, keyed(346, "White House", "USA.WH", "Trump", "per:surname:trump?"))
		if err := s.(store.Curator).Resolve(ctx); err != nil {
			t.Fatal(err)
		}
		for _, v := range []store.View{store.Rolled, store.Exact} {
			net, err := s.Network(ctx, store.NetworkFilter{Exact: v == store.Exact})
			if err != nil {
				t.Fatal(err)
			}
			if len(net.Edges) == 0 {
				t.Fatalf("%s: no edges", v)
			}
			for _, e := range net.Edges {
				evs, err := s.Events(ctx, store.EventFilter{Actor: e.Source, Recipient: e.Target, View: v})
				if err != nil {
					t.Fatal(err)
				}
				for _, ev := range evs {
					// Every listed event has the pair as its nodes in this view.
					if !hasNode(v, ev.Actors, e.Source) || !hasNode(v, ev.Recipients, e.Target) {
						t.Errorf("%s %s -> %s: event %d has parties %+v -> %+v", v, e.Source, e.Target, ev.ID, ev.Actors, ev.Recipients)
					}
				}
				if n := countAsserted(evs); n != e.Events {
					t.Errorf("%s %s -> %s: network %d events, events list %d", v, e.Source, e.Target, e.Events, n)
				}
				pts, err := s.Series(ctx, store.SeriesFilter{Actor: e.Source, Recipient: e.Target, View: v})
				if err != nil {
					t.Fatal(err)
				}
				sum := 0
				for _, p := range pts {
					sum += p.Events
				}
				if sum != countDated(evs) {
					t.Errorf("%s %s -> %s: series %d events, dated events %d", v, e.Source, e.Target, sum, countDated(evs))
				}
			}
		}
		// The exact view keeps Trump apart from his state; rolled up, he
		// is USA.
		evs, err := s.Events(ctx, store.EventFilter{Actor: "donald trump", View: store.Exact})
		if err != nil || len(evs) == 0 {
			t.Fatalf("exact events of donald trump: %d, %v", len(evs), err)
		}
		for _, ev := range evs {
			if got := store.Rolled.Node(ev.Actors[0]); got != "USA" {
				t.Errorf("rolled node of %+v = %q, want USA", ev.Actors[0], got)
			}
		}
		rolled, err1 := s.Events(ctx, store.EventFilter{Actor: "USA"})
		exact, err2 := s.Events(ctx, store.EventFilter{Actor: "USA", View: store.Exact})
		if err1 != nil || err2 != nil || len(rolled) == 0 || len(exact) != 0 {
			t.Errorf("events of USA: rolled up %d (%v), exact %d (%v); want some, and none (no state acts)",
				len(rolled), err1, len(exact), err2)
		}
	})

	t.Run("DescriptionsAreNoActors", func(t *testing.T) {
		s := open(t)
		d := Sample(320)
		d.Entities = append(d.Entities, doc.Entity{ID: "e5", Name: "report", Type: doc.MISC,
			Mentions: []doc.Mention{{Span: d.Entities[0].Mentions[0].Span, Kind: doc.MentionNominal}}})
		put(t, s, d)
		if rows := actorsNamed(t, s, "report"); len(rows) != 0 {
			t.Errorf("a description became an actor: %+v", rows)
		}
		if rows := actorsNamed(t, s, "pahon"); len(rows) != 1 || rows[0].Key != "eric pahon" {
			t.Errorf("an unkeyed named person: %+v, want the actor eric pahon", rows)
		}
	})
}

func countDated(evs []store.EventRow) int {
	n := 0
	for _, e := range evs {
		if e.Date != "" && !e.Negated {
			n++
		}
	}
	return n
}

// hasNode reports whether some party counts toward node in view v.
func hasNode(v store.View, ps []store.Party, node string) bool {
	for _, p := range ps {
		if strings.EqualFold(v.Node(p), node) {
			return true
		}
	}
	return false
}
