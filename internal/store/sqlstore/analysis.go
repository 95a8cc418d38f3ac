package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// Search finds documents by full text, best match first.
func (s *Store) Search(ctx context.Context, f store.SearchFilter) ([]store.SearchHit, error) {
	words := searchWords(f.Query)
	if len(words) == 0 {
		return nil, nil
	}
	var query string
	var args []any
	counts := `(SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id),
		(SELECT COUNT(*) FROM quotes q WHERE q.doc_id = d.id),
		(SELECT COUNT(*) FROM problems p WHERE p.doc_id = d.id)`
	// The page is chosen first from the ranks alone; the counts and the
	// snippet, which read each document, are computed for its rows only.
	if s.dialect.Name == Postgres.Name {
		// plainto_tsquery ANDs the words and ignores any query syntax.
		// Ranking reads each candidate's stored tsvector (migration 12);
		// the candidates are the rankWindow newest matches, so a word
		// found in every document costs no more than a rare one.
		query = `SELECT d.id, d.hash, d.path, d.url, d.title, d.outlet, d.published, ` + counts + `,
			ts_headline('english', d.text, plainto_tsquery('english', ?), ?)
			FROM (SELECT c.id, ts_rank(c.tsv, plainto_tsquery('english', ?)) AS r
				FROM (SELECT id, tsv FROM documents WHERE tsv @@ plainto_tsquery('english', ?)
					ORDER BY id DESC LIMIT ` + strconv.Itoa(rankWindow) + `) c
				ORDER BY r DESC, c.id` + s.limit(f.Limit, f.Offset) + `) m
			JOIN documents d ON d.id = m.id
			ORDER BY m.r DESC, d.id`
		q := strings.Join(words, " ")
		opts := "StartSel=" + store.MarkStart + ", StopSel=" + store.MarkEnd + ", MaxWords=30, MinWords=12, ShortWord=2"
		args = []any{q, opts, q, q}
	} else {
		// Each word quoted: FTS5 then reads it as a plain term, never as
		// query syntax, and the terms are ANDed.
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = `"` + w + `"`
		}
		match := strings.Join(quoted, " ")
		query = `SELECT d.id, d.hash, d.path, d.url, d.title, d.outlet, d.published, ` + counts + `,
			snippet(documents_fts, 1, ?, ?, '…', 24)
			FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
			WHERE documents_fts MATCH ? AND documents_fts.rowid IN (SELECT rowid FROM documents_fts
				WHERE documents_fts MATCH ? AND rowid >= COALESCE((SELECT rowid FROM documents_fts
					WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ` + strconv.Itoa(rankWindow-1) + `), 0)
				ORDER BY rank, rowid` + s.limit(f.Limit, f.Offset) + `)
			ORDER BY documents_fts.rank, d.id`
		args = []any{store.MarkStart, store.MarkEnd, match, match, match}
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ID, &h.Hash, &h.Path, &h.URL, &h.Title, &h.Outlet, &h.Published,
			&h.Events, &h.Quotes, &h.Problems, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// rankWindow is how many of the newest matches a search ranks (in
// SQLite those from the rankWindow-th newest on): beyond it, older matches
// are not listed, and a word found in every document costs no more than a
// rare one.
const rankWindow = 1000

// searchWords splits a query into words of letters and digits, at most 16.
func searchWords(q string) []string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return words[:min(len(words), 16)]
}

// partyIn is the condition that event e has a party in one of roles whose
// entity matches a code by country, gazetteer key or canonical name. It
// takes three arguments (see codeArgs). The set of matching events is found
// from the entity indexes, not by scanning events.
func partyIn(roles ...string) string {
	return `e.id IN (SELECT p.event_id FROM entities n JOIN event_parties p ON p.entity_id = n.id
		WHERE p.role IN ('` + strings.Join(roles, "','") + `')
		AND (n.country = ? OR lower(n.gkey) = ? OR lower(n.name) = ?))`
}

func codeArgs(code string) []any {
	return []any{strings.ToUpper(code), strings.ToLower(code), strings.ToLower(code)}
}

// Series counts an actor's events per period.
func (s *Store) Series(ctx context.Context, f store.SeriesFilter) ([]store.SeriesPoint, error) {
	if f.Actor == "" {
		return nil, fmt.Errorf("series: no actor")
	}
	interval := f.Interval
	switch interval {
	case "":
		interval = store.Month
	case store.Month, store.Week:
	default:
		return nil, fmt.Errorf("series: interval %q: want month or week", f.Interval)
	}
	if f.View == store.Exact {
		return s.exactSeries(ctx, f, interval)
	}
	// The daily aggregates Put keeps (see addDays) hold one row per key
	// and date; the dates are bucketed into periods here, which keeps the
	// SQL the same for both dialects.
	table, w := dayRows(f)
	query := `SELECT event_date, ` + dayNames + ` FROM ` + table + w.String() + ` ORDER BY event_date`
	if interval == store.Month {
		// Summed per month in SQL: a ten-year record is 120 rows to read
		// instead of 3,650 (bucketSeries leaves out what is no month).
		query = `SELECT substr(event_date, 1, 7), SUM(events), SUM(goldstein), SUM(cooperative),
			SUM(conflictual), SUM(cooperation), SUM(conflict) FROM ` + table + w.String() + `
			GROUP BY substr(event_date, 1, 7) ORDER BY 1`
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	return bucketSeries(rows, interval)
}

// bucketSeries reads daily rows (date and the dayNames columns, in date
// order) into periods of interval; it closes rows.
func bucketSeries(rows *sql.Rows, interval string) ([]store.SeriesPoint, error) {
	defer rows.Close()
	var out []store.SeriesPoint
	for rows.Next() {
		var date string
		var p store.SeriesPoint
		if err := rows.Scan(&date, &p.Events, &p.Goldstein, &p.Cooperative, &p.Conflictual, &p.Cooperation,
			&p.Conflict); err != nil {
			return nil, fmt.Errorf("series: %w", err)
		}
		period, ok := periodOf(date, interval)
		if !ok {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Period == period {
			last := &out[n-1]
			last.Events += p.Events
			last.Cooperative += p.Cooperative
			last.Conflictual += p.Conflictual
			last.Goldstein += p.Goldstein
			last.Cooperation += p.Cooperation
			last.Conflict += p.Conflict
			continue
		}
		p.Period = period
		out = append(out, p)
	}
	return out, rows.Err()
}

// partyKey is the form of an actor code in actor_days and dyad_days.
func partyKey(code string) string { return strings.ToLower(strings.TrimSpace(code)) }

// partyKeysOf returns the keys under which the entities ix of d can be
// asked for (country code, gazetteer key, canonical name; lowercased), once
// each and sorted.
func partyKeysOf(d *doc.Document, ix []int) []string {
	set := map[string]bool{}
	for _, i := range ix {
		if i < 0 || i >= len(d.Entities) {
			continue
		}
		e := d.Entities[i]
		for _, k := range []string{e.Country, e.Key, e.Name} {
			if k != "" {
				set[partyKey(k)] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// dayRow is one (non-negated, dated) event's contribution to the daily
// aggregates.
type dayRow struct {
	events, cooperative, conflictual int
	goldstein, cooperation, conflict float64
}

func (r *dayRow) add(g float64) {
	r.events++
	r.goldstein += g
	switch {
	case g > 0:
		r.cooperative++
		r.cooperation += g
	case g < 0:
		r.conflictual++
		r.conflict += g
	}
}

// addAggregates adds d to the tables that keep running totals: the daily
// counts of actors, dyads and network edges, and the totals per actor.
// It runs inside Put's transaction. Rows are written table by table in
// sorted key order, so concurrent Puts lock them in the same order and
// cannot deadlock.
func (s *Store) addAggregates(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	if err := s.addDays(ctx, tx, d); err != nil {
		return err
	}
	if err := s.addEdges(ctx, tx, d); err != nil {
		return err
	}
	if err := s.addExactEdges(ctx, tx, d); err != nil {
		return err
	}
	if err := s.addEventDays(ctx, tx, d); err != nil {
		return err
	}
	if err := s.addDyadCounts(ctx, tx, d); err != nil {
		return err
	}
	return s.addActors(ctx, tx, d)
}

// addDays adds the events of d to actor_days and dyad_days.
func (s *Store) addDays(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	actorDays := map[[3]string]*dayRow{} // key, role, date
	dyadDays := map[[3]string]*dayRow{}  // actor key, recipient key, date
	bump := func(m map[[3]string]*dayRow, k [3]string, g float64) {
		r := m[k]
		if r == nil {
			r = new(dayRow)
			m[k] = r
		}
		r.add(g)
	}
	for _, e := range d.Events {
		if e.Negated || e.Date == "" {
			continue
		}
		actors, recipients := partyKeysOf(d, e.Actors), partyKeysOf(d, e.Recipients)
		for _, k := range actors {
			bump(actorDays, [3]string{k, "actor", e.Date}, e.Goldstein)
		}
		for _, k := range recipients {
			bump(actorDays, [3]string{k, "recipient", e.Date}, e.Goldstein)
		}
		for _, k := range slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(actors), recipients...)))) {
			bump(actorDays, [3]string{k, "any", e.Date}, e.Goldstein)
		}
		for _, a := range actors {
			for _, r := range recipients {
				bump(dyadDays, [3]string{a, r, e.Date}, e.Goldstein)
			}
		}
	}
	for _, t := range []struct {
		table, cols string
		rows        map[[3]string]*dayRow
	}{
		{"actor_days", "actor_key, role, event_date", actorDays},
		{"dyad_days", "actor_key, recipient_key, event_date", dyadDays},
	} {
		keys := slices.SortedFunc(maps.Keys(t.rows), compareKeys)
		for _, k := range keys {
			r := t.rows[k]
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO `+t.table+` (`+t.cols+`, `+dayNames+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (`+t.cols+`) DO UPDATE SET events = `+t.table+`.events + excluded.events,
				goldstein = `+t.table+`.goldstein + excluded.goldstein,
				cooperative = `+t.table+`.cooperative + excluded.cooperative,
				conflictual = `+t.table+`.conflictual + excluded.conflictual,
				cooperation = `+t.table+`.cooperation + excluded.cooperation,
				conflict = `+t.table+`.conflict + excluded.conflict`),
				k[0], k[1], k[2], r.events, r.goldstein, r.cooperative, r.conflictual, r.cooperation,
				r.conflict); err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
		}
	}
	return nil
}

// code is the node entity e counts toward in edge_days (store.RollUp).
func code(e doc.Entity) string {
	return store.RollUp(store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type)})
}

// nodeType is the type of the node entity e counts toward: a state's for a
// party rolled up to its country.
func nodeType(e doc.Entity) string {
	if e.Country != "" {
		return string(doc.GPE)
	}
	return string(e.Type)
}

// addEdges adds the events of d to edge_days: one count per event and
// distinct pair of node codes, parties rolled up to their states.
func (s *Store) addEdges(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	return s.addEdgeDays(ctx, tx, d, "edge_days", func(e doc.Entity) (string, string) { return code(e), nodeType(e) })
}

// addEdgeDays adds the events of d to a table of daily edges (edge_days,
// exact_edge_days): one count per event and distinct pair of node codes,
// node giving the code and type an entity counts as.
func (s *Store) addEdgeDays(ctx context.Context, tx *sql.Tx, d *doc.Document, table string,
	node func(doc.Entity) (code, typ string)) error {
	type edge struct {
		src, dst, date         string
		stype, scountry, rtype string
		rcountry               string
	}
	type sums struct {
		events    int
		goldstein float64
	}
	edges := map[[3]string]*sums{}
	info := map[[3]string]edge{}
	valid := func(i int) bool { return i >= 0 && i < len(d.Entities) }
	for _, e := range d.Events {
		if e.Negated {
			continue
		}
		seen := map[[2]string]bool{}
		for _, a := range e.Actors {
			for _, r := range e.Recipients {
				if !valid(a) || !valid(r) {
					continue
				}
				ea, er := d.Entities[a], d.Entities[r]
				src, stype := node(ea)
				dst, rtype := node(er)
				if src == dst || seen[[2]string{src, dst}] {
					continue
				}
				seen[[2]string{src, dst}] = true
				k := [3]string{src, dst, e.Date}
				if edges[k] == nil {
					edges[k] = new(sums)
					info[k] = edge{src, dst, e.Date, stype, ea.Country, rtype, er.Country}
				}
				edges[k].events++
				edges[k].goldstein += e.Goldstein
			}
		}
	}
	view := "rolled"
	if table == "exact_edge_days" {
		view = "exact"
	}
	for _, k := range slices.SortedFunc(maps.Keys(edges), compareKeys) {
		v, in := edges[k], info[k]
		// The day's row keeps the types and countries of its first event;
		// the pair's total takes the greatest of its days' (as MAX over the
		// days would), so it is given the day row's.
		var stype, scountry, rtype, rcountry string
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO `+table+`
			(src, dst, event_date, stype, scountry, rtype, rcountry, events, goldstein)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (src, dst, event_date) DO UPDATE SET events = `+table+`.events + excluded.events,
			goldstein = `+table+`.goldstein + excluded.goldstein
			RETURNING stype, scountry, rtype, rcountry`),
			in.src, in.dst, in.date, in.stype, in.scountry, in.rtype, in.rcountry, v.events, v.goldstein).
			Scan(&stype, &scountry, &rtype, &rcountry); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		if err := s.addEdgeTotal(ctx, tx, view, in.src, in.dst, [4]string{stype, scountry, rtype, rcountry}, v.events, v.goldstein); err != nil {
			return err
		}
	}
	return nil
}

// addActors adds the entities of d to actor_totals, grouped by name, type
// and country as Actors lists them.
func (s *Store) addActors(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	type total struct {
		role, key string
		mentions  int
		events    map[int]bool
	}
	groups := map[[3]string]*total{}
	groupOf := make([][3]string, len(d.Entities))
	for i, e := range d.Entities {
		k := [3]string{e.Name, string(e.Type), e.Country}
		groupOf[i] = k
		t := groups[k]
		if t == nil {
			t = &total{events: map[int]bool{}}
			groups[k] = t
		}
		t.role, t.key = max(t.role, e.Role), max(t.key, e.Key)
		t.mentions += len(e.Mentions)
	}
	for j, e := range d.Events {
		for _, ix := range [][]int{e.Actors, e.Recipients, e.Partners} {
			for _, i := range ix {
				if i >= 0 && i < len(d.Entities) {
					groups[groupOf[i]].events[j] = true
				}
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(groups), compareKeys) {
		t := groups[k]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO actor_totals
			(name, type, country, role, gkey, documents, mentions, events) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
			ON CONFLICT (name, type, country) DO UPDATE SET
			role = CASE WHEN excluded.role > actor_totals.role THEN excluded.role ELSE actor_totals.role END,
			gkey = CASE WHEN excluded.gkey > actor_totals.gkey THEN excluded.gkey ELSE actor_totals.gkey END,
			documents = actor_totals.documents + 1, mentions = actor_totals.mentions + excluded.mentions,
			events = actor_totals.events + excluded.events`),
			k[0], k[1], k[2], t.role, t.key, t.mentions, len(t.events)); err != nil {
			return fmt.Errorf("actor_totals: %w", err)
		}
	}
	return nil
}

func compareKeys(a, b [3]string) int {
	for i := range a {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// periodOf names the month ("2016-08") or ISO week ("2016-W32") of an event
// date, reporting false for a date too coarse for the interval.
func periodOf(date, interval string) (string, bool) {
	if interval == store.Month {
		if len(date) < 7 {
			return "", false
		}
		if _, err := time.Parse("2006-01", date[:7]); err != nil {
			return "", false
		}
		return date[:7], true
	}
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return "", false
	}
	y, wk := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, wk), true
}

// Network aggregates events into actor -> recipient edges, from the daily
// edge counts Put keeps (see addAggregates).
func (s *Store) Network(ctx context.Context, f store.NetworkFilter) (store.Network, error) {
	if f.Exact {
		return s.exactNetwork(ctx, f)
	}
	return s.networkOf(ctx, "edge_days", f)
}

// networkOf answers Network from a table of daily edges (edge_days,
// exact_edge_days).
func (s *Store) networkOf(ctx context.Context, table string, f store.NetworkFilter) (store.Network, error) {
	var w where
	if f.Since == "" && f.Until == "" {
		// All dates: the pairs' totals.
		view := "rolled"
		if table == "exact_edge_days" {
			view = "exact"
		}
		w.add(`view = ?`, view)
		if f.Actor != "" {
			w.add(`(lower(src) = ? OR lower(dst) = ?)`, partyKey(f.Actor), partyKey(f.Actor))
		}
		if f.MinEvents > 1 {
			w.add(`events >= ?`, f.MinEvents)
		}
		rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT src, stype, scountry, dst, rtype, rcountry, events, goldstein
			FROM edge_totals`+w.String()+` ORDER BY events DESC, src, dst`+s.limit(f.Limit, 0)), w.args...)
		if err != nil {
			return store.Network{}, fmt.Errorf("network: %w", err)
		}
		return scanNetwork(rows)
	}
	if f.Actor != "" {
		w.add(`(lower(src) = ? OR lower(dst) = ?)`, partyKey(f.Actor), partyKey(f.Actor))
	}
	if f.Since != "" {
		w.add(`event_date <> '' AND event_date >= ?`, f.Since)
	}
	if f.Until != "" {
		w.add(`event_date <> '' AND event_date <= ?`, f.Until)
	}
	having := ""
	if f.MinEvents > 1 {
		having = fmt.Sprintf(" HAVING SUM(events) >= %d", f.MinEvents)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT src, MAX(stype), MAX(scountry), dst, MAX(rtype), MAX(rcountry),
		SUM(events), SUM(goldstein) FROM `+table+w.String()+`
		GROUP BY src, dst`+having+`
		ORDER BY SUM(events) DESC, src, dst`+s.limit(f.Limit, 0)), w.args...)
	if err != nil {
		return store.Network{}, fmt.Errorf("network: %w", err)
	}
	return scanNetwork(rows)
}

// scanNetwork reads edge rows (src, stype, scountry, dst, rtype, rcountry,
// events, Goldstein sum), busiest first, into a network whose nodes are the
// edges' ends with the events they take part in; it closes rows.
func scanNetwork(rows *sql.Rows) (store.Network, error) {
	defer rows.Close()
	var net store.Network
	nodes := map[string]int{}
	node := func(code, typ, country string, events int) {
		i, ok := nodes[code]
		if !ok {
			i = len(net.Nodes)
			nodes[code] = i
			net.Nodes = append(net.Nodes, store.Node{ID: code, Name: code, Type: typ, Country: country})
		}
		net.Nodes[i].Events += events
	}
	for rows.Next() {
		var src, stype, scountry, dst, rtype, rcountry string
		var n int
		var sum float64
		if err := rows.Scan(&src, &stype, &scountry, &dst, &rtype, &rcountry, &n, &sum); err != nil {
			return store.Network{}, fmt.Errorf("network: %w", err)
		}
		net.Edges = append(net.Edges, store.Edge{Source: src, Target: dst, Events: n, Goldstein: sum / float64(n)})
		node(src, stype, scountry, n)
		node(dst, rtype, rcountry, n)
	}
	if err := rows.Err(); err != nil {
		return store.Network{}, fmt.Errorf("network: %w", err)
	}
	return net, nil
}

// dayRows is the table of daily aggregates (actor_days or dyad_days) that
// holds f's series, and the condition that selects f's rows of it.
func dayRows(f store.SeriesFilter) (string, where) {
	var w where
	table := "actor_days"
	switch {
	case f.Recipient != "":
		table = "dyad_days"
		w.add(`actor_key = ? AND recipient_key = ?`, partyKey(f.Actor), partyKey(f.Recipient))
	case f.Either:
		w.add(`actor_key = ? AND role = 'any'`, partyKey(f.Actor))
	default:
		w.add(`actor_key = ? AND role = 'actor'`, partyKey(f.Actor))
	}
	if f.Since != "" {
		w.add(`event_date >= ?`, f.Since)
	}
	if f.Until != "" {
		w.add(`event_date <= ?`, f.Until)
	}
	return table, w
}
