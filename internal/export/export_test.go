package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/export"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// sampleStore holds three samples; the third names Russia with markup and
// has a URL.
func sampleStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 1; i <= 3; i++ {
		d := storetest.Sample(i)
		if i == 3 {
			d.Entities[2].Name = `Russia <&"> "Federation"`
			d.Entities[2].Type = "ORG"
			d.URL = "https://example.org/a?b=1&c=2"
		}
		if _, err := st.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func export1(t *testing.T, st store.Store, f export.Format, filter store.EventFilter) string {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(context.Background(), &b, st, f, filter); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGDELT(t *testing.T) {
	st := sampleStore(t)
	out := export1(t, st, export.GDELT, store.EventFilter{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// Three samples, each with one asserted and one negated event: the
	// negated ones are left out.
	if len(lines) != 3 {
		t.Fatalf("%d rows, want 3:\n%s", len(lines), out)
	}
	if len(export.GDELTColumns) != 61 {
		t.Fatalf("%d GDELT columns, want 61", len(export.GDELTColumns))
	}
	col := map[string]int{}
	for i, c := range export.GDELTColumns {
		col[c] = i
	}
	row := strings.Split(lines[0], "\t")
	if len(row) != 61 {
		t.Fatalf("row has %d columns, want 61: %q", len(row), lines[0])
	}
	cases := []struct{ column, want string }{
		{"SQLDATE", "20170123"},
		{"MonthYear", "201701"},
		{"Year", "2017"},
		{"Actor1Name", "DONALD TRUMP"},
		{"Actor1CountryCode", "USA"},
		{"Actor1Code", "USA"},
		{"Actor2Code", "RUS"},
		{"IsRootEvent", "1"},
		{"EventCode", "057"},
		{"EventBaseCode", "057"},
		{"EventRootCode", "05"},
		{"QuadClass", "1"},
		{"GoldsteinScale", "4.5"},
		// The three samples report the same event from one outlet.
		{"NumMentions", "3"},
		{"NumSources", "1"},
		{"NumArticles", "3"},
		{"AvgTone", "0"},
		{"ActionGeo_FullName", ""},
		{"DATEADDED", "20170124000000"},
		{"SOURCEURL", "sample-1.txt"},
	}
	for _, c := range cases {
		if got := row[col[c.column]]; got != c.want {
			t.Errorf("%s = %q, want %q", c.column, got, c.want)
		}
	}
	if last := strings.Split(lines[2], "\t"); last[col["SOURCEURL"]] != "https://example.org/a?b=1&c=2" {
		t.Errorf("SOURCEURL = %q", last[col["SOURCEURL"]])
	}
}

func TestPLOVER(t *testing.T) {
	st := sampleStore(t)
	out := export1(t, st, export.PLOVER, store.EventFilter{Actor: "USA", Limit: 4})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (--limit)", len(lines))
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"event": "AGREE", "mode": "military", "actor": "Donald Trump",
		"actor_country": "USA", "recipient": "Russia", "recipient_country": "RUS", "date": "2017-01-23",
		"source": "White House", "modality": "future", "cameo": "057", "quad_class": 1.0} {
		if e[k] != want {
			t.Errorf("%s = %v, want %v", k, e[k], want)
		}
	}
	for _, k := range []string{"id", "context", "source_text", "pub_date", "publisher"} {
		if _, ok := e[k]; !ok {
			t.Errorf("no %s field", k)
		}
	}
}

func TestCSV(t *testing.T) {
	st := sampleStore(t)
	out := export1(t, st, export.CSV, store.EventFilter{})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || strings.Join(recs[0], ",") != strings.Join(export.CSVColumns, ",") {
		t.Fatalf("csv = %q", recs)
	}
	last := recs[len(recs)-1]
	if last[7] != "true" || !strings.Contains(last[15], `"We are not coordinating,"`) {
		t.Errorf("last row = %q", last)
	}
	empty := export1(t, st, export.CSV, store.EventFilter{Type: "ASSAULT"})
	if empty != strings.Join(export.CSVColumns, ",")+"\n" {
		t.Errorf("no events: %q, want the header alone", empty)
	}
}

func TestGraphML(t *testing.T) {
	st := sampleStore(t)
	out := export1(t, st, export.GraphML, store.EventFilter{})
	var g struct {
		Graph struct {
			Directed string `xml:"edgedefault,attr"`
			Nodes    []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	// The network is rolled up to states (store.RollUp): Donald Trump (USA)
	// and the White House count toward USA, "Russia" and its long name toward RUS.
	if g.Graph.Directed != "directed" || len(g.Graph.Edges) != 1 || len(g.Graph.Nodes) != 2 {
		t.Fatalf("graph = %+v", g.Graph)
	}
	labels := map[string]string{}
	for _, n := range g.Graph.Nodes {
		labels[n.ID] = n.Data[0].Value
	}
	e := g.Graph.Edges[0]
	if labels[e.Source] != "USA" || labels[e.Target] != "RUS" || e.Data[0].Value != "3" || e.Data[1].Value != "4.500" {
		t.Errorf("first edge = %+v (%s -> %s)", e, labels[e.Source], labels[e.Target])
	}
}

func TestUnknownFormat(t *testing.T) {
	st := sampleStore(t)
	if err := export.Write(context.Background(), new(bytes.Buffer), st, "xls", store.EventFilter{}); err == nil {
		t.Error("unknown format accepted")
	}
}

func BenchmarkGDELT(b *testing.B) {
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(b.TempDir(), "x.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range 200 {
		if _, err := st.Put(context.Background(), storetest.Sample(i)); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if err := export.Write(context.Background(), new(bytes.Buffer), st, export.GDELT, store.EventFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}
