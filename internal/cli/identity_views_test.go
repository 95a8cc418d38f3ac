package cli

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/server"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// checkViewsAgree checks, in the rolled and the exact view, that the
// busiest dyads of the database db count the same events in the API's
// network, events and dyad series, the network, dyad and actor pages,
// `sitrep events` and `sitrep export`, and that each answer names its view.
func checkViewsAgree(t *testing.T, db string) {
	t.Helper()
	st, err := sqlstore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	get := func(path string) string {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}
	getJSON := func(path string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(get(path)), v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	for _, v := range []store.View{store.Rolled, store.Exact} {
		var network struct {
			Edges []struct {
				Source, Target string
				Events         int
			}
			View string
		}
		getJSON("/api/network?limit=8&view="+string(v), &network)
		if network.View != string(v) || len(network.Edges) < 4 {
			t.Fatalf("%s: /api/network says view %q with %d edges", v, network.View, len(network.Edges))
		}
		networkPage := get("/network?min=1&view=" + string(v))
		for _, edge := range network.Edges {
			a, r, n := edge.Source, edge.Target, edge.Events
			pair := "actor=" + url.QueryEscape(a) + "&recipient=" + url.QueryEscape(r) + "&view=" + string(v)
			counts := map[string]int{"api network": n}

			var events struct {
				Items []struct {
					Negated bool
					Date    string
				}
				View string
			}
			getJSON("/api/events?limit=500&"+pair, &events)
			all, dated := len(events.Items), 0
			for _, e := range events.Items {
				if !e.Negated {
					counts["api events"]++
					if len(e.Date) >= 7 {
						dated++
					}
				}
			}
			var series struct {
				Points []struct{ Events int }
				View   string
			}
			getJSON("/api/dyad?"+pair, &series)
			inSeries := 0
			for _, p := range series.Points {
				inSeries += p.Events
			}
			if events.View != string(v) || series.View != string(v) {
				t.Errorf("%s %s -> %s: /api/events says view %q, /api/dyad %q", v, a, r, events.View, series.View)
			}
			if inSeries != dated {
				t.Errorf("%s %s -> %s: dyad series %d events, dated events %d", v, a, r, inSeries, dated)
			}

			// Pages: the network's and the actor's edge rows link to the
			// dyad in the same view with the count as text; the dyad page
			// lists every event (negated ones too) one row each.
			// html/template writes a "+" in a URL as &#43;.
			link := regexp.QuoteMeta(strings.ReplaceAll(html.EscapeString(`/dyad?actor=`+url.QueryEscape(a)+
				`&recipient=`+url.QueryEscape(r)), "+", "&#43;") +
				map[store.View]string{store.Rolled: "", store.Exact: "&amp;view=exact"}[v])
			if m := regexp.MustCompile(`href="` + link + `">(\d+)</a>`).FindStringSubmatch(networkPage); m != nil {
				counts["network page"], _ = strconv.Atoi(m[1])
			} else {
				t.Errorf("%s %s -> %s: the network page has no edge row", v, a, r)
			}
			actorPage := get("/actor?code=" + url.QueryEscape(a) + "&view=" + string(v))
			if m := regexp.MustCompile(`<td class="num">(\d+)</td><td class="num">[^<]*</td><td><a class="dyad" href="` +
				link + `">`).FindStringSubmatch(actorPage); m != nil {
				counts["actor page"], _ = strconv.Atoi(m[1])
			} else {
				t.Errorf("%s %s -> %s: the actor page has no edge row", v, a, r)
			}
			if all < 50 {
				dyadPage := get("/dyad?" + pair)
				if rows := strings.Count(dyadPage, `<tr class="`); rows != all {
					t.Errorf("%s %s -> %s: dyad page %d rows, API %d events", v, a, r, rows, all)
				}
				if !strings.Contains(dyadPage, "(view: "+string(v)+")") {
					t.Errorf("%s %s -> %s: the dyad page does not name its view", v, a, r)
				}
			}

			code, out, stderr := run(t, "", "events", "--db", db, "--actor", a, "--recipient", r, "--view", string(v),
				"--format", "jsonl")
			if code != exitOK {
				t.Fatalf("events: exit %d: %s", code, stderr)
			}
			counts["cli events"] = strings.Count(out, `"Negated":false`)
			if lines := strings.Count(out, "\n"); strings.Count(out, `"View":"`+string(v)+`"`) != lines {
				t.Errorf("%s %s -> %s: not every events line names its view", v, a, r)
			}
			code, out, stderr = run(t, "", "export", "--db", db, "--format", "plover", "--actor", a, "--recipient", r,
				"--view", string(v))
			if code != exitOK {
				t.Fatalf("export: exit %d: %s", code, stderr)
			}
			counts["export"] = strings.Count(out, `"negated":false`)
			for where, c := range counts {
				if c != n {
					t.Errorf("%s %s -> %s: %s counts %d events, the API's network %d (%v)", v, a, r, where, c, n, counts)
					break
				}
			}
		}
	}
}
