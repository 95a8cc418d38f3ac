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
	w := exactSeriesWhere(f, true)
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.event_date, `+daySums+`
		FROM events e JOIN documents dd ON dd.id = e.doc_id AND dd.duplicate_of = ''`+w.String()+`
		GROUP BY e.event_date ORDER BY e.event_date`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	return bucketSeries(rows, interval)
}

// exactSeriesDays answers SeriesDays in the exact view, from the events:
// the dated days in f's window, and the undated events.
func (s *Store) exactSeriesDays(ctx context.Context, f store.SeriesFilter) ([]store.DayCount, int, error) {
	w := exactSeriesWhere(f, true)
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.event_date, `+eventDayColumns+`
		FROM events e JOIN documents dd ON dd.id = e.doc_id AND dd.duplicate_of = ''`+w.String()+`
		GROUP BY e.event_date ORDER BY e.event_date`), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("series days: %w", err)
	}
	out, err := scanDays(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("series days: %w", err)
	}
	u := exactSeriesWhere(f, false)
	var undated int
	if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT COUNT(*)
		FROM events e JOIN documents dd ON dd.id = e.doc_id AND dd.duplicate_of = ''`+u.String()), u.args...).Scan(&undated); err != nil {
		return nil, 0, fmt.Errorf("series days: undated: %w", err)
	}
	return out, undated, nil
}

// exactSeriesWhere is the condition of f's asserted events in the exact
// view (events e): the dated ones in f's window, or the undated ones.
func exactSeriesWhere(f store.SeriesFilter, dated bool) where {
	var w where
	w.add(`e.negated = 0`)
	// The parties are found in event_keys' exact rows (its index), not by
	// matching every entity's code.
	keyed := func(code string, roles ...string) {
		w.add(`e.id IN (SELECT event_id FROM event_keys WHERE k = ? AND role IN ('`+exactRole+
			strings.Join(roles, "', '"+exactRole)+`'))`, partyKey(code))
	}
	switch {
	case f.Recipient != "":
		keyed(f.Actor, "actor")
		keyed(f.Recipient, "recipient")
	case f.Either:
		keyed(f.Actor, "actor", "recipient")
	default:
		keyed(f.Actor, "actor")
	}
	if !dated {
		w.add(`e.event_date = ''`)
		return w
	}
	w.add(`e.event_date <> ''`)
	if f.Since != "" {
		w.add(`e.event_date >= ?`, f.Since)
	}
	if f.Until != "" {
		w.add(`e.event_date <= ?`, f.Until)
	}
	return w
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
