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

// TestTruncatedRecordText: annotating a JSON Lines file whose last record
// is cut off gives that record's text as the document's text, not as its
// title.
func TestTruncatedRecordText(t *testing.T) {
	in := `{"text":"The minister met the envoy in Paris on Monday.","title":"One"}` + "\n" +
		`{"title":"Two","text":"Russia and Turkey agreed on a ceasefire in Syria on Tuesday. The talks will continue next week in Geneva, officials said`
	code, out, stderr := run(t, in, "annotate", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	docs := decode(t, out)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	last := docs[1]
	if last["title"] != "Two" {
		t.Errorf("title = %q, want Two", last["title"])
	}
	if text, _ := last["text"].(string); !strings.HasPrefix(text, "Russia and Turkey agreed") ||
		!strings.HasSuffix(text, "officials said") {
		t.Errorf("text = %q, want the recovered text", text)
	}
}
