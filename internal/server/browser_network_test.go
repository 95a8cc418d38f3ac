package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitrep/internal/server"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestBrowserNetwork drives the network page (sigma.js, WebGL) in headless
// Chromium on the example corpus and, when $SITREP_NETWORK_BIG_DB names a
// SQLite database, on that database in the exact view with thousands of
// actors (go run ./tools/genevents --db /tmp/net.db --events 200000
// --synthetic --actors 5000). It checks that a WebGL canvas draws the graph
// and the layout finishes, that clicking an edge opens its dyad, that
// clicking an actor focuses its neighbourhood (and puts it in the URL), that
// focusing the network on it keeps only its edges, that the minimum-count
// and date filters change the graph and the URL as /api/network says, and
// that the console stays clean. Screenshots go to $SITREP_ARTIFACTS/network-*.
func TestBrowserNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	t.Run("example", func(t *testing.T) { driveNetwork(t, exe, filledStore(t), "network-example", "", 5) })
	path := os.Getenv("SITREP_NETWORK_BIG_DB")
	if path == "" {
		t.Log("SITREP_NETWORK_BIG_DB not set: the network is not driven on a big database")
		return
	}
	t.Run("big", func(t *testing.T) {
		st, err := sqlstore.OpenExisting(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		driveNetwork(t, exe, st, "network-big", "?view=exact&edges=6000", 2000)
	})
}

// netJSON is the graph the page draws (its data-network attribute) or
// /api/network answers.
type netJSON struct {
	Nodes []struct {
		ID     string
		Events int
	}
	Edges []netEdge
}

type netEdge struct {
	Source, Target string
	Events         int
	Goldstein      float64
}

// pickEdgeJS finds an edge whose midpoint on screen is clear of every node
// and every other edge, so that a click there can only mean that edge; it
// answers the point in page coordinates.
const pickEdgeJS = `(() => {
	const box = document.getElementById("graph"), r = box._sigma, g = box._graph;
	box.scrollIntoView({block: "center"});
	const rect = box.getBoundingClientRect();
	const pos = {};
	g.forEachNode((n) => { const d = r.getNodeDisplayData(n); const v = r.framedGraphToViewport(d); pos[n] = {x: v.x, y: v.y, s: r.scaleSize(d.size)}; });
	const segs = [];
	g.forEachEdge((e, a, s, t) => { if (s !== t) segs.push({e, s, t, a: pos[s], b: pos[t]}); });
	const dist = (p, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
		let k = l ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l : 0; k = Math.max(0, Math.min(1, k));
		return Math.hypot(p.x - a.x - k * dx, p.y - a.y - k * dy); };
	const inside = (p) => p.x > 20 && p.y > 20 && p.x < rect.width - 20 && p.y < rect.height - 20;
	const byWeight = segs.slice().sort((x, y) => g.getEdgeAttribute(y.e, "events") - g.getEdgeAttribute(x.e, "events"));
	for (const c of byWeight.slice(0, 400)) {
		const m = {x: (c.a.x + c.b.x) / 2, y: (c.a.y + c.b.y) / 2};
		if (!inside(m) || Math.hypot(c.a.x - c.b.x, c.a.y - c.b.y) < 60) continue;
		if (Object.keys(pos).some((n) => Math.hypot(pos[n].x - m.x, pos[n].y - m.y) < pos[n].s + 8)) continue;
		if (segs.some((o) => o !== c && dist(m, o.a, o.b) < 7)) continue;
		return {source: c.s, target: c.t, x: rect.left + m.x, y: rect.top + m.y};
	}
	return null; })()`

// pickNodeJS finds a busy node whose centre on screen no other node
// covers, and answers it with that point in page coordinates.
const pickNodeJS = `(() => {
	const box = document.getElementById("graph"), r = box._sigma, g = box._graph;
	box.scrollIntoView({block: "center"});
	const rect = box.getBoundingClientRect();
	const pos = {};
	g.forEachNode((n) => { const d = r.getNodeDisplayData(n); const v = r.framedGraphToViewport(d); pos[n] = {x: v.x, y: v.y, s: r.scaleSize(d.size)}; });
	const ids = g.nodes().filter((n) => g.degree(n) > 1).sort((x, y) => g.getNodeAttribute(y, "events") - g.getNodeAttribute(x, "events"));
	for (const n of ids.slice(0, 100)) {
		const p = pos[n];
		if (p.x < 20 || p.y < 20 || p.x > rect.width - 20 || p.y > rect.height - 20) continue;
		if (ids.some((o) => o !== n && Math.hypot(pos[o].x - p.x, pos[o].y - p.y) < pos[o].s + 3)) continue;
		return {node: n, x: rect.left + p.x, y: rect.top + p.y};
	}
	return null; })()`

// focusShownJS counts the nodes drawn in colour and the edges drawn at all
// while an actor is focused.
const focusShownJS = `(() => { const box = document.getElementById("graph"), r = box._sigma, g = box._graph;
	return {nodes: g.filterNodes((n) => r.getNodeDisplayData(n).color !== "#e4e8ec").length,
		edges: g.filterEdges((e) => !r.getEdgeDisplayData(e).hidden).length}; })()`

func driveNetwork(t *testing.T, exe string, st store.Store, dir, query string, wantNodes int) {
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	base := ts.URL
	b := newBrowser(t, exe, dir, 8*time.Minute)
	location := func() *url.URL {
		t.Helper()
		var s string
		b.eval(`window.location.href`, &s)
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	// wait waits for the graph and its layout, and answers the graph the
	// page drew.
	wait := func(name string) netJSON {
		t.Helper()
		b.do(name, chromedp.WaitVisible(chromedp.CSS("#graph[data-drawn] canvas")))
		state, err := chromedp.Run(b.ctx, chromedp.Poll[string](`(() => { const s = document.getElementById("graph").dataset.layout;
			return s && s !== "running" ? s : false; })()`, chromedp.WithPollingTimeout(2*time.Minute)))
		if err != nil || state != "done" {
			t.Errorf("%s: layout %q (%v)", name, state, err)
		}
		var raw string
		b.eval(`document.getElementById("graph").dataset.network`, &raw)
		var g netJSON
		if err := json.Unmarshal([]byte(raw), &g); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var drawn int
		b.eval(`+document.getElementById("graph").dataset.drawn`, &drawn)
		if drawn != len(g.Nodes) {
			t.Errorf("%s: %d nodes drawn of %d", name, drawn, len(g.Nodes))
		}
		b.check(name)
		return g
	}
	load := func(name, path string) netJSON {
		t.Helper()
		b.do(name, chromedp.Navigate(base+path))
		return wait(name)
	}

	all := load("network", "/network"+query)
	if len(all.Nodes) < wantNodes {
		t.Fatalf("network: %d actors, want at least %d", len(all.Nodes), wantNodes)
	}
	t.Logf("network: %d actors, %d edges", len(all.Nodes), len(all.Edges))
	// WebGL draws the nodes and edges: a live WebGL context, and coloured
	// pixels with the 2D label layers hidden.
	var webgl bool
	b.eval(`(() => { const c = document.querySelector("#graph canvas.sigma-nodes");
		const gl = c && c.getContext("webgl2"); return !!gl && !gl.isContextLost() && gl.drawingBufferWidth > 0; })()`, &webgl)
	if !webgl {
		t.Error("network: no live WebGL context on the nodes canvas")
	}
	b.eval(`document.querySelectorAll("#graph .sigma-labels, #graph .sigma-hovers").forEach(c => c.style.visibility = "hidden"), true`, new(bool))
	var shot []byte
	b.do("graph pixels", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		var err error
		shot, err = chromedp.Screenshot(chromedp.CSS("#graph"))(ctx, tg)
		return err
	}))
	b.eval(`document.querySelectorAll("#graph .sigma-labels, #graph .sigma-hovers").forEach(c => c.style.visibility = ""), true`, new(bool))
	if share := inkShare(t, shot); share < 0.002 {
		t.Errorf("network: WebGL layers drew %.3f%% of the graph's pixels", 100*share)
	}
	b.do("shot", b.shot("network"))

	// A click on an edge opens its dyad, in the page's window and view.
	var edge struct {
		Source, Target string
		X, Y           float64
	}
	b.eval(pickEdgeJS, &edge)
	if edge.Source == "" {
		t.Fatal("network: no edge can be clicked clear of the others")
	}
	b.do("edge click", chromedp.MouseClickXY(edge.X, edge.Y), chromedp.WaitVisible(chromedp.CSS("#stance")))
	u := location()
	if u.Path != "/dyad" || u.Query().Get("actor") != edge.Source || u.Query().Get("recipient") != edge.Target ||
		(strings.Contains(query, "view=exact") && u.Query().Get("view") != "exact") {
		t.Errorf("edge %s -> %s opened %s", edge.Source, edge.Target, u)
	}
	b.check("edge click")

	// A click on an actor shows its neighbourhood alone, and says so in the
	// URL; the counts are the page's graph's, computed here.
	load("network again", "/network"+query)
	var node struct {
		Node string
		X, Y float64
	}
	b.eval(pickNodeJS, &node)
	if node.Node == "" {
		t.Fatal("network: no node can be clicked clear of the others")
	}
	b.do("node click", chromedp.MouseClickXY(node.X, node.Y), chromedp.WaitVisible(chromedp.CSS("#graph-info a.focus")))
	hood, incident := map[string]bool{node.Node: true}, 0
	for _, e := range all.Edges {
		if e.Source == node.Node || e.Target == node.Node {
			hood[e.Source], hood[e.Target] = true, true
			incident++
		}
	}
	var focus string
	b.eval(`document.getElementById("graph").dataset.focus || ""`, &focus)
	var shown struct{ Nodes, Edges int }
	b.eval(focusShownJS, &shown)
	if focus != node.Node || shown.Nodes != len(hood) || shown.Edges != incident {
		t.Errorf("node %s: focus %q shows %d nodes and %d edges, want %d and %d", node.Node, focus, shown.Nodes, shown.Edges, len(hood), incident)
	}
	if got := location().Query().Get("select"); got != node.Node {
		t.Errorf("node %s: select=%q in the URL", node.Node, got)
	}
	b.do("focus shot", b.shot("network-focus"))
	b.check("node click")
	// "Show only its network" reloads the page filtered to that actor.
	b.do("focus link", chromedp.Click(chromedp.CSS("#graph-info a.focus")),
		chromedp.WaitVisible(chromedp.CSS("h1 a.actor")))
	around := wait("network around")
	if got := location().Query().Get("actor"); got != node.Node {
		t.Errorf("focus link: actor=%q in the URL, want %q", got, node.Node)
	}
	if len(around.Edges) == 0 {
		t.Errorf("focus on %s: no edges", node.Node)
	}
	for _, e := range around.Edges {
		if !strings.EqualFold(e.Source, node.Node) && !strings.EqualFold(e.Target, node.Node) {
			t.Errorf("focus on %s shows the edge %s -> %s", node.Node, e.Source, e.Target)
			break
		}
	}

	// The minimum count filters: the URL says it, every edge has that
	// many events, and fewer edges remain.
	minimum := all.Edges[0].Events
	if minimum < 2 || all.Edges[len(all.Edges)-1].Events >= minimum {
		t.Fatalf("network: edges from %d to %d events leave no minimum to test", all.Edges[len(all.Edges)-1].Events, minimum)
	}
	// submit fills the form and waits for the page it sends to, which
	// shows the values sent in its form.
	submit := func(name string, fields map[string]string) netJSON {
		t.Helper()
		load(name+" form", "/network"+query)
		var steps, sent []chromedp.Action[chromedp.Void]
		for k, v := range fields {
			steps = append(steps, chromedp.SetValue(chromedp.CSS(`#network-form [name=`+k+`]`), v))
			sent = append(sent, chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`#network-form [name=%s][value=%q]`, k, v))))
		}
		steps = append(steps, chromedp.Click(chromedp.CSS(`#network-form button[type=submit]`)))
		b.do(name, append(steps, sent...)...)
		return wait(name)
	}
	fewer := submit("min", map[string]string{"min": fmt.Sprint(minimum)})
	if got := location().Query().Get("min"); got != fmt.Sprint(minimum) {
		t.Errorf("min: min=%q in the URL", got)
	}
	if len(fewer.Edges) == 0 || len(fewer.Edges) >= len(all.Edges) {
		t.Errorf("min %d: %d edges of %d", minimum, len(fewer.Edges), len(all.Edges))
	}
	for _, e := range fewer.Edges {
		if e.Events < minimum {
			t.Errorf("min %d: edge %s -> %s has %d events", minimum, e.Source, e.Target, e.Events)
			break
		}
	}

	// The date window filters: the URL says it and the page draws what
	// /api/network answers for that window. The window is the busiest month
	// of the busiest actor.
	since, until := busiestMonth(t, base, all.Edges[0].Source, query)
	dated := submit("dates", map[string]string{"since": since, "until": until})
	q := location().Query()
	if q.Get("since") != since || q.Get("until") != until {
		t.Errorf("dates: since=%q until=%q in the URL, want %s and %s", q.Get("since"), q.Get("until"), since, until)
	}
	limit := min(len(dated.Edges), 2000)
	api := url.Values{"since": {since}, "until": {until}, "limit": {fmt.Sprint(max(limit, 1))}}
	if strings.Contains(query, "view=exact") {
		api.Set("view", "exact")
	}
	_, _, body := get(t, base+"/api/network?"+api.Encode())
	var want netJSON
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if limit == 0 || len(want.Edges) != limit || sumEvents(dated.Edges) >= sumEvents(all.Edges) && len(dated.Edges) <= len(all.Edges) {
		t.Errorf("dates %s..%s: %d edges (%d events) drawn; %d in the API; %d (%d events) without dates",
			since, until, len(dated.Edges), sumEvents(dated.Edges), len(want.Edges), len(all.Edges), sumEvents(all.Edges))
	}
	for i := 0; i < limit && i < len(want.Edges); i++ {
		if dated.Edges[i].Source != want.Edges[i].Source || dated.Edges[i].Target != want.Edges[i].Target ||
			dated.Edges[i].Events != want.Edges[i].Events {
			t.Errorf("dates: edge %d is %+v on the page, %+v in the API", i, dated.Edges[i], want.Edges[i])
			break
		}
	}
	b.do("dates shot", b.shot("network-dates"))
	b.check("dates")
}

func sumEvents(es []netEdge) int {
	n := 0
	for _, e := range es {
		n += e.Events
	}
	return n
}

// busiestMonth is the first and last day of the month in which actor took
// part in the most events.
func busiestMonth(t *testing.T, base, actor, query string) (string, string) {
	t.Helper()
	u := base + "/api/timeline?interval=month&actor=" + url.QueryEscape(actor)
	if strings.Contains(query, "view=exact") {
		u += "&view=exact"
	}
	_, _, body := get(t, u)
	var tl struct {
		Points []struct {
			Period string
			Events int
		}
	}
	if err := json.Unmarshal([]byte(body), &tl); err != nil || len(tl.Points) == 0 {
		t.Fatalf("timeline of %s: %v %.200s", actor, err, body)
	}
	best := tl.Points[0]
	for _, p := range tl.Points {
		if p.Events > best.Events {
			best = p
		}
	}
	first, err := time.Parse("2006-01", best.Period)
	if err != nil {
		t.Fatal(err)
	}
	return first.Format("2006-01-02"), first.AddDate(0, 1, -1).Format("2006-01-02")
}

// inkShare is the share of a screenshot's pixels that are not white.
func inkShare(t *testing.T, shot []byte) float64 {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	ink := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xe000 || cg < 0xe000 || cb < 0xe000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(max(r.Dx()*r.Dy(), 1))
}
