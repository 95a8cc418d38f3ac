package sqlstore

import (
	"context"
	"database/sql"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// exact_edge_days is edge_days for the exact view of the network: every
// actor its own node (store.Party.Code) instead of rolled up to its state.
// Put keeps it in the same transaction as the other aggregates, so an
// actor's page reads its counterparts from a few indexed rows instead of
// joining every event with its parties.

// addExactEdges adds the events of d to exact_edge_days.
func (s *Store) addExactEdges(ctx context.Context, tx *sql.Tx, d *doc.Document) error {
	return s.addEdgeDays(ctx, tx, d, "exact_edge_days", func(e doc.Entity) (string, string) {
		return store.Party{Name: e.Name, Country: e.Country, Type: string(e.Type)}.Code(), string(e.Type)
	})
}

// exactEdgeDays is the migration that adds exact_edge_days and fills it
// from the stored events.
const exactEdgeDays = `
CREATE TABLE exact_edge_days (
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
);
` + fillExactEdges + `;
CREATE INDEX exact_edge_days_lower_src ON exact_edge_days (lower(src));
CREATE INDEX exact_edge_days_lower_dst ON exact_edge_days (lower(dst))`

// fillExactEdges fills exact_edge_days from the stored events as Put
// would: one count per event and distinct pair of node codes, near-duplicate
// copies left out.
const fillExactEdges = `INSERT INTO exact_edge_days (src, dst, event_date, stype, scountry, rtype, rcountry, events, goldstein)
	SELECT src, dst, event_date, MAX(stype), MAX(scountry), MAX(rtype), MAX(rcountry), COUNT(*), SUM(goldstein)
	FROM (SELECT y.id, y.event_date, MAX(y.goldstein) AS goldstein, y.src, MAX(y.stype) AS stype,
			MAX(y.scountry) AS scountry, y.dst, MAX(y.rtype) AS rtype, MAX(y.rcountry) AS rcountry
		FROM (SELECT e.id, e.event_date, e.goldstein,
				` + nodeCodeNA + ` AS src, na.type AS stype, na.country AS scountry,
				` + nodeCodeNR + ` AS dst, nr.type AS rtype, nr.country AS rcountry
			FROM events e
			JOIN event_parties pa ON pa.event_id = e.id AND pa.role = 'actor'
			JOIN entities na ON na.id = pa.entity_id
			JOIN event_parties pr ON pr.event_id = e.id AND pr.role = 'recipient'
			JOIN entities nr ON nr.id = pr.entity_id
			WHERE e.negated = 0 AND ` + notCopy + `) y
		GROUP BY y.id, y.event_date, y.src, y.dst) x
	WHERE src <> dst
	GROUP BY src, dst, event_date`

// rebuildExactEdges refills exact_edge_days (see rebuildAll): a merge or a
// split changes entities' countries, and with them their codes.
var rebuildExactEdges = []string{`DELETE FROM exact_edge_days`, fillExactEdges}
