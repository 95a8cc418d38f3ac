package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs sitrep with args and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// decode reads JSON Lines into generic objects.
func decode(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("output is not JSON Lines: %v\n%s", err, s)
		}
		out = append(out, m)
	}
	return out
}

// The fields CONTRACT.md fixes, by object.
var contractFields = map[string][]string{
	"document": {"path", "title", "outlet", "published", "text", "entities", "quotes", "times", "events", "problems"},
	"entity":   {"id", "name", "type", "country", "role", "mentions"},
	"quote":    {"text", "start", "end", "speaker", "speaker_name", "direct"},
	"time":     {"text", "start", "end", "type", "value"},
	"event": {"type", "mode", "cameo", "goldstein", "actor", "recipient", "date", "negated", "modality",
		"start", "end"},
}

func checkFields(t *testing.T, kind string, m map[string]any) {
	t.Helper()
	for _, f := range contractFields[kind] {
		if _, ok := m[f]; !ok {
			t.Errorf("%s lacks contract field %q: %v", kind, f, m)
		}
	}
}

func TestAnnotateContractFields(t *testing.T) {
	code, out, stderr := run(t, "", "annotate", "--published", "2017-01-24",
		filepath.Join("..", "..", "corpus", "articles", "09_kerry_moscow.txt"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	docs := decode(t, out)
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	d := docs[0]
	checkFields(t, "document", d)
	text := d["text"].(string)
	inText := func(kind string, m map[string]any) {
		s, e := int(m["start"].(float64)), int(m["end"].(float64))
		if s < 0 || e > len(text) || s > e {
			t.Errorf("%s span [%d,%d) outside text of %d bytes", kind, s, e, len(text))
		}
	}
	for kind, key := range map[string]string{"entity": "entities", "quote": "quotes", "time": "times", "event": "events"} {
		for _, x := range d[key].([]any) {
			m := x.(map[string]any)
			checkFields(t, kind, m)
			if kind != "entity" {
				inText(kind, m)
			}
		}
	}
}

func TestAnnotateRawKeepsInputBytes(t *testing.T) {
	in := "Turkey and Russia agreed on Tuesday to cooperate.\n\n\"We will,\" he said.  \n"
	code, out, _ := run(t, in, "annotate", "--raw", "-")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	docs := decode(t, out)
	if len(docs) != 1 || docs[0]["text"] != in {
		t.Fatalf("--raw text = %q, want the input byte for byte", docs[0]["text"])
	}
	if docs[0]["path"] != "-" {
		t.Errorf("path = %v, want -", docs[0]["path"])
	}
}

func TestAnnotateInputOrderAndJSONLines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", "Second file. It talks about Russia.")
	write("a.jsonl", `{"text":"First record about Iran.","published":"2016-01-02","title":"One"}`+"\n"+
		`{"text":"Second record about Syria.","url":"http://example.com/2"}`+"\n")
	write("c.html", "<html><head><title>Third</title></head><body><article><p>The third document is a web page "+
		"about the coalition against the Islamic State, long enough to be the main text of the page.</p>"+
		"<p>It has a second paragraph that says more about the strikes in Syria and Iraq.</p></article></body></html>")
	code, out, stderr := run(t, "", "annotate", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	docs := decode(t, out)
	var paths []string
	for _, d := range docs {
		paths = append(paths, filepath.Base(d["path"].(string)))
	}
	want := []string{"a.jsonl#1", "a.jsonl#2", "b.txt", "c.html"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Fatalf("paths = %v, want %v", paths, want)
	}
	if docs[0]["published"] != "2016-01-02" || docs[0]["title"] != "One" {
		t.Errorf("JSON Lines record fields lost: %v", docs[0])
	}
}

func TestBadInputNeverFatal(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"1-empty.txt":   {},
		"2-binary.bin":  {0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8},
		"3-invalid.txt": []byte("Valid start \xff\xfe then Russia said \xc3 more."),
		"4-trunc.jsonl": []byte(`{"text":"fine"}` + "\n" + `{"text":"cut off`),
		"5-ok.txt":      []byte("The United States said on Monday it would not coordinate with Iran."),
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := run(t, "", "annotate", dir, filepath.Join(dir, "missing.txt"))
	if code != exitPartial {
		t.Errorf("exit %d, want %d (one input missing)", code, exitPartial)
	}
	if !strings.Contains(stderr, "missing.txt") {
		t.Errorf("stderr does not name the missing file: %q", stderr)
	}
	docs := decode(t, out)
	if len(docs) < 5 {
		t.Fatalf("%d documents for 5 readable inputs (6 records): %s", len(docs), out)
	}
	problems := 0
	for _, d := range docs {
		problems += len(d["problems"].([]any))
	}
	if problems < 3 {
		t.Errorf("only %d problems reported for empty, binary, invalid and truncated inputs", problems)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"unknown command", []string{"frobnicate"}},
		{"annotate without paths", []string{"annotate"}},
		{"bad date", []string{"annotate", "--published", "2017-13-45", "-"}},
		{"unknown flag", []string{"events", "--bogus"}},
		{"bad format", []string{"events", "--format", "xml"}},
	}
	for _, c := range cases {
		code, _, _ := run(t, "", c.args...)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", c.name, code, exitUsage)
		}
	}
}

func TestIngestIsIdempotentAndQueryable(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	articles := filepath.Join("..", "..", "corpus", "articles")
	code, _, stderr := run(t, "", "ingest", "--quiet", "--db", db, articles)
	if code != exitOK {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "12 new") {
		t.Errorf("summary = %q, want 12 new documents", stderr)
	}
	code, _, stderr = run(t, "", "ingest", "--quiet", "--db", db, articles)
	if code != exitOK || !strings.Contains(stderr, "0 new, 12 already stored") {
		t.Errorf("second ingest: exit %d, summary %q", code, stderr)
	}
	code, out, _ := run(t, "", "actors", "--db", db, "--format", "jsonl")
	if code != exitOK || out == "" {
		t.Errorf("actors: exit %d, output %q", code, out)
	}
	for _, args := range [][]string{
		{"events", "--db", db},
		{"events", "--db", db, "--actor", "USA", "--since", "2016-01-01"},
		{"quotes", "--db", db, "--speaker", "Kerry"},
	} {
		if code, _, stderr := run(t, "", args...); code != exitOK {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

func TestDemo(t *testing.T) {
	code, out, stderr := run(t, "", "demo", "--db", "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	if code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "12 documents") {
		t.Errorf("demo output lacks the summary line:\n%s", out)
	}
}

func TestCancelledContextStopsAnnotate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := &env{stdin: strings.NewReader("x"), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	if err := runAnnotate(ctx, e, []string{"-"}); err == nil {
		t.Error("annotate with a cancelled context returned no error")
	}
}
