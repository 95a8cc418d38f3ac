package server_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"sitrep/internal/server"
)

// hostileArticle tries every way of getting markup or script into a page.
const hostileArticle = `Hostile forces attacked the Islamic State near Mosul on Monday, officials said.

The attackers wrote <script>alert(1)</script> on a wall.
<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a>
"<script>alert(4)</script>," the Pentagon spokesman said.
` + "</textarea><svg onload=alert(5)>"

func TestPagesEscapeHostileText(t *testing.T) {
	ts, _ := newServer(t, server.Options{Token: "tok"})
	long := strings.Repeat("W", 10000)
	code, body := post(t, ts.URL+"/api/documents?raw=1&published=2017-01-24&path=%3Cscript%3Ealert(6)%3C/script%3E",
		"tok", "text/plain", hostileArticle+"\n"+long+" ends here.\n")
	if code != 201 {
		t.Fatalf("POST = %d %s", code, body)
	}
	pages := []string{"/", "/documents", "/documents/15", "/search?q=hostile", "/quotes", "/actors",
		"/actor?code=%3Cscript%3Ealert(7)%3C/script%3E", "/search?q=%3Cscript%3Ealert(8)%3C/script%3E"}
	for _, p := range pages {
		code, h, page := get(t, ts.URL+p)
		if code != 200 {
			t.Errorf("GET %s = %d", p, code)
			continue
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("GET %s: CSP = %q", p, h.Get("Content-Security-Policy"))
		}
		for _, bad := range unsafeMarkup(t, page) {
			t.Errorf("GET %s: %s", p, bad)
		}
	}
	_, _, article := get(t, ts.URL+"/documents/15")
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", long[:200], "ends here."} {
		if !strings.Contains(article, want) {
			t.Errorf("article lacks %.80s in %s", want, article[strings.Index(article, "<article>"):])
		}
	}
}

// unsafeMarkup parses page and lists what could run script: script
// elements other than the layout's two static files, event-handler attributes,
// javascript: URLs, and elements no page of ours has (img, svg, iframe).
func unsafeMarkup(t *testing.T, page string) []string {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	scripts := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				scripts++
				if n.FirstChild != nil {
					bad = append(bad, "inline script "+n.FirstChild.Data)
				}
			case "img", "svg", "iframe", "object", "embed", "textarea":
				bad = append(bad, "element "+n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					bad = append(bad, "attribute "+a.Key)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					bad = append(bad, a.Key+" "+a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if scripts != 2 {
		bad = append(bad, fmt.Sprintf("%d script elements, want the 2 static ones (chart.js, charts.js)", scripts))
	}
	return bad
}

func TestPagesRender(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	cases := []struct {
		name, path string
		contains   []string
	}{
		{"dashboard", "/", []string{"Top actors", "Latest events", "documents", `href="/actor?code=`, "Top dyads",
			`id="activity" data-chart="{`, "Newest stories"}},
		{"events", "/events?type=ASSAULT", []string{"events match", `data-chart="{`, `href="/api/export?format=csv&amp;type=ASSAULT"`}},
		{"compare", "/compare?actor=RUS&dyad=USA%3ERUS", []string{`data-compare="[{`, "USA → RUS"}},
		{"documents", "/documents", []string{"U.S. Suspends Syria Talks With Russia", `href="/documents/`}},
		{"article", "/documents/13", []string{`class="ent ent-PER"`, `class="timex" title="DATE = 2017-01-23"`,
			`class="quote"`, `class="trigger coop"`, `id="s-0"`}},
		{"actor", "/actor?code=RUS", []string{`id="timeline" data-chart="{`, "Counterparts", "Names and documents", `href="/dyad?actor=Donald&#43;Trump&amp;recipient=RUS"`}},
		{"dyad", "/dyad?actor=Donald+Trump&recipient=RUS", []string{"Stance over time", `id="stance" data-chart="{`,
			"open to joint strikes", `href="/documents/13#s-0"`}},
		{"network", "/network", []string{`id="graph" data-network="{`, "USA"}},
		{"search", "/search?q=Kobani", []string{"<mark>Kobani</mark>"}},
		{"quotes", "/quotes?speaker=pahon", []string{"We are not coordinating,"}},
		{"not found", "/documents/9999", []string{"There is nothing here."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, page := get(t, ts.URL+c.path)
			for _, s := range c.contains {
				if !strings.Contains(page, s) {
					t.Errorf("GET %s lacks %s", c.path, s)
				}
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	ts, _ := newServer(t, server.Options{})
	get(t, ts.URL+"/api/events?actor=USA")
	get(t, ts.URL+"/no/such/page")
	_, _, m := get(t, ts.URL+"/metrics")
	for _, want := range []string{
		`sitrep_http_requests_total{code="200",method="GET",route="GET /api/events"} 1`,
		`sitrep_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`sitrep_http_request_duration_seconds_bucket{method="GET",route="GET /api/events",le="0.05"}`,
		"go_goroutines",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestServeShutsDownGracefully: cancelling the context stops Serve after
// the request in flight is answered.
func TestServeShutsDownGracefully(t *testing.T) {
	st := filledStore(t)
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	resp, err := http.Get("http://" + l.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + l.Addr().String() + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}
