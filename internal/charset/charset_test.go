package charset

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecode(t *testing.T) {
	const paris = "Paris talks — agreement"
	cases := []struct {
		file, contentType string
		encoding, by      string
		contains          string
	}{
		// Undeclared legacy text: byte statistics.
		{"paris-cp1252.txt", "", "windows-1252", ByStatistics, paris},
		{"russian-cp1251.txt", "", "windows-1251", ByStatistics, "Москва и Анкара"},
		// A declaration in the page (WHATWG: iso-8859-1 is windows-1252).
		{"latin1-meta.html", "", "windows-1252", ByDeclared, "Le café de la garçon à Noël"},
		// A header beats statistics.
		{"paris-cp1252.txt", "text/plain; charset=windows-1252", "windows-1252", ByHeader, paris},
		// UTF-16 and UTF-8, with and without a byte-order mark.
		{"paris-utf16be-bom.txt", "", "utf-16be", ByBOM, paris},
		{"paris-utf16le-nobom.txt", "", "utf-16le", ByStatistics, paris},
		{"paris-utf8-bom.txt", "", "utf-8", ByBOM, paris},
	}
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		r := Decode(data, c.contentType)
		if r.Encoding != c.encoding || r.By != c.by {
			t.Errorf("%s: %s, want %s (%s)", c.file, r, c.encoding, c.by)
		}
		if !strings.Contains(string(r.Text), c.contains) {
			t.Errorf("%s: text %.120q lacks %q", c.file, r.Text, c.contains)
		}
		if bytes.ContainsRune(r.Text, utf8.RuneError) || bytes.HasPrefix(r.Text, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s: U+FFFD or a BOM left in %.80q", c.file, r.Text)
		}
	}
}

func TestDecodeEdgeCases(t *testing.T) {
	cases := []struct {
		name, in, contentType string
		encoding, declared    string
		converted             bool
	}{
		{"ascii", "plain text", "", "utf-8", "", false},
		{"utf-8", "café — ok", "", "utf-8", "", false},
		{"wrong declaration", `<meta charset="windows-1252"><p>café — ok`, "", "utf-8", "windows-1252", false},
		{"unknown declaration", "<meta charset=klingon><p>caf\xe9", "", "iso-8859-1", "klingon", true},
		{"declared utf-8, not valid", "<meta charset=utf-8><p>caf\xe9 \x93x\x94", "", "windows-1252", "utf-8", true},
		{"empty", "", "", "utf-8", "", false},
		{"latin-1 without C1 bytes", "caf\xe9 cr\xe8me", "", "iso-8859-1", "", true},
	}
	for _, c := range cases {
		r := Decode([]byte(c.in), c.contentType)
		if r.Encoding != c.encoding || r.Declared != c.declared || r.Converted() != c.converted {
			t.Errorf("%s: %s (declared %q, converted %v), want %s (declared %q, converted %v)",
				c.name, r, r.Declared, r.Converted(), c.encoding, c.declared, c.converted)
		}
	}
}

// FuzzDecode: whatever the bytes and the header, the result is valid UTF-8
// with an encoding named, and UTF-8 input comes back unchanged.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "")
		}
	}
	f.Add([]byte("\xff\xfe\x00"), "text/html; charset=utf-16")
	f.Add([]byte("<meta charset=\"x\">\x80\x81"), "text/plain; charset=\"")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		r := Decode(data, contentType)
		if !utf8.Valid(r.Text) {
			t.Fatalf("invalid UTF-8 out of %q: %s", data, r)
		}
		if r.Encoding == "" || r.By == "" {
			t.Fatalf("no encoding named for %q", data)
		}
		if utf8.Valid(data) && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) && r.Encoding == "utf-8" &&
			!bytes.Equal(r.Text, data) {
			t.Fatalf("UTF-8 input changed: %q -> %q", data, r.Text)
		}
	})
}
