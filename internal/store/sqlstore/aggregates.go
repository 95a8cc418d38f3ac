package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// exact_edge_days is edge_days for the exact view of the network: every
// actor its own node (store.ExactCode: its resolved key) instead of rolled
// up to its state; Resolve refills it when merges and splits change keys.
// Put keeps it in the same transaction as the other aggregates, so an
// actor's page reads its counterparts from a few indexed rows instead of
// joining every event with its parties.

// addExactEdges adds the events of d to exact_edge_days.
func (s *Store) addExactEdges(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	return s.addEdgeDays(ctx, tx, d, "exact_edge_days", func(e doc.Entity) (string, string) {
		return store.ExactCode(store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type), Key: e.Key}), string(e.Type)
	})
}

// partyPairs joins each event with every pair of its actor (na) and
// recipient (nr) entities.
const partyPairs = `FROM events e
	JOIN event_parties pa ON pa.event_id = e.id AND pa.role = 'actor'
	JOIN entities na ON na.id = pa.entity_id
	JOIN event_parties pr ON pr.event_id = e.id AND pr.role = 'recipient'
	JOIN entities nr ON nr.id = pr.entity_id`

// edgeDayColumns are the columns of a table of daily network edges
// (edge_days, exact_edge_days): the pair of node codes with their types and
// countries, and the count and Goldstein sum of the day's events.
const edgeDayColumns = `(
	src TEXT NOT NULL,
	dst TEXT NOT NULL,
	event_date TEXT NOT NULL,
	stype TEXT NOT NULL,
	scountry TEXT NOT NULL,
	rtype TEXT NOT NULL,
	rcountry TEXT NOT NULL,
	events INTEGER NOT NULL,
	goldstein DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (src, dst, event_date)
)`

// exactEdgeDays is the migration that adds exact_edge_days and fills it
// from the stored events.
var exactEdgeDays = `
CREATE TABLE exact_edge_days ` + edgeDayColumns + `;
` + fillExactEdges + `;
CREATE INDEX exact_edge_days_lower_src ON exact_edge_days (lower(src));
CREATE INDEX exact_edge_days_lower_dst ON exact_edge_days (lower(dst))`

// eventKeys is the migration that adds event_keys and fills it from the
// stored events.
const eventKeys = `
CREATE TABLE event_keys (
	k TEXT NOT NULL,
	role TEXT NOT NULL,
	dkey TEXT NOT NULL,
	doc_id BIGINT NOT NULL,
	idx INTEGER NOT NULL,
	event_id BIGINT NOT NULL,
	PRIMARY KEY (k, role, dkey, doc_id, idx)
);
` + fillEventKeys + `;
ANALYZE event_keys`

// fillExactEdges fills exact_edge_days from the stored events as Put
// would: one count per event and distinct pair of node codes, near-duplicate
// copies left out.
var fillExactEdges = `INSERT INTO exact_edge_days (src, dst, event_date, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT src, dst, event_date, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), COUNT(*), SUM(goldstein)
	FROM (SELECT y.id, y.event_date, MAX(y.goldstein) AS goldstein, y.src, MAX(y.stype) AS stype,
			MAX(y.scountry) AS scountry, y.dst, MAX(y.rtype) AS rtype, MAX(y.rcountry) AS rcountry
		FROM (SELECT e.id, e.event_date, e.goldstein,
				` + exactCodeOf("na") + ` AS src, na.type AS stype, na.country AS scountry,
				` + exactCodeOf("nr") + ` AS dst, nr.type AS rtype, nr.country AS rcountry
			` + partyPairs + `
			WHERE e.negated = 0 AND ` + notCopy + `) y
		GROUP BY y.id, y.event_date, y.src, y.dst) x
	WHERE src <> dst
	GROUP BY src, dst, event_date`

// rebuildExactEdges refills exact_edge_days and event_keys (see
// rebuildAll): a merge or a split changes entities' keys and countries,
// and with them their codes.
var rebuildExactEdges = []string{`DELETE FROM exact_edge_days`, fillExactEdges, `DELETE FROM event_keys`, fillEventKeys,
	fillExactEventKeys}

// The exact view's rows of event_keys (migration 20) file each event under
// the lowercased store.ExactCode of each actor and recipient, with the
// roles "exact actor" and "exact recipient", so that an actor's events in
// the exact view are read in order from the same index, a page at a time,
// instead of collecting every event whose party has the code (PostgreSQL
// chose to walk all events by date for a code no party has: 6 s at a
// million events).
const exactRole = "exact "

// fillExactEventKeys adds the exact view's rows of event_keys from the
// stored events as Put would.
var fillExactEventKeys = `INSERT INTO event_keys (k, role, dkey, doc_id, idx, event_id)
	SELECT DISTINCT lower(` + exactCodeOf("n") + `), '` + exactRole + `' || p.role,
		CASE WHEN e.event_date = '' THEN '` + undatedKey + `' ELSE e.event_date END, e.doc_id, e.idx, e.id
	FROM events e JOIN event_parties p ON p.event_id = e.id AND p.role IN ('actor', 'recipient')
	JOIN entities n ON n.id = p.entity_id
	WHERE ` + notCopy

// exactKeysOf returns the exact view's keys of the entities ix of d
// (lowercased store.ExactCode), once each and sorted.
func exactKeysOf(d *doc.Document, ix []int) []string {
	set := map[string]bool{}
	for _, i := range ix {
		if i >= 0 && i < len(d.Entities) {
			e := d.Entities[i]
			set[partyKey(store.ExactCode(store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type), Key: e.Key}))] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// event_keys lists each event under every key its actors and recipients
// can be asked for (partyKeys: country code, gazetteer key, canonical name,
// lowercased), in the order Events lists them: dkey is the event date, "~"
// for an undated event (after every date). Events of one actor, or of one
// dyad, are read from its primary key in order, a page at a time, however
// busy the actor; near-duplicate copies are left out as from the other
// aggregates.

// undatedKey is the dkey of an undated event: it sorts after every date.
const undatedKey = "~"

// fillEventKeys fills event_keys from the stored events as Put would.
const fillEventKeys = `INSERT INTO event_keys (k, role, dkey, doc_id, idx, event_id)
	SELECT DISTINCT k.k, k.role, CASE WHEN e.event_date = '' THEN '` + undatedKey + `' ELSE e.event_date END,
		e.doc_id, e.idx, e.id
	FROM events e JOIN (` + partyKeys + `) k ON k.event_id = e.id
	WHERE ` + notCopy

// addEventKeys adds the events of d, stored under ids, to event_keys.
func (s *Store) addEventKeys(ctx context.Context, tx *sql.Tx, d *doc.Document, docID int64, ids []int64) error {
	for i, e := range d.Events {
		dkey := e.Date
		if dkey == "" {
			dkey = undatedKey
		}
		for _, p := range []struct {
			role string
			keys []string
		}{
			{"actor", partyKeysOf(d, e.Actors)}, {"recipient", partyKeysOf(d, e.Recipients)},
			{exactRole + "actor", exactKeysOf(d, e.Actors)}, {exactRole + "recipient", exactKeysOf(d, e.Recipients)},
		} {
			for _, k := range p.keys {
				if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_keys (k, role, dkey, doc_id, idx, event_id)
					VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), k, p.role, dkey, docID, i, ids[i]); err != nil {
					return fmt.Errorf("event_keys: %w", err)
				}
			}
		}
	}
	return nil
}

// byKey returns the FROM clause of Events and, when f names an actor or a
// recipient, the order to list in: then the events are read from that
// key's rows of event_keys (ka), in order, and the other party of a dyad
// is checked in its own rows; the conditions go in w. Dates and a cursor
// become ranges of ka's key.
func byKey(w *where, f store.EventFilter) (from, order string) {
	const plain = `events e JOIN documents d ON d.id = +e.doc_id`
	prefix := ""
	if f.View == store.Exact {
		prefix = exactRole
	}
	role, code := "actor", f.Actor
	if code == "" {
		role, code = "recipient", f.Recipient
	}
	if code == "" {
		return plain, ""
	}
	w.add(`ka.k = ? AND ka.role = ?`, partyKey(code), prefix+role)
	if f.Actor != "" && f.Recipient != "" {
		w.add(`EXISTS (SELECT 1 FROM event_keys kr WHERE kr.k = ? AND kr.role = ?
			AND kr.dkey = ka.dkey AND kr.doc_id = ka.doc_id AND kr.idx = ka.idx)`, partyKey(f.Recipient), prefix+"recipient")
	}
	if f.Since != "" {
		w.add(`ka.dkey >= ? AND ka.dkey <> '`+undatedKey+`'`, f.Since)
	}
	if f.Until != "" {
		w.add(`ka.dkey <= ?`, f.Until)
	}
	order = `ka.dkey, ka.doc_id, ka.idx`
	if f.Newest {
		w.add(`ka.dkey <> '` + undatedKey + `'`)
		order = `ka.dkey DESC, ka.doc_id DESC, ka.idx DESC`
	}
	if c := f.After; c != nil {
		dkey := c.Key
		if dkey == "" {
			dkey = undatedKey
		}
		op := ">"
		if f.Newest {
			op = "<"
		}
		w.add(`(ka.dkey, ka.doc_id, ka.idx) `+op+` (?, ?, ?)`, dkey, c.Doc, c.Idx)
	}
	return `event_keys ka JOIN events e ON e.id = ka.event_id JOIN documents d ON d.id = +e.doc_id`, order
}

// maxSpeakers is how many distinct speaker names a quote filter looks up
// by name; more, and it matches the substring row by row.
const maxSpeakers = 200

// speakersLike returns the distinct speaker names that contain sub
// (case-insensitively), read from speaker_quotes, a row per speaker: an
// actor with no quotes costs a scan of the names instead of every quote. nil (and no error) means more than
// maxSpeakers names.
func (s *Store) speakersLike(ctx context.Context, sub string) ([]any, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT speaker FROM speaker_quotes WHERE lower(speaker) LIKE ?
		GROUP BY speaker ORDER BY speaker LIMIT `+fmt.Sprint(maxSpeakers+1)), like(sub))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := []any{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	if len(names) > maxSpeakers {
		return nil, rows.Err()
	}
	return names, rows.Err()
}

// event_days counts the stored events per event date as written ("" for
// undated, "2016" for a date known to its year), near-duplicate copies left
// out and negated events in, as EventDays counts them: the activity chart
// of the dashboard and the explorer reads a few thousand rows instead of
// every event. Put keeps it in its transaction; it depends on no key, so
// resolving identities leaves it alone.
const eventDaysTable = `CREATE TABLE event_days (
	event_date TEXT PRIMARY KEY,
	events INTEGER NOT NULL,
	cooperative INTEGER NOT NULL,
	conflictual INTEGER NOT NULL,
	goldstein DOUBLE PRECISION NOT NULL
)`

const fillEventDays = `INSERT INTO event_days (event_date, events, cooperative, conflictual, goldstein)
	SELECT e.event_date, ` + eventDayColumns + ` FROM events e WHERE ` + notCopy + ` GROUP BY e.event_date`

// rebuildEventDays refills event_days (RebuildAggregates).
var rebuildEventDays = []string{`DELETE FROM event_days`, fillEventDays}

// addEventDays adds the events of d to event_days, dates in sorted order
// so that concurrent Puts lock rows in the same order.
func (s *Store) addEventDays(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	type sums struct {
		events, cooperative, conflictual int
		goldstein                        float64
	}
	days := map[string]*sums{}
	for _, e := range d.Events {
		c := days[e.Date]
		if c == nil {
			c = &sums{}
			days[e.Date] = c
		}
		c.events++
		c.goldstein += e.Goldstein
		switch {
		case e.Goldstein > 0:
			c.cooperative++
		case e.Goldstein < 0:
			c.conflictual++
		}
	}
	for _, date := range slices.Sorted(maps.Keys(days)) {
		c := days[date]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_days (event_date, events, cooperative, conflictual, goldstein)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_date) DO UPDATE SET events = event_days.events + excluded.events,
			cooperative = event_days.cooperative + excluded.cooperative,
			conflictual = event_days.conflictual + excluded.conflictual,
			goldstein = event_days.goldstein + excluded.goldstein`),
			date, c.events, c.cooperative, c.conflictual, c.goldstein); err != nil {
			return fmt.Errorf("event_days: %w", err)
		}
	}
	return nil
}

// dyad_counts counts a dyad's events per event date in each view (view
// "rolled": every key partyKeysOf gives its actors and recipients, as
// event_keys files them; "exact": the lowercased store.ExactCode of each),
// negated events too (events) and without them (asserted), undated events
// under dkey "~" as in event_keys, near-duplicate copies left out: what the
// dyad page's total and a dyad chart's undated count read, a row per date
// instead of every event of the actor checked for the recipient. Put keeps
// it in its transaction; merges, splits and Resolve refill it
// (rebuildDyadCounts), since both views' keys follow the resolved keys.
const dyadCountsTable = `CREATE TABLE dyad_counts (
	view TEXT NOT NULL,
	actor_key TEXT NOT NULL,
	recipient_key TEXT NOT NULL,
	dkey TEXT NOT NULL,
	events INTEGER NOT NULL,
	asserted INTEGER NOT NULL,
	PRIMARY KEY (view, actor_key, recipient_key, dkey)
)`

// dkeyOf is event e's dkey (event_keys, dyad_counts).
const dkeyOf = `CASE WHEN e.event_date = '' THEN '` + undatedKey + `' ELSE e.event_date END`

// fillDyadCounts fills dyad_counts from the stored events as Put would.
var fillDyadCounts = []string{`INSERT INTO dyad_counts (view, actor_key, recipient_key, dkey, events, asserted)
	SELECT 'rolled', a.k, r.k, ` + dkeyOf + `, COUNT(*), SUM(CASE WHEN e.negated = 0 THEN 1 ELSE 0 END)
	FROM events e
	JOIN (` + partyKeys + `) a ON a.event_id = e.id AND a.role = 'actor'
	JOIN (` + partyKeys + `) r ON r.event_id = e.id AND r.role = 'recipient'
	WHERE ` + notCopy + `
	GROUP BY a.k, r.k, ` + dkeyOf,
	`INSERT INTO dyad_counts (view, actor_key, recipient_key, dkey, events, asserted)
	SELECT 'exact', x.a, x.r, x.dkey, COUNT(*), SUM(x.asserted)
	FROM (SELECT DISTINCT e.id, lower(` + exactCodeOf("na") + `) AS a, lower(` + exactCodeOf("nr") + `) AS r,
			` + dkeyOf + ` AS dkey, CASE WHEN e.negated = 0 THEN 1 ELSE 0 END AS asserted
		` + partyPairs + `
		WHERE ` + notCopy + `) x
	GROUP BY x.a, x.r, x.dkey`}

// rebuildDyadCounts refills dyad_counts (rebuildAll).
var rebuildDyadCounts = append([]string{`DELETE FROM dyad_counts`}, fillDyadCounts...)

// addDyadCounts adds the events of d to dyad_counts, rows in sorted key
// order so that concurrent Puts lock them in the same order.
func (s *Store) addDyadCounts(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	type counts struct{ events, asserted int }
	rows := map[[4]string]*counts{} // view, actor key, recipient key, dkey
	for _, e := range d.Events {
		dkey := e.Date
		if dkey == "" {
			dkey = undatedKey
		}
		for _, v := range []struct {
			view               string
			actors, recipients []string
		}{
			{"rolled", partyKeysOf(d, e.Actors), partyKeysOf(d, e.Recipients)},
			{"exact", exactKeysOf(d, e.Actors), exactKeysOf(d, e.Recipients)},
		} {
			for _, a := range v.actors {
				for _, r := range v.recipients {
					k := [4]string{v.view, a, r, dkey}
					c := rows[k]
					if c == nil {
						c = &counts{}
						rows[k] = c
					}
					c.events++
					if !e.Negated {
						c.asserted++
					}
				}
			}
		}
	}
	keys := slices.SortedFunc(maps.Keys(rows), func(a, b [4]string) int {
		for i := range a {
			if c := strings.Compare(a[i], b[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	for _, k := range keys {
		c := rows[k]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO dyad_counts (view, actor_key, recipient_key, dkey, events, asserted)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (view, actor_key, recipient_key, dkey) DO UPDATE
			SET events = dyad_counts.events + excluded.events, asserted = dyad_counts.asserted + excluded.asserted`),
			k[0], k[1], k[2], k[3], c.events, c.asserted); err != nil {
			return fmt.Errorf("dyad_counts: %w", err)
		}
	}
	return nil
}

// dyadOnly reports whether f asks for nothing but a dyad's events in a
// date window: then dyad_counts answers its total.
func dyadOnly(f store.EventFilter) bool {
	if f.Actor == "" || f.Recipient == "" || f.After != nil {
		return false
	}
	f.Actor, f.Recipient, f.Since, f.Until, f.View, f.Newest = "", "", "", "", "", false
	f.Limit, f.Offset, f.Sort = 0, 0, ""
	return f == store.EventFilter{}
}

// dyadTotal counts the events Events lists for f (dyadOnly) from
// dyad_counts: the dates in the window as the listing reads event_keys.
func (s *Store) dyadTotal(ctx context.Context, f store.EventFilter) (int, error) {
	var w where
	w.add(`c.view = ? AND c.actor_key = ? AND c.recipient_key = ?`, f.View.String(), partyKey(f.Actor), partyKey(f.Recipient))
	if f.Since != "" || f.Until != "" || f.Newest {
		w.add(`c.dkey <> '` + undatedKey + `'`)
	}
	if f.Since != "" {
		w.add(`c.dkey >= ?`, f.Since) // as byKey: the range of the key's rows
	}
	if f.Until != "" {
		w.add(`c.dkey <= ?`, f.Until)
	}
	var n int
	if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(c.events), 0) FROM dyad_counts c`+w.String()),
		w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("dyad total: %w", err)
	}
	return n, nil
}

// speaker_quotes counts the quotes per speaker name and country as stored
// (quotes.speaker and country are copied from the speaker at Put and never
// change, so no merge or split touches it): all of them (quotes), and the
// outermost ones (a quote inside no longer quote of its document,
// outermostQuote) with their speakers' greatest role and first and last
// publication dates. A speaker filter finds its names among a row per
// speaker instead of every quote (speakersLike), and the quotes page's
// speakers are its rows (QuoteSpeakers). Copies' quotes count, as the
// listings list them.
const speakerQuotesTable = `CREATE TABLE speaker_quotes (
	speaker TEXT NOT NULL,
	country TEXT NOT NULL,
	quotes INTEGER NOT NULL,
	outermost INTEGER NOT NULL,
	role TEXT NOT NULL,
	first TEXT NOT NULL,
	last TEXT NOT NULL,
	PRIMARY KEY (speaker, country)
)`

// fillSpeakerQuotes fills speaker_quotes from the stored quotes as Put
// would (an outermost quote's role and dates only).
var fillSpeakerQuotes = []string{`INSERT INTO speaker_quotes (speaker, country, quotes, outermost, role, first, last)
	SELECT q.speaker, q.country, COUNT(*), 0, '', '', '' FROM quotes q GROUP BY q.speaker, q.country`,
	`UPDATE speaker_quotes SET outermost = o.n, role = o.role, first = o.first, last = o.last
	FROM (SELECT q.speaker, q.country, COUNT(*) AS n, MAX(q.role) AS role, MIN(q.published) AS first,
			MAX(q.published) AS last
		FROM quotes q WHERE ` + outermostQuote + ` GROUP BY q.speaker, q.country) o
	WHERE speaker_quotes.speaker = o.speaker AND speaker_quotes.country = o.country`}

// rebuildSpeakerQuotes refills speaker_quotes (RebuildAggregates).
var rebuildSpeakerQuotes = append([]string{`DELETE FROM speaker_quotes`}, fillSpeakerQuotes...)

// addSpeakerQuotes adds the quotes of d (with their speakers as stored) to
// speaker_quotes, rows in sorted key order.
func (s *Store) addSpeakerQuotes(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	type sums struct {
		quotes, outermost int
		role, first, last string
	}
	rows := map[[2]string]*sums{}
	for i, q := range d.Quotes {
		var sp doc.Entity
		if q.Speaker >= 0 && q.Speaker < len(d.Entities) {
			sp = d.Entities[q.Speaker]
		}
		k := [2]string{sp.Name, sp.Country}
		c := rows[k]
		if c == nil {
			c = &sums{}
			rows[k] = c
		}
		c.quotes++
		if !outermost(d.Quotes, i) {
			continue
		}
		if c.outermost == 0 {
			c.role, c.first, c.last = sp.Role, d.Published, d.Published
		}
		c.outermost++
		c.role = max(c.role, sp.Role)
	}
	for _, k := range slices.SortedFunc(maps.Keys(rows), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	}) {
		c := rows[k]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO speaker_quotes (speaker, country, quotes, outermost, role, first, last)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (speaker, country) DO UPDATE SET
			role = CASE WHEN excluded.outermost = 0 THEN speaker_quotes.role
				WHEN speaker_quotes.outermost = 0 OR excluded.role > speaker_quotes.role THEN excluded.role
				ELSE speaker_quotes.role END,
			first = CASE WHEN excluded.outermost = 0 THEN speaker_quotes.first
				WHEN speaker_quotes.outermost = 0 OR excluded.first < speaker_quotes.first THEN excluded.first
				ELSE speaker_quotes.first END,
			last = CASE WHEN excluded.outermost = 0 THEN speaker_quotes.last
				WHEN speaker_quotes.outermost = 0 OR excluded.last > speaker_quotes.last THEN excluded.last
				ELSE speaker_quotes.last END,
			quotes = speaker_quotes.quotes + excluded.quotes,
			outermost = speaker_quotes.outermost + excluded.outermost`),
			k[0], k[1], c.quotes, c.outermost, c.role, c.first, c.last); err != nil {
			return fmt.Errorf("speaker_quotes: %w", err)
		}
	}
	return nil
}

// outermost reports whether quote i of qs lies inside no longer quote of
// qs: outermostQuote in Go.
func outermost(qs []doc.Quote, i int) bool {
	q := qs[i].Span
	for j, o := range qs {
		if j != i && o.Start <= q.Start && o.End >= q.End && o.End-o.Start > q.End-q.Start {
			return false
		}
	}
	return true
}

// article_days counts the articles per publication date, near-duplicate
// copies and undated articles left out, as ArticleDays counts them: every
// chart's share of coverage reads a row per date instead of an index entry
// per document. Put keeps it; it depends on no key.
const articleDaysTable = `CREATE TABLE article_days (
	published TEXT PRIMARY KEY,
	articles INTEGER NOT NULL
)`

const fillArticleDays = `INSERT INTO article_days (published, articles)
	SELECT published, COUNT(*) FROM documents WHERE published <> '' AND duplicate_of = '' GROUP BY published`

// rebuildArticleDays refills article_days (RebuildAggregates).
var rebuildArticleDays = []string{`DELETE FROM article_days`, fillArticleDays}

// addArticleDay counts d in article_days unless it is a copy or undated.
func (s *Store) addArticleDay(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	if d.DuplicateOf != "" || d.Published == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_days (published, articles) VALUES (?, 1)
		ON CONFLICT (published) DO UPDATE SET articles = article_days.articles + 1`), d.Published); err != nil {
		return fmt.Errorf("article_days: %w", err)
	}
	return nil
}

// edge_totals is the network of each view (view "rolled": edge_days,
// "exact": exact_edge_days) summed over all dates: a row per pair of nodes
// with the greatest types and countries of its days, as networkOf sums
// them. The network without a date window (the dashboard's busiest dyads,
// /api/network, an actor's counterparts) reads a row per pair instead of a
// row per pair and day. Put keeps it beside the daily rows; merges, splits
// and Resolve refill it after them (rebuildAll).
const edgeTotalsTable = `CREATE TABLE edge_totals (
	view TEXT NOT NULL,
	src TEXT NOT NULL,
	dst TEXT NOT NULL,
	stype TEXT NOT NULL,
	scountry TEXT NOT NULL,
	rtype TEXT NOT NULL,
	rcountry TEXT NOT NULL,
	events INTEGER NOT NULL,
	goldstein DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (view, src, dst)
);
CREATE INDEX edge_totals_events ON edge_totals (view, events);
CREATE INDEX edge_totals_lower_src ON edge_totals (view, lower(src));
CREATE INDEX edge_totals_lower_dst ON edge_totals (view, lower(dst))`

// fillEdgeTotals fills edge_totals from the daily edges.
var fillEdgeTotals = []string{`INSERT INTO edge_totals (view, src, dst, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT 'rolled', src, dst, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), SUM(events), SUM(goldstein)
	FROM edge_days GROUP BY src, dst`,
	`INSERT INTO edge_totals (view, src, dst, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT 'exact', src, dst, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), SUM(events), SUM(goldstein)
	FROM exact_edge_days GROUP BY src, dst`}

// rebuildEdgeTotals refills edge_totals once the daily edges are
// (rebuildAll).
var rebuildEdgeTotals = append([]string{`DELETE FROM edge_totals`}, fillEdgeTotals...)

// addEdgeTotal adds events with Goldstein sum g to the pair src -> dst of
// view in edge_totals; info are the types and countries of its day's row.
func (s *Store) addEdgeTotal(ctx context.Context, tx *sql.Tx, view, src, dst string, info [4]string, events int, g float64) error {
	greatest := func(col string) string {
		return col + ` = CASE WHEN excluded.` + col + ` > edge_totals.` + col + ` THEN excluded.` + col +
			` ELSE edge_totals.` + col + ` END`
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO edge_totals (view, src, dst, stype, scountry, rtype, rcountry, events, goldstein)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (view, src, dst) DO UPDATE SET
		events = edge_totals.events + excluded.events, goldstein = edge_totals.goldstein + excluded.goldstein,
		`+greatest("stype")+`, `+greatest("scountry")+`, `+greatest("rtype")+`, `+greatest("rcountry")),
		view, src, dst, info[0], info[1], info[2], info[3], events, g); err != nil {
		return fmt.Errorf("edge_totals: %w", err)
	}
	return nil
}
