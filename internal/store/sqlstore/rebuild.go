package sqlstore

import (
	"context"
	"fmt"
)

// RebuildAggregates recomputes the running totals (daily counts of actors,
// dyads and network edges rolled up to states, totals per actor, one row per
// resolved actor key) from the stored events, in one transaction: for rows
// written by bulk tools rather than Put, or to repair the totals. It runs
// the very statements that resolving identities runs (rebuildAll), so the
// two can never disagree.
func (s *Store) RebuildAggregates(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rebuild aggregates: %w", err)
	}
	defer tx.Rollback()
	stmts := append(append([]string{}, rebuildAll...), rebuildEventDays...)
	for _, stmt := range append(append(stmts, rebuildSpeakerQuotes...), rebuildArticleDays...) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild aggregates: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rebuild aggregates: %w", err)
	}
	return nil
}
