package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/store"
	"sitrep/internal/store/storetest"
)

// TestDaysBackfill checks that migration 3 fills the aggregate tables
// (actor_days, dyad_days, edge_days, actor_totals) from stored events
// exactly as Put keeps them.
func TestDaysBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i, date := range []string{"2016-03-01", "2016-03-20", "2016-04-02", "2016-04", "2016-04-02"} {
		d := storetest.Sample(i)
		d.Events[0].Date = date
		d.Events[1].Negated = i%2 == 0
		if _, err := s.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	filters := []store.SeriesFilter{
		{Actor: "USA", Recipient: "RUS"},
		{Actor: "Donald Trump", Interval: store.Week},
		{Actor: "rus", Either: true},
		{Actor: "usa.wh", Either: true},
		{Actor: "Eric Pahon", Recipient: "Russia"},
	}
	series := func(s *Store) string {
		var out string
		for _, f := range filters {
			pts, err := s.Series(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%+v\n", pts)
		}
		for _, f := range []store.NetworkFilter{{}, {Since: "2016-03-10"}, {Actor: "rus"},
			{Exact: true}, {Exact: true, Actor: "Donald Trump"}, {Exact: true, Since: "2016-03-10"}} {
			net, err := s.Network(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%+v\n", net)
		}
		for _, f := range []store.EventFilter{{Actor: "USA", Recipient: "RUS"}, {Actor: "Eric Pahon", Recipient: "Russia"},
			{Actor: "usa", Recipient: "rus", Since: "2016-03-10"}, {Actor: "donald trump", Recipient: "rus", View: store.Exact},
			{Actor: "Eric Pahon", Recipient: "RUS", View: store.Exact, Since: "2017-01-01"},
			{Actor: "USA", Recipient: "RUS", Until: "2016-03-31"}} {
			fs, err := s.EventFacets(ctx, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%s -> %s %s: %d events\n", f.Actor, f.Recipient, f.View, fs.Total)
		}
		speakers, err := s.QuoteSpeakers(ctx, store.QuoteFilter{Outermost: true}, 10)
		if err != nil {
			t.Fatal(err)
		}
		pahon, err := s.Quotes(ctx, store.QuoteFilter{Speaker: "pahon"})
		if err != nil {
			t.Fatal(err)
		}
		articles, err := s.ArticleDays(ctx, "", "")
		if err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%+v\n%d quotes of pahon\n%+v\n", speakers, len(pahon), articles)
		actors, err := s.Actors(ctx, store.ActorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return out + fmt.Sprintf("%+v\n", actors)
	}
	want := series(s)
	for _, stmt := range []string{`DROP TABLE actor_days`, `DROP TABLE dyad_days`, `DROP TABLE edge_days`,
		`DROP TABLE actor_totals`, `DROP INDEX events_order`,
		// and migration 4's story events, to rewind the schema to version 2
		`DROP TABLE story_sources`, `DROP TABLE story_events`, `DROP INDEX events_story`,
		`ALTER TABLE events DROP COLUMN story_id`,
		// and migration 6's places (migration 5, watch state, is IF NOT EXISTS)
		`DROP INDEX events_place_country`, `DROP INDEX events_place_lat`, `ALTER TABLE events DROP COLUMN place_id`,
		`ALTER TABLE events DROP COLUMN place_lat`, `ALTER TABLE events DROP COLUMN place_lon`,
		`ALTER TABLE events DROP COLUMN place_country`, `ALTER TABLE entities DROP COLUMN geonameid`,
		`ALTER TABLE entities DROP COLUMN geo_name`, `ALTER TABLE entities DROP COLUMN lat`,
		`ALTER TABLE entities DROP COLUMN lon`, `ALTER TABLE entities DROP COLUMN geo_country`,
		`ALTER TABLE entities DROP COLUMN admin1`, `ALTER TABLE entities DROP COLUMN feature`,
		// and migration 13's story inputs and 15's index
		`DROP TABLE story_inputs`, `DROP INDEX documents_dup_published`, `DROP TABLE event_days`,
		// and migration 9's actor identity tables
		`DROP TABLE actor_keys`, `DROP TABLE actor_decisions`, `DROP INDEX entities_okey`, `DROP INDEX entities_gkey`,
		`ALTER TABLE entities DROP COLUMN okey`, `ALTER TABLE entities DROP COLUMN ocountry`,
		// and migration 8's document stories
		`DROP TABLE story_outlets`, `DROP TABLE stories`, `DROP INDEX documents_story`,
		`ALTER TABLE documents DROP COLUMN duplicate_of`, `ALTER TABLE documents DROP COLUMN story`,
		// and migration 10's exact edges and 11's event keys
		`DROP TABLE exact_edge_days`, `DROP TABLE event_keys`,
		// and migration 17's dyad counts
		`DROP TABLE dyad_counts`,
		// and migration 18's speakers and article days
		`DROP TABLE speaker_quotes`, `DROP TABLE article_days`,
		// and migration 19's network totals
		`DROP TABLE edge_totals`,
		`UPDATE schema_version SET version = 2`} {
		if _, err := s.DB().Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := series(s); got != want {
		t.Errorf("after backfill:\n%s\nwant (as Put wrote):\n%s", got, want)
	}
	if strings.Count(want, "[]\n") > 1 || !strings.Contains(want, "Donald Trump") || strings.Contains(want, " 0 events") ||
		strings.Contains(want, "\n0 quotes of pahon") {
		t.Errorf("aggregates too empty to test:\n%s", want)
	}
}

// TestEventsByKey checks that the events of an actor, a recipient or a
// dyad, read from event_keys, are those of the whole listing whose parties
// have the code, in the same order, through offsets and cursors.
func TestEventsByKey(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 6 {
		d := storetest.Sample(i)
		d.Events[0].Date = []string{"2017-01-23", "", "2016-02-01"}[i%3]
		if _, err := s.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	has := func(ps []store.Party, code string) bool {
		for _, p := range ps {
			if strings.EqualFold(p.Country, code) || strings.EqualFold(p.Name, code) {
				return true
			}
		}
		return false
	}
	ids := func(rows []store.EventRow) string {
		var out string
		for _, r := range rows {
			out += fmt.Sprint(r.ID, " ")
		}
		return out
	}
	filters := []store.EventFilter{
		{Actor: "USA"}, {Actor: "usa", Recipient: "rus"}, {Recipient: "Russia"}, {Actor: "Eric Pahon", Newest: true},
		{Actor: "nobody"}, {Actor: "USA", Since: "2017-01-01"}, {Actor: "Donald Trump", Until: "2016-12-31"},
		{Actor: "USA", Newest: true, Until: "2017-01-23"},
	}
	listed := 0
	defer func() {
		if listed < 10 {
			t.Errorf("%d events listed in all: too few to test", listed)
		}
	}()
	for _, f := range filters {
		all, err := s.Events(ctx, store.EventFilter{Newest: f.Newest, Since: f.Since, Until: f.Until})
		if err != nil {
			t.Fatal(err)
		}
		var want []store.EventRow
		for _, r := range all {
			if (f.Actor == "" || has(r.Actors, f.Actor)) && (f.Recipient == "" || has(r.Recipients, f.Recipient)) {
				want = append(want, r)
			}
		}
		got, err := s.Events(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != ids(want) {
			t.Errorf("%+v: %s, want %s", f, ids(got), ids(want))
		}
		listed += len(want)
		// A page by offset, and the pages by cursor.
		g := f
		g.Limit, g.Offset = 2, 1
		page, err := s.Events(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		if w := want[min(1, len(want)):min(3, len(want))]; ids(page) != ids(w) {
			t.Errorf("%+v: %s, want %s", g, ids(page), ids(w))
		}
		var walked []store.EventRow
		g.Offset = 0
		for range 50 {
			page, err := s.Events(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, page...)
			if len(page) < g.Limit {
				break
			}
			c := page[len(page)-1].Cursor()
			g.After = &c
		}
		if ids(walked) != ids(want) {
			t.Errorf("%+v by cursor: %s, want %s", f, ids(walked), ids(want))
		}
	}
}

// FuzzSearch: whatever the query, full-text search answers without error
// (query syntax never reaches FTS5), and only with stored documents.
func FuzzSearch(f *testing.F) {
	s, err := Open(context.Background(), filepath.Join(f.TempDir(), "f.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		if _, err := s.Put(context.Background(), storetest.Sample(i)); err != nil {
			f.Fatal(err)
		}
	}
	for _, q := range []string{"Russia", `"joint" OR NOT strikes*`, "NEAR(a b)", "col:term", "^x", "Pahon's \"quote", "ünïcødé"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.Search(context.Background(), store.SearchFilter{Query: q, Limit: 5})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(hits) > 3 {
			t.Fatalf("Search(%q) = %d hits of 3 documents", q, len(hits))
		}
	})
}
