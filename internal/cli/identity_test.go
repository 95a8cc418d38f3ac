package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sitrep/internal/shared"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestBBCPoliticsActors builds a database from BBC News politics articles
// and checks issue 13's promises: one actor for Tony Blair and for Michael
// Howard, no generic nouns as actors, the BBC no party to what it reports,
// and the network, the dyad and actor views and the export agreeing on
// every count.
func TestBBCPoliticsActors(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates 120 articles")
	}
	dir := shared.Require(t, "bbc-news", "politics")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") && len(paths) < 120 {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "bbc.db")
	if code, _, stderr := run(t, "", append([]string{"ingest", "--quiet", "--db", db}, paths...)...); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	actors := func(name string) []store.ActorRow {
		t.Helper()
		code, out, stderr := run(t, "", "actors", "--db", db, "--name", name, "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("actors --name %s: exit %d: %s", name, code, stderr)
		}
		var rows []store.ActorRow
		dec := json.NewDecoder(strings.NewReader(out))
		for dec.More() {
			var r store.ActorRow
			if err := dec.Decode(&r); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		return rows
	}
	for _, full := range []string{"Tony Blair", "Michael Howard"} {
		n := 0
		surname := strings.Fields(full)[1]
		for _, r := range actors(surname) {
			if r.Name == full {
				n++
			}
			if r.Name == surname && r.Type == "PER" {
				t.Errorf("%s alone is an actor of its own: %+v", surname, r)
			}
		}
		if n != 1 {
			t.Errorf("%d actors named %s, want 1", n, full)
		}
	}
	for _, noun := range []string{"company", "report", "people"} {
		for _, r := range actors(noun) {
			if strings.EqualFold(r.Name, noun) {
				t.Errorf("a generic noun is an actor: %+v", r)
			}
		}
	}

	ctx := context.Background()
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bbc, err := st.Events(ctx, store.EventFilter{Actor: "MED.BBC"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range bbc {
		if strings.Contains(e.Evidence, "told BBC") || strings.Contains(e.Evidence, "told the BBC") {
			t.Errorf("the BBC is the actor of what it was told: %s", e.Evidence)
		}
	}

	// Counts agree: network edge (rolled up) = dyad events = actor page
	// edge = exported rows, and the dyad series sums the dated ones.
	net, err := st.Network(ctx, store.NetworkFilter{Limit: 12})
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Edges) < 5 {
		t.Fatalf("network has %d edges", len(net.Edges))
	}
	for _, edge := range net.Edges {
		evs, err := st.Events(ctx, store.EventFilter{Actor: edge.Source, Recipient: edge.Target})
		if err != nil {
			t.Fatal(err)
		}
		asserted, dated := 0, 0
		for _, e := range evs {
			if !e.Negated {
				asserted++
				if e.Date != "" {
					dated++
				}
			}
		}
		if asserted != edge.Events {
			t.Errorf("%s -> %s: network %d events, dyad list %d", edge.Source, edge.Target, edge.Events, asserted)
		}
		pts, err := st.Series(ctx, store.SeriesFilter{Actor: edge.Source, Recipient: edge.Target, Interval: store.Week})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, p := range pts {
			sum += p.Events
		}
		// Weekly series leave out events dated only to a month or a year.
		if sum > dated {
			t.Errorf("%s -> %s: dyad series %d events, dated events %d", edge.Source, edge.Target, sum, dated)
		}
		page, err := st.Network(ctx, store.NetworkFilter{Actor: edge.Source})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pe := range page.Edges {
			if pe.Source == edge.Source && pe.Target == edge.Target {
				found = pe.Events == edge.Events
			}
		}
		if !found {
			t.Errorf("%s -> %s: the actor page's network lacks the edge with %d events", edge.Source, edge.Target, edge.Events)
		}
		code, out, stderr := run(t, "", "export", "--db", db, "--format", "plover", "--actor", edge.Source, "--recipient", edge.Target)
		if code != exitOK {
			t.Fatalf("export: exit %d: %s", code, stderr)
		}
		if rows := strings.Count(out, `"negated":false`); rows != edge.Events {
			t.Errorf("%s -> %s: network %d events, export %d rows", edge.Source, edge.Target, edge.Events, rows)
		}
	}
	var labels []string
	for _, e := range net.Edges {
		labels = append(labels, e.Source+"->"+e.Target)
	}
	sort.Strings(labels)
	t.Logf("checked edges: %s", strings.Join(labels, ", "))
	checkViewsAgree(t, db)
}
