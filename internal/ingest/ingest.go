// Package ingest turns the paths given on the command line into raw
// documents: files, directories walked recursively in lexical order, "-" for
// standard input, and JSON Lines files read record by record.
//
// Reading streams: a directory is listed only when the walk reaches it, a
// file is read only when its document is asked for, and a JSON Lines file is
// read one line at a time. Every read is bounded by Options.MaxBytes, and a
// gzip-compressed input is decompressed under the same bound.
//
// Bad input is never fatal and never lost. An input that could be read but
// is empty, binary, not valid UTF-8, truncated or malformed yields a
// document carrying a problem; only an input that could not be read at all
// (a missing file, a permission error) makes Next return an error, and the
// caller then simply calls Next again.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// DefaultMaxBytes is the limit on one document when Options.MaxBytes is 0.
const DefaultMaxBytes = 32 << 20

// stage names the problems ingest records.
const stage = "ingest"

// Options configures a Source. The zero value works.
type Options struct {
	// MaxBytes caps the bytes read for one document (a file, or one record
	// of a JSON Lines file), after decompression. Larger input is truncated
	// (a record is skipped) with a problem. 0 means DefaultMaxBytes.
	MaxBytes int
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// Published is copied to every document's DefaultPublished (the
	// --published flag).
	Published string
	// Raw marks every document IsRaw (the --raw flag): its text is already
	// clean.
	Raw bool
}

func (o Options) maxBytes() int {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Source yields the documents of a list of paths, in order. It is not safe
// for concurrent use.
type Source struct {
	o     Options
	paths []string // command-line paths not yet started
	// dirs is the stack of directories being walked; the top is walked
	// first, which gives a depth-first walk in lexical order.
	dirs []*dirWalk
	// jsonl is the JSON Lines file being read, if any.
	jsonl *jsonlReader
	// warc is the WARC file being read, if any (warc.go); skipped counts
	// its records that gave no document, by reason.
	warc    *warcReader
	skipped map[string]int
}

type dirWalk struct {
	path    string
	entries []fs.DirEntry
	next    int
}

// Open returns a Source over paths. Nothing is read until Next is called.
func Open(paths []string, o Options) *Source {
	return &Source{o: o, paths: append([]string(nil), paths...)}
}

// Next returns the next document. It returns io.EOF when every path has been
// read. Any other error names one input that could not be read at all; the
// caller may report it and call Next again to go on with the rest.
func (s *Source) Next() (*doc.Document, error) {
	for {
		if s.warc != nil {
			d, err := s.warc.next()
			if err == nil {
				return s.finish(d), nil
			}
			s.warc.close()
			s.warc = nil
			if !errors.Is(err, io.EOF) {
				return nil, err
			}
			continue
		}
		if s.jsonl != nil {
			d, err := s.jsonl.next()
			if err == nil {
				return s.finish(d), nil
			}
			s.jsonl.close()
			s.jsonl = nil
			if !errors.Is(err, io.EOF) {
				return nil, err
			}
			continue
		}
		if n := len(s.dirs); n > 0 {
			w := s.dirs[n-1]
			if w.next >= len(w.entries) {
				s.dirs = s.dirs[:n-1]
				continue
			}
			e := w.entries[w.next]
			w.next++
			p := filepath.Join(w.path, e.Name())
			if e.IsDir() {
				if err := s.pushDir(p); err != nil {
					return nil, err
				}
				continue
			}
			if !e.Type().IsRegular() {
				// Follow a symlink to a file, never to a directory (no loops).
				fi, err := os.Stat(p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", p, err)
				}
				if !fi.Mode().IsRegular() {
					continue
				}
			}
			d, err := s.openFile(p)
			if err != nil || d == nil {
				if err != nil {
					return nil, err
				}
				continue
			}
			return s.finish(d), nil
		}
		if len(s.paths) == 0 {
			return nil, io.EOF
		}
		p := s.paths[0]
		s.paths = s.paths[1:]
		if p == "-" {
			in := s.o.Stdin
			if in == nil {
				in = os.Stdin
			}
			d, err := s.read("-", io.NopCloser(in))
			if err != nil || d == nil {
				if err != nil {
					return nil, err
				}
				continue
			}
			return s.finish(d), nil
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if fi.IsDir() {
			if err := s.pushDir(p); err != nil {
				return nil, err
			}
			continue
		}
		d, err := s.openFile(p)
		if err != nil {
			return nil, err
		}
		if d == nil {
			continue
		}
		return s.finish(d), nil
	}
}

// finish applies the options every document gets.
func (s *Source) finish(d *doc.Document) *doc.Document {
	if d.DefaultPublished == "" {
		d.DefaultPublished = s.o.Published
	}
	d.IsRaw = s.o.Raw
	if d.Hash == "" {
		// Every document has an identity, even one with nothing readable
		// (an oversized record): its path and what went wrong.
		var b strings.Builder
		b.WriteString(d.Path)
		for _, p := range d.Problems {
			b.WriteString("\n" + p.String())
		}
		sum := sha256.Sum256([]byte(b.String()))
		d.Hash = hex.EncodeToString(sum[:])
	}
	return d
}

func (s *Source) pushDir(p string) error {
	entries, err := os.ReadDir(p)
	if err != nil && len(entries) == 0 {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	s.dirs = append(s.dirs, &dirWalk{path: p, entries: entries})
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

func (s *Source) openFile(p string) (*doc.Document, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	return s.read(p, f)
}

// read starts reading one input: it decompresses gzip, sniffs the format
// and either reads the whole (bounded) document or, for JSON Lines, sets
// up the record reader and returns its first record. A nil document with
// a nil error means a JSON Lines file without records.
func (s *Source) read(path string, rc io.ReadCloser) (*doc.Document, error) {
	max := s.o.maxBytes()
	var problems []doc.Problem
	br := bufio.NewReaderSize(rc, sniffLen)
	var r io.Reader = br
	gz := false
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			return nil, fmt.Errorf("%s: gzip: %w", path, err)
		}
		zr.Multistream(true)
		r, gz = zr, true
	}
	lr := &limitReader{r: r, n: int64(max)}
	in := bufio.NewReaderSize(lr, sniffLen)
	head, err := in.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) && len(head) == 0 {
		rc.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if looksWARC(head) {
		return s.openWARC(path, in, rc, lr)
	}
	if Detect(head) == doc.FormatJSONL && !isBinary(head) {
		// Records are bounded one by one; the file as a whole is not.
		lr.lift()
		s.jsonl = &jsonlReader{path: path, r: in, closer: rc, max: max}
		d, err := s.jsonl.next()
		if err != nil {
			s.jsonl.close()
			s.jsonl = nil
			if errors.Is(err, io.EOF) {
				// Never drop an input silently: a JSON Lines file with no
				// records is a document with a problem.
				d := &doc.Document{Path: path, Format: doc.FormatJSONL, Hash: recordHash("", "", "", path)}
				d.AddProblem(stage, "JSON Lines input with no records")
				return d, nil
			}
			return nil, err
		}
		return d, nil
	}
	data, err := io.ReadAll(in)
	rc.Close()
	if err != nil {
		if len(data) == 0 && !gz {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		problems = append(problems, doc.Problem{Stage: stage,
			Message: fmt.Sprintf("read error after %d bytes, input truncated: %v", len(data), err)})
	}
	if lr.over {
		what := "input"
		if gz {
			what = "decompressed input"
		}
		problems = append(problems, doc.Problem{Stage: stage,
			Message: fmt.Sprintf("%s larger than %d bytes: truncated", what, max)})
		data = trimPartialRune(data)
	}
	d := FromBytes(path, data)
	d.Problems = append(problems, d.Problems...)
	return d, nil
}

// FromBytes makes a document of one whole input: it sets Path, Raw, Format
// and Hash and records a problem for empty, binary or invalid UTF-8 input.
// UTF-16 with a byte-order mark is decoded to UTF-8. Invalid UTF-8 in plain
// text is repaired (each bad byte becomes U+FFFD) so Raw is valid; HTML is
// left as it is, since its charset is for the HTML parser to decode.
func FromBytes(path string, data []byte) *doc.Document {
	d := &doc.Document{Path: path, Raw: data}
	sum := sha256.Sum256(data)
	d.Hash = hex.EncodeToString(sum[:])
	if len(bytes.TrimSpace(data)) == 0 {
		d.Format = doc.FormatText
		d.Raw = nil
		d.AddProblem(stage, "empty input")
		return d
	}
	if u, ok := decodeUTF16(data); ok {
		data = u
		d.Raw = u
		d.AddProblem(stage, "decoded from UTF-16")
	}
	if isBinary(data) {
		d.Raw = nil
		d.AddProblem(stage, "binary input (%d bytes): no text", len(data))
		return d
	}
	if n := bytes.Count(data, []byte{0}); n > 0 {
		data = bytes.ReplaceAll(data, []byte{0}, nil)
		d.Raw = data
		d.AddProblem(stage, "%d NUL bytes removed", n)
	}
	d.Format = Detect(data)
	if d.Format == doc.FormatJSONL {
		// Only reachable from FromBytes callers; Source streams records.
		d.Format = doc.FormatText
	}
	if d.Format == doc.FormatText && !utf8.Valid(data) {
		d.Raw = repairUTF8(data)
		d.AddProblem(stage, "invalid UTF-8 at byte %d: repaired with U+FFFD", firstInvalid(data))
	}
	return d
}

// decodeUTF16 decodes data that starts with a UTF-16 byte-order mark.
func decodeUTF16(data []byte) ([]byte, bool) {
	if len(data) < 2 {
		return nil, false
	}
	var big bool
	switch {
	case data[0] == 0xFE && data[1] == 0xFF:
		big = true
	case data[0] == 0xFF && data[1] == 0xFE:
	default:
		return nil, false
	}
	data = data[2:]
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if big {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return []byte(string(utf16.Decode(u))), true
}

// repairUTF8 replaces each byte of an invalid UTF-8 sequence with U+FFFD.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// trimPartialRune drops an incomplete UTF-8 sequence that a truncation left
// at the end of b.
func trimPartialRune(b []byte) []byte {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return b
		}
		if c >= 0xC0 { // a lead byte: keep it only if its sequence is whole
			if !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			return b
		}
	}
	return b
}

// limitReader reads at most n bytes and records whether there was more.
type limitReader struct {
	r    io.Reader
	n    int64
	over bool
	pend []byte // a byte read past the limit, kept in case of lift
}

// lift removes the limit: reading goes on to the end of the input.
func (l *limitReader) lift() {
	l.n = math.MaxInt64
	l.over = false
}

func (l *limitReader) Read(p []byte) (int, error) {
	if len(l.pend) > 0 && l.n > 0 && len(p) > 0 {
		p[0] = l.pend[0]
		l.pend = nil
		l.n--
		return 1, nil
	}
	if l.n <= 0 {
		// Probe one byte to tell "exactly n" from "more than n".
		if len(l.pend) > 0 {
			return 0, io.EOF
		}
		var one [1]byte
		k, err := l.r.Read(one[:])
		if k > 0 {
			l.over = true
			l.pend = one[:1]
			return 0, io.EOF
		}
		if err == nil {
			return 0, nil
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}
