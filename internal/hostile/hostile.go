// Package hostile writes a corpus of hostile inputs: files that a reader of
// untrusted articles meets sooner or later (binary files, broken encodings,
// enormous or deeply nested documents, a gzip bomb, cut-off JSON Lines) and
// that sitrep must survive. Each file comes with a Case that says what it is
// and what sitrep must do with it (see the "Bad input" section of
// CONTRACT.md): write a document for it, with a problem where the input is
// bad, or name it in one line on stderr, and go on with the next input.
//
// The corpus is deterministic: the same Options give the same bytes. Big
// files are written streaming, so generating the corpus takes little memory
// whatever its size. Rebuild it with
//
//	go run ./internal/hostile/gen DIR
package hostile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// Want says what sitrep must do with one hostile input.
type Want uint8

const (
	// WantDocument: at least one document for the file in the output
	// (problems allowed), or, if nothing could be read, a line on stderr
	// naming the file.
	WantDocument Want = iota
	// WantProblem: a document for the file whose problems say what is wrong
	// with it, or a line on stderr naming the file.
	WantProblem
)

func (w Want) String() string {
	switch w {
	case WantDocument:
		return "document"
	case WantProblem:
		return "document with a problem, or a line on stderr"
	}
	return fmt.Sprintf("Want(%d)", uint8(w))
}

// Case is one file of the corpus.
type Case struct {
	Name string // file name, relative to the corpus directory
	Path string // the file's path: the corpus directory joined with Name
	What string // what the file is, in a few words
	Want Want   // what sitrep must do with it
	// Records is, for a JSON Lines file, how many records (non-blank lines)
	// it holds: sitrep must write one document per record, with paths
	// Path#1 ... Path#Records. 0 for other files.
	Records int
	Size    int64 // the file's size in bytes
}

// Default sizes.
const (
	DefaultBig    = 50 << 20          // the big plain-text file
	DefaultRecord = 100 << 20         // the big JSON Lines record
	DefaultBomb   = 1<<30 + 16<<20    // what the gzip bomb inflates to
	deepHTML      = 100_000           // nesting depth of the deep HTML file
	deepJSON      = 100_000           // nesting depth of the deep JSON record
	DefaultLong   = 5 << 20           // the single-line file
	hugeAttr      = 10 << 20          // the HTML attribute
	emptyLines    = 1_000_000         // the file of empty lines
	seed1, seed2  = 0x5173e9, 0x8a11e // the fixed seed of every random byte
)

// Options sets the sizes of the big files. The zero value gives the full
// corpus; tests shrink Big, Record and Long to keep runs short.
type Options struct {
	// Big is the size in bytes of the big plain-text file; 0 means DefaultBig.
	Big int64
	// Record is the size in bytes of the text of the big JSON Lines record;
	// 0 means DefaultRecord.
	Record int64
	// Long is the length in bytes of the single-line file; 0 means
	// DefaultLong.
	Long int64
	// Bomb is how many bytes the gzip bomb inflates to; 0 means DefaultBomb.
	// Leave it at 0 except to test the generator itself: the point of a
	// bomb is to be bigger than any sane limit.
	Bomb int64
}

func (o Options) big() int64    { return orDefault(o.Big, DefaultBig) }
func (o Options) record() int64 { return orDefault(o.Record, DefaultRecord) }
func (o Options) long() int64   { return orDefault(o.Long, DefaultLong) }
func (o Options) bomb() int64   { return orDefault(o.Bomb, DefaultBomb) }

func orDefault(n, def int64) int64 {
	if n <= 0 {
		return def
	}
	return n
}

// Generate writes the corpus into dir (created if needed) and returns its
// cases in lexical order of their names, the order in which sitrep reads
// the directory.
func Generate(dir string, o Options) ([]Case, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("hostile: %w", err)
	}
	var cases []Case
	for _, s := range specs(o) {
		c := Case{Name: s.name, Path: filepath.Join(dir, s.name), What: s.what, Want: s.want}
		n, records, err := writeFile(c.Path, s.write)
		if err != nil {
			return nil, fmt.Errorf("hostile: %s: %w", s.name, err)
		}
		c.Size, c.Records = n, records
		cases = append(cases, c)
	}
	return cases, nil
}

// spec is how to write one case. write returns the number of JSON Lines
// records it wrote (0 for other files).
type spec struct {
	name string
	what string
	want Want
	// write fills the file. It returns the number of JSON Lines records
	// written, 0 for other files.
	write func(w *bufio.Writer) (int, error)
}

// specs lists the corpus. Names sort in the order listed.
func specs(o Options) []spec {
	return []spec{
		{"01-empty.txt", "an empty file", WantProblem, func(w *bufio.Writer) (int, error) {
			return 0, nil
		}},
		{"02-whitespace.txt", "a file of only spaces, tabs and newlines", WantProblem, writeWhitespace},
		{"03-empty-lines.txt", "1,000,000 empty lines", WantProblem, func(w *bufio.Writer) (int, error) {
			return 0, repeat(w, "\n", emptyLines)
		}},
		{"04-random.bin", "random bytes with NULs", WantProblem, func(w *bufio.Writer) (int, error) {
			return 0, writeRandom(w, newRand(4), 256<<10)
		}},
		{"05-elf.bin", "an ELF executable header followed by random bytes", WantProblem, writeELF},
		{"06-image.png", "a PNG header followed by random chunks", WantProblem, writePNG},
		{"07-invalid-utf8.txt", "news text with invalid UTF-8 sequences", WantProblem, writeInvalidUTF8},
		{"08-nul-in-text.txt", "news text with NUL bytes inside", WantDocument, writeNULText},
		{"09-utf16-bom.txt", "news text in UTF-16LE with a byte-order mark", WantDocument, writeUTF16},
		{"10-long-line.txt", fmt.Sprintf("a %d KB single line of text", o.long()>>10), WantDocument, func(w *bufio.Writer) (int, error) {
			return 0, writeProse(w, newRand(10), o.long(), false)
		}},
		{"11-big.txt", fmt.Sprintf("%d KB of plain text", o.big()>>10), WantDocument, func(w *bufio.Writer) (int, error) {
			return 0, writeProse(w, newRand(11), o.big(), true)
		}},
		{"12-deep.html", fmt.Sprintf("HTML nested %d tags deep", deepHTML), WantDocument, writeDeepHTML},
		{"13-huge-attribute.html", "HTML with a 10 MB attribute", WantDocument, writeHugeAttr},
		{"14-bomb.txt.gz", fmt.Sprintf("a gzip bomb of zeros inflating to %d MiB", o.bomb()>>20), WantProblem, func(w *bufio.Writer) (int, error) {
			return 0, writeBomb(w, o.bomb())
		}},
		{"15-truncated.jsonl", "JSON Lines whose last record is cut off", WantProblem, writeTruncatedJSONL},
		{"16-big-record.jsonl", fmt.Sprintf("JSON Lines with a %d KB record", o.record()>>10), WantDocument, func(w *bufio.Writer) (int, error) {
			return writeBigRecord(w, o.record())
		}},
		{"17-deep.jsonl", fmt.Sprintf("a JSON Lines record nested %d deep", deepJSON), WantProblem, writeDeepJSON},
	}
}

// writeFile creates path and fills it with write through a buffer.
func writeFile(path string, write func(w *bufio.Writer) (int, error)) (size int64, records int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	records, err = write(w)
	err = errors.Join(err, w.Flush())
	if fi, serr := f.Stat(); serr == nil {
		size = fi.Size()
	}
	return size, records, errors.Join(err, f.Close())
}

// newRand returns the generator of one case: a fixed seed per case, so one
// case's bytes do not depend on the others.
func newRand(n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed1+n, seed2))
}

func repeat(w *bufio.Writer, s string, n int) error {
	for range n {
		if _, err := w.WriteString(s); err != nil {
			return err
		}
	}
	return nil
}

func writeRandom(w *bufio.Writer, r *rand.Rand, n int) error {
	var b [8]byte
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(b[:], r.Uint64())
		if i%64 == 0 {
			b[3] = 0 // NULs, and plenty of them, whatever the generator says
		}
		if _, err := w.Write(b[:]); err != nil {
			return err
		}
	}
	return nil
}

func writeWhitespace(w *bufio.Writer) (int, error) {
	r := newRand(2)
	const ws = " \t\n\r\v\f"
	for range 64 << 10 {
		if err := w.WriteByte(ws[r.IntN(len(ws))]); err != nil {
			return 0, err
		}
	}
	// Unicode spaces too: NO-BREAK SPACE, EM SPACE, IDEOGRAPHIC SPACE.
	_, err := w.WriteString("\u00a0\u2003\u3000\n")
	return 0, err
}

func writeELF(w *bufio.Writer) (int, error) {
	// ELF64 little-endian header of an x86-64 executable (System V ABI).
	h := make([]byte, 64)
	copy(h, "\x7fELF\x02\x01\x01")
	binary.LittleEndian.PutUint16(h[16:], 2)    // e_type: ET_EXEC
	binary.LittleEndian.PutUint16(h[18:], 0x3e) // e_machine: x86-64
	binary.LittleEndian.PutUint32(h[20:], 1)    // e_version
	binary.LittleEndian.PutUint64(h[24:], 0x401000)
	binary.LittleEndian.PutUint64(h[32:], 64) // e_phoff
	binary.LittleEndian.PutUint16(h[52:], 64) // e_ehsize
	binary.LittleEndian.PutUint16(h[54:], 56) // e_phentsize
	binary.LittleEndian.PutUint16(h[56:], 1)  // e_phnum
	if _, err := w.Write(h); err != nil {
		return 0, err
	}
	// Some readable strings, as in a real binary's .rodata.
	if _, err := w.WriteString("\x00GLIBC_2.34\x00main\x00The president said on Monday\x00"); err != nil {
		return 0, err
	}
	return 0, writeRandom(w, newRand(5), 128<<10)
}

func writePNG(w *bufio.Writer) (int, error) {
	if _, err := w.WriteString("\x89PNG\r\n\x1a\n"); err != nil {
		return 0, err
	}
	// IHDR chunk: 1024x768, 8-bit RGB (CRC left zero: the file is hostile).
	ihdr := []byte{0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 4, 0, 0, 0, 3, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0}
	if _, err := w.Write(ihdr); err != nil {
		return 0, err
	}
	if _, err := w.Write([]byte{0, 1, 0, 0, 'I', 'D', 'A', 'T'}); err != nil {
		return 0, err
	}
	return 0, writeRandom(w, newRand(6), 64<<10)
}

func writeInvalidUTF8(w *bufio.Writer) (int, error) {
	r := newRand(7)
	bad := []string{"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\xc0\xaf", "\x80\x80"}
	for range 200 {
		if _, err := w.WriteString(sentence(r)); err != nil {
			return 0, err
		}
		if _, err := w.WriteString(bad[r.IntN(len(bad))]); err != nil {
			return 0, err
		}
		if err := w.WriteByte(' '); err != nil {
			return 0, err
		}
	}
	return 0, w.WriteByte('\n')
}

func writeNULText(w *bufio.Writer) (int, error) {
	r := newRand(8)
	for range 200 {
		s := sentence(r)
		i := r.IntN(len(s))
		if _, err := w.WriteString(s[:i] + "\x00" + s[i:] + " "); err != nil {
			return 0, err
		}
		if r.IntN(5) == 0 {
			if _, err := w.WriteString("\x00\x00\x00\n\n"); err != nil {
				return 0, err
			}
		}
	}
	return 0, w.WriteByte('\n')
}

func writeUTF16(w *bufio.Writer) (int, error) {
	r := newRand(9)
	var b strings.Builder
	b.WriteString("Ministers meet in Genève — talks “constructive”\n\n")
	for i := range 60 {
		b.WriteString(sentence(r))
		if i%4 == 3 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	if _, err := w.WriteString("\xff\xfe"); err != nil {
		return 0, err
	}
	var u [2]byte
	for _, c := range utf16.Encode([]rune(b.String())) {
		binary.LittleEndian.PutUint16(u[:], c)
		if _, err := w.Write(u[:]); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

func writeDeepHTML(w *bufio.Writer) (int, error) {
	r := newRand(12)
	if _, err := w.WriteString("<!DOCTYPE html>\n<html><head><title>Deep</title></head><body>\n"); err != nil {
		return 0, err
	}
	tags := []string{"div", "span", "section", "b", "i", "em", "p", "article"}
	open := make([]string, 0, deepHTML)
	for i := range deepHTML {
		t := tags[r.IntN(len(tags))]
		open = append(open, t)
		if _, err := fmt.Fprintf(w, "<%s>", t); err != nil {
			return 0, err
		}
		if i%1000 == 0 {
			if _, err := w.WriteString(sentence(r)); err != nil {
				return 0, err
			}
		}
	}
	if _, err := w.WriteString(sentence(r)); err != nil {
		return 0, err
	}
	for i := len(open) - 1; i >= 0; i-- {
		if _, err := fmt.Fprintf(w, "</%s>", open[i]); err != nil {
			return 0, err
		}
	}
	_, err := w.WriteString("\n</body></html>\n")
	return 0, err
}

func writeHugeAttr(w *bufio.Writer) (int, error) {
	r := newRand(13)
	if _, err := w.WriteString("<!DOCTYPE html>\n<html><head><title>Attribute</title></head><body>\n<article><h1>Talks resume</h1>\n<p>" + sentence(r) + "</p>\n<div data-blob=\""); err != nil {
		return 0, err
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for range hugeAttr {
		if err := w.WriteByte(alphabet[r.IntN(len(alphabet))]); err != nil {
			return 0, err
		}
	}
	if _, err := w.WriteString("\">x</div>\n"); err != nil {
		return 0, err
	}
	for range 10 {
		if _, err := w.WriteString("<p>" + sentence(r) + "</p>\n"); err != nil {
			return 0, err
		}
	}
	_, err := w.WriteString("</article></body></html>\n")
	return 0, err
}

// writeBomb writes a gzip file that inflates to n zero bytes. It is a
// series of gzip members (RFC 1952 section 2.2: a gzip file is one or more
// members, and gzip -d and Go's gzip.Reader inflate them all), each
// inflating to 16 MiB: one member is compressed once and written over and
// over, so the bomb costs little time and memory to make.
func writeBomb(w *bufio.Writer, n int64) error {
	const chunk = 16 << 20
	member := func(size int64) ([]byte, error) {
		var b bytes.Buffer
		zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if err != nil {
			return nil, err
		}
		zw.Name = "bomb.txt"
		zeros := make([]byte, 1<<20)
		for size > 0 {
			k := min(size, int64(len(zeros)))
			if _, err := zw.Write(zeros[:k]); err != nil {
				return nil, err
			}
			size -= k
		}
		err = zw.Close()
		return b.Bytes(), err
	}
	full, err := member(min(n, chunk))
	if err != nil {
		return err
	}
	for ; n >= chunk; n -= chunk {
		if _, err := w.Write(full); err != nil {
			return err
		}
	}
	if n > 0 {
		last, err := member(n)
		if err != nil {
			return err
		}
		_, err = w.Write(last)
		return err
	}
	return nil
}

func writeTruncatedJSONL(w *bufio.Writer) (int, error) {
	r := newRand(15)
	for i := range 5 {
		if _, err := fmt.Fprintf(w, "{\"text\": %q, \"published\": \"2017-01-%02d\", \"url\": \"https://example.org/%d\", \"title\": \"Story %d\"}\n",
			paragraph(r, 6), 10+i, i, i); err != nil {
			return 0, err
		}
	}
	// A malformed record in the middle, then one cut off halfway through
	// its text, without a closing quote, brace or newline.
	if _, err := w.WriteString("{\"text\": \"An unterminated record\", \"published\": 2017-01-15,\n"); err != nil {
		return 0, err
	}
	_, err := w.WriteString(`{"text": "` + jsonEscape(paragraph(r, 6)))
	return 7, err
}

func writeBigRecord(w *bufio.Writer, n int64) (int, error) {
	r := newRand(16)
	if _, err := fmt.Fprintf(w, "{\"text\": %q, \"published\": \"2017-02-01\"}\n", paragraph(r, 4)); err != nil {
		return 0, err
	}
	if _, err := w.WriteString("{\"published\": \"2017-02-02\", \"title\": \"Enormous\", \"text\": \""); err != nil {
		return 0, err
	}
	// Prose with JSON escapes in it, written sentence by sentence.
	for written := int64(0); written < n; {
		s := jsonEscape(sentence(r)) + `\n\"Quoted,\" he said. `
		if _, err := w.WriteString(s); err != nil {
			return 0, err
		}
		written += int64(len(s))
	}
	if _, err := w.WriteString("\"}\n"); err != nil {
		return 0, err
	}
	_, err := fmt.Fprintf(w, "{\"text\": %q, \"published\": \"2017-02-03\"}\n", paragraph(r, 4))
	return 3, err
}

func writeDeepJSON(w *bufio.Writer) (int, error) {
	r := newRand(17)
	// A normal record first, so the file is recognised as JSON Lines.
	if _, err := fmt.Fprintf(w, "{\"text\": %q}\n", paragraph(r, 3)); err != nil {
		return 0, err
	}
	if _, err := fmt.Fprintf(w, "{\"text\": %q, \"meta\": ", sentence(r)); err != nil {
		return 0, err
	}
	if err := repeat(w, `{"a":[`, deepJSON/2); err != nil {
		return 0, err
	}
	if err := repeat(w, `]}`, deepJSON/2); err != nil {
		return 0, err
	}
	_, err := w.WriteString("}\n")
	return 2, err
}

// writeProse writes n bytes (a little more) of sentences; with paragraphs
// false it is one single line.
func writeProse(w *bufio.Writer, r *rand.Rand, n int64, paragraphs bool) error {
	var written int64
	for i := 0; written < n; i++ {
		s := sentence(r)
		sep := " "
		if paragraphs && i%5 == 4 {
			sep = "\n\n"
		}
		k, err := w.WriteString(s + sep)
		if err != nil {
			return err
		}
		written += int64(k)
	}
	if paragraphs {
		return w.WriteByte('\n')
	}
	return nil
}

// The vocabulary of the generated news prose: made up for this corpus.
var (
	subjects = []string{"The foreign minister", "A government spokesman", "Rebel commanders", "The United Nations",
		"Officials in Kabul", "The defence ministry", "Protesters", "The president", "Police", "Aid agencies",
		"The prime minister of Iraq", "Russian diplomats", "Washington", "Local elders"}
	verbs = []string{"accused", "met", "condemned", "warned", "praised", "attacked", "called on", "signed an agreement with",
		"threatened", "rejected the proposal of", "welcomed", "sent aid to", "arrested members of"}
	objects = []string{"the opposition", "China", "the Islamic State", "Turkish forces", "the European Union",
		"neighbouring states", "the army", "the insurgents", "Iran", "civilians in Mosul", "the Taliban"}
	whens = []string{"on Monday", "last week", "on 12 March", "in 2016", "two days ago", "yesterday", "this morning",
		"on Friday night", "", "", ""}
)

func sentence(r *rand.Rand) string {
	s := subjects[r.IntN(len(subjects))] + " " + verbs[r.IntN(len(verbs))] + " " + objects[r.IntN(len(objects))]
	if when := whens[r.IntN(len(whens))]; when != "" {
		s += " " + when
	}
	if r.IntN(4) == 0 {
		s += `, saying "this cannot go on"`
	}
	return s + "."
}

// jsonEscape returns s as the inside of a JSON string.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b[1 : len(b)-1])
}

func paragraph(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentence(r))
	}
	return b.String()
}
