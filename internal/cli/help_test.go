package cli

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpListsEveryFlag: 'sitrep help' names every flag of every command,
// in that command's own paragraph. The flags are read from the commands
// themselves (their --help), so a new flag without a word of help fails.
func TestHelpListsEveryFlag(t *testing.T) {
	flagRe := regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`)
	sections := helpSections(t)
	for _, c := range commands() {
		_, _, stderr := run(t, "", c.name, "--help")
		flags := flagRe.FindAllStringSubmatch(stderr, -1)
		if len(flags) == 0 && c.name != "demo" {
			t.Logf("%s: no flags found in --help output %q", c.name, stderr)
		}
		section, ok := sections[c.name]
		if !ok {
			t.Errorf("sitrep help has no paragraph for %s", c.name)
			continue
		}
		for _, f := range flags {
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(f[1]) + `\b`).MatchString(section) {
				t.Errorf("sitrep help does not list %s --%s", c.name, f[1])
			}
		}
	}
}

// helpSections splits the usage text into each command's paragraph: from
// the line that starts with the command's name to the next such line.
func helpSections(t *testing.T) map[string]string {
	names := map[string]bool{}
	for _, c := range commands() {
		names[c.name] = true
	}
	out := map[string]string{}
	cur := ""
	for _, line := range strings.Split(usage, "\n") {
		if strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "\t\t") {
			word, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			switch {
			case names[word]:
				cur = word
			case strings.HasPrefix(word, "--") || strings.HasPrefix(word, "["):
				// a continued synopsis line
			default:
				cur = ""
			}
		} else if line != "" && !strings.HasPrefix(line, "\t") {
			cur = ""
		}
		if cur != "" {
			out[cur] += line + "\n"
		}
	}
	return out
}
