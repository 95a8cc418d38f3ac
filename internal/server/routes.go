package server

import (
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"
)

// route is one entry of the server: it is registered on the mux and
// described in the OpenAPI document from the same table, so the two cannot
// drift apart.
type route struct {
	Method, Path string
	// Summary is one line for the OpenAPI document.
	Summary string
	// Kind is "api" (JSON), "page" (HTML) or "other".
	Kind   string
	Params []param
	// Body describes the request body, "" for none.
	Body string
	// Schema names the JSON response schema in openapi.go ("" for HTML or
	// other content).
	Schema  string
	handler http.Handler
}

// param is a query or path parameter.
type param struct {
	Name, In, Type, Desc string
}

func q(name, typ, desc string) param { return param{Name: name, In: "query", Type: typ, Desc: desc} }

var (
	pLimit = q("limit", "integer", "at most this many items: default 50; a value above 500 is cut to 500 "+
		"(the response's limit says so); 0, a negative number or a non-integer is refused with 400")
	pOffset = q("offset", "integer", "skip this many items (pages are in a stable order); at most 100000, "+
		"more is refused with 400")
	pAfter = q("after", "string", "the next_after cursor of the previous page: the items after it, as cheap however deep "+
		"(keyset paging; not with offset)")
	pSince = q("since", "string", "on or after this date, YYYY-MM-DD")
	pUntil = q("until", "string", "on or before this date, YYYY-MM-DD")
	pID    = param{Name: "id", In: "path", Type: "integer", Desc: "document id"}
	// pExplore are the event filters the events explorer added.
	pExplore = []param{q("party", "string", "an actor or a recipient has this code"),
		q("negated", "boolean", "true: only negated events (did not happen); false: none of them"),
		q("quad", "integer", "CAMEO quad class: 1 verbal, 2 material cooperation, 3 verbal, 4 material conflict"),
		q("place", "string", "the name of the event's place"), q("story", "string", "the document story id"),
		q("sort", "string", "date (default), newest (undated last), conflict (lowest Goldstein first) or cooperation")}
	pView = q("view", "string", "rolled (default: a party with a country counts toward its state, as event filters "+
		"by a country code do; also rolled-up) or exact (every actor its own node, by its key); the answer's view says which")
)

// routes lists every route of the server.
func (s *Server) routes() []route {
	f := func(h func(http.ResponseWriter, *http.Request)) http.Handler { return http.HandlerFunc(h) }
	return []route{
		// The JSON API.
		{Method: "GET", Path: "/api/openapi.json", Kind: "api", Summary: "This description of the API (OpenAPI 3)",
			handler: f(s.apiOpenAPI)},
		{Method: "GET", Path: "/api/stats", Kind: "api", Summary: "Counts of stored records", Schema: "Stats",
			handler: f(s.apiStats)},
		{Method: "GET", Path: "/api/documents", Kind: "api", Summary: "Stored documents, newest publication first",
			Params: []param{pLimit, pOffset, pAfter}, Schema: "DocumentPage", handler: f(s.apiDocuments)},
		{Method: "POST", Path: "/api/documents", Kind: "api",
			Summary: "Annotate and store one document (needs the server's token: Authorization: Bearer TOKEN)",
			Params: []param{q("published", "string", "publication date to assume, YYYY-MM-DD"),
				q("path", "string", "a name for the document (default api)"),
				q("raw", "boolean", "the body is already clean text: no boilerplate removal, offsets index the body")},
			Body:   `application/json {"text","published","url","title"}, or the raw article (text or HTML); at most 10 MiB`,
			Schema: "Posted", handler: f(s.apiPostDocument)},
		{Method: "GET", Path: "/api/documents/{id}", Kind: "api",
			Summary: "One document with all its annotations, in the form of `sitrep annotate` (CONTRACT.md)",
			Params:  []param{pID}, Schema: "Document", handler: f(s.apiDocument)},
		{Method: "GET", Path: "/api/actors", Kind: "api", Summary: "Actors across documents, most mentioned first",
			Params: []param{q("country", "string", "ISO 3166-1 alpha-3 code"),
				q("type", "string", "PER, ORG, GPE, LOC or MISC"), q("name", "string", "part of the canonical name"),
				pView, pLimit, pOffset},
			Schema: "ActorPage", handler: f(s.apiActors)},
		{Method: "GET", Path: "/api/events", Kind: "api",
			Summary: "Events in date order (undated last), or newest first with order=newest",
			Params: append([]param{q("actor", "string", "actor code: country code (USA), canonical name or gazetteer key"),
				q("recipient", "string", "recipient code"), q("type", "string", "PLOVER event type (ASSAULT, ...)"),
				q("country", "string", "an actor or recipient has this country code"), pSince, pUntil,
				q("modality", "string", "asserted, future, hypothetical or claimed"),
				q("document", "integer", "only this document's events"),
				q("place_country", "string", "the event happened in this country (ISO alpha-3)"),
				q("near", "string", "the event happened within a radius of a point: LAT,LON,RADIUS (36.2,37.16,50km)"),
				q("located", "boolean", "only events with a place"),
				q("order", "string", "date (default) or newest"), pView, pLimit, pOffset, pAfter}, pExplore...),
			Schema: "EventPage", handler: f(s.apiEvents)},
		{Method: "GET", Path: "/api/export", Kind: "other",
			Summary: "Download the events matching the filters of /api/events, all of them, streamed: " +
				"format csv, gdelt (GDELT 2.0 event table), plover (JSON Lines), graphml (the actor network " +
				"of since, until and actor) or geojson (located events)",
			Params: []param{q("format", "string", "csv (default), gdelt, plover, graphml or geojson"),
				q("limit", "integer", "at most this many events (default: all)")},
			handler: s.bounded(f(s.apiExport), exportTimeout, true)},
		{Method: "GET", Path: "/api/quotes", Kind: "api", Summary: "Quotes in publication order",
			Params: []param{q("speaker", "string", "part of the speaker's canonical name"),
				q("country", "string", "the speaker's country code"),
				q("mentions", "string", "the quote contains this text"), pSince, pUntil, pLimit, pOffset, pAfter},
			Schema: "QuotePage", handler: f(s.apiQuotes)},
		{Method: "GET", Path: "/api/search", Kind: "api",
			Summary: "Full-text search over documents (every word must occur), best match first, with the stories of the hits (stories: each once, in the order of its best hit, with its articles and outlets)",
			Params:  []param{q("q", "string", "words to find"), pLimit, pOffset}, Schema: "SearchPage",
			handler: f(s.apiSearch)},
		{Method: "GET", Path: "/api/dyad", Kind: "api",
			Summary: "Time series of the events from actor to recipient: counts and Goldstein sums per week or month",
			Params: []param{q("actor", "string", "actor code (required)"), q("recipient", "string", "recipient code (required)"),
				q("interval", "string", "month (default) or week"), pSince, pUntil, pView},
			Schema: "Series", handler: f(s.apiDyad)},
		{Method: "GET", Path: "/api/timeline", Kind: "api",
			Summary: "Time series of an actor's events, as actor or recipient: cooperation and conflict per period",
			Params: []param{q("actor", "string", "actor code (required)"),
				q("interval", "string", "month (default) or week"), pSince, pUntil, pView},
			Schema: "Series", handler: f(s.apiTimeline)},
		{Method: "GET", Path: "/api/network", Kind: "api",
			Summary: "Actor network over a time window: nodes are actors, edges count events and their mean Goldstein",
			Params: []param{pSince, pUntil, q("actor", "string", "only events involving this actor"),
				q("min", "integer", "drop edges with fewer events"), q("limit", "integer", "keep the busiest edges: default 200; above 2000 is cut to 2000, "+
					"0 or negative is refused with 400"),
				pView},
			Schema: "Network", handler: f(s.apiNetwork)},

		// The web UI.
		{Method: "GET", Path: "/{$}", Kind: "page", Summary: "Dashboard: counts, top actors, latest events",
			handler: f(s.pageDashboard)},
		{Method: "GET", Path: "/events", Kind: "page",
			Summary: "Events explorer: every filter of /api/events with counts per facet, sorting, paging with " +
				"totals, a time chart and export buttons; the URL is the permalink of the view",
			Params: []param{pSince, pUntil, q("type", "string", "PLOVER event type"), q("actor", "string", "actor code"),
				q("recipient", "string", "recipient code"), q("country", "string", "country code of a party"),
				q("limit", "integer", "events per page (default 50)"), pOffset}, handler: f(s.pageEvents)},
		{Method: "GET", Path: "/documents", Kind: "page", Summary: "The stored documents",
			Params: []param{pOffset}, handler: f(s.pageDocuments)},
		{Method: "GET", Path: "/documents/{id}", Kind: "page",
			Summary: "An article with its entities, quotes, times and events highlighted",
			Params:  []param{pID}, handler: f(s.pageArticle)},
		{Method: "GET", Path: "/actors", Kind: "page", Summary: "Actors, most mentioned first",
			Params: []param{q("name", "string", "part of the name"), pOffset}, handler: f(s.pageActors)},
		{Method: "GET", Path: "/actor", Kind: "page",
			Summary: "An actor: its timeline of cooperation and conflict, its counterparts and events",
			Params:  []param{q("code", "string", "actor code"), pSince, pUntil, pView}, handler: f(s.pageActor)},
		{Method: "GET", Path: "/dyad", Kind: "page",
			Summary: "Actor to recipient: stance over time and the evidence sentences",
			Params: []param{q("actor", "string", "actor code"), q("recipient", "string", "recipient code"),
				pSince, pUntil, pOffset, pView},
			handler: f(s.pageDyad)},
		{Method: "GET", Path: "/compare", Kind: "page",
			Summary: "Several actors and dyads on one time chart: events, share of coverage or mean Goldstein per period",
			Params: []param{q("actor", "string", "an actor code (repeatable)"),
				q("dyad", "string", "ACTOR>RECIPIENT (repeatable)"), pSince, pUntil}, handler: f(s.pageCompare)},
		{Method: "GET", Path: "/network", Kind: "page", Summary: "The actor network graph",
			Params:  []param{pSince, pUntil, q("min", "integer", "drop edges with fewer events"), pView},
			handler: f(s.pageNetwork)},
		{Method: "GET", Path: "/map", Kind: "page",
			Summary: "Events on a map by place, coloured cooperation to conflict, with their evidence",
			Params:  []param{pSince, pUntil, q("type", "string", "PLOVER event type"), q("actor", "string", "actor code")},
			handler: f(s.pageMap)},
		{Method: "GET", Path: "/search", Kind: "page", Summary: "Full-text search",
			Params: []param{q("q", "string", "words to find"), pOffset}, handler: f(s.pageSearch)},
		{Method: "GET", Path: "/quotes", Kind: "page",
			Summary: "Who said what: speakers by number of quotes, or every quote (nested fragments once)",
			Params: []param{q("speaker", "string", "part of the speaker's name"),
				q("mentions", "string", "the quote contains this text"), pSince, pUntil,
				q("group", "string", "speaker (default without speaker or words) or none"), pOffset},
			handler: f(s.pageQuotes)},
		{Method: "GET", Path: "/stories", Kind: "page", Summary: "Stories: the documents that report one happening",
			Params:  []param{q("min", "integer", "only stories of at least this many articles"), pOffset},
			handler: f(s.pageStories)},
		{Method: "GET", Path: "/story", Kind: "page",
			Summary: "A story: its articles and outlets over time, its actors and events (no id: the list of stories)",
			Params:  []param{q("id", "string", "story id")}, handler: f(s.pageStory)},

		// Everything else.
		{Method: "GET", Path: "/static/", Kind: "other", Summary: "Embedded stylesheets, scripts and vendored libraries",
			handler: f(s.serveStatic)},
		{Method: "GET", Path: "/favicon.ico", Kind: "other", Summary: "The icon", handler: f(s.favicon)},
		{Method: "GET", Path: "/healthz", Kind: "other", Summary: "Liveness: 200 when the store answers",
			handler: f(s.healthz)},
		{Method: "GET", Path: "/metrics", Kind: "other", Summary: "Prometheus metrics", handler: s.metrics.handler()},
	}
}

// serveStatic serves one embedded asset, which browsers may keep for an
// hour. Directories are not listed (404); a path that is not valid UTF-8
// or holds a NUL is refused (400), one that is not a clean relative name
// ("..", "//") is not found (404).
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
		http.Error(w, "malformed path", http.StatusBadRequest)
		return
	}
	if name == "" || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	info, err := fs.Stat(s.static, name)
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, s.static, name)
}

func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	var err error
	if s.versions.v != nil {
		_, _, err = s.versions.v.Version(r.Context()) // cheap: one indexed row
	} else {
		_, err = s.st.Stats(r.Context())
	}
	if err != nil {
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
