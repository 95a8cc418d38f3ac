package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"sitrep/internal/store"
)

// The events explorer (store.Explorer): counts of the events matching a
// filter per facet value, per day, and the articles per day. Each answer
// is one GROUP BY over the events the filter selects, so a narrow filter
// is answered from the indexes that select it.

var _ store.Explorer = (*Store)(nil)

// quadExpr is the CAMEO quad class of event e, as text ("0" when unknown);
// export.QuadClass computes the same in Go.
const quadExpr = `(CASE WHEN substr(e.cameo, 1, 2) BETWEEN '01' AND '05' THEN '1'
	WHEN substr(e.cameo, 1, 2) BETWEEN '06' AND '09' THEN '2'
	WHEN substr(e.cameo, 1, 2) BETWEEN '10' AND '14' THEN '3'
	WHEN substr(e.cameo, 1, 2) BETWEEN '15' AND '20' THEN '4' ELSE '0' END)`

// placeExpr is the name of event e's place (pe), NULL when it has none.
const placeExpr = `COALESCE(NULLIF(pe.geo_name, ''), pe.name)`

// rollUpExpr is store.RollUp of entity n: its country code, else its name.
const rollUpExpr = `(CASE WHEN n.country <> '' THEN n.country ELSE n.name END)`

// outermostQuote is the condition that quote q lies inside no longer
// quote of its document.
const outermostQuote = `NOT EXISTS (SELECT 1 FROM quotes q2 WHERE q2.doc_id = q.doc_id AND q2.id <> q.id
	AND q2.start_off <= q.start_off AND q2.end_off >= q.end_off
	AND q2.end_off - q2.start_off > q.end_off - q.start_off)`

// exploreWhere adds the conditions of the explorer's filters to w.
func exploreWhere(w *where, f store.EventFilter) {
	if f.Party != "" {
		w.add(partyIn("actor", "recipient"), codeArgs(f.Party)...)
	}
	if f.Negated != nil {
		w.add(`e.negated = ?`, boolInt(*f.Negated))
	}
	if f.Quad != 0 {
		w.add(quadExpr+` = ?`, fmt.Sprint(f.Quad))
	}
	if f.Place != "" {
		w.add(`EXISTS (SELECT 1 FROM entities pe WHERE pe.id = e.place_id AND `+placeExpr+` = ?)`, f.Place)
	}
	if f.Story != "" {
		w.add(`d.story = ?`, f.Story)
	}
}

// sinceDate adds the condition that e is dated on or after since
// (YYYY-MM-DD). A coarser date counts as its first day: "2016" and
// "2016-01" are on or after 2016-01-01, though they sort before it.
func sinceDate(w *where, since string) {
	cond, args := `e.event_date >= ?`, []any{since}
	if len(since) == 10 && strings.HasSuffix(since, "-01") {
		cond, args = cond+` OR e.event_date = ?`, append(args, since[:7])
		if strings.HasSuffix(since, "-01-01") {
			cond, args = cond+` OR e.event_date = ?`, append(args, since[:4])
		}
	}
	w.add(`e.event_date <> '' AND (`+cond+`)`, args...)
}

// eventSort is the ORDER BY of Events for f.
func eventSort(f store.EventFilter) string {
	switch f.Sort {
	case store.SortNewest:
		return `(e.event_date = ''), e.event_date DESC, e.doc_id DESC, e.idx DESC`
	case store.SortConflict:
		return `e.goldstein, ` + eventOrder(false)
	case store.SortCooperation:
		return `e.goldstein DESC, ` + eventOrder(false)
	}
	return eventOrder(f.Newest)
}

// eventsFrom is the FROM of the explorer's queries; eventWhere's
// conditions refer to its aliases.
const eventsFrom = ` FROM events e JOIN documents d ON d.id = +e.doc_id`

// facetQuery is the SELECT of one facet: value, label and count per value.
func facetQuery(name string) (string, bool) {
	switch name {
	case store.FacetActor, store.FacetRecipient:
		return `SELECT ` + rollUpExpr + `, '', COUNT(DISTINCT e.id)` + eventsFrom + `
			JOIN event_parties p ON p.event_id = e.id AND p.role = '` + name + `'
			JOIN entities n ON n.id = p.entity_id%s GROUP BY 1`, true
	case store.FacetCountry:
		return `SELECT n.country, '', COUNT(DISTINCT e.id)` + eventsFrom + `
			JOIN event_parties p ON p.event_id = e.id AND p.role IN ('actor', 'recipient')
			JOIN entities n ON n.id = p.entity_id%s AND n.country <> '' GROUP BY n.country`, true
	case store.FacetPlace:
		return `SELECT ` + placeExpr + `, '', COUNT(*)` + eventsFrom + ` JOIN entities pe ON pe.id = e.place_id%s GROUP BY 1`, true
	case store.FacetStory:
		return `SELECT d.story, MAX(COALESCE(s.headline, '')), COUNT(*)` + eventsFrom + `
			LEFT JOIN stories s ON s.id = d.story%s AND d.story <> '' GROUP BY d.story`, true
	}
	return "", false
}

// comboFacets are the facets of one column of events each: one scan
// grouped by all of them at once answers them all, and the total.
var comboFacets = []string{store.FacetType, store.FacetQuad, store.FacetModality, store.FacetNegated, store.FacetYear}

// EventFacets counts the events matching f, in all and per facet value.
func (s *Store) EventFacets(ctx context.Context, f store.EventFilter, facets []string, top int) (store.Facets, error) {
	out := store.Facets{Counts: map[string][]store.FacetCount{}}
	if len(facets) == 0 && dyadOnly(f) {
		// Only the total of a dyad's events: its rows of dyad_counts.
		n, err := s.dyadTotal(ctx, f)
		out.Total = n
		return out, err
	}
	if len(facets) == 0 && f.After == nil && (f.Actor != "" || f.Recipient != "") {
		// Only the total of an actor's or a dyad's events: counted from
		// its rows of event_keys, as Events lists them, up to MaxTotal.
		var w where
		from, _ := byKey(&w, f)
		s.eventConds(&w, f, true)
		// Counting stops at MaxTotal: a busy dyad's every event is not
		// worth reading for a number shown as "10000+".
		err := s.rdb.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM (SELECT 1 FROM `+from+`
			LEFT JOIN entities pe ON pe.id = e.place_id`+w.String()+s.limit(store.MaxTotal, 0)+`) t`),
			w.args...).Scan(&out.Total)
		if err != nil {
			return out, fmt.Errorf("event facets: %w", err)
		}
		out.AtLeast = out.Total >= store.MaxTotal
		return out, nil
	}
	w := s.eventWhere(ctx, f)
	cond := w.String()
	if cond == "" {
		cond = " WHERE 1 = 1"
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.type, `+quadExpr+`, e.modality,
		CASE WHEN e.negated <> 0 THEN 'true' ELSE 'false' END, substr(e.event_date, 1, 4), COUNT(*)`+
		eventsFrom+cond+` GROUP BY 1, 2, 3, 4, 5`), w.args...)
	if err != nil {
		return out, fmt.Errorf("event facets: %w", err)
	}
	sums := map[string]map[string]int{}
	for _, name := range comboFacets {
		sums[name] = map[string]int{}
	}
	for rows.Next() {
		var v [5]string
		var n int
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &n); err != nil {
			rows.Close()
			return out, fmt.Errorf("event facets: %w", err)
		}
		for i, name := range comboFacets {
			sums[name][v[i]] += n
		}
		out.Total += n
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return out, fmt.Errorf("event facets: %w", err)
	}
	for _, name := range facets {
		if m, ok := sums[name]; ok {
			out.Counts[name] = topCounts(m, top)
			continue
		}
		query, ok := facetQuery(name)
		if !ok {
			return out, fmt.Errorf("event facets: no facet %q", name)
		}
		query = fmt.Sprintf(query, cond) + ` ORDER BY 3 DESC, 1` + s.limit(top, 0)
		counts, err := s.facetCounts(ctx, query, w.args)
		if err != nil {
			return out, fmt.Errorf("event facets: %s: %w", name, err)
		}
		out.Counts[name] = counts
	}
	return out, nil
}

// topCounts lists the values of m busiest first (then by value), at most
// top of them (0: all).
func topCounts(m map[string]int, top int) []store.FacetCount {
	var out []store.FacetCount
	for v, n := range m {
		out = append(out, store.FacetCount{Value: v, Events: n})
	}
	slices.SortFunc(out, func(a, b store.FacetCount) int {
		if a.Events != b.Events {
			return b.Events - a.Events
		}
		return strings.Compare(a.Value, b.Value)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

func (s *Store) facetCounts(ctx context.Context, query string, args []any) ([]store.FacetCount, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FacetCount
	for rows.Next() {
		var c store.FacetCount
		var v sql.NullString
		if err := rows.Scan(&v, &c.Label, &c.Events); err != nil {
			return nil, err
		}
		c.Value = v.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// eventDayColumns are the per-date counts of dayCounts' queries.
const eventDayColumns = `COUNT(*), SUM(CASE WHEN e.goldstein > 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN e.goldstein < 0 THEN 1 ELSE 0 END), COALESCE(SUM(e.goldstein), 0)`

// onlyDates reports whether f filters by nothing but a date window.
func onlyDates(f store.EventFilter) bool {
	f.Since, f.Until, f.Limit, f.Offset = "", "", 0, 0
	return f == store.EventFilter{}
}

// EventDays counts the events matching f per event date.
func (s *Store) EventDays(ctx context.Context, f store.EventFilter) ([]store.DayCount, int, error) {
	w := s.eventWhere(ctx, f)
	query := `SELECT e.event_date, ` + eventDayColumns + eventsFrom + w.String() + ` GROUP BY e.event_date ORDER BY e.event_date`
	if onlyDates(f) {
		// Only a date window: read the daily totals Put keeps (event_days,
		// aliased e so that the date conditions read the same).
		w = where{}
		if f.Since != "" {
			sinceDate(&w, f.Since)
		}
		if f.Until != "" {
			w.add(`e.event_date <> '' AND e.event_date <= ?`, f.Until)
		}
		query = `SELECT e.event_date, e.events, e.cooperative, e.conflictual, e.goldstein FROM event_days e` +
			w.String() + ` ORDER BY e.event_date`
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(query), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("event days: %w", err)
	}
	days, err := scanDays(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("event days: %w", err)
	}
	out, undated := days[:0], 0
	for _, c := range days {
		if c.Date == "" {
			undated = c.Count
			continue
		}
		out = append(out, c)
	}
	return out, undated, nil
}

// scanDays reads rows of (date, events, cooperative, conflictual,
// goldstein), the columns of every daily series, and closes them.
func scanDays(rows *sql.Rows) ([]store.DayCount, error) {
	defer rows.Close()
	var out []store.DayCount
	for rows.Next() {
		var c store.DayCount
		if err := rows.Scan(&c.Date, &c.Count, &c.Cooperative, &c.Conflictual, &c.Goldstein); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ArticleDays counts the articles per publication date. The answer is kept
// for the newest document stored: it changes only when a document is
// stored, and every chart of a page without a date window asks the same.
func (s *Store) ArticleDays(ctx context.Context, since, until string) ([]store.DayCount, error) {
	var newest int64
	if err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM documents`).Scan(&newest); err != nil {
		return nil, fmt.Errorf("article days: %w", err)
	}
	key := [2]string{since, until}
	if days, ok := s.articles.get(newest, key); ok {
		return days, nil
	}
	days, err := s.articleDays(ctx, since, until)
	if err == nil {
		s.articles.put(newest, key, days)
	}
	return days, err
}

// articleMemo keeps ArticleDays' answers for one newest document.
type articleMemo struct {
	mu     sync.Mutex
	newest int64
	days   map[[2]string][]store.DayCount
}

// maxArticleWindows bounds the date windows kept; the memo starts over
// when full.
const maxArticleWindows = 64

func (m *articleMemo) get(newest int64, key [2]string) ([]store.DayCount, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	days, ok := m.days[key]
	if !ok || m.newest != newest {
		return nil, false
	}
	return slices.Clone(days), true
}

func (m *articleMemo) put(newest int64, key [2]string, days []store.DayCount) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.newest != newest || len(m.days) >= maxArticleWindows {
		m.newest, m.days = newest, map[[2]string][]store.DayCount{}
	}
	m.days[key] = slices.Clone(days)
}

// articleDays reads the articles per date from article_days.
func (s *Store) articleDays(ctx context.Context, since, until string) ([]store.DayCount, error) {
	var w where
	if since != "" {
		w.add(`published >= ?`, since)
	}
	if until != "" {
		w.add(`published <= ?`, until)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT published, articles FROM article_days`+w.String()+
		` ORDER BY published`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("article days: %w", err)
	}
	defer rows.Close()
	var out []store.DayCount
	for rows.Next() {
		var c store.DayCount
		if err := rows.Scan(&c.Date, &c.Count); err != nil {
			return nil, fmt.Errorf("article days: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// QuoteSpeakers counts the quotes matching f per speaker.
func (s *Store) QuoteSpeakers(ctx context.Context, f store.QuoteFilter, top int) ([]store.SpeakerCount, error) {
	w := quoteWhere(f)
	w.add(`q.speaker <> ''`)
	query := `SELECT q.speaker, q.country, MAX(q.role), COUNT(*),
		MIN(q.published), MAX(q.published) FROM quotes q` + w.String() + `
		GROUP BY q.speaker, q.country ORDER BY 4 DESC, q.speaker, q.country` + s.limit(top, 0)
	if (f == store.QuoteFilter{Outermost: true, Limit: f.Limit, Offset: f.Offset}) {
		// Every speaker's outermost quotes: the rows of speaker_quotes.
		w = where{}
		query = `SELECT speaker, country, role, outermost, first, last FROM speaker_quotes
			WHERE speaker <> '' AND outermost > 0 ORDER BY outermost DESC, speaker, country` + s.limit(top, 0)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("quote speakers: %w", err)
	}
	defer rows.Close()
	var out []store.SpeakerCount
	for rows.Next() {
		var c store.SpeakerCount
		if err := rows.Scan(&c.Speaker, &c.Country, &c.Role, &c.Quotes, &c.First, &c.Last); err != nil {
			return nil, fmt.Errorf("quote speakers: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SeriesDays reads the daily aggregates Series buckets into periods, and
// counts the undated events of the same actor or dyad.
func (s *Store) SeriesDays(ctx context.Context, f store.SeriesFilter) ([]store.DayCount, int, error) {
	if f.Actor == "" {
		return nil, 0, fmt.Errorf("series days: no actor")
	}
	if f.View == store.Exact {
		return s.exactSeriesDays(ctx, f)
	}
	table, w := dayRows(f)
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT event_date, events, cooperative, conflictual, goldstein FROM `+
		table+w.String()+` ORDER BY event_date`), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("series days: %w", err)
	}
	out, err := scanDays(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("series days: %w", err)
	}
	// The undated events are counted from event_keys, where they are
	// filed under the key "~" after every date.
	undatedQ := `SELECT COUNT(DISTINCT ka.event_id) FROM event_keys ka JOIN events e ON e.id = ka.event_id
		WHERE ka.k = ? AND ka.role IN ('actor', 'recipient') AND ka.dkey = ? AND e.negated = 0`
	args := []any{partyKey(f.Actor), undatedKey}
	switch {
	case f.Recipient != "":
		// A dyad's are one row of dyad_counts.
		undatedQ = `SELECT COALESCE(SUM(asserted), 0) FROM dyad_counts
			WHERE view = 'rolled' AND actor_key = ? AND dkey = ? AND recipient_key = ?`
		args = append(args, partyKey(f.Recipient))
	case !f.Either:
		undatedQ = strings.Replace(undatedQ, `ka.role IN ('actor', 'recipient')`, `ka.role = 'actor'`, 1)
	}
	var undated int
	if err := s.rdb.QueryRowContext(ctx, s.q(undatedQ), args...).Scan(&undated); err != nil {
		return nil, 0, fmt.Errorf("series days: undated: %w", err)
	}
	return out, undated, nil
}
