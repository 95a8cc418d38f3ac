package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/store"
)

// Page sizes.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// badRequest is a client error with a message for the client.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// params reads and validates query parameters, remembering the first error.
type params struct {
	r   *http.Request
	err error
}

func (p *params) str(name string) string {
	v := p.r.URL.Query().Get(name)
	if len(v) > 200 && p.err == nil {
		p.err = badf("%s: too long", name)
	}
	return v
}

func (p *params) int(name string, def, max int) int {
	v := p.r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		if p.err == nil {
			p.err = badf("%s %q: want a non-negative integer", name, v)
		}
		return def
	}
	if max > 0 && n > max {
		return max
	}
	return n
}

func (p *params) date(name string) string {
	v := p.r.URL.Query().Get(name)
	if v == "" {
		return ""
	}
	if _, err := time.Parse("2006-01-02", v); err != nil && p.err == nil {
		p.err = badf("%s %q: want a date YYYY-MM-DD", name, v)
	}
	return v
}

func (p *params) oneOf(name string, allowed ...string) string {
	v := p.r.URL.Query().Get(name)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	if p.err == nil {
		p.err = badf("%s %q: want one of %s", name, v, strings.Join(allowed, ", "))
	}
	return v
}

// viewParam reads the view parameter: exact, or rolled (the default; also
// rolled-up).
func viewParam(p *params) store.View {
	v, err := store.ParseView(p.r.URL.Query().Get("view"))
	if err != nil && p.err == nil {
		p.err = badf("%v", err)
	}
	return v
}

func (p *params) required(name string) string {
	v := p.str(name)
	if v == "" && p.err == nil {
		p.err = badf("%s is required", name)
	}
	return v
}

// writeJSON writes v as the response.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"encoding failed"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// apiError writes err as {"error": ...} with a status fitting it. Internal
// errors are logged and not shown.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &br):
		writeJSON(w, http.StatusBadRequest, apiErr{br.msg})
	case errors.As(err, &mbe):
		writeJSON(w, http.StatusRequestEntityTooLarge, apiErr{fmt.Sprintf("body larger than %d bytes", mbe.Limit)})
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, apiErr{"not found"})
	case errors.Is(r.Context().Err(), context.DeadlineExceeded):
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, apiErr{fmt.Sprintf("the query took longer than %v and was cancelled: narrow it", s.o.Timeout)})
	case r.Context().Err() != nil:
		writeJSON(w, http.StatusServiceUnavailable, apiErr{"request cancelled"})
	default:
		s.log.Error("api", "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, apiErr{"internal error"})
	}
}

type apiErr struct {
	Error string `json:"error"`
}

// page is the envelope of a paginated list.
type page[T any] struct {
	Items  []T `json:"items"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	// Next is the offset of the next page, absent on the last one.
	Next *int `json:"next_offset,omitempty"`
	// NextAfter is the cursor of the next page (after=), on lists that
	// take one, absent on the last page.
	NextAfter string `json:"next_after,omitempty"`
	// View is the view the items were counted in (exact or rolled), on
	// the answers that take one.
	View string `json:"view,omitempty"`
}

func newPage[T any](items []T, limit, offset int) page[T] {
	if items == nil {
		items = []T{}
	}
	p := page[T]{Items: items, Limit: limit, Offset: offset}
	if len(items) == limit {
		n := offset + limit
		p.Next = &n
	}
	return p
}

// answer writes what fetch returns for a request whose parameters were read
// into p. A bad parameter or a failed query becomes an error response.
func answer[T any](s *Server, w http.ResponseWriter, r *http.Request, p *params, fetch func(context.Context) (T, error)) {
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	v, err := fetch(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// mapItems converts the store's rows to their JSON form.
func mapItems[R, J any](rows []R, conv func(R) J) []J {
	out := make([]J, 0, len(rows))
	for _, r := range rows {
		out = append(out, conv(r))
	}
	return out
}

// JSON forms of the store's rows.

type jsonStats struct {
	Documents int `json:"documents"`
	Entities  int `json:"entities"`
	Quotes    int `json:"quotes"`
	Times     int `json:"times"`
	Events    int `json:"events"`
	Problems  int `json:"problems"`
}

type jsonDocumentRow struct {
	ID        int64  `json:"id"`
	Hash      string `json:"hash"`
	Path      string `json:"path"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Events    int    `json:"events"`
	Quotes    int    `json:"quotes"`
	Problems  int    `json:"problems"`
	Snippet   string `json:"snippet,omitempty"`
}

func documentRow(r store.DocumentRow) jsonDocumentRow {
	return jsonDocumentRow{ID: r.ID, Hash: r.Hash, Path: r.Path, URL: r.URL, Title: r.Title, Outlet: r.Outlet,
		Published: r.Published, Events: r.Events, Quotes: r.Quotes, Problems: r.Problems}
}

type jsonParty struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Type    string `json:"type"`
	Role    string `json:"role"`
	Sector  string `json:"sector"`
}

func partiesJSON(ps []store.Party) []jsonParty {
	out := []jsonParty{}
	for _, p := range ps {
		out = append(out, jsonParty{Code: p.Code(), Name: p.Name, Country: p.Country, Type: p.Type, Role: p.Role, Sector: p.Sector})
	}
	return out
}

type jsonEvent struct {
	ID         int64       `json:"id"`
	DocumentID int64       `json:"document"`
	EventID    string      `json:"event_id"`
	Type       string      `json:"type"`
	Mode       string      `json:"mode"`
	CAMEO      string      `json:"cameo"`
	Goldstein  float64     `json:"goldstein"`
	Date       string      `json:"date"`
	Negated    bool        `json:"negated"`
	Modality   string      `json:"modality"`
	Actors     []jsonParty `json:"actor"`
	Recipients []jsonParty `json:"recipient"`
	Source     string      `json:"source"`
	Evidence   string      `json:"evidence"`
	Trigger    string      `json:"trigger"`
	Start      int         `json:"start"`
	End        int         `json:"end"`
	Title      string      `json:"title"`
	Outlet     string      `json:"outlet"`
	Published  string      `json:"published"`
	URL        string      `json:"url"`
	Place      *jsonPlace  `json:"place,omitempty"`
}

// jsonPlace is where an event happened: the place entity and, when
// resolved, its GeoNames place and point.
type jsonPlace struct {
	Entity    string   `json:"entity"`
	Type      string   `json:"type"`
	GeonameID int64    `json:"geonameid,omitempty"`
	Name      string   `json:"name,omitempty"`
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	Country   string   `json:"country,omitempty"`
	Admin1    string   `json:"admin1,omitempty"`
	Feature   string   `json:"feature,omitempty"`
}

func placeJSON(p *store.Place) *jsonPlace {
	if p == nil {
		return nil
	}
	j := &jsonPlace{Entity: p.Entity, Type: p.Type, GeonameID: p.GeonameID, Name: p.Name, Country: p.Country,
		Admin1: p.Admin1, Feature: p.Feature}
	if p.HasPoint {
		lat, lon := p.Lat, p.Lon
		j.Lat, j.Lon = &lat, &lon
	}
	return j
}

func eventJSON(r store.EventRow) jsonEvent {
	return jsonEvent{ID: r.ID, DocumentID: r.DocumentID, EventID: r.EventID, Type: r.Type, Mode: r.Mode,
		CAMEO: r.CAMEO, Goldstein: r.Goldstein, Date: r.Date, Negated: r.Negated, Modality: r.Modality,
		Actors: partiesJSON(r.Actors), Recipients: partiesJSON(r.Recipients), Source: r.Source,
		Evidence: r.Evidence, Trigger: r.Trigger, Start: r.Start, End: r.End, Title: r.Title, Outlet: r.Outlet,
		Published: r.Published, URL: r.URL, Place: placeJSON(r.Place)}
}

type jsonActor struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Country   string `json:"country"`
	Role      string `json:"role"`
	Key       string `json:"key"`
	Documents int    `json:"documents"`
	Mentions  int    `json:"mentions"`
	Events    int    `json:"events"`
	// Node is the code the actor counts toward in the answer's view: its
	// key (exact) or its state (rolled).
	Node string `json:"node"`
}

func actorCode(a store.ActorRow) string {
	return store.Party{Name: a.Name, Country: a.Country, Type: a.Type}.Code()
}

type jsonQuote struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document"`
	Text       string `json:"text"`
	Speaker    string `json:"speaker"`
	Country    string `json:"country"`
	Role       string `json:"role"`
	Direct     bool   `json:"direct"`
	Cue        string `json:"cue"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Title      string `json:"title"`
	Published  string `json:"published"`
}

type jsonPoint struct {
	Period      string  `json:"period"`
	Events      int     `json:"events"`
	Cooperative int     `json:"cooperative"`
	Conflictual int     `json:"conflictual"`
	Goldstein   float64 `json:"goldstein"`
	Cooperation float64 `json:"cooperation"`
	Conflict    float64 `json:"conflict"`
}

type jsonSeries struct {
	Actor     string      `json:"actor"`
	Recipient string      `json:"recipient,omitempty"`
	Interval  string      `json:"interval"`
	Points    []jsonPoint `json:"points"`
	// View is how parties matched the codes: exact or rolled.
	View string `json:"view,omitempty"`
}

func seriesJSON(actor, recipient, interval string, pts []store.SeriesPoint) jsonSeries {
	out := jsonSeries{Actor: actor, Recipient: recipient, Interval: interval, Points: []jsonPoint{}}
	if out.Interval == "" {
		out.Interval = store.Month
	}
	for _, p := range pts {
		out.Points = append(out.Points, jsonPoint{Period: p.Period, Events: p.Events, Cooperative: p.Cooperative,
			Conflictual: p.Conflictual, Goldstein: p.Goldstein, Cooperation: p.Cooperation, Conflict: p.Conflict})
	}
	return out
}

type jsonNode struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Country string `json:"country"`
	Events  int    `json:"events"`
}

type jsonEdge struct {
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"goldstein"`
}

type jsonNetwork struct {
	Nodes []jsonNode `json:"nodes"`
	Edges []jsonEdge `json:"edges"`
	// View says how parties are counted: "rolled" (a party with a
	// country counts toward its state, store.RollUp) or "exact"
	// (store.ExactCode).
	View string `json:"view,omitempty"`
}

func networkJSON(n store.Network) jsonNetwork {
	out := jsonNetwork{Nodes: []jsonNode{}, Edges: []jsonEdge{}}
	for _, v := range n.Nodes {
		out.Nodes = append(out.Nodes, jsonNode{ID: v.ID, Name: v.Name, Type: v.Type, Country: v.Country, Events: v.Events})
	}
	for _, e := range n.Edges {
		out.Edges = append(out.Edges, jsonEdge{Source: e.Source, Target: e.Target, Events: e.Events, Goldstein: e.Goldstein})
	}
	return out
}

// Handlers.

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPI())
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, jsonStats(st))
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.DocumentFilter{Limit: p.limit(defaultLimit, maxLimit), Offset: p.offset()}
	f.After = p.after(f.Offset)
	answer(s, w, r, &p, func(ctx context.Context) (page[jsonDocumentRow], error) {
		rows, err := s.st.Documents(ctx, f)
		return keyset(newPage(mapItems(rows, documentRow), f.Limit, f.Offset), rows, store.DocumentRow.Cursor, f.After), err
	})
}

// docID reads the {id} path parameter.
func docID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("document %q: %w", r.PathValue("id"), store.ErrNotFound)
	}
	return id, nil
}

// apiDocumentJSON is a stored document in its contract form, with its id.
type apiDocumentJSON struct {
	ID int64 `json:"id"`
	doc.JSONDocument
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	id, err := docID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.st.Document(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiDocumentJSON{ID: id, JSONDocument: d.ToJSON(doc.JSONOptions{})})
}

type postedJSON struct {
	ID     int64  `json:"id"`
	Hash   string `json:"hash"`
	Added  bool   `json:"added"`
	Events int    `json:"events"`
}

// apiPostDocument annotates and stores one document. It needs the token.
func (s *Server) apiPostDocument(w http.ResponseWriter, r *http.Request) {
	if s.o.Token == "" {
		writeJSON(w, http.StatusForbidden, apiErr{"read-only server: start it with --token-file or $SITREP_TOKEN to accept documents"})
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		writeJSON(w, http.StatusUnauthorized, apiErr{"missing or wrong token"})
		return
	}
	if s.o.Annotate == nil {
		writeJSON(w, http.StatusServiceUnavailable, apiErr{"this server cannot annotate"})
		return
	}
	p := params{r: r}
	published := p.date("published")
	name := p.str("path")
	raw := p.oneOf("raw", "0", "1", "false", "true")
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	if name == "" {
		name = "api"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.o.MaxBody))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var d *doc.Document
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		var line bytes.Buffer
		if err := json.Compact(&line, body); err != nil {
			s.apiError(w, r, badf("body is not JSON: %v", err))
			return
		}
		d = ingest.Record(name, line.Bytes())
	} else {
		d = ingest.FromBytes(name, body)
	}
	if len(d.Raw) == 0 {
		s.apiError(w, r, badf("no text: %s", problems(d)))
		return
	}
	d.DefaultPublished = published
	d.IsRaw = d.IsRaw || raw == "1" || raw == "true"
	if err := s.o.Annotate(r.Context(), d); err != nil {
		s.apiError(w, r, err)
		return
	}
	put := s.st.Put
	if s.o.Put != nil {
		put = s.o.Put
	}
	added, err := put(r.Context(), d)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := s.st.DocumentID(r.Context(), d.Hash)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	code := http.StatusCreated
	if !added {
		code = http.StatusOK
	}
	s.log.Info("document posted", "hash", d.Hash, "added", added, "events", len(d.Events))
	writeJSON(w, code, postedJSON{ID: id, Hash: d.Hash, Added: added, Events: len(d.Events)})
}

func problems(d *doc.Document) string {
	var out []string
	for _, p := range d.Problems {
		out = append(out, p.String())
	}
	if len(out) == 0 {
		return "empty"
	}
	return strings.Join(out, "; ")
}

func (s *Server) apiActors(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.ActorFilter{Country: p.str("country"), Type: p.str("type"), Name: p.str("name"),
		Limit: p.limit(defaultLimit, maxLimit), Offset: p.offset()}
	v := viewParam(&p)
	answer(s, w, r, &p, func(ctx context.Context) (page[jsonActor], error) {
		rows, err := s.st.Actors(ctx, f)
		out := newPage(mapItems(rows, func(a store.ActorRow) jsonActor {
			return jsonActor{Code: actorCode(a), Name: a.Name, Type: a.Type, Country: a.Country,
				Role: a.Role, Key: a.Key, Documents: a.Documents, Mentions: a.Mentions, Events: a.Events,
				Node: v.Node(store.Party{Name: a.Name, Country: a.Country, Type: a.Type, Key: a.Key})}
		}), f.Limit, f.Offset)
		out.View = v.String()
		return out, err
	})
}

// eventFilter reads the filters of /api/events and the pages that list
// events.
func eventFilter(p *params) store.EventFilter {
	f := store.EventFilter{Actor: p.str("actor"), Recipient: p.str("recipient"), Type: strings.ToUpper(p.str("type")),
		Country: p.str("country"), Since: p.date("since"), Until: p.date("until"),
		Modality: p.oneOf("modality", "asserted", "future", "hypothetical", "claimed"),
		Newest:   p.oneOf("order", "date", "newest") == "newest",
		Limit:    p.limit(defaultLimit, maxLimit), Offset: p.offset(), View: viewParam(p)}
	if f.Type != "" {
		known := false
		for _, t := range doc.EventTypes {
			known = known || string(t) == f.Type
		}
		if !known && p.err == nil {
			p.err = badf("type %q: not a PLOVER event type", f.Type)
		}
	}
	if d := p.r.URL.Query().Get("document"); d != "" {
		f.Document = int64(p.int("document", 0, 0))
	}
	f.PlaceCountry = strings.ToUpper(p.str("place_country"))
	if n := p.str("near"); n != "" {
		near, err := store.ParseNear(n)
		if err != nil && p.err == nil {
			p.err = badf("%v", err)
		}
		f.Near = near
	}
	f.Located = p.oneOf("located", "false", "true") == "true"
	exploreParams(p, &f)
	return f
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := eventFilter(&p)
	f.After = p.after(f.Offset)
	answer(s, w, r, &p, func(ctx context.Context) (page[jsonEvent], error) {
		rows, err := s.st.Events(ctx, f)
		out := keyset(newPage(mapItems(rows, eventJSON), f.Limit, f.Offset), rows, store.EventRow.Cursor, f.After)
		out.View = f.View.String()
		return out, err
	})
}

func (s *Server) apiQuotes(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.QuoteFilter{Speaker: p.str("speaker"), Country: p.str("country"), Mentions: p.str("mentions"),
		Since: p.date("since"), Until: p.date("until"),
		Limit: p.limit(defaultLimit, maxLimit), Offset: p.offset()}
	f.After = p.after(f.Offset)
	answer(s, w, r, &p, func(ctx context.Context) (page[jsonQuote], error) {
		rows, err := s.st.Quotes(ctx, f)
		return keyset(newPage(mapItems(rows, func(q store.QuoteRow) jsonQuote {
			return jsonQuote{ID: q.ID, DocumentID: q.DocumentID, Text: q.Text, Speaker: q.Speaker,
				Country: q.Country, Role: q.Role, Direct: q.Direct, Cue: q.Cue, Start: q.Start, End: q.End,
				Title: q.Title, Published: q.Published}
		}), f.Limit, f.Offset), rows, store.QuoteRow.Cursor, f.After), err
	})
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.SearchFilter{Query: p.str("q"), Limit: p.limit(defaultLimit, maxLimit), Offset: p.offset()}
	answer(s, w, r, &p, func(ctx context.Context) (jsonSearchPage, error) {
		hits, err := s.st.Search(ctx, f)
		if err != nil {
			return jsonSearchPage{}, err
		}
		groups, err := s.groupHits(ctx, hits)
		return searchPageJSON(hits, groups, f.Limit, f.Offset), err
	})
}

// seriesFilter reads the parameters of a time series.
func seriesFilter(p *params) store.SeriesFilter {
	return store.SeriesFilter{Actor: p.required("actor"), Interval: p.oneOf("interval", store.Month, store.Week),
		Since: p.date("since"), Until: p.date("until"), View: viewParam(p)}
}

func (s *Server) apiDyad(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := seriesFilter(&p)
	f.Recipient = p.required("recipient")
	answer(s, w, r, &p, func(ctx context.Context) (jsonSeries, error) {
		pts, err := s.st.Series(ctx, f)
		out := seriesJSON(f.Actor, f.Recipient, f.Interval, pts)
		out.View = f.View.String()
		return out, err
	})
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := seriesFilter(&p)
	f.Either = true
	answer(s, w, r, &p, func(ctx context.Context) (jsonSeries, error) {
		pts, err := s.st.Series(ctx, f)
		out := seriesJSON(f.Actor, "", f.Interval, pts)
		out.View = f.View.String()
		return out, err
	})
}

func (s *Server) apiNetwork(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := store.NetworkFilter{Since: p.date("since"), Until: p.date("until"), Actor: p.str("actor"),
		MinEvents: p.int("min", 0, 0), Limit: p.limit(200, 2000)}
	v := viewParam(&p)
	f.Exact = v == store.Exact
	answer(s, w, r, &p, func(ctx context.Context) (jsonNetwork, error) {
		n, err := s.st.Network(ctx, f)
		out := networkJSON(n)
		out.View = v.String()
		return out, err
	})
}
