package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// identityLock is the PostgreSQL advisory lock that keeps the re-resolution
// of actor identities (Resolve, Merge, Split) apart from Puts: several
// workers Put at once under its shared form, and a re-resolution, which
// rebuilds the aggregates keyed by actor from the stored entities, takes it
// alone, so that it neither misses a document being stored nor races a
// Put's upsert of the rows it is refilling. SQLite needs none: its writes
// are serialised by the database itself.
const identityLock = 0x5157_1D13

// lockIdentity takes the identity lock for the rest of tx: shared for a
// Put, exclusive for a re-resolution.
func (s *Store) lockIdentity(ctx context.Context, tx *sql.Tx, exclusive bool) error {
	if s.dialect.Name != Postgres.Name {
		return nil
	}
	fn := "pg_advisory_xact_lock_shared"
	if exclusive {
		fn = "pg_advisory_xact_lock"
	}
	if _, err := tx.ExecContext(ctx, `SELECT `+fn+`($1)`, int64(identityLock)); err != nil {
		return fmt.Errorf("identity lock: %w", err)
	}
	return nil
}
