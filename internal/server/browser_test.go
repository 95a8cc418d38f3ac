package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"sitrep/internal/doc"
	"sitrep/internal/server"
)

// chromium finds the browser, skipping the test (or failing it when
// $SITREP_REQUIRE_CHROMIUM is set) when there is none.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SITREP_REQUIRE_CHROMIUM") != "" {
		t.Fatal("chromium required but not installed (scripts/chromium.sh installs Debian's chromium)")
	}
	t.Skip("chromium not installed: run scripts/chromium.sh (apt-get install -y chromium) to run the browser test")
	return ""
}

// browserLog collects what the page reports: console errors, uncaught
// exceptions, log entries of level error (CSP violations, failed loads) and
// dialogs (alert, confirm), which must never open.
type browserLog struct {
	mu       sync.Mutex
	problems []string
}

func (b *browserLog) add(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

func (b *browserLog) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// TestBrowser drives the UI in headless Chromium: the example corpus plus a
// hostile article are stored, every page is opened, and actor -> dyad ->
// article is followed by clicking links.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	st := filledStore(t)
	p := annotator()
	srv, err := server.New(st, server.Options{Token: "tok",
		Annotate: func(ctx context.Context, d *doc.Document) error { return p.Process(ctx, d) }})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, l) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	base := "http://" + l.Addr().String()

	// The hostile article, as raw text and as a JSON record with a
	// javascript: URL and markup in the title.
	long := strings.Repeat("Z", 10000)
	hostile := hostileArticle + "\n" + long + " ends here.\n"
	if code, body := post(t, base+"/api/documents?raw=1&published=2017-01-24", "tok", "text/plain", hostile); code != 201 {
		t.Fatalf("POST hostile = %d %s", code, body)
	}
	hostileID := postedID(t, base, "Hostile forces")
	record := `{"text": "Russian jets bombed rebel positions near Aleppo on Tuesday, the monitor said. <script>alert(9)</script>",
		"title": "<img src=x onerror=alert(10)>Aleppo", "url": "javascript:alert(11)", "published": "2016-10-11"}`
	if code, body := post(t, base+"/api/documents", "tok", "application/json", record); code != 201 {
		t.Fatalf("POST record = %d %s", code, body)
	}
	recordID := postedID(t, base, "Aleppo monitor")

	b := newBrowser(t, exe, "browser", 2*time.Minute)
	shot, check, text, eval, do := b.shot, b.check, b.text, b.eval, b.do

	// Every page renders, without console errors.
	pages := []struct {
		name, path, ready, want string
	}{
		{"dashboard", "/", "#activity[data-drawn] canvas", "Top dyads"},
		{"events", "/events", "#total", "events match"},
		{"compare", "/compare?actor=USA&actor=RUS", "#compare[data-drawn] canvas", "Compare over time"},
		{"documents", "/documents", "table.docs", "U.S. Suspends Syria Talks With Russia"},
		{"actors", "/actors", "table.actors", "Donald Trump"},
		{"network", "/network", "#graph[data-drawn] canvas", "Actor network"},
		{"map", "/map", "#map[data-drawn] path.leaflet-interactive", "Where it happened"},
		{"quotes", "/quotes?speaker=pahon", "table.quotes", "We are not coordinating"},
		{"search", "/search?q=Kobani", "ol.hits mark", "Kobani"},
		{"hostile-article", fmt.Sprintf("/documents/%d", hostileID), "#article-body", "Hostile forces"},
		{"hostile-record", fmt.Sprintf("/documents/%d", recordID), "#article-body", "Aleppo"},
	}
	for _, pg := range pages {
		do(pg.name, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.ready)), shot(pg.name))
		if body := text("main"); !strings.Contains(body, pg.want) {
			t.Errorf("%s: %q not rendered", pg.name, pg.want)
		}
		check(pg.name)
	}

	// The hostile script is shown as text, and nothing of it ran.
	do("hostile article", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", base, hostileID)),
		chromedp.WaitVisible(chromedp.CSS("#article-body")))
	body := text("#article-body")
	for _, want := range []string{"<script>alert(1)</script>", `<img src=x onerror="alert(2)">`, "javascript:alert(3)", long[:500], "ends here."} {
		if !strings.Contains(body, want) {
			t.Errorf("hostile article: %.60q not shown as text", want)
		}
	}
	var nodes int
	eval(`document.querySelectorAll("script:not([src]), img, svg, [onerror], [onload]").length`, &nodes)
	if nodes != 0 {
		t.Errorf("hostile article: %d script, img, svg or handler nodes in the DOM", nodes)
	}
	do("hostile record", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", base, recordID)),
		chromedp.WaitVisible(chromedp.CSS("#article-body")))
	title := text("h1")
	eval(`document.querySelectorAll("a[href^='javascript']").length`, &nodes)
	if !strings.Contains(title, "<img src=x onerror=alert(10)>") || nodes != 0 {
		t.Errorf("hostile record: title %q, %d javascript: links", title, nodes)
	}
	check("hostile pages")

	// Actor -> dyad -> article, by clicking.
	do("actor", chromedp.Navigate(base+"/actors?name=trump"),
		chromedp.WaitVisible(chromedp.CSS(`a.actor[href="/actor?code=Donald+Trump"]`)),
		chromedp.Click(chromedp.CSS(`a.actor[href="/actor?code=Donald+Trump"]`)),
		chromedp.WaitVisible(chromedp.CSS("#timeline[data-drawn] canvas")))
	var chart bool
	eval(`typeof Chart !== "undefined" && Chart.getChart(document.querySelector("#timeline canvas")) !== undefined`, &chart)
	if !chart {
		t.Error("actor timeline chart not drawn")
	}
	do("dyad", shot("actor"),
		chromedp.Click(chromedp.CSS(`a.dyad[href="/dyad?actor=Donald+Trump&recipient=RUS"]`)),
		chromedp.WaitVisible(chromedp.CSS("#stance[data-drawn] canvas")), shot("dyad"))
	eval(`Chart.getChart(document.querySelector("#stance canvas")) !== undefined`, &chart)
	if !chart {
		t.Error("dyad stance chart not drawn")
	}
	do("article", chromedp.Click(chromedp.CSS(`table.events a.source`)),
		chromedp.WaitVisible(chromedp.CSS("#article-body .trigger")), shot("article"))
	if article := text("#article-body"); !strings.Contains(article, "open to joint strikes with Russia") {
		t.Errorf("article text = %.200q", article)
	}
	var highlights map[string]int
	eval(`(() => { const n = s => document.querySelectorAll("#article-body " + s).length;
		return {ent: n(".ent"), timex: n(".timex"), quote: n(".quote"), trigger: n(".trigger"), evidence: n(".evidence")}; })()`, &highlights)
	for _, k := range []string{"ent", "timex", "quote", "trigger", "evidence"} {
		if highlights[k] == 0 {
			t.Errorf("article: no %s highlighted (%v)", k, highlights)
		}
	}
	check("actor -> dyad -> article")
}

// newBrowser starts headless Chromium (exe) for t, with screenshots going
// to $SITREP_ARTIFACTS/dir (a temporary directory when unset); the test's
// steps must finish within timeout.
func newBrowser(t *testing.T, exe, dir string, timeout time.Duration) *uiBrowser {
	artifacts := os.Getenv("SITREP_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	artifacts = filepath.Join(artifacts, dir)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		// WebGL (the network's sigma.js) on the CPU: Chromium no longer
		// falls back to SwiftShader by itself.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)

	var blog browserLog
	err := chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				blog.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			blog.add("exception: %s at %s:%d", msg, d.URL, d.LineNumber)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				blog.add("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			blog.add("dialog %s opened: %q", ev.Type, ev.Message)
			// Answering from inside the listener would block it.
			go chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// The first call starts the browser, on a context without a deadline;
	// the rest of the test runs under a time limit.
	if _, err := chromedp.Call(bctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancelTime := context.WithTimeout(bctx, timeout)

	b := &uiBrowser{t: t, ctx: ctx, log: &blog, artifacts: artifacts}
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	return b
}

// uiBrowser is a headless Chromium tab with what the browser tests need.
type uiBrowser struct {
	t         *testing.T
	ctx       context.Context
	log       *browserLog
	artifacts string
}

// shot saves a screenshot of the whole page as artifacts/name.png.
func (b *uiBrowser) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return b.save(name, buf)
	})
}

// save writes a screenshot as artifacts/name.png.
func (b *uiBrowser) save(name string, png []byte) error {
	path := filepath.Join(b.artifacts, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return err
	}
	b.t.Logf("screenshot %s", path)
	return nil
}

// check fails the test for every problem the page reported.
func (b *uiBrowser) check(page string) {
	b.t.Helper()
	for _, p := range b.log.take() {
		b.t.Errorf("%s: %s", page, p)
	}
}

// text is the text of the first element sel selects.
func (b *uiBrowser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// eval evaluates expr in the page and decodes its value into out.
func (b *uiBrowser) eval(expr string, out any) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	raw, _ := json.Marshal(v)
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
}

// do runs steps, failing the test on error.
func (b *uiBrowser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// postedID finds the id of the document a search for words finds first.
func postedID(t *testing.T, base, words string) int64 {
	t.Helper()
	_, _, body := get(t, base+"/api/search?q="+strings.ReplaceAll(words, " ", "+"))
	var id int64
	if i := strings.Index(body, `"id":`); i >= 0 {
		fmt.Sscanf(body[i+5:], "%d", &id)
	}
	if id == 0 {
		t.Fatalf("posted document %q not found: %s", words, body)
	}
	return id
}
