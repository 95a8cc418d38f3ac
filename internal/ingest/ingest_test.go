package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/doc"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want doc.Format
	}{
		// HTML by its opening.
		{"doctype", "<!DOCTYPE html><html><body><p>Hi</p></body></html>", doc.FormatHTML},
		{"html tag after blanks", "\n\n  <HTML lang=en><p>x", doc.FormatHTML},
		{"comment then html", "<!-- saved page -->\n<html><head>", doc.FormatHTML},
		{"head only", "<head><title>T</title></head>", doc.FormatHTML},
		{"bom then body", "\xef\xbb\xbf<body>text</body>", doc.FormatHTML},
		// HTML by tag density.
		{"fragment", "<div><p>One</p><p>Two</p><p>Three</p></div>", doc.FormatHTML},
		{"tags in text", "Intro line\n<p>a</p><p>b</p><br><br><div>c</div>", doc.FormatHTML},
		// JSON Lines.
		{"jsonl", `{"text": "a"}` + "\n" + `{"text": "b", "url": "u"}` + "\n", doc.FormatJSONL},
		{"jsonl blank lines", "\n" + `{"title": "t", "text": "a"}` + "\n\n", doc.FormatJSONL},
		{"jsonl first broken", `{"text": "a` + "\n" + `{"text": "b"}` + "\n", doc.FormatJSONL},
		{"json without text", `{"body": "a"}` + "\n", doc.FormatText},
		{"json array", `[{"text": "a"}]`, doc.FormatText},
		{"jsonl then prose", `{"text": "a"}` + "\nHello there\n", doc.FormatText},
		// Plain text.
		{"prose", "Title\n\nThe White House said on Monday that x < y and y > z.\n", doc.FormatText},
		{"empty", "", doc.FormatText},
		{"a few angle brackets", "Use <b> for bold, they said.", doc.FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.in)); got != tt.want {
				t.Errorf("Detect(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// writeFiles creates files under a temporary folder and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Bytes()
}

// all reads every document of s, collecting errors.
func all(t *testing.T, s *Source) (docs []*doc.Document, errs []error) {
	t.Helper()
	for range 10000 {
		d, err := s.Next()
		if errors.Is(err, io.EOF) {
			return docs, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	t.Fatal("Next never returned io.EOF")
	return nil, nil
}

func problems(d *doc.Document) string {
	var s []string
	for _, p := range d.Problems {
		s = append(s, p.String())
	}
	return strings.Join(s, "; ")
}

func TestFiles(t *testing.T) {
	bigText := bytes.Repeat([]byte("All work and no play makes Jack a dull boy. "), 30000) // ~1.3 MB
	tests := []struct {
		name    string
		data    []byte
		o       Options
		format  doc.Format
		raw     string // want Raw (prefix when rawPre)
		rawPre  bool
		problem string // substring of the problems, "" for none
	}{
		// Good input.
		{name: "text", data: []byte("Headline\n\nBody.\n"), format: doc.FormatText, raw: "Headline\n\nBody.\n"},
		{name: "html", data: []byte("<html><body><p>Hi</p></body></html>"), format: doc.FormatHTML,
			raw: "<html><body><p>Hi</p></body></html>"},
		{name: "gzip text", data: gz(t, []byte("Zipped story.\n")), format: doc.FormatText, raw: "Zipped story.\n"},
		{name: "utf16", data: []byte("\xff\xfeH\x00i\x00"), format: doc.FormatText, raw: "Hi", problem: "decoded from utf-16le (byte-order mark)"},
		// Bad input: a document with a problem.
		{name: "empty", data: nil, format: doc.FormatText, problem: "empty input"},
		{name: "blank", data: []byte(" \n\t\n"), format: doc.FormatText, problem: "empty input"},
		{name: "binary", data: []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), problem: "binary input"},
		// Legacy encodings are decoded, not replaced with U+FFFD.
		{name: "latin-1", data: []byte("caf\xe9 au lait"), format: doc.FormatText, raw: "café au lait",
			problem: "decoded from iso-8859-1 (byte statistics, a guess)"},
		{name: "windows-1252", data: []byte("Paris talks \x97 agreement \x93quoted\x94"), format: doc.FormatText,
			raw: "Paris talks — agreement “quoted”", problem: "decoded from windows-1252 (byte statistics)"},
		{name: "enormous", data: bigText, o: Options{MaxBytes: 1000}, format: doc.FormatText,
			raw: string(bigText[:1000]), problem: "larger than 1000 bytes: truncated"},
		{name: "exactly the limit", data: bigText[:1000], o: Options{MaxBytes: 1000}, format: doc.FormatText,
			raw: string(bigText[:1000])},
		{name: "gzip bomb", data: gz(t, bytes.Repeat([]byte("a"), 4<<20)), o: Options{MaxBytes: 1 << 20},
			format: doc.FormatText, raw: "aaaa", rawPre: true, problem: "decompressed input larger than 1048576"},
		{name: "truncated gzip", data: gz(t, bigText)[:2000], format: doc.FormatText, raw: "All work", rawPre: true,
			problem: "read error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string][]byte{"in": tt.data})
			docs, errs := all(t, Open([]string{filepath.Join(dir, "in")}, tt.o))
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("got %d documents, errors %v; want one document", len(docs), errs)
			}
			d := docs[0]
			if d.Format != tt.format {
				t.Errorf("format = %v, want %v", d.Format, tt.format)
			}
			if tt.rawPre && !strings.HasPrefix(string(d.Raw), tt.raw) || !tt.rawPre && string(d.Raw) != tt.raw {
				t.Errorf("raw = %.60q, want %.60q", d.Raw, tt.raw)
			}
			got := problems(d)
			if tt.problem == "" && got != "" || !strings.Contains(got, tt.problem) {
				t.Errorf("problems = %q, want %q", got, tt.problem)
			}
			if len(d.Hash) != 64 {
				t.Errorf("hash = %q, want 64 hex digits", d.Hash)
			}
		})
	}
}

func TestJSONL(t *testing.T) {
	long := `{"text": "` + strings.Repeat("x", 5000) + `"}`
	in := strings.Join([]string{
		`{"text": "First story.", "published": "2017-01-24T08:47:00Z", "url": "http://a/1", "title": "One"}`,
		``,
		`{"text": "Second story.", "published": "24 Jan", "title": 7}`,
		`{"text": "Third story cut off here`,
		`{"no_text": 1}`,
		long,
		`not json at all`,
		`{"text": "Last \u00e9t\u00e9.\n\nSecond paragraph.", "published": "2016-08-12"}`,
	}, "\n")
	dir := writeFiles(t, map[string][]byte{"a.jsonl": []byte(in)})
	p := filepath.Join(dir, "a.jsonl")
	docs, errs := all(t, Open([]string{p}, Options{MaxBytes: 1000}))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []struct {
		raw, published, clock, title, url, problem string
	}{
		{"First story.", "2017-01-24", "08:47", "One", "http://a/1", ""},
		{"Second story.", "", "", "", "", `published "24 Jan" is not a date; field "title" is not a string`},
		{"Third story cut off here", "", "", "", "", "malformed JSON record"},
		{"", "", "", "", "", `no "text" field`},
		{"", "", "", "", "", "record longer than 1000 bytes: skipped"},
		{"", "", "", "", "", "malformed JSON record"},
		{"Last été.\n\nSecond paragraph.", "2016-08-12", "", "", "", ""},
	}
	if len(docs) != len(want) {
		t.Fatalf("got %d documents, want %d", len(docs), len(want))
	}
	for i, w := range want {
		d := docs[i]
		t.Run(d.Path, func(t *testing.T) {
			if wantPath := p + "#" + string(rune('1'+i)); d.Path != wantPath {
				t.Errorf("path = %q, want %q", d.Path, wantPath)
			}
			if d.Format != doc.FormatJSONL {
				t.Errorf("format = %v", d.Format)
			}
			if string(d.Raw) != w.raw || d.Published != w.published || d.PublishedTime != w.clock ||
				d.Title != w.title || d.URL != w.url {
				t.Errorf("got raw %q published %q %q title %q url %q, want %+v", d.Raw, d.Published,
					d.PublishedTime, d.Title, d.URL, w)
			}
			got := problems(d)
			for _, p := range strings.Split(w.problem, "; ") {
				if !strings.Contains(got, p) {
					t.Errorf("problems = %q, want %q", got, p)
				}
			}
			if w.problem == "" && got != "" {
				t.Errorf("problems = %q, want none", got)
			}
		})
	}
	if docs[0].Hash == docs[1].Hash || len(docs[0].Hash) != 64 {
		t.Errorf("hashes %q %q: want distinct sha256", docs[0].Hash, docs[1].Hash)
	}
}

func TestWalk(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"b.txt":        []byte("B.\n"),
		"a/z.txt":      []byte("AZ.\n"),
		"a/c/d.txt":    []byte("ACD.\n"),
		"a/b.jsonl":    []byte(`{"text": "AB1"}` + "\n" + `{"text": "AB2"}` + "\n"),
		"c.txt.gz":     gz(t, []byte("C.\n")),
		"empty/x.txt":  nil,
		"empty2/.keep": []byte("keep.\n"),
	})
	missing := filepath.Join(dir, "missing.txt")
	s := Open([]string{dir, missing, "-", filepath.Join(dir, "b.txt")},
		Options{Stdin: strings.NewReader("From stdin.\n"), Published: "2020-02-02", Raw: true})
	docs, errs := all(t, s)
	var got []string
	for _, d := range docs {
		rel, _ := filepath.Rel(dir, d.Path)
		if d.Path == "-" {
			rel = "-"
		}
		got = append(got, rel+"="+strings.TrimSpace(string(d.Raw)))
		if d.DefaultPublished != "2020-02-02" || !d.IsRaw {
			t.Errorf("%s: options not applied: %q %v", d.Path, d.DefaultPublished, d.IsRaw)
		}
	}
	want := []string{"a/b.jsonl#1=AB1", "a/b.jsonl#2=AB2", "a/c/d.txt=ACD.", "a/z.txt=AZ.", "b.txt=B.", "c.txt.gz=C.",
		"empty/x.txt=", "empty2/.keep=keep.", "-=From stdin.", "b.txt=B."}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("documents:\n got %v\nwant %v", got, want)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "missing.txt") {
		t.Errorf("errors = %v, want one naming missing.txt", errs)
	}
}

func TestReadLineBounded(t *testing.T) {
	// A line far longer than the bufio buffer and the limit is skipped
	// without being held, and the next line is read whole.
	in := strings.Repeat("y", 1<<20) + "\nshort\n"
	r := bufio.NewReaderSize(strings.NewReader(in), 16)
	line, tooLong, err := readLine(r, 100)
	if !tooLong || line != nil || err != nil {
		t.Fatalf("first line: %q %v %v, want too long", line, tooLong, err)
	}
	line, tooLong, err = readLine(r, 100)
	if string(line) != "short" || tooLong || err != nil {
		t.Fatalf("second line: %q %v %v", line, tooLong, err)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"<html>", `{"text": "a"}`, "plain", "<p>a</p><p>b</p><p>c</p><br><br>", "\xff\xfe", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := Detect(b)
		if got != doc.FormatText && got != doc.FormatHTML && got != doc.FormatJSONL {
			t.Fatalf("Detect = %v", got)
		}
		switch got {
		case doc.FormatHTML:
			if !bytes.Contains(b, []byte("<")) {
				t.Fatalf("HTML without a tag: %q", b)
			}
		case doc.FormatJSONL:
			found := false
			for l := range bytes.SplitSeq(b, []byte("\n")) {
				var rec map[string]any
				if json.Unmarshal(l, &rec) == nil && rec["text"] != nil || json.Unmarshal(l, &rec) == nil && hasKey(rec, "text") {
					found = true
				}
			}
			if !found {
				t.Fatalf("JSON Lines without a record with text: %q", b)
			}
		}
	})
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"text": "a", "published": "2017-01-24"}` + "\n" + `{"text": "b`))
	f.Add([]byte("{\"text\": \"\\u00e9\\n\"}\n\n{}\n"))
	f.Add([]byte(`{"text": "x", "title": ["no"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines := 0
		for l := range bytes.SplitSeq(b, []byte("\n")) {
			if len(bytes.TrimSpace(bytes.TrimSuffix(l, []byte("\r")))) > 0 {
				lines++
			}
		}
		j := &jsonlReader{path: "f", r: bufio.NewReaderSize(bytes.NewReader(b), 16), max: 64}
		n := 0
		for {
			d, err := j.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
			if !utf8.Valid(d.Raw) {
				t.Fatalf("record %d: Raw not valid UTF-8: %q", n, d.Raw)
			}
			if len(d.Hash) != 64 && len(d.Raw) > 0 {
				t.Fatalf("record %d: hash %q", n, d.Hash)
			}
		}
		if n != lines {
			t.Fatalf("%d records from %d non-blank lines", n, lines)
		}
	})
}

func TestStrayNULsAreText(t *testing.T) {
	text := strings.Repeat("Russia and Turkey agreed to cooperate. ", 50)
	data := []byte(text[:100] + "\x00\x00" + text[100:] + "\x00")
	d := FromBytes("nul.txt", data)
	if d.Format != doc.FormatText || len(d.Raw) != len(text) {
		t.Fatalf("format %v, %d raw bytes; want text of %d bytes", d.Format, len(d.Raw), len(text))
	}
	if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "3 NUL bytes removed") {
		t.Errorf("problems = %v", d.Problems)
	}
	// A few per cent of NULs is still text; Latin-1 text is text (repaired).
	sparse := []byte(strings.Repeat("Turkey said on Monday it would act.\x00", 30))
	if d := FromBytes("sparse.txt", sparse); len(d.Raw) == 0 {
		t.Errorf("text with 3%% NULs read as binary: %v", d.Problems)
	}
	latin1 := []byte(strings.Repeat("Die Regierung in M\xfcnchen sagte am Montag, sie werde handeln. ", 20))
	if d := FromBytes("latin1.txt", latin1); len(d.Raw) == 0 {
		t.Errorf("Latin-1 text read as binary: %v", d.Problems)
	}
	// Random bytes are binary.
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i*i*31)
	}
	if d := FromBytes("random.bin", random); len(d.Raw) != 0 {
		t.Errorf("random bytes read as text")
	}
	// Mostly NULs is binary.
	bin := FromBytes("bin", append([]byte("abc"), make([]byte, 200)...))
	if len(bin.Raw) != 0 || len(bin.Problems) == 0 {
		t.Errorf("mostly-NUL input read as text: %+v", bin)
	}
}
