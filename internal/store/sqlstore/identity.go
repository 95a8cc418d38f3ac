package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// Actor identity (issue 13). An entity is stored with okey, the key
// annotate gave it, and gkey, its resolved key:
//
//  1. curated merges map a key to the key it was merged into (followed
//     transitively; the latest decision about a pair wins, so a split
//     undoes an earlier merge);
//  2. a surname-only key ("per:surname:blair?") is attached to the one
//     full-name person key ending in that surname ("tony blair") among
//     the documents of the same outlet, unless a split keeps the two apart
//     or several full names share the surname.
//
// Put resolves a new document's keys before storing it (so its aggregates
// are counted under the resolved keys); Merge and Split re-resolve every
// stored entity and rebuild the daily aggregates that are keyed by actor.

// surnamePrefix starts a surname-only key (actors.SurnamePrefix).
const surnamePrefix = "per:surname:"

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// decisions are the recorded merges and splits in effect.
type decisions struct {
	merged map[string]string  // other -> kept
	apart  map[[2]string]bool // ordered pair kept apart
}

func pair(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func (s *Store) loadDecisions(ctx context.Context, q querier) (decisions, error) {
	dc := decisions{merged: map[string]string{}, apart: map[[2]string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT action, actor_key, other_key FROM actor_decisions ORDER BY id`)
	if err != nil {
		return dc, fmt.Errorf("actor decisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var action, key, other string
		if err := rows.Scan(&action, &key, &other); err != nil {
			return dc, fmt.Errorf("actor decisions: %w", err)
		}
		switch action {
		case "merge":
			dc.merged[other] = key
			delete(dc.apart, pair(key, other))
		case "split":
			dc.apart[pair(key, other)] = true
			if dc.merged[other] == key {
				delete(dc.merged, other)
			}
			if dc.merged[key] == other {
				delete(dc.merged, key)
			}
		}
	}
	return dc, rows.Err()
}

// canonical follows merges from key (at most 32 steps, so a cycle of
// decisions cannot hang).
func (dc decisions) canonical(key string) string {
	for i := 0; i < 32; i++ {
		next, ok := dc.merged[key]
		if !ok || next == key {
			break
		}
		key = next
	}
	return key
}

// surnameOf returns the lower-case surname of a surname-only key.
func surnameOf(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, surnamePrefix)
	if !ok {
		return "", false
	}
	return strings.TrimSuffix(rest, "?"), true
}

// fullNameFor returns the resolved full-name person key that a surname
// stands for among the stored documents of outlet: the full name with that
// surname named in at least dominance of the documents that name one in
// full ("Blair" is Tony Blair when Cherie and Ian Blair are rare), "" if
// none dominates or a split keeps it apart from own.
func (s *Store) fullNameFor(ctx context.Context, q querier, dc decisions, surname, outlet, own string) (string, error) {
	rows, err := q.QueryContext(ctx, s.q(`SELECT n.okey, COUNT(DISTINCT n.doc_id) FROM entities n JOIN documents d ON d.id = n.doc_id
		WHERE n.type = 'PER' AND d.outlet = ? AND n.okey LIKE ? AND n.okey NOT LIKE 'per:%'
		GROUP BY n.okey`), outlet, "% "+surname)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	docs := map[string]int{}
	total := 0
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return "", err
		}
		// LIKE ignores case in SQLite: keep exact surnames only.
		if !strings.HasSuffix(k, " "+surname) {
			continue
		}
		docs[dc.canonical(k)] += n
		total += n
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return dominantName(dc, docs, total, own), nil
}

// fullNameIndex counts, per outlet and surname, the documents that name
// each full-name person key ending in that surname: what fullNameFor asks
// the database for one surname, read in one pass for all of them.
type fullNameIndex map[[2]string]map[string]int // {outlet, surname} -> okey -> documents

func (s *Store) fullNames(ctx context.Context, q querier) (fullNameIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.outlet, n.okey, COUNT(DISTINCT n.doc_id) FROM entities n
		JOIN documents d ON d.id = n.doc_id
		WHERE n.type = 'PER' AND n.okey LIKE '% %' AND n.okey NOT LIKE 'per:%'
		GROUP BY d.outlet, n.okey`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ix := fullNameIndex{}
	for rows.Next() {
		var outlet, k string
		var n int
		if err := rows.Scan(&outlet, &k, &n); err != nil {
			return nil, err
		}
		// Every surname the key ends in ("de gaulle", "gaulle").
		for i := 0; i < len(k); i++ {
			if k[i] != ' ' {
				continue
			}
			at := [2]string{outlet, k[i+1:]}
			if ix[at] == nil {
				ix[at] = map[string]int{}
			}
			ix[at][k] += n
		}
	}
	return ix, rows.Err()
}

// dominant is fullNameFor answered from the index.
func (ix fullNameIndex) dominant(dc decisions, surname, outlet, own string) string {
	docs := map[string]int{}
	total := 0
	for k, n := range ix[[2]string{outlet, surname}] {
		docs[dc.canonical(k)] += n
		total += n
	}
	return dominantName(dc, docs, total, own)
}

// dominantName picks the full name with the most documents (ties: the
// smallest key) if it holds dominance of total and no split keeps it apart
// from own, else "".
func dominantName(dc decisions, docs map[string]int, total int, own string) string {
	best, n := "", 0
	for k, c := range docs {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	if best == "" || float64(n) < dominance*float64(total) || dc.apart[pair(best, own)] {
		return ""
	}
	return best
}

// dominance is the share of an outlet's full-name documents a full name
// needs for its surname alone to stand for it.
const dominance = 0.8

// resolveKeys returns a copy of d whose entities carry their resolved
// keys, and the keys annotate gave them.
func (s *Store) resolveKeys(ctx context.Context, tx *sql.Tx, d *doc.Document) (*doc.Document, []string, error) {
	okeys := make([]string, len(d.Entities))
	for i, e := range d.Entities {
		okeys[i] = e.Key
	}
	dc, err := s.loadDecisions(ctx, tx)
	if err != nil {
		return d, okeys, err
	}
	c := *d
	c.Entities = make([]doc.Entity, len(d.Entities))
	copy(c.Entities, d.Entities)
	for i := range c.Entities {
		e := &c.Entities[i]
		if e.Key == "" {
			// A named entity annotate left unkeyed takes its name; a
			// description ("a spokesman", "the report") stays unkeyed and
			// is no actor.
			if named(e) {
				e.Key = nameKey(e.Type, e.Name)
				okeys[i] = e.Key
			}
			continue
		}
		k := dc.canonical(e.Key)
		if sn, ok := surnameOf(k); ok {
			full, err := s.fullNameFor(ctx, tx, dc, sn, d.Outlet, k)
			if err != nil {
				return d, okeys, fmt.Errorf("resolve %s: %w", k, err)
			}
			if full != "" {
				k = full
			}
		}
		e.Key = k
		if e.Country == "" {
			// The actor's country, when it has one (propagateCountries).
			var country string
			err := tx.QueryRowContext(ctx, s.q(`SELECT country FROM actor_keys WHERE gkey = ?`), k).Scan(&country)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return d, okeys, fmt.Errorf("resolve %s: %w", k, err)
			}
			e.Country = country
		}
	}
	return &c, okeys, nil
}

// named reports whether some mention of e is a name.
func named(e *doc.Entity) bool {
	for _, m := range e.Mentions {
		switch m.Kind {
		case doc.MentionName, doc.MentionAcronym, doc.MentionMetonym, doc.MentionDemonym:
			return strings.TrimSpace(e.Name) != ""
		}
	}
	return false
}

// nameKey is the key of a named entity annotate left unkeyed, in the form
// the actors stage gives names the gazetteer lacks.
func nameKey(t doc.EntityType, name string) string {
	k := strings.Join(strings.Fields(strings.ToLower(name)), " ")
	switch t {
	case doc.PER:
		return k
	case doc.GPE:
		return "loc:" + k
	}
	return strings.ToLower(string(t)) + ":" + k
}

// addActorKeys adds the entities of d (with resolved keys) to actor_keys.
func (s *Store) addActorKeys(ctx context.Context, tx *sql.Tx, d *doc.Document, okeys []string) error {
	type total struct {
		e        doc.Entity
		mentions int
		events   map[int]bool
	}
	byKey := map[string]*total{}
	var keys []string
	own := map[string]bool{} // the actor's name comes from an entity of that very key
	for i, e := range d.Entities {
		if e.Key == "" {
			continue
		}
		t := byKey[e.Key]
		if t == nil {
			t = &total{e: e, events: map[int]bool{}}
			byKey[e.Key] = t
			keys = append(keys, e.Key)
			own[e.Key] = okeys[i] == e.Key
		}
		if mine := okeys[i] == e.Key; mine && !own[e.Key] || mine == own[e.Key] && len(e.Name) > len(t.e.Name) {
			t.e.Name, own[e.Key] = e.Name, mine
		}
		t.e.Country, t.e.Role, t.e.Sector = max(t.e.Country, e.Country), max(t.e.Role, e.Role), max(t.e.Sector, e.Sector)
		t.mentions += len(e.Mentions)
	}
	for j, ev := range d.Events {
		for _, ix := range [][]int{ev.Actors, ev.Recipients, ev.Partners} {
			for _, i := range ix {
				if i >= 0 && i < len(d.Entities) && d.Entities[i].Key != "" {
					byKey[d.Entities[i].Key].events[j] = true
				}
			}
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := byKey[k]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO actor_keys
			(gkey, name, type, country, role, sector, documents, mentions, events) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
			ON CONFLICT (gkey) DO UPDATE SET
			name = CASE WHEN ? AND length(excluded.name) > length(actor_keys.name) THEN excluded.name ELSE actor_keys.name END,
			country = CASE WHEN excluded.country > actor_keys.country THEN excluded.country ELSE actor_keys.country END,
			role = CASE WHEN excluded.role > actor_keys.role THEN excluded.role ELSE actor_keys.role END,
			sector = CASE WHEN excluded.sector > actor_keys.sector THEN excluded.sector ELSE actor_keys.sector END,
			documents = actor_keys.documents + 1, mentions = actor_keys.mentions + excluded.mentions,
			events = actor_keys.events + excluded.events`),
			k, t.e.Name, string(t.e.Type), t.e.Country, t.e.Role, t.e.Sector, t.mentions, len(t.events), own[k]); err != nil {
			return fmt.Errorf("actor_keys: %w", err)
		}
	}
	return nil
}

// Merge records that other is the same actor as keep and re-resolves.
func (s *Store) Merge(ctx context.Context, keep, other string) error {
	return s.decide(ctx, "merge", keep, other)
}

// Split records that other is not key and re-resolves.
func (s *Store) Split(ctx context.Context, key, other string) error {
	return s.decide(ctx, "split", key, other)
}

func (s *Store) decide(ctx context.Context, action, key, other string) error {
	key, other = strings.TrimSpace(key), strings.TrimSpace(other)
	if key == "" || other == "" || key == other {
		return fmt.Errorf("%s: want two different keys", action)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	defer tx.Rollback()
	if err := s.lockIdentity(ctx, tx, true); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO actor_decisions (action, actor_key, other_key, made_at) VALUES (?, ?, ?, ?)`),
		action, key, other, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if err := s.reresolve(ctx, tx); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return nil
}

// reresolve recomputes every stored entity's resolved key from its
// annotate key and rebuilds actor_days and dyad_days, which are keyed by
// it.
func (s *Store) reresolve(ctx context.Context, tx *sql.Tx) error {
	dc, err := s.loadDecisions(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE entities SET gkey = okey WHERE gkey <> okey`); err != nil {
		return err
	}
	// Countries propagated under earlier decisions are recomputed.
	if _, err := tx.ExecContext(ctx, `UPDATE entities SET country = ocountry WHERE country <> ocountry`); err != nil {
		return err
	}
	var others []string
	for o := range dc.merged {
		others = append(others, o)
	}
	sort.Strings(others)
	for _, o := range others {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE entities SET gkey = ? WHERE okey = ?`), dc.canonical(o), o); err != nil {
			return err
		}
	}
	if _, err := s.attachSurnames(ctx, tx); err != nil {
		return err
	}
	for _, stmt := range rebuildDays {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	if _, err := s.propagateCountries(ctx, tx); err != nil {
		return err
	}
	for _, stmt := range rebuildAll {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	return nil
}

// attachSurnames recomputes the resolved key of every entity annotate keyed
// by a surname alone: the full name it stands for among the documents of
// its outlet, if one dominates, else the surname key (after merges). It
// works from the keys annotate gave, not from what an earlier Put or
// Resolve decided with fewer documents, so the keys a store ends with do
// not depend on the order its documents were stored in (one ingest, or
// several workers at once). An entity that changes key gets its own
// country back, for propagateCountries to recompute. It reports whether it
// changed any.
func (s *Store) attachSurnames(ctx context.Context, tx *sql.Tx) (bool, error) {
	dc, err := s.loadDecisions(ctx, tx)
	if err != nil {
		return false, err
	}
	type so struct{ key, outlet string }
	var todo []so
	rows, err := tx.QueryContext(ctx, s.q(`SELECT DISTINCT n.okey, d.outlet FROM entities n JOIN documents d ON d.id = n.doc_id
		WHERE n.okey LIKE ? ORDER BY n.okey, d.outlet`), surnamePrefix+"%")
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var x so
		if err := rows.Scan(&x.key, &x.outlet); err != nil {
			rows.Close()
			return false, err
		}
		todo = append(todo, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(todo) == 0 {
		return false, nil
	}
	names, err := s.fullNames(ctx, tx)
	if err != nil {
		return false, err
	}
	changed := false
	for _, x := range todo {
		want := dc.canonical(x.key)
		if sn, ok := surnameOf(want); ok {
			if full := names.dominant(dc, sn, x.outlet, want); full != "" {
				want = full
			}
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE entities SET gkey = ?, country = ocountry WHERE okey = ? AND gkey <> ?
			AND doc_id IN (SELECT id FROM documents WHERE outlet = ?)`), want, x.key, want, x.outlet)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return false, err
		} else if n > 0 {
			changed = true
		}
	}
	return changed, nil
}

// propagateCountries gives every entity annotate gave no country its
// actor's country (an actor's country is a property of the actor, not of
// the sentence that named it: "Mr Blair" is British where the text does not
// say so), so that the roll-up to states counts every mention of an actor
// the same way; an entity that took an actor's country when fewer documents
// were stored takes the one the actor has now. It reports whether it
// changed any.
func (s *Store) propagateCountries(ctx context.Context, tx *sql.Tx) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE entities SET country = (SELECT k.country FROM actor_keys k WHERE k.gkey = entities.gkey)
		WHERE ocountry = '' AND gkey <> '' AND EXISTS (SELECT 1 FROM actor_keys k WHERE k.gkey = entities.gkey
			AND k.country <> '' AND k.country <> entities.country)`)
	if err != nil {
		return false, fmt.Errorf("propagate countries: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("propagate countries: %w", err)
	}
	return n > 0, nil
}

// rebuildKeyed is rebuildAll but for the network totals.
var rebuildKeyed = append(append(append(append([]string{}, rebuildDays...), rebuildExactEdges...), rebuildDyadCounts...),
	`DELETE FROM edge_days`, fillRolledEdges,
	`DELETE FROM actor_totals`,
	// The events per name are counted in one grouped pass and joined, not
	// by a subquery per name: entities has no index on (name, type,
	// country), so that scanned every entity for each name (12 s at 900
	// documents, minutes at 4,000).
	`INSERT INTO actor_totals (name, type, country, role, gkey, documents, mentions, events)
	SELECT n.name, n.type, n.country, MAX(n.role), MAX(n.gkey), COUNT(DISTINCT n.doc_id), SUM(n.mentions),
		COALESCE(MAX(ev.events), 0)
	FROM entities n JOIN documents dd ON dd.id = n.doc_id AND dd.duplicate_of = ''
	LEFT JOIN (SELECT m.name, m.type, m.country, COUNT(DISTINCT p.event_id) AS events
		FROM event_parties p JOIN entities m ON m.id = p.entity_id
		JOIN documents dm ON dm.id = m.doc_id AND dm.duplicate_of = ''
		GROUP BY m.name, m.type, m.country) ev ON ev.name = n.name AND ev.type = n.type AND ev.country = n.country
	GROUP BY n.name, n.type, n.country`)

// rebuildAll refills every aggregate that depends on an entity's key or
// country: the daily series and actor_keys, the exact and rolled-up edges
// and their totals (after both), event_keys, dyad_counts and actor_totals.
// Like Put, it leaves near-duplicate copies (documents.duplicate_of) out
// of the counts.
var rebuildAll = append(rebuildKeyed[:len(rebuildKeyed):len(rebuildKeyed)], rebuildEdgeTotals...)

// notCopy is the condition that event e is not a near-duplicate copy's.
// It is a condition and not a join with documents, which SQLite would
// drive from documents, looking up each one's parties in a whole role's
// worth of them: quadratic, hours for a million events.
const notCopy = `e.doc_id NOT IN (SELECT id FROM documents WHERE duplicate_of <> '')`

// rebuildDays refills actor_days and dyad_days from the stored events, as
// migration 3 first filled them, and actor_keys as migration 5 did.
var rebuildDays = []string{
	`DELETE FROM actor_keys`,
	fillActorKeys,
	`DELETE FROM actor_days`,
	`DELETE FROM dyad_days`,
	`INSERT INTO actor_days (actor_key, role, event_date, ` + dayNames + `)
	SELECT k.k, k.role, e.event_date, ` + daySums + `
	FROM events e JOIN (` + partyKeys + `) k ON k.event_id = e.id
	WHERE e.negated = 0 AND e.event_date <> '' AND ` + notCopy + `
	GROUP BY k.k, k.role, e.event_date`,
	`INSERT INTO actor_days (actor_key, role, event_date, ` + dayNames + `)
	SELECT k.k, 'any', e.event_date, ` + daySums + `
	FROM events e JOIN (SELECT DISTINCT event_id, k FROM (` + partyKeys + `) a) k ON k.event_id = e.id
	WHERE e.negated = 0 AND e.event_date <> '' AND ` + notCopy + `
	GROUP BY k.k, e.event_date`,
	`INSERT INTO dyad_days (actor_key, recipient_key, event_date, ` + dayNames + `)
	SELECT a.k, r.k, e.event_date, ` + daySums + `
	FROM events e
	JOIN (` + partyKeys + `) a ON a.event_id = e.id AND a.role = 'actor'
	JOIN (` + partyKeys + `) r ON r.event_id = e.id AND r.role = 'recipient'
	WHERE e.negated = 0 AND e.event_date <> '' AND ` + notCopy + `
	GROUP BY a.k, r.k, e.event_date`,
}

// Resolve attaches the surname-only keys still unresolved (stored before
// the full name they stand for was seen) and, when it attached any,
// rebuilds the aggregates keyed by actor. ingest calls it once at the end.
func (s *Store) Resolve(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	defer tx.Rollback()
	if err := s.lockIdentity(ctx, tx, true); err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	changed, err := s.attachSurnames(ctx, tx)
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	if changed {
		// actor_keys first: the countries below are read from it.
		for _, stmt := range rebuildDays {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("resolve: rebuild aggregates: %w", err)
			}
		}
	}
	moved, err := s.propagateCountries(ctx, tx)
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	if changed || moved {
		for _, stmt := range rebuildAll {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("resolve: rebuild aggregates: %w", err)
			}
		}
	}
	return tx.Commit()
}

// Aliases lists the names and documents behind the actor with resolved
// key.
func (s *Store) Aliases(ctx context.Context, key string) ([]store.AliasRow, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT okey, name, type, country, COUNT(DISTINCT doc_id), SUM(mentions)
		FROM entities WHERE gkey = ? GROUP BY okey, name, type, country ORDER BY SUM(mentions) DESC, name`), key)
	if err != nil {
		return nil, fmt.Errorf("aliases %s: %w", key, err)
	}
	var out []store.AliasRow
	for rows.Next() {
		var r store.AliasRow
		if err := rows.Scan(&r.Key, &r.Name, &r.Type, &r.Country, &r.Documents, &r.Mentions); err != nil {
			rows.Close()
			return nil, fmt.Errorf("aliases %s: %w", key, err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("aliases %s: %w", key, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("aliases %s: %w", key, store.ErrNotFound)
	}
	for i := range out {
		ids, err := s.rdb.QueryContext(ctx, s.q(`SELECT DISTINCT doc_id FROM entities
			WHERE gkey = ? AND okey = ? AND name = ? AND type = ? AND country = ? ORDER BY doc_id LIMIT 20`),
			key, out[i].Key, out[i].Name, out[i].Type, out[i].Country)
		if err != nil {
			return nil, fmt.Errorf("aliases %s: %w", key, err)
		}
		for ids.Next() {
			var id int64
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return nil, err
			}
			out[i].DocumentIDs = append(out[i].DocumentIDs, id)
		}
		ids.Close()
		if err := ids.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Decisions lists the recorded merges and splits, oldest first.
func (s *Store) Decisions(ctx context.Context) ([]store.Decision, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT action, actor_key, other_key, made_at FROM actor_decisions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer rows.Close()
	var out []store.Decision
	for rows.Next() {
		var d store.Decision
		if err := rows.Scan(&d.Action, &d.Key, &d.Other, &d.Made); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

var _ store.Curator = (*Store)(nil)

// exactNetwork answers Network with f.Exact: every actor its own node
// (store.ExactCode), from the daily exact edges Put keeps and Resolve
// refills.
func (s *Store) exactNetwork(ctx context.Context, f store.NetworkFilter) (store.Network, error) {
	net, err := s.networkOf(ctx, "exact_edge_days", f)
	if err == nil {
		s.nameNodes(ctx, &net)
	}
	return net, err
}
