package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"sitrep/internal/store"
)

// The exact view (store.Exact): every actor is its own node, named by its
// resolved key (store.ExactCode). The rolled-up view is served from the
// daily aggregates Put keeps; the exact one is computed from the events.

// exactCodeOf is the SQL form of store.ExactCode for the entity alias n.
func exactCodeOf(n string) string {
	return `CASE WHEN ` + n + `.gkey <> '' THEN ` + n + `.gkey WHEN ` + n + `.type = 'GPE' AND ` + n + `.country <> '' THEN ` +
		n + `.country ELSE ` + n + `.name END`
}

// exactIn is the condition that event e has a party in one of roles whose
// exact code is a code, case-insensitively. It takes three arguments
// (exactArgs); the entity indexes find the events.
func exactIn(roles ...string) string {
	return `e.id IN (SELECT p.event_id FROM entities n JOIN event_parties p ON p.entity_id = n.id
		WHERE p.role IN ('` + strings.Join(roles, "','") + `')
		AND (lower(n.gkey) = ? OR n.gkey = '' AND (n.type = 'GPE' AND n.country = ?
			OR NOT (n.type = 'GPE' AND n.country <> '') AND lower(n.name) = ?)))`
}

func exactArgs(code string) []any {
	code = strings.TrimSpace(code)
	return []any{strings.ToLower(code), strings.ToUpper(code), strings.ToLower(code)}
}

// exactSeries answers Series in the exact view, from the events.
func (s *Store) exactSeries(ctx context.Context, f store.SeriesFilter, interval string) ([]store.SeriesPoint, error) {
	var w where
	w.add(`e.negated = 0 AND e.event_date <> ''`)
	switch {
	case f.Recipient != "":
		w.add(exactIn("actor"), exactArgs(f.Actor)...)
		w.add(exactIn("recipient"), exactArgs(f.Recipient)...)
	case f.Either:
		w.add(exactIn("actor", "recipient"), exactArgs(f.Actor)...)
	default:
		w.add(exactIn("actor"), exactArgs(f.Actor)...)
	}
	if f.Since != "" {
		w.add(`e.event_date >= ?`, f.Since)
	}
	if f.Until != "" {
		w.add(`e.event_date <= ?`, f.Until)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.event_date, `+daySums+`
		FROM events e JOIN documents dd ON dd.id = e.doc_id AND dd.duplicate_of = ''`+w.String()+`
		GROUP BY e.event_date ORDER BY e.event_date`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	return bucketSeries(rows, interval)
}

// nameNodes names the nodes of an exact network after their actors
// (actor_keys); a node with no actor keeps its code as name.
func (s *Store) nameNodes(ctx context.Context, net *store.Network) {
	for i := range net.Nodes {
		var name string
		err := s.rdb.QueryRowContext(ctx, s.q(`SELECT name FROM actor_keys WHERE gkey = ?`), net.Nodes[i].ID).Scan(&name)
		if err == nil && name != "" {
			net.Nodes[i].Name = name
		}
	}
}
