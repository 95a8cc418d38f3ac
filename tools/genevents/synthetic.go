package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/store/sqlstore"
)

// synthetic fills an empty store (SQLite or PostgreSQL) with about n
// generated events in a few bulk INSERT ... SELECT statements, without
// annotating anything: 50 events per
// document, five parties per document drawn from 400 actors of 40
// countries (each with a key of its own, as the gazetteer gives), dates over ten years, a few quotes per document. The running
// totals are then rebuilt from the rows (RebuildAggregates), so every query
// sees what Put would have kept. A million events take a minute or two,
// where storing them one document at a time takes hours. With actors > 0
// the parties are drawn from that many actors instead, skewed so that a
// few are busy and most are rare, as in real coverage (a network of
// thousands of actors with hubs, not a uniform mesh).
func synthetic(ctx context.Context, dbURL string, n, actors int) error {
	start := time.Now()
	st, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	// One connection: the numbering tables are temporary, which in
	// PostgreSQL means private to the connection that made them.
	db, err := st.DB().Conn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	pg := strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://")
	// day is the date expression of a day offset from 2015-01-01, and
	// series the temporary table of integers lo..hi, in either dialect.
	day := func(offset string) string {
		if pg {
			return "to_char(date '2015-01-01' + (" + offset + "), 'YYYY-MM-DD')"
		}
		return "date('2015-01-01', (" + offset + ") || ' days')"
	}
	series := func(name, col string, lo, hi int) string {
		if pg {
			return fmt.Sprintf("CREATE TEMP TABLE %s AS SELECT %s FROM generate_series(%d, %d) %s", name, col, lo, hi, col)
		}
		return fmt.Sprintf("CREATE TEMP TABLE %s AS WITH RECURSIVE s(%s) AS (SELECT %d UNION ALL SELECT %s + 1 FROM s WHERE %s < %d) SELECT %s FROM s",
			name, col, lo, col, col, hi, col)
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&have); err != nil {
		return err
	}
	if have > 0 {
		return fmt.Errorf("--synthetic needs an empty store; %s holds %d documents", dbURL, have)
	}
	const perDoc, perDocEntities = 50, 5
	docs := (n + perDoc - 1) / perDoc
	typeCase := "CASE ((i * 50 + j) * 31) % " + fmt.Sprint(len(doc.EventTypes))
	for k, t := range doc.EventTypes {
		typeCase += fmt.Sprintf(" WHEN %d THEN '%s'", k, t)
	}
	typeCase += " END"
	// party is the actor number of entity slot s (an SQL expression).
	party := func(s string) string { return "(((" + s + ") * 7919) % 400)" }
	if actors > 0 {
		// r uniform in [0, m): actor = actors * (r/m)^2, in integers.
		const m = 100003
		party = func(s string) string {
			r := fmt.Sprintf("(CAST(%s AS BIGINT) * 7919 %% %d)", s, m)
			return fmt.Sprintf("(%s * %s / %d * %d / %d)", r, r, m, actors, m)
		}
	}
	countries := "USARUSSYRTURIRNIRQFRADEUGBRCHNISRPSEUKRPOLEGYSAUJORLBNYEMAFGPAKINDJPNKORPRKBRAMEXVENCOLNGAKENETHSDNLBYTUNDZAMAR"
	stmts := []string{
		series("seq", "i", 1, docs),
		series("k50", "j", 0, perDoc-1),
		`INSERT INTO documents (id, hash, path, url, title, outlet, published, format, text, body, ingested_at)
			SELECT i, 'synthetic-' || i, 'synthetic/' || i, 'https://example.com/' || i,
			'Synthetic report ' || i || ': talks on a ceasefire', 'Outlet ' || (i % 20),
			` + day("i % 3650") + `, 'text',
			'Officials said the talks on a ceasefire continued in report ' || i || '. Troops moved to the border.',
			'{}', '2026-01-01T00:00:00Z' FROM seq`,
		`INSERT INTO entities (id, doc_id, idx, eid, name, type, country, role, sector, gkey, mentions, okey, ocountry)
			SELECT (i - 1) * 5 + j + 1, i, j, 'E' || j, 'Actor ' || p,
			CASE p % 4 WHEN 0 THEN 'GPE' WHEN 2 THEN 'ORG' ELSE 'PER' END,
			substr('` + countries + `', (p % 40) * 3 + 1, 3), CASE p % 3 WHEN 0 THEN 'minister' ELSE '' END,
			'', 'actor_' || p, 1 + p % 5, 'actor_' || p, substr('` + countries + `', (p % 40) * 3 + 1, 3)
			FROM (SELECT i, j, ` + party("i * 5 + j") + ` AS p FROM seq JOIN k50 ON j < ` + fmt.Sprint(perDocEntities) + `) x`,
		`INSERT INTO events (id, doc_id, idx, eid, type, mode, cameo, goldstein, event_date, negated, modality, source,
			trigger, start_off, end_off, evidence)
			SELECT (i - 1) * 50 + j + 1, i, j, 'V' || j,
			` + typeCase + `,
			'', '0' || (10 + (i + j) % 9), ((i * 31 + j * 17) % 21) - 10.0,
			CASE WHEN j % 25 = 24 THEN '' ELSE ` + day("(i % 3650) - (j % 7)") + ` END,
			CASE WHEN j % 20 = 0 THEN 1 ELSE 0 END, CASE WHEN j % 10 = 5 THEN 'future' ELSE '' END, '',
			'met', 0, 10, 'Synthetic evidence sentence ' || j || ' of report ' || i || '.'
			FROM seq CROSS JOIN k50`,
		`INSERT INTO event_parties (event_id, role, entity_id)
			SELECT (i - 1) * 50 + j + 1, 'actor', (i - 1) * 5 + (j % 5) + 1 FROM seq CROSS JOIN k50`,
		`INSERT INTO event_parties (event_id, role, entity_id)
			SELECT (i - 1) * 50 + j + 1, 'recipient', (i - 1) * 5 + ((j + 1 + j / 5) % 5) + 1 FROM seq CROSS JOIN k50
			WHERE (j + 1 + j / 5) % 5 <> j % 5`,
		`INSERT INTO quotes (doc_id, idx, start_off, end_off, text, speaker_id, speaker, country, role, direct, cue, published)
			SELECT i, j, 0, 10, 'We will keep talking, said speaker ' || j || ' in report ' || i, (i - 1) * 5 + j + 1,
			'Actor ' || ` + party("i * 5 + j") + `, substr('` + countries + `', (` + party("i * 5 + j") + ` % 40) * 3 + 1, 3),
			'', j % 2, 'said', ` + day("i % 3650") + `
			FROM seq JOIN k50 ON j < 3`,
		`DROP TABLE seq`,
		`DROP TABLE k50`,
	}
	if pg {
		// The rows above chose their ids; the identity columns must
		// number on from there.
		for _, t := range []string{"documents", "entities", "events"} {
			stmts = append(stmts, fmt.Sprintf(
				"SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", t, t))
		}
	}
	for i, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("synthetic step %d: %w", i+1, err)
		}
		fmt.Fprintf(os.Stderr, "genevents: step %d of %d (%.0f s)\n", i+1, len(stmts), time.Since(start).Seconds())
	}
	db.Close()
	// Statistics first: PostgreSQL plans the rebuild's joins badly
	// on tables it believes empty.
	if _, err := st.DB().ExecContext(ctx, `ANALYZE`); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genevents: rows written, rebuilding the aggregates (%.0f s)\n", time.Since(start).Seconds())
	if err := st.RebuildAggregates(ctx); err != nil {
		return err
	}
	if err := analyze(ctx, st, dbURL); err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genevents: %d documents, %d events, %d entities, %d quotes in %.1f s (synthetic)\n",
		stats.Documents, stats.Events, stats.Entities, stats.Quotes, time.Since(start).Seconds())
	return nil
}
