package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sitrep/internal/nlp/ner"
	"sitrep/internal/nlp/parse"
	"sitrep/internal/nlp/pos"
)

// TestCommandsLoadNoModel checks that help and the query commands load no
// trained model: each runs in a fresh process (this test binary run again),
// which reports which models its command loaded.
func TestCommandsLoadNoModel(t *testing.T) {
	if os.Getenv("SITREP_LAZY_CHILD") != "" {
		t.Skip("in the child")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "lazy.db")
	one := filepath.Join(t.TempDir(), "one.txt")
	if err := os.WriteFile(one, []byte("The minister spoke in Paris on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string // the models loaded, in name order
	}{
		{"help", []string{"help"}, "none"},
		{"no command", nil, "none"},
		{"events", []string{"events", "--db", db, "--actor", "USA"}, "none"},
		{"actors", []string{"actors", "--db", db}, "none"},
		{"quotes", []string{"quotes", "--db", db, "--speaker", "Spicer"}, "none"},
		{"export", []string{"export", "--format", "csv", "--db", db}, "none"},
		{"bad command", []string{"no-such-command"}, "none"},
		// The control: annotating loads every model.
		{"annotate", []string{"annotate", one}, "ner parse pos"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestLazyChild$", "-test.v")
			env := strings.Join(c.args, "\x1f")
			if len(c.args) == 0 {
				env = "-"
			}
			cmd.Env = append(os.Environ(), "SITREP_LAZY_CHILD="+env)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child failed: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "loaded: "+c.want+"\n") {
				t.Errorf("sitrep %s: want loaded: %s, got\n%s", strings.Join(c.args, " "), c.want, out)
			}
		})
	}
}

// TestLazyChild runs one command for TestCommandsLoadNoModel and reports
// the models it loaded.
func TestLazyChild(t *testing.T) {
	env := os.Getenv("SITREP_LAZY_CHILD")
	if env == "" {
		t.Skip("run by TestCommandsLoadNoModel")
	}
	var args []string
	if env != "-" {
		args = strings.Split(env, "\x1f")
	}
	run(t, "", args...)
	var loaded []string
	for name, ok := range map[string]bool{"pos": pos.Loaded(), "parse": parse.Loaded(), "ner": ner.Loaded()} {
		if ok {
			loaded = append(loaded, name)
		}
	}
	slices.Sort(loaded)
	if len(loaded) == 0 {
		loaded = []string{"none"}
	}
	t.Logf("loaded: %s", strings.Join(loaded, " "))
}
