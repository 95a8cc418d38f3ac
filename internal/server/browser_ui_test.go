package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitrep/internal/server"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestBrowserUI drives the analyst's pages (dashboard, events explorer,
// actor, dyad, compare, network, quotes) in headless Chromium on the
// example corpus, and on the database $SITREP_UI_BIG_DB names (a SQLite
// file, e.g. 4,000+ BBC and Reuters articles) when set. It takes
// screenshots into $SITREP_ARTIFACTS and checks that filters change the
// results and the URL, chart axes are continuous, counts agree between
// pages, no table header breaks inside a word and the console stays clean.
func TestBrowserUI(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	t.Run("example", func(t *testing.T) { driveUI(t, exe, filledStore(t), "ui-example", true) })
	bigDB(t, "SITREP_UI_BIG_DB", func(t *testing.T, st *sqlstore.Store) {
		stats, err := st.Stats(context.Background())
		if err != nil || stats.Documents < 4000 {
			t.Fatalf("$SITREP_UI_BIG_DB holds %d documents (%v), want at least 4,000", stats.Documents, err)
		}
		driveUI(t, exe, st, "ui-big", false)
	})
}

// midWordJS lists the words of table headers that the layout broke across
// lines.
const midWordJS = `(() => { const bad = [];
	document.querySelectorAll("th").forEach(th => {
		const w = document.createTreeWalker(th, NodeFilter.SHOW_TEXT); let n;
		while ((n = w.nextNode())) { const re = /\S+/g; let m;
			while ((m = re.exec(n.data))) { const r = document.createRange();
				r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
				const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
				if (tops.size > 1) { bad.push(m[0]); } } } });
	return bad; })()`

// chartsJS describes every drawn time chart of the page.
const chartsJS = `[...document.querySelectorAll("[data-drawn][data-granularity]")].map(e => {
	const c = Chart.getChart(e.querySelector("canvas"));
	return {id: e.id, granularity: e.dataset.granularity, counted: e.dataset.counted, labels: c ? c.data.labels : null}; })`

type drawnChart struct {
	ID, Granularity, Counted string
	Labels                   []string
}

// nextPeriod is the period after p at a granularity.
func nextPeriod(p, granularity string) (string, error) {
	layout, step := "2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	switch granularity {
	case "week":
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case "month":
		layout, step = "2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	case "year":
		layout, step = "2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	t, err := time.Parse(layout, p)
	if err != nil {
		return "", err
	}
	return step(t).Format(layout), nil
}

// checkContinuous fails t when a chart's axis skips or repeats a period.
func checkContinuous(t *testing.T, page string, charts []drawnChart) {
	t.Helper()
	for _, c := range charts {
		if c.Labels == nil {
			t.Errorf("%s: chart %s not drawn", page, c.ID)
			continue
		}
		for i := 1; i < len(c.Labels); i++ {
			want, err := nextPeriod(c.Labels[i-1], c.Granularity)
			if err != nil || c.Labels[i] != want {
				t.Errorf("%s: chart %s per %s: %s follows %s (%v)", page, c.ID, c.Granularity, c.Labels[i], c.Labels[i-1], err)
				break
			}
		}
	}
}

// counted adds up what a chart says it counted: shown, too coarse and
// undated events.
func counted(c drawnChart) int {
	n := 0
	for _, f := range strings.Fields(c.Counted) {
		v, _ := strconv.Atoi(f)
		n += v
	}
	return n
}

func driveUI(t *testing.T, exe string, st store.Store, dir string, small bool) {
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	base := ts.URL
	b := newBrowser(t, exe, dir, 5*time.Minute)

	// The busiest dyad and actor of the store.
	_, _, body := get(t, base+"/api/network?limit=1")
	var net struct {
		Edges []struct{ Source, Target string }
	}
	if err := json.Unmarshal([]byte(body), &net); err != nil || len(net.Edges) == 0 {
		t.Fatalf("no network edge: %v %.200s", err, body)
	}
	actor, recipient := net.Edges[0].Source, net.Edges[0].Target
	q := url.QueryEscape
	dyad := "/dyad?actor=" + q(actor) + "&recipient=" + q(recipient)

	open := func(name, path, ready string) []drawnChart {
		t.Helper()
		b.do(name, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(ready)), b.shot(name))
		var broken []string
		b.eval(midWordJS, &broken)
		if len(broken) > 0 {
			t.Errorf("%s: table headers broken inside words: %q", name, broken)
		}
		var charts []drawnChart
		b.eval(chartsJS, &charts)
		checkContinuous(t, name, charts)
		b.check(name)
		return charts
	}
	total := func() int {
		t.Helper()
		var n int
		b.eval(`+document.querySelector("#total b").textContent`, &n)
		return n
	}
	location := func() string {
		t.Helper()
		var u string
		b.eval(`window.location.href`, &u)
		return u
	}

	dash := open("dashboard", "/", "#activity[data-drawn]")
	var stated int
	b.eval(`+[...document.querySelectorAll(".counts div")].find(d => /events/.test(d.textContent)).querySelector("b").textContent`, &stated)
	open("actor", "/actor?code="+q(actor), "#timeline[data-drawn]")
	dyadCharts := open("dyad", dyad, "#stance[data-drawn]")
	var dyadTotal int
	b.eval(`+(document.querySelector("h2 .count") || {textContent: "(-1"}).textContent.replace(/\D+/g, "")`, &dyadTotal)
	open("compare", "/compare?actor="+q(actor)+"&actor="+q(recipient)+"&dyad="+q(actor+">"+recipient), "#compare[data-drawn]")
	open("quotes", "/quotes", "table.quotes")
	open("quotes-list", "/quotes?group=none", "table.quotes")
	open("network", "/network", "#graph[data-drawn] canvas")

	// Explorer: the chart counts every matching event, once.
	charts := open("events", "/events", "#total")
	all := total()
	if len(charts) != 1 || counted(charts[0]) != all {
		t.Errorf("explorer: chart counts %v, the page %d events", charts, all)
	}
	if small {
		if len(dash) != 1 || counted(dash[0]) != all || stated != all {
			t.Errorf("dashboard counts %d events and charts %v; explorer %d", stated, dash, all)
		}
	}
	// The dyad page and the explorer agree on the dyad.
	open("events-dyad", "/events?actor="+q(actor)+"&recipient="+q(recipient), "#total")
	if n := total(); n != dyadTotal || n == 0 {
		t.Errorf("dyad %s -> %s: %d events on its page, %d in the explorer", actor, recipient, dyadTotal, n)
	}
	if len(dyadCharts) == 1 && counted(dyadCharts[0]) > dyadTotal {
		t.Errorf("dyad chart counts %s, more than its %d events", dyadCharts[0].Counted, dyadTotal)
	}

	// A facet link filters: URL and total change, to the facet's count.
	b.do("events", chromedp.Navigate(base+"/events"), chromedp.WaitVisible(chromedp.CSS("#total")))
	var facet struct {
		Href  string
		Count int
	}
	b.eval(`(() => { const li = [...document.querySelectorAll(".facet[data-facet=type] li")].find(l => l.querySelector("a"));
		return {href: li.querySelector("a").getAttribute("href"), count: +li.querySelector(".count").textContent}; })()`, &facet)
	b.do("facet", chromedp.Click(chromedp.CSS(`.facet[data-facet=type] li a`)),
		chromedp.WaitVisible(chromedp.CSS(`.facet[data-facet=type] h3 a.clear`)))
	if u := location(); !strings.Contains(u, "type=") || total() != facet.Count || facet.Count > all {
		t.Errorf("facet %s (%d): at %s with %d events of %d", facet.Href, facet.Count, u, total(), all)
	}
	b.check("facet")
	// The form filters too: a date window goes into the URL.
	var first string
	b.eval(`(document.querySelector("table.events td.date") || {textContent: ""}).textContent.trim()`, &first)
	b.do("form", chromedp.Navigate(base+"/events"), chromedp.WaitVisible(chromedp.CSS("#explore-form")),
		chromedp.SetValue(chromedp.CSS(`#explore-form select[name=sort]`), "newest"),
		chromedp.Click(chromedp.CSS(`#explore-form button`)),
		chromedp.WaitReady(chromedp.CSS(`#explore-form select[name=sort] option[selected]`)))
	if u := location(); !strings.Contains(u, "sort=newest") || total() != all {
		t.Errorf("sort: at %s with %d events of %d", u, total(), all)
	}
	// Every granularity gives a continuous axis, and goes into the URL.
	for _, g := range []string{"year", "month", "week", "day"} {
		b.eval(fmt.Sprintf(`(() => { const s = document.querySelector("select[name=interval]"); s.value = %q;
			s.dispatchEvent(new Event("change")); return true; })()`, g), new(bool))
		var cs []drawnChart
		b.eval(chartsJS, &cs)
		// Too many periods fall back to a coarser granularity, which the
		// chart's note states.
		if len(cs) != 1 || (cs[0].Granularity != g && !strings.Contains(b.text(".chart-note"), "too many periods per "+g)) ||
			counted(cs[0]) != all {
			t.Errorf("granularity %s: charts %+v", g, cs)
		}
		checkContinuous(t, "events per "+g, cs)
		if u := location(); !strings.Contains(u, "interval="+g) {
			t.Errorf("granularity %s not in the URL %s", g, u)
		}
	}
	b.eval(`(() => { const s = document.querySelector("select[name=mode]"); s.value = "share";
		s.dispatchEvent(new Event("change")); return true; })()`, new(bool))
	b.do("share", b.shot("events-share"))
	b.check("events chart")

	// The network's clicks, focus and filters: TestBrowserNetwork.
}
