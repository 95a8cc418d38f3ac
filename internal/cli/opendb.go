package cli

import (
	"context"
	"errors"
	"fmt"

	"sitrep/internal/store/sqlstore"
)

// openExisting opens the store of a command that only reads it: a SQLite
// file that does not exist is an error naming it (a mistyped --db must not
// leave an empty database behind and print nothing). Only ingest, worker,
// demo and serve --create make a database.
func openExisting(ctx context.Context, dbURL string) (*sqlstore.Store, error) {
	st, err := sqlstore.OpenExisting(ctx, dbURL)
	if errors.Is(err, sqlstore.ErrNoDatabase) {
		return nil, fmt.Errorf("%w (check --db; 'sitrep ingest --db URL' creates and fills one)", err)
	}
	return st, err
}
