package cli

import (
	"context"
	"fmt"
	"strings"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// Actor identity commands (issue 13):
//
//	sitrep actors --aliases KEY [--db URL]     the names and documents behind an actor
//	sitrep actors merge KEEP OTHER [--db URL]  OTHER is the same actor as KEEP
//	sitrep actors split KEY OTHER [--db URL]   OTHER is not KEY (undoes a merge or a surname attachment)
//	sitrep actors decisions [--db URL]         the recorded merges and splits
//
// Decisions are stored in the database and applied to every later ingest.

// hasAliasesFlag reports whether args ask for an actor's aliases.
func hasAliasesFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--aliases" || a == "-aliases" || strings.HasPrefix(a, "--aliases=") || strings.HasPrefix(a, "-aliases=") {
			return true
		}
	}
	return false
}

func runActorAliases(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "actors")
	var o queryOptions
	o.register(fs)
	key := fs.String("aliases", "", "list the names and documents behind the actor with this `KEY`")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if err := o.check(); err != nil {
		return err
	}
	if strings.TrimSpace(*key) == "" {
		return usageErr("--aliases needs an actor KEY (the key column of `sitrep annotate` entities)")
	}
	st, err := sqlstore.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.Aliases(ctx, *key)
	if err != nil {
		return err
	}
	if o.format == "jsonl" {
		return writeJSONL(e.stdout, rows)
	}
	t := newTable(e.stdout, "KEY", "NAME", "TYPE", "COUNTRY", "DOCS", "MENTIONS", "DOCUMENT IDS")
	for _, r := range rows {
		ids := make([]string, len(r.DocumentIDs))
		for i, id := range r.DocumentIDs {
			ids[i] = fmt.Sprint(id)
		}
		t.row(r.Key, r.Name, r.Type, orDash(r.Country), fmt.Sprint(r.Documents), fmt.Sprint(r.Mentions), strings.Join(ids, ","))
	}
	return t.flush()
}

func runActorDecision(ctx context.Context, e *env, action string, args []string) error {
	fs := newFlags(e, "actors "+action)
	db := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if action == "decisions" {
		if len(rest) > 0 {
			return usageErr("unexpected argument %q", rest[0])
		}
	} else if len(rest) != 2 || rest[0] == rest[1] {
		return usageErr("actors %s needs two different keys: KEY OTHER", action)
	}
	st, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var c store.Curator = st
	switch action {
	case "merge":
		err = c.Merge(ctx, rest[0], rest[1])
	case "split":
		err = c.Split(ctx, rest[0], rest[1])
	}
	if err != nil {
		return err
	}
	ds, err := c.Decisions(ctx)
	if err != nil {
		return err
	}
	if action != "decisions" {
		fmt.Fprintf(e.stdout, "recorded: %s %s %s (%d decisions in the store)\n", action, rest[0], rest[1], len(ds))
		return nil
	}
	t := newTable(e.stdout, "ACTION", "KEY", "OTHER", "MADE")
	for _, d := range ds {
		t.row(d.Action, d.Key, d.Other, d.Made)
	}
	return t.flush()
}
