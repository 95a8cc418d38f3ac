package cli

import (
	"context"
	"errors"
)

// These commands are built by open issues; until then they say so.
var errNotYet = errors.New("not available in this build yet")

func runServe(ctx context.Context, e *env, args []string) error { return errNotYet }
func runTag(ctx context.Context, e *env, args []string) error   { return errNotYet }
func runParse(ctx context.Context, e *env, args []string) error { return errNotYet }
func runTrain(ctx context.Context, e *env, args []string) error { return errNotYet }
