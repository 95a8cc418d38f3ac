package cli

import (
	"bufio"
	"context"
	"strings"

	"sitrep/internal/export"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export")
	dbURL := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	format := fs.String("format", "", "gdelt, plover, csv, graphml or geojson (required)")
	var f store.EventFilter
	fs.StringVar(&f.Actor, "actor", "", "actor `CODE`: country code, canonical name or key")
	fs.StringVar(&f.Recipient, "recipient", "", "recipient `CODE`")
	fs.StringVar(&f.Type, "type", "", "PLOVER event `TYPE` (COOPERATE, ASSAULT, ...)")
	fs.StringVar(&f.Country, "country", "", "an actor or recipient has this country `CODE`")
	fs.StringVar(&f.Modality, "modality", "", "asserted, future, hypothetical or claimed")
	fs.StringVar(&f.Since, "since", "", "events on or after `YYYY-MM-DD`")
	fs.StringVar(&f.Until, "until", "", "events on or before `YYYY-MM-DD`")
	fs.IntVar(&f.Limit, "limit", 0, "at most `N` events (0: all)")
	view := fs.String("view", "rolled", viewUsage)
	near := registerExportPlaceFlags(fs, &f)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if f.View, err = parseViewFlag(*view); err != nil {
		return err
	}
	if err := near(); err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	var names []string
	known := false
	for _, x := range export.Formats {
		names = append(names, string(x))
		known = known || string(x) == *format
	}
	if !known {
		return usageErr("--format %q: want one of %s", *format, strings.Join(names, ", "))
	}
	for _, d := range []struct{ name, v string }{{"since", f.Since}, {"until", f.Until}} {
		if err := validDate(d.name, d.v); err != nil {
			return err
		}
	}
	if f.Limit < 0 {
		return usageErr("--limit must not be negative")
	}
	st, err := openExisting(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriter(e.stdout)
	if err := export.Write(ctx, w, st, export.Format(*format), f); err != nil {
		return err
	}
	return w.Flush()
}
