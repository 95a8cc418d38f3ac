package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// A migration moves the schema one version up. Migrations are append-only:
// a released migration is never edited, a change is a new migration.
type migration struct {
	// sql holds statements separated by ";\n". {{ID}} is replaced by the
	// dialect's auto-increment primary key column type.
	sql string
	// sqlite and postgres, when set, replace sql for that dialect: for the
	// few things (full-text search) the two spell differently.
	sqlite, postgres string
}

// body returns the statements of m for dialect d.
func (m migration) body(d Dialect) string {
	switch {
	case d.Name == SQLite.Name && m.sqlite != "":
		return m.sqlite
	case d.Name == Postgres.Name && m.postgres != "":
		return m.postgres
	}
	return m.sql
}

var migrations = []migration{
	{sql: `
CREATE TABLE documents (
	id {{ID}},
	hash TEXT NOT NULL UNIQUE,
	path TEXT NOT NULL,
	url TEXT NOT NULL,
	title TEXT NOT NULL,
	outlet TEXT NOT NULL,
	published TEXT NOT NULL,
	format TEXT NOT NULL,
	text TEXT NOT NULL,
	body TEXT NOT NULL,
	ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE TABLE entities (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	eid TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	country TEXT NOT NULL,
	role TEXT NOT NULL,
	sector TEXT NOT NULL,
	gkey TEXT NOT NULL,
	mentions INTEGER NOT NULL,
	UNIQUE (doc_id, idx)
);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_country ON entities (country);
CREATE TABLE mentions (
	entity_id BIGINT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
	doc_id BIGINT NOT NULL,
	start_off INTEGER NOT NULL,
	end_off INTEGER NOT NULL,
	kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE TABLE quotes (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	start_off INTEGER NOT NULL,
	end_off INTEGER NOT NULL,
	text TEXT NOT NULL,
	speaker_id BIGINT,
	speaker TEXT NOT NULL,
	country TEXT NOT NULL,
	role TEXT NOT NULL,
	direct INTEGER NOT NULL,
	cue TEXT NOT NULL,
	published TEXT NOT NULL
);
CREATE INDEX quotes_speaker ON quotes (speaker);
CREATE INDEX quotes_country ON quotes (country);
CREATE TABLE times (
	doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	start_off INTEGER NOT NULL,
	end_off INTEGER NOT NULL,
	text TEXT NOT NULL,
	type TEXT NOT NULL,
	value TEXT NOT NULL,
	tmod TEXT NOT NULL
);
CREATE TABLE events (
	id {{ID}},
	doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	eid TEXT NOT NULL,
	type TEXT NOT NULL,
	mode TEXT NOT NULL,
	cameo TEXT NOT NULL,
	goldstein DOUBLE PRECISION NOT NULL,
	event_date TEXT NOT NULL,
	negated INTEGER NOT NULL,
	modality TEXT NOT NULL,
	source TEXT NOT NULL,
	trigger TEXT NOT NULL,
	start_off INTEGER NOT NULL,
	end_off INTEGER NOT NULL,
	evidence TEXT NOT NULL
);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_doc ON events (doc_id);
CREATE TABLE event_parties (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	entity_id BIGINT NOT NULL REFERENCES entities (id) ON DELETE CASCADE
);
CREATE INDEX event_parties_event ON event_parties (event_id);
CREATE INDEX event_parties_entity ON event_parties (entity_id, role);
CREATE TABLE problems (
	doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	message TEXT NOT NULL
)`},
	// 2: full-text search over documents, and the indexes the web API's
	// actor, dyad and document queries need. SQLite keeps an FTS5 index in
	// step with documents through triggers; PostgreSQL indexes the
	// tsvector expression that Search queries.
	{sqlite: indexes2 + `;
CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content='documents', content_rowid='id', tokenize='porter unicode61');
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text); END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END`,
		postgres: indexes2 + `;
CREATE INDEX documents_tsv ON documents USING GIN (to_tsvector('english', title || ' ' || text))`},
	// 3: daily aggregates for the time series of actors and dyads, so that
	// a timeline reads a few hundred rows instead of every event of a
	// busy actor. Put keeps them up to date (see addDays); the INSERTs
	// here fill them from the events already stored.
	{sql: `
DROP INDEX IF EXISTS event_parties_role;
CREATE TABLE actor_days (
	actor_key TEXT NOT NULL,
	role TEXT NOT NULL,
	event_date TEXT NOT NULL,
	` + dayColumns + `,
	PRIMARY KEY (actor_key, role, event_date)
);
CREATE TABLE dyad_days (
	actor_key TEXT NOT NULL,
	recipient_key TEXT NOT NULL,
	event_date TEXT NOT NULL,
	` + dayColumns + `,
	PRIMARY KEY (actor_key, recipient_key, event_date)
);
INSERT INTO actor_days (actor_key, role, event_date, ` + dayNames + `)
	SELECT k.k, k.role, e.event_date, ` + daySums + `
	FROM events e JOIN (` + partyKeys + `) k ON k.event_id = e.id
	WHERE e.negated = 0 AND e.event_date <> ''
	GROUP BY k.k, k.role, e.event_date;
INSERT INTO actor_days (actor_key, role, event_date, ` + dayNames + `)
	SELECT k.k, 'any', e.event_date, ` + daySums + `
	FROM events e JOIN (SELECT DISTINCT event_id, k FROM (` + partyKeys + `) a) k ON k.event_id = e.id
	WHERE e.negated = 0 AND e.event_date <> ''
	GROUP BY k.k, e.event_date;
INSERT INTO dyad_days (actor_key, recipient_key, event_date, ` + dayNames + `)
	SELECT a.k, r.k, e.event_date, ` + daySums + `
	FROM events e
	JOIN (` + partyKeys + `) a ON a.event_id = e.id AND a.role = 'actor'
	JOIN (` + partyKeys + `) r ON r.event_id = e.id AND r.role = 'recipient'
	WHERE e.negated = 0 AND e.event_date <> ''
	GROUP BY a.k, r.k, e.event_date;
CREATE INDEX events_order ON events ((event_date = ''), event_date, doc_id, idx);
CREATE TABLE edge_days ` + edgeDayColumns + `;
INSERT INTO edge_days (src, dst, event_date, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT src, dst, event_date, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), COUNT(*), SUM(goldstein)
	FROM (SELECT DISTINCT e.id, e.event_date, e.goldstein,
			` + nodeCodeNA + ` AS src, na.type AS stype, na.country AS scountry,
			` + nodeCodeNR + ` AS dst, nr.type AS rtype, nr.country AS rcountry
		` + partyPairs + `
		WHERE e.negated = 0) x
	WHERE src <> dst
	GROUP BY src, dst, event_date;
CREATE TABLE actor_totals (
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	country TEXT NOT NULL,
	role TEXT NOT NULL,
	gkey TEXT NOT NULL,
	documents INTEGER NOT NULL,
	mentions INTEGER NOT NULL,
	events INTEGER NOT NULL,
	PRIMARY KEY (name, type, country)
);
INSERT INTO actor_totals (name, type, country, role, gkey, documents, mentions, events)
	SELECT n.name, n.type, n.country, MAX(n.role), MAX(n.gkey), COUNT(DISTINCT n.doc_id), SUM(n.mentions),
		COALESCE(MAX(ev.events), 0)
	FROM entities n
	LEFT JOIN (SELECT m.name, m.type, m.country, COUNT(DISTINCT p.event_id) AS events
		FROM event_parties p JOIN entities m ON m.id = p.entity_id
		GROUP BY m.name, m.type, m.country) ev ON ev.name = n.name AND ev.type = n.type AND ev.country = n.country
	GROUP BY n.name, n.type, n.country;
CREATE INDEX actor_totals_mentions ON actor_totals (mentions)`},
	// 4: story events. Mentions of the same event in one document and
	// across documents (same type, negation, modality, date and parties)
	// share a story event, which counts its mentions, articles and sources
	// as GDELT's NumMentions, NumArticles and NumSources do. Events stored
	// before this migration keep story_id NULL.
	{sql: `
CREATE TABLE story_events (
	id {{ID}},
	skey TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	event_date TEXT NOT NULL,
	mentions INTEGER NOT NULL,
	articles INTEGER NOT NULL,
	sources INTEGER NOT NULL
);
CREATE TABLE story_sources (
	story_id BIGINT NOT NULL REFERENCES story_events (id) ON DELETE CASCADE,
	outlet TEXT NOT NULL,
	PRIMARY KEY (story_id, outlet)
);
ALTER TABLE events ADD COLUMN story_id BIGINT;
CREATE INDEX events_story ON events (story_id)`},
	// 5: what `sitrep watch` has seen, so that a watcher killed and
	// restarted, or two watchers on one store, neither skip nor repeat an
	// article. watch_items holds one row per article (keyed by its
	// canonical URL): pending when a feed listed it, claimed by one watcher
	// (until lease_until) while it is fetched and annotated, done once it
	// is stored, retry or failed (with the reason). watch_feeds holds each
	// feed's validators and health. Times are Unix seconds. (IF NOT
	// EXISTS: a test rewinds the version number past this migration.)
	{sql: `
CREATE TABLE IF NOT EXISTS watch_items (
	ukey TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	feed TEXT NOT NULL,
	outlet TEXT NOT NULL,
	country TEXT NOT NULL,
	title TEXT NOT NULL,
	published TEXT NOT NULL,
	state TEXT NOT NULL,
	owner TEXT NOT NULL,
	lease_until BIGINT NOT NULL,
	attempts INTEGER NOT NULL,
	reason TEXT NOT NULL,
	doc_hash TEXT NOT NULL,
	discovered BIGINT NOT NULL,
	updated BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_items_state ON watch_items (state, lease_until);
CREATE TABLE IF NOT EXISTS watch_feeds (
	url TEXT PRIMARY KEY,
	etag TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	checked BIGINT NOT NULL,
	items INTEGER NOT NULL,
	failures INTEGER NOT NULL,
	reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_url ON documents (url)`},
	// 6: places (issue 14): an entity's resolved GeoNames place, and the
	// entity where an event happened with its point and country copied for
	// filtering (--country, --near) without a join.
	{sql: `
ALTER TABLE entities ADD COLUMN geonameid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN geo_name TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE entities ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE entities ADD COLUMN geo_country TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN admin1 TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN feature TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN place_id BIGINT;
ALTER TABLE events ADD COLUMN place_lat DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN place_lon DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN place_country TEXT NOT NULL DEFAULT '';
CREATE INDEX events_place_country ON events (place_country);
CREATE INDEX events_place_lat ON events (place_lat)`},
	// 7: indexes for the server's listings, so that a page of quotes or
	// documents and an actor's network edges are read in order from an
	// index instead of sorting or scanning the whole table.
	{sql: `
CREATE INDEX IF NOT EXISTS quotes_order ON quotes (published, doc_id, idx);
CREATE INDEX IF NOT EXISTS documents_order ON documents (published DESC, id);
CREATE INDEX IF NOT EXISTS edge_days_lower_src ON edge_days (lower(src));
CREATE INDEX IF NOT EXISTS edge_days_lower_dst ON edge_days (lower(dst))`},
	// 8: document stories. Where story_events (4) merges the mentions of one
	// event, stories group whole documents that report one real-world
	// happening, as the story clusterer (internal/stories) assigns them:
	// first and last publication date, articles, near-duplicate copies and
	// distinct outlets. A document's duplicate_of is the hash of the
	// earlier document it copies. Documents stored before keep story ''.
	{sql: `
CREATE TABLE stories (
	id TEXT PRIMARY KEY,
	headline TEXT NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	articles INTEGER NOT NULL,
	duplicates INTEGER NOT NULL,
	sources INTEGER NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen);
CREATE TABLE story_outlets (
	story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	outlet TEXT NOT NULL,
	articles INTEGER NOT NULL,
	PRIMARY KEY (story, outlet)
);
ALTER TABLE documents ADD COLUMN story TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_story ON documents (story)`},
	// 9: actor identity (issue 13). entities.okey and ocountry keep the key
	// and country annotate gave; gkey becomes the resolved key (curated merges, surname-only
	// keys attached to a full name). actor_decisions records analysts'
	// merges and splits, which every later Put applies (see identity.go).
	{sql: `
ALTER TABLE entities ADD COLUMN okey TEXT NOT NULL DEFAULT '';
UPDATE entities SET okey = gkey;
ALTER TABLE entities ADD COLUMN ocountry TEXT NOT NULL DEFAULT '';
UPDATE entities SET ocountry = country;
CREATE INDEX entities_okey ON entities (okey);
CREATE INDEX entities_gkey ON entities (gkey);
CREATE TABLE actor_decisions (
	id {{ID}},
	action TEXT NOT NULL,
	actor_key TEXT NOT NULL,
	other_key TEXT NOT NULL,
	made_at TEXT NOT NULL
);
CREATE TABLE actor_keys (
	gkey TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	country TEXT NOT NULL,
	role TEXT NOT NULL,
	sector TEXT NOT NULL,
	documents INTEGER NOT NULL,
	mentions INTEGER NOT NULL,
	events INTEGER NOT NULL
);
CREATE INDEX actor_keys_mentions ON actor_keys (mentions);
` + fillActorKeys + `;
DELETE FROM edge_days;
` + fillRolledEdges},
	// 10: the exact view's network edges per day (aggregates.go), kept by
	// Put, so that a page reads them instead of joining every event.
	{sql: exactEdgeDays},
	// 11: every event under the keys of its actors and recipients, in
	// listing order (aggregates.go), kept by Put, so that an actor's or a
	// dyad's events are read a page at a time from one index.
	{sql: eventKeys},
	// 12: PostgreSQL keeps each document's text-search vector, so that
	// ranking a match reads it instead of parsing the text again (SQLite's
	// FTS5 index has what it needs); it replaces migration 2's expression
	// index.
	{sqlite: "SELECT 1", postgres: `
ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || text)) STORED;
CREATE INDEX documents_tsv_stored ON documents USING GIN (tsv);
DROP INDEX documents_tsv`},
	// 13: story inputs. What the story clusterer read of each document
	// stored with PutStory beyond its text (entities, dates, event types,
	// places, as stories.Encode writes them), so that every writer assigning stories catches up with the
	// others' documents exactly as their assigners saw them (assign.go).
	{sql: `
CREATE TABLE story_inputs (
	doc_id BIGINT PRIMARY KEY,
	input TEXT NOT NULL
)`},
	// 14: PostgreSQL reads event_keys by index alone: with event_id in the
	// index, a dyad's events are a merge of two ordered index scans that
	// stops at the page (42 ms) instead of fetching and sorting every
	// event of the actor from the heap (4.6 s at a million events).
	// SQLite already walks its primary key in order.
	{sqlite: "SELECT 1", postgres: `
CREATE INDEX IF NOT EXISTS event_keys_cover ON event_keys (k, role, dkey, doc_id, idx) INCLUDE (event_id);
ANALYZE event_keys`},
	// 15: the articles per day behind every chart's share of coverage
	// (ArticleDays) are read from an index alone, not from the documents'
	// rows with their texts.
	{sql: `CREATE INDEX IF NOT EXISTS documents_dup_published ON documents (duplicate_of, published)`},
	// 16: the events per date (aggregates.go), kept by Put, so that the
	// activity charts read a row per date instead of every event.
	{sql: eventDaysTable + ";\n" + fillEventDays},
	// 17: a dyad's events per date in each view (aggregates.go), kept by
	// Put, so that the dyad page's total reads a row per date instead of
	// every event of the actor checked for the recipient.
	{sql: dyadCountsTable + ";\n" + strings.Join(fillDyadCounts, ";\n")},
	// 18: the quotes per speaker and the articles per date (aggregates.go),
	// kept by Put, so that an actor page's quotes find their speakers' names
	// among a row per speaker, the quotes page's speakers are those rows,
	// and every chart's share of coverage reads a row per date.
	{sql: speakerQuotesTable + ";\n" + strings.Join(fillSpeakerQuotes, ";\n") + ";\n" +
		articleDaysTable + ";\n" + fillArticleDays},
	// 19: the network of each view summed over all dates (aggregates.go),
	// kept by Put, so that the network without a date window reads a row
	// per pair instead of a row per pair and day.
	{sql: edgeTotalsTable + ";\n" + strings.Join(fillEdgeTotals, ";\n")},
	// 20: event_keys files every event under its parties' exact codes too
	// (aggregates.go), so that the exact view's listings of an actor or a
	// dyad are read in order from its index.
	{sql: fillExactEventKeys + ";\nANALYZE event_keys"},
}

// nodeCodeNA and nodeCodeNR are the SQL form of store.Party.Code for the
// entity aliases na and nr: the country code of a state, else the name.
const (
	nodeCodeNA = `CASE WHEN na.type = 'GPE' AND na.country <> '' THEN na.country ELSE na.name END`
	nodeCodeNR = `CASE WHEN nr.type = 'GPE' AND nr.country <> '' THEN nr.country ELSE nr.name END`
)

// The aggregate columns of actor_days and dyad_days: counts and Goldstein
// sums of the (non-negated) events of one day.
const (
	dayColumns = `events INTEGER NOT NULL,
	goldstein DOUBLE PRECISION NOT NULL,
	cooperative INTEGER NOT NULL,
	conflictual INTEGER NOT NULL,
	cooperation DOUBLE PRECISION NOT NULL,
	conflict DOUBLE PRECISION NOT NULL`
	dayNames = `events, goldstein, cooperative, conflictual, cooperation, conflict`
	daySums  = `COUNT(*), SUM(e.goldstein),
		SUM(CASE WHEN e.goldstein > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN e.goldstein < 0 THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.goldstein > 0 THEN e.goldstein ELSE 0 END),
		SUM(CASE WHEN e.goldstein < 0 THEN e.goldstein ELSE 0 END)`
	// partyKeys lists, once each, the keys (event_id, role, k) under which
	// a party of an event can be asked for: its country code, gazetteer key
	// and canonical name, lowercased (see partyKeysOf).
	partyKeys = `SELECT p.event_id, p.role, lower(n.country) AS k FROM event_parties p
		JOIN entities n ON n.id = p.entity_id WHERE n.country <> '' AND p.role IN ('actor', 'recipient')
		UNION SELECT p.event_id, p.role, lower(n.gkey) FROM event_parties p
		JOIN entities n ON n.id = p.entity_id WHERE n.gkey <> '' AND p.role IN ('actor', 'recipient')
		UNION SELECT p.event_id, p.role, lower(n.name) FROM event_parties p
		JOIN entities n ON n.id = p.entity_id WHERE n.name <> '' AND p.role IN ('actor', 'recipient')`
)

// fillActorKeys fills actor_keys from the stored entities: one actor per
// resolved key, named by the longest name annotate gave under that very key
// (a merged-in key's names come after), of its most frequent type.
const fillActorKeys = `INSERT INTO actor_keys (gkey, name, type, country, role, sector, documents, mentions, events)
	SELECT n.gkey,
		(SELECT m.name FROM entities m WHERE m.gkey = n.gkey
			ORDER BY CASE WHEN m.okey = m.gkey THEN 0 ELSE 1 END, length(m.name) DESC, m.name LIMIT 1),
		(SELECT m.type FROM entities m WHERE m.gkey = n.gkey GROUP BY m.type ORDER BY COUNT(*) DESC, m.type LIMIT 1),
		MAX(n.country), MAX(n.role), MAX(n.sector), COUNT(DISTINCT n.doc_id), SUM(n.mentions),
		(SELECT COUNT(DISTINCT p.event_id) FROM event_parties p JOIN entities m ON m.id = p.entity_id
			WHERE m.gkey = n.gkey)
	FROM entities n WHERE n.gkey <> '' GROUP BY n.gkey`

// fillRolledEdges fills edge_days with the network rolled up to states
// (a near-duplicate copy's events are its original's: not counted again)
// (store.RollUp): a party with a country counts toward its country.
const fillRolledEdges = `INSERT INTO edge_days (src, dst, event_date, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT src, dst, event_date, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), COUNT(*), SUM(goldstein)
	FROM (SELECT DISTINCT e.id, e.event_date, e.goldstein,
			CASE WHEN na.country <> '' THEN na.country ELSE na.name END AS src,
			CASE WHEN na.country <> '' THEN 'GPE' ELSE na.type END AS stype, na.country AS scountry,
			CASE WHEN nr.country <> '' THEN nr.country ELSE nr.name END AS dst,
			CASE WHEN nr.country <> '' THEN 'GPE' ELSE nr.type END AS rtype, nr.country AS rcountry
		` + partyPairs + `
		JOIN documents dd ON dd.id = e.doc_id AND dd.duplicate_of = ''
		WHERE e.negated = 0) x
	WHERE src <> dst
	GROUP BY src, dst, event_date`

// indexes2 are the plain indexes of migration 2, the same in both dialects.
const indexes2 = `
CREATE INDEX entities_lower_name ON entities (lower(name));
CREATE INDEX entities_lower_gkey ON entities (lower(gkey));
CREATE INDEX quotes_doc ON quotes (doc_id);
CREATE INDEX problems_doc ON problems (doc_id);
CREATE INDEX events_date_doc ON events (event_date, doc_id, idx)`

// migrationLock is the key of the PostgreSQL advisory lock that migrations
// hold ("sitrep" in ASCII).
const migrationLock = 0x736974726570

// migrate brings the schema to the newest version, one transaction per
// migration, recording the version in schema_version. Each transaction
// first takes a lock that every migrating process takes: PostgreSQL's
// transaction-scoped advisory lock, SQLite's exclusive transaction. So any
// number of processes may open a new, empty store at once: one migrates
// while the others wait, then find the schema current.
func (s *Store) migrate(ctx context.Context) error {
	// Usually the schema is current: then no lock is needed at all.
	var version int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version); err == nil &&
		version >= len(migrations) {
		return nil
	}
	for {
		done, err := s.migrateOne(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateOne applies the next migration under the lock, reporting done
// when the schema was already current.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer c.Close()
	begin := []string{"BEGIN EXCLUSIVE"}
	if s.dialect.Name == Postgres.Name {
		begin = []string{"BEGIN", fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", migrationLock)}
	}
	for _, stmt := range begin {
		if _, err := c.ExecContext(ctx, stmt); err != nil {
			c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			return false, fmt.Errorf("migrate: lock: %w", err)
		}
	}
	committed := false
	defer func() {
		if !committed {
			c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	var version int
	err = c.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case err == sql.ErrNoRows:
		if _, err := c.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return false, fmt.Errorf("migrate: %w", err)
		}
	case err != nil:
		return false, fmt.Errorf("migrate: %w", err)
	}
	if version >= len(migrations) {
		_, err := c.ExecContext(ctx, "COMMIT")
		committed = err == nil
		if err != nil {
			return false, fmt.Errorf("migrate: %w", err)
		}
		return true, nil
	}
	v := version
	body := strings.ReplaceAll(migrations[v].body(s.dialect), "{{ID}}", s.dialect.idColumn)
	for _, stmt := range strings.Split(body, ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := c.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("migrate to %d: %w", v+1, err)
		}
	}
	if _, err := c.ExecContext(ctx, s.q(`UPDATE schema_version SET version = ?`), v+1); err != nil {
		return false, fmt.Errorf("migrate to %d: %w", v+1, err)
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return false, fmt.Errorf("migrate to %d: %w", v+1, err)
	}
	committed = true
	return false, nil
}
