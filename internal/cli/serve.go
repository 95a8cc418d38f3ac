package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/server"
	"sitrep/internal/store/sqlstore"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve")
	dbURL := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	tokenFile := fs.String("token-file", "", "read the write token from `FILE` (enables POST /api/documents; "+
		"$SITREP_TOKEN does the same)")
	logFormat := fs.String("log", "text", "log format: text or json")
	create := fs.Bool("create", false, "create the SQLite database if it does not exist (else that is an error)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if *logFormat != "text" && *logFormat != "json" {
		return usageErr("--log %q: want text or json", *logFormat)
	}
	token := os.Getenv("SITREP_TOKEN")
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return fmt.Errorf("token: %w", err)
		}
		token = strings.TrimSpace(string(b))
		if token == "" {
			return fmt.Errorf("token: %s is empty", *tokenFile)
		}
	}
	var h slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if *logFormat == "json" {
		h = slog.NewJSONHandler(e.stderr, nil)
	}
	log := slog.New(h)
	open := openExisting
	if *create {
		open = sqlstore.Open
	}
	st, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	p := pipeline.Standard()
	so := server.Options{
		Token:    token,
		Annotate: func(ctx context.Context, d *doc.Document) error { return p.Process(ctx, d) },
		Logger:   log,
	}
	if token != "" {
		// Posted documents join stories as ingested ones do.
		asg, err := newStoryAssigner(ctx, st)
		if err != nil {
			return err
		}
		so.Put = asg.put
	}
	srv, err := server.New(st, so)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(e.stderr, "sitrep serve: http://%s/ (API description at /api/openapi.json)\n", l.Addr())
	return srv.Serve(ctx, l)
}
