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

	"github.com/chromedp/cdproto/page"
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
	bigDB(t, "SITREP_NETWORK_BIG_DB", func(t *testing.T, st *sqlstore.Store) {
		driveNetwork(t, exe, st, "network-big", "?view=exact&edges=6000", 2000)
	})
}

// bigDB runs drive as the subtest "big" on the existing SQLite database
// the environment variable env names, and says so when it names none
// (scripts/test.sh builds one for each).
func bigDB(t *testing.T, env string, drive func(*testing.T, *sqlstore.Store)) {
	path := os.Getenv(env)
	if path == "" {
		t.Logf("%s not set: the pages are not driven on a big database", env)
		return
	}
	t.Run("big", func(t *testing.T) {
		st, err := sqlstore.OpenExisting(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		drive(t, st)
	})
}

// pauseProbeJS records the longest gap between two ticks of a 50 ms timer
// that both fell while the network's layout ran (window.__pause): the
// page's set-up before the layout starts is not counted.
const pauseProbeJS = `window.__pause = {max: 0, ticks: 0};
(() => { let last = performance.now(), was = false;
	setInterval(() => { const now = performance.now(), box = document.getElementById("graph");
		const running = !!box && box.dataset.layout === "running";
		if (running && was) { window.__pause.max = Math.max(window.__pause.max, now - last); window.__pause.ticks++; }
		last = now; was = running; }, 50); })();`

// maxPause bounds the main thread's longest pause while the layout runs:
// the layout itself takes seconds, the drawing of each step on a loaded
// machine with software WebGL some hundreds of milliseconds.
const maxPause = 3000

// netJSON is the graph the page draws (its data-network attribute) or
// /api/network answers.
type netJSON struct {
	Nodes []struct {
		ID, Name string
		Events   int
	}
	Edges []netEdge
}

type netEdge struct {
	Source, Target string
	Events         int
	Goldstein      float64
}

// pickJS finds a point where a click can only mean one edge (kind
// "edge") or one node ("node"): among the busiest, the first whose midpoint
// (or centre) is clear, on screen, of every node and every other edge (or
// node), zooming in as far as needed (the camera is centred on it). It
// answers the item and the point in page coordinates. The distances are
// computed in the framed graph's coordinates, which the camera only scales.
const pickJS = `(async (kind) => {
	const box = document.getElementById("graph"), r = box._sigma, g = box._graph, cam = r.getCamera();
	box.scrollIntoView({block: "center"});
	const at = {}, sizes = {};
	g.forEachNode((n) => { const d = r.getNodeDisplayData(n); at[n] = {x: d.x, y: d.y}; sizes[n] = d.size; });
	// An edge is a straight arrow or, for a pair that acted both ways, the
	// quadratic curve sigma's curve program draws: its control point is
	// the midpoint moved by curvature * (-dy, dx). Both are polylines here.
	const segs = [];
	g.forEachEdge((e, a, s, t) => {
		if (s === t) return;
		const d = r.getEdgeDisplayData(e), A = at[s], C = at[t];
		let pts = [A, C], mid = {x: (A.x + C.x) / 2, y: (A.y + C.y) / 2};
		if (d.type === "curved") {
			const k = typeof d.curvature === "number" ? d.curvature : 0.25;
			const B = {x: mid.x - k * (C.y - A.y), y: mid.y + k * (C.x - A.x)};
			const q = (u) => ({x: (1 - u) * (1 - u) * A.x + 2 * u * (1 - u) * B.x + u * u * C.x,
				y: (1 - u) * (1 - u) * A.y + 2 * u * (1 - u) * B.y + u * u * C.y});
			pts = []; for (let i = 0; i <= 16; i++) pts.push(q(i / 16));
			mid = q(0.5);
		}
		segs.push({e, s, t, a: A, b: C, pts, mid, size: d.size});
	});
	const segDist = (p, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
		let k = l ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l : 0; k = Math.max(0, Math.min(1, k));
		return Math.hypot(p.x - a.x - k * dx, p.y - a.y - k * dy); };
	const dist = (p, s) => { let m = Infinity; for (let i = 1; i < s.pts.length; i++) m = Math.min(m, segDist(p, s.pts[i - 1], s.pts[i])); return m; };
	const one = {x: 0.5, y: 0.5, ratio: 1, angle: 0};
	const o = r.framedGraphToViewport({x: 0, y: 0}, {cameraState: one}), u = r.framedGraphToViewport({x: 1, y: 0}, {cameraState: one});
	const px = Math.hypot(u.x - o.x, u.y - o.y);  // pixels per framed unit at ratio 1
	let cands;
	if (kind === "edge") {
		cands = segs.slice().sort((x, y) => g.getEdgeAttribute(y.e, "events") - g.getEdgeAttribute(x.e, "events")).slice(0, 300)
			.map((c) => ({item: c, p: c.mid}));
	} else {
		cands = g.nodes().filter((n) => g.degree(n) > 1).sort((x, y) => g.getNodeAttribute(y, "events") - g.getNodeAttribute(x, "events"))
			.slice(0, 300).map((n) => ({item: n, p: at[n]}));
	}
	const why = {px, cands: cands.length, nodes: 0, short: 0, edges: 0};
	for (const ratio of [1, 0.4, 0.15, 0.06, 0.025, 0.01]) {
		const k = px / ratio;  // pixels per framed unit
		for (const c of cands) {
			const clearNodes = Object.keys(at).every((n) => n === c.item ||
				Math.hypot(at[n].x - c.p.x, at[n].y - c.p.y) * k >= r.scaleSize(sizes[n], ratio) + 8);
			if (!clearNodes) { why.nodes++; continue; }
			if (kind === "edge" && Math.hypot(c.item.a.x - c.item.b.x, c.item.a.y - c.item.b.y) * k < 40) { why.short++; continue; }
			if (kind === "edge" && segs.some((s) => s !== c.item && dist(c.p, s) * k < r.scaleSize(s.size, ratio) / 2 + 6)) { why.edges++; continue; }
			cam.setState({x: c.p.x, y: c.p.y, ratio: ratio, angle: 0});
			r.refresh();
			await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
			const v = r.framedGraphToViewport(c.p), rect = box.getBoundingClientRect();
			return kind === "edge" ? {source: c.item.s, target: c.item.t, x: rect.left + v.x, y: rect.top + v.y, ratio}
				: {node: c.item, x: rect.left + v.x, y: rect.top + v.y, ratio};
		}
	}
	return {why}; })`

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
	// Every page of the test measures how long its main thread stays
	// blocked while the layout runs: a 50 ms timer's longest gap.
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: pauseProbeJS}); err != nil {
		t.Fatal(err)
	}
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
		var pause struct{ Max, Ticks, Layout, Iterations float64 }
		b.eval(`({max: window.__pause.max, ticks: window.__pause.ticks,
			layout: +document.getElementById("graph").dataset.layoutMs || 0,
			iterations: +document.getElementById("graph").dataset.iterations || 0})`, &pause)
		t.Logf("%s: layout %.0f iterations in %.1f s; the page's longest pause meanwhile %.0f ms (%.0f ticks)",
			name, pause.Iterations, pause.Layout/1000, pause.Max, pause.Ticks)
		if pause.Max > maxPause {
			t.Errorf("%s: the page was blocked for %.0f ms while the layout ran", name, pause.Max)
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
	b.do("shot", b.shot("network"), viewShot(b, "network-view"))

	// A click on an edge opens its dyad, in the page's window and view.
	var edge struct {
		Source, Target string
		X, Y, Ratio    float64
		Why            map[string]float64
	}
	evalAwait(b, pickJS+`("edge")`, &edge)
	if edge.Source == "" {
		t.Fatalf("network: no edge can be clicked clear of the others: %v", edge.Why)
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
		Node        string
		X, Y, Ratio float64
		Why         map[string]float64
	}
	evalAwait(b, pickJS+`("node")`, &node)
	if node.Node == "" {
		t.Fatalf("network: no node can be clicked clear of the others: %v", node.Why)
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
	b.do("focus shot", b.shot("network-focus"), viewShot(b, "network-focus-view"))
	b.check("node click")
	t.Logf("clicked the edge %s -> %s (camera ratio %.3f) and the node %s (%.3f)", edge.Source, edge.Target, edge.Ratio, node.Node, node.Ratio)

	// Finding the busiest actor by name focuses it instead.
	busiest := all.Nodes[0]
	for _, n := range all.Nodes {
		if n.Events > busiest.Events {
			busiest = n
		}
	}
	label := busiest.Name
	if label == "" {
		label = busiest.ID
	}
	b.do("find", chromedp.SetValue(chromedp.CSS("#graph-find"), label))
	b.eval(`document.getElementById("graph-find").dispatchEvent(new Event("change"))`, new(bool))
	b.do("find", chromedp.Sleep(800*time.Millisecond))
	b.eval(`document.getElementById("graph").dataset.focus || ""`, &focus)
	if focus != busiest.ID || location().Query().Get("select") != busiest.ID {
		t.Errorf("find %q: focus %q, URL %s", label, focus, location())
	}
	b.do("find shot", viewShot(b, "network-find-view"))
	b.check("find")
	// "Show only its network" reloads the page filtered to that actor.
	b.do("focus link", chromedp.Click(chromedp.CSS("#graph-info a.focus")),
		chromedp.WaitVisible(chromedp.CSS("h1 a.actor")))
	around := wait("network around")
	if q := location().Query(); q.Get("actor") != busiest.ID || q.Has("select") ||
		(strings.Contains(query, "view=exact") && q.Get("view") != "exact") {
		t.Errorf("focus link on %s: at %s", busiest.ID, location())
	}
	if len(around.Edges) == 0 {
		t.Errorf("focus on %s: no edges", busiest.ID)
	}
	for _, e := range around.Edges {
		if !strings.EqualFold(e.Source, busiest.ID) && !strings.EqualFold(e.Target, busiest.ID) {
			t.Errorf("focus on %s shows the edge %s -> %s", busiest.ID, e.Source, e.Target)
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

// evalAwait evaluates expr, a promise, in the page and decodes its value
// into out.
func evalAwait(b *uiBrowser, expr string, out any) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%.60s: %v", expr, err)
	}
	raw, _ := json.Marshal(v)
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("%.60s: %v", expr, err)
	}
}

// viewShot saves what the window shows from the top of the page as
// artifacts/name.png (the graph without the long table below).
func viewShot(b *uiBrowser, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Evaluate[any](`window.scrollTo(0, 0), true`)(ctx, tg); err != nil {
			return err
		}
		buf, err := chromedp.CaptureScreenshot()(ctx, tg)
		if err != nil {
			return err
		}
		return b.save(name, buf)
	})
}
