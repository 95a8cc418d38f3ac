// Package shared finds the folder that sits beside sitrep's module: the
// seed articles (../shared/seeds) and the public data sets (../shared/data)
// that training, evaluation and tests read. Nothing in it is ever copied
// into the project.
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// ErrNoModule is returned when no go.mod is found above the working
// directory.
var ErrNoModule = errors.New("sitrep module root (go.mod) not found above the working directory")

// ModuleRoot returns the directory holding sitrep's go.mod, walking up from
// the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoModule
		}
		dir = parent
	}
}

// DataDir is the public data sets' folder: $SITREP_DATA when set, else
// ../shared/data beside the module root.
func DataDir() (string, error) {
	if d := os.Getenv("SITREP_DATA"); d != "" {
		return d, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "..", "shared", "data"), nil
}

// Path joins elem to DataDir ("conll2003", "eng.testa").
func Path(elem ...string) (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(append([]string{d}, elem...)...), nil
}

// Require returns the path of elem under the data folder, or skips the test
// with a message naming what is missing when it does not exist.
func Require(t testing.TB, elem ...string) string {
	t.Helper()
	p, err := Path(elem...)
	if err != nil {
		t.Skipf("shared data not found: %v", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found (../shared/data absent?): %v", p, err)
	}
	return p
}

// Seeds returns the seed articles' folder (../shared/seeds), or an error
// naming it when it is absent.
func Seeds() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("seed articles: %w", err)
	}
	return dir, nil
}

// RequireSeeds returns the seed articles' folder, or skips the test with a
// message when it is absent.
func RequireSeeds(t testing.TB) string {
	t.Helper()
	dir, err := Seeds()
	if err != nil {
		t.Skipf("%v (../shared absent?)", err)
	}
	return dir
}

// Mallocs is the number of heap allocations the process has made so far:
// benchmarks divide its growth by the tokens they process to report
// allocations per token.
func Mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}
