//go:build tools

// Package internal pins the external modules sitrep builds on, so that go.mod
// lists them before the packages that import them are written.
package internal

import (
	_ "github.com/jackc/pgx/v5"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/nats-io/nats-server/v2/server"
	_ "github.com/nats-io/nats.go"
	_ "golang.org/x/net/html"
	_ "golang.org/x/term"
	_ "modernc.org/sqlite"
)
