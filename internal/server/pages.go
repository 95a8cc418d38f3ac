package server

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// webFS holds the page templates and the static assets (our stylesheet and
// scripts, and the vendored chart.js, sigma.js and graphology).
//
//go:embed web
var webFS embed.FS

// funcs are the helpers templates may call.
var funcs = template.FuncMap{
	// actorURL and dyadURL take an optional view (store.View); the
	// exact view is named in the link, so that its counts carry over.
	"actorURL": func(code string, v ...store.View) string {
		return "/actor?code=" + url.QueryEscape(code) + viewQuery(v)
	},
	"dyadURL": func(a, r string, v ...store.View) string {
		return "/dyad?actor=" + url.QueryEscape(a) + "&recipient=" + url.QueryEscape(r) + viewQuery(v)
	},
	// dated adds a date window to a page URL that has a query.
	"dated": func(u, since, until string) string {
		if since != "" {
			u += "&since=" + url.QueryEscape(since)
		}
		if until != "" {
			u += "&until=" + url.QueryEscape(until)
		}
		return u
	},
	"docURL":  func(id int64) string { return fmt.Sprintf("/documents/%d", id) },
	"evURL":   func(id int64, start int) string { return fmt.Sprintf("/documents/%d#s-%d", id, start) },
	"gs":      func(g float64) string { return fmt.Sprintf("%+.1f", g) },
	"snippet": snippetHTML,
	"byStory": byStory,
	"tone": func(g float64) string {
		switch {
		case g > 0:
			return "coop"
		case g < 0:
			return "conf"
		}
		return "neutral"
	},
	// jsonAttr encodes v for a data- attribute (html/template escapes it).
	"jsonAttr": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"partyCode": func(p store.Party) string { return p.Code() },
	// speakerURL lists one speaker's quotes, in the date window of the page.
	"speakerURL": func(name, since, until string) string {
		u := "/quotes?group=none&speaker=" + url.QueryEscape(name)
		if since != "" {
			u += "&since=" + url.QueryEscape(since)
		}
		if until != "" {
			u += "&until=" + url.QueryEscape(until)
		}
		return u
	},
	"label": func(p store.Party) string { return p.Label() },
	"webURL": func(s string) string {
		// Only http(s) links are made; anything else (javascript:) is
		// shown as text by the template.
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return ""
		}
		return u.String()
	},
	"clip": clip,
	"add":  func(a, b int) int { return a + b },
	"sub":  func(a, b int) int { return a - b },
	"mood": mood,
	"pageURL": func(base string, v url.Values, offset int) string {
		w := url.Values{}
		for k, vs := range v {
			w[k] = vs
		}
		w.Set("offset", fmt.Sprint(offset))
		return base + "?" + w.Encode()
	},
}

// clip shortens s to at most 80 characters for tables, marking the cut.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:79]) + "…"
}

func mood(negated bool, modality string) string {
	var m []string
	if negated {
		m = append(m, "not")
	}
	if modality != "" {
		m = append(m, modality)
	}
	return strings.Join(m, ", ")
}

// parsePages parses each page template with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(webFS, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(webFS, "web/templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// view is what every page template receives.
type view struct {
	Title string
	// Nav names the menu entry to mark as current.
	Nav   string
	Query url.Values
	Data  any
}

// render executes page into a buffer first, so that a template error gives
// a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, v view) {
	t := s.pages[name]
	if t == nil {
		s.pageError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	v.Query = r.URL.Query()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// pageError shows an error page fitting err.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := http.StatusInternalServerError, "Something went wrong on our side."
	var br badRequest
	switch {
	case errors.As(err, &br):
		code, msg = http.StatusBadRequest, br.msg
	case errors.Is(err, store.ErrNotFound):
		code, msg = http.StatusNotFound, "There is nothing here."
	case errors.Is(r.Context().Err(), context.DeadlineExceeded):
		code, msg = http.StatusServiceUnavailable, "This took too long and was stopped. Try a narrower question."
		w.Header().Set("Retry-After", "1")
	default:
		s.log.Error("page", "path", r.URL.Path, "err", err)
	}
	s.render(w, r, code, "error", view{Title: http.StatusText(code), Data: msg})
}

// actorRow is an actor with the code that links to it.
type actorRow struct {
	store.ActorRow
	Code string
}

func actorRows(rows []store.ActorRow) []actorRow {
	out := make([]actorRow, len(rows))
	for i, a := range rows {
		out[i] = actorRow{ActorRow: a, Code: actorCode(a)}
	}
	return out
}

const pageSize = 50

func (s *Server) pageDocuments(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	offset := p.offset()
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	docs, err := s.st.Documents(r.Context(), store.DocumentFilter{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "documents", view{Title: "Documents", Nav: "documents",
		Data: map[string]any{"Documents": docs, "Offset": offset, "More": len(docs) == pageSize}})
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	id, err := docID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d, err := s.st.Document(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	title := d.Title
	if title == "" {
		title = d.Path
	}
	type entity struct {
		doc.Entity
		Code     string
		Mentions int
	}
	var ents []entity
	for _, e := range d.Entities {
		ents = append(ents, entity{Entity: e, Mentions: len(e.Mentions),
			Code: store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type)}.Code()})
	}
	type event struct {
		doc.Event
		Actors, Recipients []store.Party
		TriggerText        string
	}
	party := func(i int) store.Party {
		e := d.Entities[i]
		return store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type), Role: e.Role}
	}
	var evs []event
	for _, e := range d.Events {
		v := event{Event: e, TriggerText: e.Trigger.In(d.Text)}
		for _, i := range e.Actors {
			if i >= 0 && i < len(d.Entities) {
				v.Actors = append(v.Actors, party(i))
			}
		}
		for _, i := range e.Recipients {
			if i >= 0 && i < len(d.Entities) {
				v.Recipients = append(v.Recipients, party(i))
			}
		}
		evs = append(evs, v)
	}
	type timex struct {
		doc.Time
		Text string
	}
	var times []timex
	for _, t := range d.Times {
		times = append(times, timex{Time: t, Text: t.In(d.Text)})
	}
	s.render(w, r, http.StatusOK, "article", view{Title: title, Nav: "documents", Data: map[string]any{
		"ID": id, "Doc": d, "Title": title, "Body": highlight(d), "Entities": ents, "Events": evs, "Times": times,
	}})
}

func (s *Server) pageActors(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	name, offset := p.str("name"), p.offset()
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	rows, err := s.st.Actors(r.Context(), store.ActorFilter{Name: name, Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "actors", view{Title: "Actors", Nav: "actors",
		Data: map[string]any{"Actors": actorRows(rows), "Name": name, "Offset": offset, "More": len(rows) == pageSize}})
}

func (s *Server) pageActor(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	code := p.required("code")
	since, until := p.date("since"), p.date("until")
	v := viewParam(&p)
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	// Unless the link names a view, a state's page counts everything
	// rolled up to it and any other actor's counts it exactly (rolled up,
	// a person with a country is its state).
	if r.URL.Query().Get("view") == "" && !isStateCode(code) {
		v = store.Exact
	}
	ctx := r.Context()
	net, err := s.st.Network(ctx, store.NetworkFilter{Actor: code, Limit: 40, Exact: v == store.Exact,
		Since: since, Until: until})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	events, err := s.st.Events(ctx, store.EventFilter{Actor: code, Newest: true, Limit: 25, Since: since, Until: until, View: v})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	received, err := s.st.Events(ctx, store.EventFilter{Recipient: code, Newest: true, Limit: 25, Since: since, Until: until, View: v})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	quotes, err := s.st.Quotes(ctx, store.QuoteFilter{Speaker: code, Limit: 10, Since: since, Until: until, Outermost: true})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	data := map[string]any{
		"Code": code, "Edges": net.Edges, "Events": events, "Received": received,
		"Quotes": quotes, "Aliases": actorAliases(ctx, s.st, code), "Since": since, "Until": until, "View": v,
	}
	if x := s.explorer(); x != nil {
		chart, err := seriesChart(ctx, x, store.SeriesFilter{Actor: code, Either: true, Since: since, Until: until, View: v})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Chart"] = chart
	}
	s.render(w, r, http.StatusOK, "actor", view{Title: code, Nav: "actors", Data: data})
}

// isStateCode reports whether code is an ISO 3166-1 alpha-3 code ("USA").
func isStateCode(code string) bool {
	if len(code) != 3 {
		return false
	}
	for _, c := range code {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// actorAliases lists the names and documents behind the actor with code
// (a key, or a person's name whose key is its lower case), nil when the
// store keeps no identity decisions or knows no such key.
func actorAliases(ctx context.Context, st store.Store, code string) []store.AliasRow {
	c, ok := st.(store.Curator)
	if !ok {
		return nil
	}
	for _, k := range []string{code, strings.ToLower(code)} {
		if rows, err := c.Aliases(ctx, k); err == nil {
			return rows
		}
	}
	return nil
}

func (s *Server) pageDyad(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	actor, recipient := p.required("actor"), p.required("recipient")
	since, until := p.date("since"), p.date("until")
	offset := p.offset()
	v := viewParam(&p)
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	ctx := r.Context()
	events, err := s.st.Events(ctx, store.EventFilter{Actor: actor, Recipient: recipient, Since: since, Until: until,
		Limit: pageSize, Offset: offset, View: v})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	data := map[string]any{
		"Actor": actor, "Recipient": recipient, "Events": events, "Since": since, "Until": until,
		"Offset": offset, "More": len(events) == pageSize, "View": v,
	}
	if x := s.explorer(); x != nil {
		chart, err := seriesChart(ctx, x, store.SeriesFilter{Actor: actor, Recipient: recipient, Since: since, Until: until, View: v})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		fs, err := x.EventFacets(ctx, store.EventFilter{Actor: actor, Recipient: recipient, Since: since, Until: until, View: v}, nil, 0)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Chart"], data["Total"], data["AtLeast"] = chart, fs.Total, fs.AtLeast
	}
	s.render(w, r, http.StatusOK, "dyad", view{Title: actor + " → " + recipient, Nav: "actors", Data: data})
}

// The network page draws up to maxNetworkEdges edges (WebGL copes with
// thousands of actors) and lists the busiest networkTableRows of them.
const (
	maxNetworkEdges  = 10000
	networkTableRows = 100
)

func (s *Server) pageNetwork(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.NetworkFilter{Since: p.date("since"), Until: p.date("until"), MinEvents: p.int("min", 1, 0),
		Actor: p.str("actor"), Limit: p.int("edges", 300, maxNetworkEdges)}
	v := viewParam(&p)
	f.Exact = v == store.Exact
	colour := p.oneOf("colour", "type", "country")
	if f.Limit == 0 {
		f.Limit = 300
	}
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	n, err := s.st.Network(r.Context(), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	graph := networkJSON(n)
	graph.View = v.String()
	events := 0
	for _, e := range n.Edges {
		events += e.Events
	}
	s.render(w, r, http.StatusOK, "network", view{Title: "Network", Nav: "network", Data: map[string]any{
		"Graph": graph, "Since": f.Since, "Until": f.Until, "Min": f.MinEvents, "Edges": n.Edges,
		"Table": n.Edges[:min(len(n.Edges), networkTableRows)], "Events": events, "MaxEdges": maxNetworkEdges,
		"Actor": f.Actor, "Limit": f.Limit, "Colour": colour, "View": v, "Nodes": len(n.Nodes),
	}})
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	query, offset := p.str("q"), p.offset()
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	var hits []store.SearchHit
	if strings.TrimSpace(query) != "" {
		var err error
		hits, err = s.st.Search(r.Context(), store.SearchFilter{Query: query, Limit: pageSize, Offset: offset})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	groups, err := s.groupHits(r.Context(), hits)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "search", view{Title: "Search", Nav: "search", Data: map[string]any{
		"Q": query, "Hits": hits, "Groups": groups, "Offset": offset, "More": len(hits) == pageSize,
	}})
}

func (s *Server) pageQuotes(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.QuoteFilter{Speaker: p.str("speaker"), Mentions: p.str("mentions"), Since: p.date("since"),
		Until: p.date("until"), Outermost: true, Limit: pageSize, Offset: p.offset()}
	group := p.oneOf("group", "speaker", "none")
	if group == "" {
		group = "speaker"
		if f.Speaker != "" || f.Mentions != "" {
			group = "none"
		}
	}
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	data := map[string]any{"Speaker": f.Speaker, "Mentions": f.Mentions, "Since": f.Since, "Until": f.Until,
		"Offset": f.Offset, "Group": group}
	x := s.explorer()
	if group == "speaker" && x != nil {
		speakers, err := x.QuoteSpeakers(r.Context(), f, 100)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Speakers"] = speakers
	} else {
		quotes, err := s.st.Quotes(r.Context(), f)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Quotes"], data["More"], data["Group"] = quotes, len(quotes) == pageSize, "none"
	}
	s.render(w, r, http.StatusOK, "quotes", view{Title: "Quotes", Nav: "quotes", Data: data})
}

// viewQuery is the query parameter that names the exact view in a link,
// "" for the default (rolled) view.
func viewQuery(v []store.View) string {
	if len(v) > 0 && v[0] == store.Exact {
		return "&view=exact"
	}
	return ""
}
