package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/export"
	"sitrep/internal/store"
)

// The events explorer (/events): every event filter of the API, with the
// number of events per value of each facet, sorting, paging with totals,
// a chart of the filtered set and its export in every format. The URL holds
// the whole state, so a page is its own permalink.

// exploreParams reads the explorer's filters (beyond those of /api/events)
// into f: party, negated, quad, place, story and sort.
func exploreParams(p *params, f *store.EventFilter) {
	f.Party = p.str("party")
	switch p.oneOf("negated", "true", "false") {
	case "true":
		yes := true
		f.Negated = &yes
	case "false":
		no := false
		f.Negated = &no
	}
	if q := p.oneOf("quad", "1", "2", "3", "4"); q != "" {
		f.Quad = int(q[0] - '0')
	}
	f.Place = p.str("place")
	f.Story = p.str("story")
	switch p.oneOf("sort", "date", store.SortNewest, store.SortConflict, store.SortCooperation) {
	case store.SortNewest, store.SortConflict, store.SortCooperation:
		f.Sort = p.r.URL.Query().Get("sort")
		f.Sort = strings.ToLower(f.Sort)
	}
}

// explorer is the store as a store.Explorer, nil when it is none.
func (s *Server) explorer() store.Explorer {
	x, _ := s.st.(store.Explorer)
	return x
}

// quadNames names the CAMEO quad classes.
var quadNames = map[string]string{"1": "verbal cooperation", "2": "material cooperation",
	"3": "verbal conflict", "4": "material conflict", "0": "no CAMEO code"}

// facetParam is the URL parameter a facet's value sets.
var facetParam = map[string]string{store.FacetType: "type", store.FacetQuad: "quad", store.FacetModality: "modality",
	store.FacetNegated: "negated", store.FacetActor: "actor", store.FacetRecipient: "recipient",
	store.FacetCountry: "country", store.FacetPlace: "place", store.FacetStory: "story"}

// facetTitles are the headings of the facets.
var facetTitles = map[string]string{store.FacetType: "Event type", store.FacetQuad: "Quad class",
	store.FacetModality: "Modality", store.FacetNegated: "Negated", store.FacetActor: "Actor",
	store.FacetRecipient: "Recipient", store.FacetCountry: "Country (actor or recipient)",
	store.FacetPlace: "Place", store.FacetStory: "Story", store.FacetYear: "Year of the event"}

// facetView is a facet as the page shows it.
type facetView struct {
	Name, Title string
	Values      []facetValue
	// Clear is the URL without this facet's filter, "" when it is not set.
	Clear string
}

type facetValue struct {
	Label  string
	Events int
	Href   string
	Active bool
}

// withParams returns base with q changed by set (an empty value removes
// the parameter) and the offset removed: a new filter starts at page one.
func withParams(base string, q url.Values, set ...string) string {
	w := url.Values{}
	for k, vs := range q {
		if k != "offset" {
			w[k] = vs
		}
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			w.Del(set[i])
		} else {
			w.Set(set[i], set[i+1])
		}
	}
	if len(w) == 0 {
		return base
	}
	return base + "?" + w.Encode()
}

// facetViews turns the store's counts into links that set each value.
func facetViews(fs store.Facets, q url.Values) []facetView {
	var out []facetView
	for _, name := range store.FacetNames {
		fv := facetView{Name: name, Title: facetTitles[name]}
		param := facetParam[name]
		if name == store.FacetYear {
			if q.Get("since") != "" || q.Get("until") != "" {
				fv.Clear = withParams("/events", q, "since", "", "until", "")
			}
		} else if q.Get(param) != "" {
			fv.Clear = withParams("/events", q, param, "")
		}
		for _, c := range fs.Counts[name] {
			v := facetValue{Label: c.Label, Events: c.Events}
			value := c.Value
			switch name {
			case store.FacetQuad:
				v.Label = value + " " + quadNames[value]
			case store.FacetModality:
				if value == "" {
					value = "asserted"
				}
			case store.FacetNegated:
				v.Label = map[string]string{"true": "negated (did not happen)", "false": "not negated"}[value]
			case store.FacetStory:
				if v.Label == "" {
					v.Label = value
				}
			}
			if v.Label == "" {
				v.Label = value
			}
			switch {
			case name == store.FacetYear && value == "":
				v.Label = "undated"
			case name == store.FacetYear:
				v.Href = withParams("/events", q, "since", value+"-01-01", "until", value+"-12-31")
				v.Active = q.Get("since") == value+"-01-01" && q.Get("until") == value+"-12-31"
			case name == store.FacetQuad && value == "0":
				// not a filter value
			default:
				v.Href = withParams("/events", q, param, value)
				v.Active = strings.EqualFold(q.Get(param), value)
			}
			fv.Values = append(fv.Values, v)
		}
		out = append(out, fv)
	}
	return out
}

// chartData is what app.js draws an honest time chart from: events per
// date as stored, the undated ones, and the articles per publication date
// (for the share of coverage).
type chartData struct {
	// Days holds [date, events, cooperative, conflictual, goldstein sum].
	Days [][5]any `json:"days"`
	// Undated counts the events without a date, which no chart can place.
	Undated  int      `json:"undated"`
	Articles [][2]any `json:"articles"`
	Since    string   `json:"since,omitempty"`
	Until    string   `json:"until,omitempty"`
	// Label names the series in a comparison.
	Label string `json:"label,omitempty"`
}

func newChartData(days []store.DayCount, undated int, articles []store.DayCount, since, until string) chartData {
	c := chartData{Days: [][5]any{}, Undated: undated, Articles: [][2]any{}, Since: since, Until: until}
	for _, d := range days {
		c.Days = append(c.Days, [5]any{d.Date, d.Count, d.Cooperative, d.Conflictual, d.Goldstein})
	}
	for _, a := range articles {
		c.Articles = append(c.Articles, [2]any{a.Date, a.Count})
	}
	return c
}

// eventsChart counts the events matching f per date for a chart.
func eventsChart(ctx context.Context, x store.Explorer, f store.EventFilter) (chartData, error) {
	days, undated, err := x.EventDays(ctx, f)
	return withArticles(ctx, x, f.Since, f.Until, days, undated, err)
}

// seriesChart counts an actor's or a dyad's events per date for a chart.
func seriesChart(ctx context.Context, x store.Explorer, f store.SeriesFilter) (chartData, error) {
	days, undated, err := x.SeriesDays(ctx, f)
	return withArticles(ctx, x, f.Since, f.Until, days, undated, err)
}

// withArticles makes the chart of days (unless err) with the articles
// published in its window.
func withArticles(ctx context.Context, x store.Explorer, since, until string, days []store.DayCount, undated int,
	err error) (chartData, error) {
	if err != nil {
		return chartData{}, err
	}
	arts, err := x.ArticleDays(ctx, since, until)
	if err != nil {
		return chartData{}, err
	}
	return newChartData(days, undated, arts, since, until), nil
}

// exportFormats are the buttons of the explorer.
var exportFormats = []struct{ Format, Label string }{
	{"csv", "CSV"}, {"gdelt", "GDELT"}, {"plover", "PLOVER"}, {"graphml", "GraphML"}, {"geojson", "GeoJSON"},
}

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	f := eventFilter(&p)
	f.Limit = p.int("limit", pageSize, maxLimit)
	if f.Limit == 0 {
		f.Limit = pageSize
	}
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	ctx := r.Context()
	rows, err := s.st.Events(ctx, f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	data := map[string]any{"Events": rows, "Offset": f.Offset, "Limit": f.Limit, "Filter": f,
		"First": f.Offset + 1, "Last": f.Offset + len(rows), "Types": eventTypes(), "Total": -1}
	if x := s.explorer(); x != nil {
		fs, err := x.EventFacets(ctx, f, store.FacetNames, 12)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		chart, err := eventsChart(ctx, x, f)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Total"], data["Facets"], data["Chart"] = fs.Total, facetViews(fs, q), chart
	}
	if f.Offset > 0 {
		data["Prev"] = withParams("/events", q, "offset", "")
		if f.Offset > f.Limit {
			data["Prev"] = withParams("/events", q, "offset", strconv.Itoa(f.Offset-f.Limit))
		}
	}
	if len(rows) == f.Limit {
		data["Next"] = withParams("/events", q, "offset", strconv.Itoa(f.Offset+f.Limit))
	}
	var exports []map[string]string
	for _, e := range exportFormats {
		exports = append(exports, map[string]string{"Label": e.Label,
			"Href": withParams("/api/export", q, "format", e.Format, "limit", "", "sort", "")})
	}
	data["Exports"] = exports
	data["Sorts"] = []string{"date", store.SortNewest, store.SortConflict, store.SortCooperation}
	s.render(w, r, http.StatusOK, "events", view{Title: "Events", Nav: "events", Data: data})
}

// eventTypes lists the PLOVER event types for the filter form.
func eventTypes() []string {
	var out []string
	for _, t := range doc.EventTypes {
		out = append(out, string(t))
	}
	return out
}

// exportTimeout is the deadline of an export, which streams every
// matching event.
const exportTimeout = 5 * time.Minute

// exportTypes are the Content-Types and file extensions of the formats.
var exportTypes = map[export.Format][2]string{
	export.CSV:     {"text/csv; charset=utf-8", "csv"},
	export.GDELT:   {"text/tab-separated-values; charset=utf-8", "tsv"},
	export.PLOVER:  {"application/x-ndjson; charset=utf-8", "jsonl"},
	export.GraphML: {"application/graphml+xml; charset=utf-8", "graphml"},
	export.GeoJSON: {"application/geo+json; charset=utf-8", "geojson"},
}

// apiExport streams the events matching the filters of /api/events (and
// the explorer's) in one of export's formats, as a download.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	format := export.Format(p.oneOf("format", "csv", "gdelt", "plover", "graphml", "geojson"))
	f := eventFilter(&p)
	f.Offset, f.Limit = 0, 0
	if r.URL.Query().Get("limit") != "" {
		f.Limit = p.limit(defaultLimit, 1_000_000)
	}
	if format == "" {
		format = export.CSV
	}
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	t := exportTypes[format]
	out := &download{w: w, contentType: t[0], name: "sitrep-events." + t[1]}
	if err := export.Write(r.Context(), out, s.st, format, f); err != nil {
		if !out.started {
			s.apiError(w, r, err)
			return
		}
		// The status line has gone; the client sees a cut download.
		s.log.Error("export", "format", format, "err", err)
	}
	if !out.started {
		out.start() // nothing matched: an empty file
	}
}

// download sets the headers of a file download when its first bytes are
// written, so that an error before then can still be answered as one.
type download struct {
	w                 http.ResponseWriter
	contentType, name string
	started           bool
}

func (d *download) start() {
	d.started = true
	h := d.w.Header()
	h.Set("Content-Type", d.contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, d.name))
	d.w.WriteHeader(http.StatusOK)
}

func (d *download) Write(b []byte) (int, error) {
	if !d.started {
		d.start()
	}
	return d.w.Write(b)
}

// maxCompared bounds the series of one comparison.
const maxCompared = 8

// pageCompare charts several actors and dyads on one time axis.
func (s *Server) pageCompare(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	since, until := p.date("since"), p.date("until")
	q := r.URL.Query()
	var actors, dyads []string
	for _, a := range q["actor"] {
		if a = strings.TrimSpace(a); a != "" && len(a) <= 200 {
			actors = append(actors, a)
		}
	}
	var filters []store.SeriesFilter
	for _, a := range actors {
		filters = append(filters, store.SeriesFilter{Actor: a, Either: true, Since: since, Until: until})
	}
	for _, d := range q["dyad"] {
		a, b, ok := strings.Cut(strings.TrimSpace(d), ">")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if d == "" {
			continue
		}
		if !ok || a == "" || b == "" || len(d) > 400 {
			if p.err == nil {
				p.err = badf("dyad %q: want ACTOR>RECIPIENT (USA>RUS)", clipParam(d))
			}
			continue
		}
		dyads = append(dyads, a+">"+b)
		filters = append(filters, store.SeriesFilter{Actor: a, Recipient: b, Since: since, Until: until})
	}
	if len(filters) > maxCompared && p.err == nil {
		p.err = badf("at most %d actors and dyads at once", maxCompared)
	}
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	x := s.explorer()
	if x == nil {
		s.pageError(w, r, fmt.Errorf("compare: %w", store.ErrNotFound))
		return
	}
	type row struct {
		Label, Href    string
		Dated, Undated int
	}
	var series []chartData
	var rows []row
	for _, f := range filters {
		c, err := seriesChart(r.Context(), x, f)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		rw := row{Label: f.Actor, Href: "/actor?code=" + url.QueryEscape(f.Actor), Undated: c.Undated}
		if f.Recipient != "" {
			rw.Label = f.Actor + " → " + f.Recipient
			rw.Href = "/dyad?actor=" + url.QueryEscape(f.Actor) + "&recipient=" + url.QueryEscape(f.Recipient)
		}
		for _, d := range c.Days {
			rw.Dated += d[1].(int)
		}
		c.Label = rw.Label
		series = append(series, c)
		rows = append(rows, rw)
	}
	s.render(w, r, http.StatusOK, "compare", view{Title: "Compare", Nav: "actors", Data: map[string]any{
		"Actors": actors, "Dyads": dyads, "Since": since, "Until": until, "Series": series, "Rows": rows,
	}})
}

// dayOf reads a stored date as its first day: 2016-08-03, 2016-08 or 2016.
func dayOf(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			t, err := time.Parse(layout, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}
