package hostile_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"sitrep/internal/shared"

	"sitrep/internal/hostile"
)

// Limits of one sitrep run over the corpus.
const (
	runTimeout = 120 * time.Second // a run still going after this is a hang
	maxRSSKiB  = 1 << 20           // 1 GiB of peak resident memory
)

// The sizes of the big files. By default they are small enough that a run
// stays short on a busy machine; -hostile.full uses the sizes of issue 8
// (an 8 MB text, a 5 MB line, an 8 MB record). The gzip bomb always has its
// full size.
var (
	full = flag.Bool("hostile.full", false, "feed sitrep the big files at issue-8 sizes (slow)")

	smallOptions = hostile.Options{Big: 512 << 10, Long: 512 << 10, Record: 512 << 10}
	fullOptions  = hostile.Options{} // the sizes of issue 8: a 50 MB text, a 100 MB record
)

// TestHostile runs `sitrep annotate` and `sitrep ingest` over the corpus and
// checks that sitrep survives it: no crash, no hang, bounded memory, every
// input accounted for, valid output.
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus: skipped with -short (builds sitrep and feeds it ~50 MB of bad input)")
	}
	tmp := t.TempDir()
	bin := buildSitrep(t, tmp)
	dir := filepath.Join(tmp, "corpus")
	o := smallOptions
	if *full {
		o = fullOptions
	}
	cases, err := hostile.Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}

	var annotated annotateResult
	t.Run("annotate", func(t *testing.T) {
		r := runSitrep(t, bin, "annotate", dir)
		annotated = checkAnnotate(t, cases, r)
	})
	t.Run("ingest", func(t *testing.T) {
		db := filepath.Join(tmp, "ingest.db")
		r := runSitrep(t, bin, "ingest", "--quiet", "--db", "sqlite:"+db, dir)
		checkIngest(t, cases, r, annotated)
	})
}

// TestGenerateDeterministic checks that the corpus is the same bytes every
// time and that every case is what it says.
func TestGenerateDeterministic(t *testing.T) {
	o := hostile.Options{Big: 1 << 20, Long: 1 << 20, Record: 1 << 20, Bomb: 20<<20 + 5}
	a, err := hostile.Generate(filepath.Join(t.TempDir(), "a"), o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := hostile.Generate(filepath.Join(t.TempDir(), "b"), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) || len(a) < 15 {
		t.Fatalf("got %d and %d cases, want the same number and at least 15", len(a), len(b))
	}
	names := make([]string, len(a))
	for i := range a {
		names[i] = a[i].Name
		x, err := os.ReadFile(a[i].Path)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(b[i].Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two runs wrote different bytes", a[i].Name)
		}
		if strings.HasSuffix(a[i].Name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(x))
			if err != nil {
				t.Fatalf("%s: %v", a[i].Name, err)
			}
			n, err := io.Copy(io.Discard, zr)
			if err != nil || n != o.Bomb {
				t.Errorf("%s: inflates to %d bytes (%v), want %d", a[i].Name, n, err, o.Bomb)
			}
		}
		if int64(len(x)) != a[i].Size {
			t.Errorf("%s: Size %d, file has %d bytes", a[i].Name, a[i].Size, len(x))
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("cases not in lexical order: %v", names)
	}
	// The full-size options reach the sizes the corpus promises.
	full := hostile.Options{}
	if hostile.DefaultBomb <= 1<<30 || full.Big != 0 || hostile.DefaultBig != 50<<20 || hostile.DefaultRecord != 100<<20 {
		t.Errorf("default sizes changed: bomb %d, big %d, record %d", hostile.DefaultBomb, hostile.DefaultBig, hostile.DefaultRecord)
	}
}

// moduleRoot is the directory of sitrep's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := shared.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildSitrep builds the sitrep command (without -race, whatever the test
// runs with) into dir. SITREP_BIN names a binary to test instead.
func buildSitrep(t *testing.T, dir string) string {
	t.Helper()
	if bin := os.Getenv("SITREP_BIN"); bin != "" {
		return bin
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH to build sitrep")
	}
	bin := filepath.Join(dir, "sitrep")
	cmd := exec.Command(gotool, "build", "-o", bin, "sitrep/cmd/sitrep")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build sitrep: %v\n%s", err, out)
	}
	return bin
}

// run is what one sitrep run did.
type run struct {
	name   string
	stdout []byte
	stderr []byte
	exit   int
	rssKiB int64
	wall   time.Duration
}

// runSitrep runs bin with args under the run timeout and checks what every
// run must satisfy: it ends in time, exits 0 or 1, does not crash and stays
// under the memory limit.
func runSitrep(t *testing.T, bin string, args ...string) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{name: "sitrep " + strings.Join(args, " "), stdout: stdout.Bytes(), stderr: stderr.Bytes(), wall: time.Since(start)}
	if cmd.ProcessState != nil {
		r.exit = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssKiB = ru.Maxrss // KiB on Linux
		}
	}
	t.Logf("%s: exit %d, %.1f s, peak RSS %d MiB, %d bytes out, %d bytes err",
		r.name, r.exit, r.wall.Seconds(), r.rssKiB>>10, len(r.stdout), len(r.stderr))
	if ctx.Err() != nil {
		t.Fatalf("%s: still running after %v (a hang); stderr:\n%s", r.name, runTimeout, tail(r.stderr))
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%s: %v", r.name, err)
	}
	if r.exit != 0 && r.exit != 1 {
		t.Errorf("%s: exit status %d, want 0 or 1; stderr:\n%s", r.name, r.exit, tail(r.stderr))
	}
	if bytes.Contains(r.stderr, []byte("panic:")) || bytes.Contains(r.stderr, []byte("goroutine ")) {
		t.Errorf("%s: crashed; stderr:\n%s", r.name, tail(r.stderr))
	}
	if r.rssKiB >= maxRSSKiB {
		t.Errorf("%s: peak RSS %d MiB, want < %d MiB", r.name, r.rssKiB>>10, maxRSSKiB>>10)
	}
	return r
}

// tail returns the end of a long output, for failure messages.
func tail(b []byte) string {
	const n = 8 << 10
	if len(b) > n {
		return "...\n" + string(b[len(b)-n:])
	}
	return string(b)
}

// document is the part of a JSON Lines document object the checks read.
type document struct {
	Path     string   `json:"path"`
	Text     *string  `json:"text"`
	Problems []string `json:"problems"`
	Entities []struct {
		Mentions [][2]int `json:"mentions"`
	} `json:"entities"`
	Quotes []struct {
		Start   int     `json:"start"`
		End     int     `json:"end"`
		Cue     *[2]int `json:"cue_span"`
		Mention *[2]int `json:"speaker_mention"`
	} `json:"quotes"`
	Times []struct {
		Start int `json:"start"`
		End   int `json:"end"`
	} `json:"times"`
	Events []struct {
		Start   int     `json:"start"`
		End     int     `json:"end"`
		Trigger *[2]int `json:"trigger_span"`
	} `json:"events"`
	Sentences [][2]int `json:"sentences"`
}

// spans lists every span of d with a name for messages.
func (d *document) spans() map[string][2]int {
	s := map[string][2]int{}
	for i, e := range d.Entities {
		for j, m := range e.Mentions {
			s[fmt.Sprintf("entity %d mention %d", i, j)] = m
		}
	}
	for i, q := range d.Quotes {
		s[fmt.Sprintf("quote %d", i)] = [2]int{q.Start, q.End}
		if q.Cue != nil {
			s[fmt.Sprintf("quote %d cue", i)] = *q.Cue
		}
		if q.Mention != nil {
			s[fmt.Sprintf("quote %d speaker mention", i)] = *q.Mention
		}
	}
	for i, x := range d.Times {
		s[fmt.Sprintf("time %d", i)] = [2]int{x.Start, x.End}
	}
	for i, e := range d.Events {
		s[fmt.Sprintf("event %d", i)] = [2]int{e.Start, e.End}
		if e.Trigger != nil {
			s[fmt.Sprintf("event %d trigger", i)] = *e.Trigger
		}
	}
	for i, x := range d.Sentences {
		s[fmt.Sprintf("sentence %d", i)] = x
	}
	return s
}

// annotateResult is what the annotate run gave, for the ingest run to
// compare with.
type annotateResult struct {
	docs    int // documents written
	unread  int // files named on stderr
	checked bool
}

// parseDocuments checks that out is valid JSON Lines of document objects
// with spans inside their text and returns them.
func parseDocuments(t *testing.T, out []byte) []document {
	t.Helper()
	var docs []document
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, len(out)+1)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if !utf8.Valid(line) {
			t.Errorf("output line %d is not valid UTF-8", n)
		}
		var d document
		if err := json.Unmarshal(line, &d); err != nil {
			t.Errorf("output line %d is not a JSON object: %v: %.200s", n, err, line)
			continue
		}
		if d.Path == "" || d.Text == nil {
			t.Errorf("output line %d: no path or no text: %.200s", n, line)
			continue
		}
		for what, s := range d.spans() {
			if s[0] < 0 || s[0] > s[1] || s[1] > len(*d.Text) {
				t.Errorf("%s: %s [%d, %d] outside the text (%d bytes)", d.Path, what, s[0], s[1], len(*d.Text))
			}
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading output: %v", err)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Errorf("output does not end with a newline")
	}
	return docs
}

// fileOf returns the input file a document path names: the path itself, or
// the path before "#N" for a JSON Lines record.
func fileOf(path string) (file string, record int) {
	if i := strings.LastIndexByte(path, '#'); i >= 0 {
		if n, err := strconv.Atoi(path[i+1:]); err == nil {
			return path[:i], n
		}
	}
	return path, 0
}

func checkAnnotate(t *testing.T, cases []hostile.Case, r run) annotateResult {
	docs := parseDocuments(t, r.stdout)
	byFile := map[string][]document{}
	var order []string
	for _, d := range docs {
		f, _ := fileOf(d.Path)
		if len(order) == 0 || order[len(order)-1] != f {
			order = append(order, f)
		}
		byFile[f] = append(byFile[f], d)
	}
	known := map[string]int{}
	for i, c := range cases {
		known[c.Path] = i
	}
	// Documents come in input order: the lexical order of the files.
	for i := 1; i < len(order); i++ {
		a, aok := known[order[i-1]]
		b, bok := known[order[i]]
		if !aok || !bok || a >= b {
			t.Errorf("documents out of input order: %s then %s", order[i-1], order[i])
		}
	}
	res := annotateResult{docs: len(docs), checked: true}
	for _, c := range cases {
		named := namedOnStderr(r.stderr, c.Path)
		if named {
			res.unread++
		}
		ds := byFile[c.Path]
		switch {
		case len(ds) == 0 && !named:
			t.Errorf("%s (%s): neither a document nor a line on stderr", c.Name, c.What)
			continue
		case len(ds) == 0:
			continue
		}
		if c.Records > 0 {
			seen := map[int]bool{}
			for _, d := range ds {
				_, n := fileOf(d.Path)
				seen[n] = true
			}
			for n := 1; n <= c.Records; n++ {
				if !seen[n] {
					t.Errorf("%s (%s): no document for record %d", c.Name, c.What, n)
				}
			}
		}
		problems := 0
		for _, d := range ds {
			problems += len(d.Problems)
		}
		if c.Want == hostile.WantProblem && problems == 0 && !named {
			t.Errorf("%s (%s): want %s; got %d document(s) without problems", c.Name, c.What, c.Want, len(ds))
		}
		t.Logf("%-24s %d doc(s), %d problem(s): %s", c.Name, len(ds), problems, firstProblem(ds))
	}
	for f := range byFile {
		if _, ok := known[f]; !ok {
			t.Errorf("document for %s, which is not in the corpus", f)
		}
	}
	return res
}

func firstProblem(ds []document) string {
	for _, d := range ds {
		if len(d.Problems) > 0 {
			return d.Problems[0]
		}
	}
	return ""
}

// namedOnStderr reports whether a line of stderr names path.
func namedOnStderr(stderr []byte, path string) bool {
	for line := range bytes.Lines(stderr) {
		if bytes.Contains(line, []byte(path)) && !bytes.HasPrefix(line, []byte("ingested ")) {
			return true
		}
	}
	return false
}

var summaryRE = regexp.MustCompile(`(?m)^ingested (\d+) documents \((\d+) new, (\d+) already stored, (\d+) not stored\), (\d+) events, (\d+) problems, (\d+) unreadable`)

func checkIngest(t *testing.T, cases []hostile.Case, r run, a annotateResult) {
	m := summaryRE.FindSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no summary line on stderr:\n%s", tail(r.stderr))
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(string(m[i]))
	}
	read, stored, skipped, unstored, unread := n[1], n[2], n[3], n[4], n[7]
	if unstored != 0 {
		t.Errorf("summary: %d documents read but not stored", unstored)
	}
	t.Logf("summary: %s", m[0])
	// Every file is either read (one document, or one per record) or
	// counted unreadable and named on stderr.
	want := 0
	for _, c := range cases {
		if namedOnStderr(r.stderr, c.Path) {
			continue
		}
		want += max(c.Records, 1)
	}
	if read != want {
		t.Errorf("summary counts %d documents read, want %d (one per file and per JSON Lines record, less the unreadable)", read, want)
	}
	if stored+skipped != read {
		t.Errorf("summary: %d new + %d already stored != %d read", stored, skipped, read)
	}
	named := 0
	for _, c := range cases {
		if namedOnStderr(r.stderr, c.Path) {
			named++
		}
	}
	if unread != named {
		t.Errorf("summary counts %d unreadable inputs, %d are named on stderr", unread, named)
	}
	if a.checked && (read != a.docs || unread != a.unread) {
		t.Errorf("ingest read %d documents, %d unreadable; annotate wrote %d documents, %d unreadable", read, unread, a.docs, a.unread)
	}
}
