package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMistypedDB: a command that only reads never creates a database: a
// missing SQLite file is an error naming it, exit 1, and no file appears.
func TestMistypedDB(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"events", "--db", filepath.Join(dir, "typo.db")},
		{"actors", "--db", "sqlite:" + filepath.Join(dir, "typo.db")},
		{"quotes", "--db", filepath.Join(dir, "typo.db")},
		{"export", "--format", "csv", "--db", filepath.Join(dir, "typo.db")},
		{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "typo.db")},
	} {
		code, out, stderr := run(t, "", args...)
		if code != exitPartial {
			t.Errorf("%v: exit %d, want %d", args, code, exitPartial)
		}
		if !strings.Contains(stderr, "typo.db") || !strings.Contains(stderr, "no such database") {
			t.Errorf("%v: stderr %q does not name the missing database", args, stderr)
		}
		if out != "" {
			t.Errorf("%v: output %q", args, out)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			t.Errorf("%v created %s", args, e.Name())
		}
	}
}
