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
}

// migrate brings the schema to the newest version inside one transaction
// per migration, recording the version in schema_version.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var version int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case err == sql.ErrNoRows:
		if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("migrate: %w", err)
	}
	for v := version; v < len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		body := strings.ReplaceAll(migrations[v].sql, "{{ID}}", s.dialect.idColumn)
		for _, stmt := range strings.Split(body, ";\n") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migrate to %d: %w", v+1, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE schema_version SET version = ?`), v+1); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
	}
	return nil
}
