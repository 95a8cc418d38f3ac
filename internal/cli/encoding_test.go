package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWindows1252Article: an article saved in Windows-1252 (curly quotes,
// dashes, accents, no declaration) reads as written, and the guess is
// recorded.
func TestWindows1252Article(t *testing.T) {
	code, out, stderr := run(t, "", "annotate", filepath.Join("..", "charset", "testdata", "paris-cp1252.txt"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	docs := decode(t, out)
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	if d["title"] != "Paris talks — agreement" {
		t.Errorf("title = %q, want %q", d["title"], "Paris talks — agreement")
	}
	text, _ := d["text"].(string)
	for _, want := range []string{"“Paris talks”", "agreement – a détente", "Zürich", "José Martínez…", "€5 million"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q: %q", want, text)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Errorf("U+FFFD in %q", text)
	}
	if p := d["problems"].([]any); len(p) != 1 || !strings.Contains(p[0].(string), "decoded from windows-1252") {
		t.Errorf("problems %v, want the recorded guess", p)
	}
}
