package cli

import (
	"context"
	"errors"
)

// errNotYet is returned by commands whose issue is still open.
var errNotYet = errors.New("not available in this build yet")

func runServe(ctx context.Context, e *env, args []string) error { return errNotYet }
