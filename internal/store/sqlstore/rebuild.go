package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// aggregateTables are the running totals Put keeps (see addAggregates).
var aggregateTables = []string{"actor_days", "dyad_days", "edge_days", "actor_totals"}

// RebuildAggregates recomputes the running totals (daily counts of actors,
// dyads and network edges, totals per actor) from the stored events, in
// one transaction: for rows written by bulk tools rather than Put, or to
// repair the totals. It uses the very statements of the migration that
// created the tables.
func (s *Store) RebuildAggregates(ctx context.Context) error {
	var inserts []string
	for _, stmt := range strings.Split(migrations[2].body(s.dialect), ";\n") {
		stmt = strings.TrimSpace(stmt)
		for _, t := range aggregateTables {
			if strings.HasPrefix(stmt, "INSERT INTO "+t+" ") {
				inserts = append(inserts, stmt)
			}
		}
	}
	if len(inserts) != 5 {
		return fmt.Errorf("rebuild aggregates: found %d of the 5 statements", len(inserts))
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rebuild aggregates: %w", err)
	}
	defer tx.Rollback()
	for _, t := range aggregateTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	for _, stmt := range inserts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rebuild aggregates: %w", err)
	}
	return nil
}
