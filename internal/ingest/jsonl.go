package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sitrep/internal/charset"
	"sitrep/internal/doc"
)

// jsonlReader reads the records of one JSON Lines file, one line at a time.
type jsonlReader struct {
	path   string
	r      *bufio.Reader
	closer io.Closer
	max    int
	n      int // records read so far
}

func (j *jsonlReader) close() {
	if j.closer != nil {
		j.closer.Close()
		j.closer = nil
	}
}

// next returns the document of the next record, io.EOF at the end, or an
// error when the file cannot be read further.
func (j *jsonlReader) next() (*doc.Document, error) {
	for {
		line, tooLong, err := readLine(j.r, j.max)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: after record %d: %w", j.path, j.n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 && !tooLong {
			if err != nil {
				return nil, io.EOF
			}
			continue
		}
		j.n++
		path := j.path + "#" + strconv.Itoa(j.n)
		if tooLong {
			d := &doc.Document{Path: path, Format: doc.FormatJSONL}
			d.AddProblem(stage, "record longer than %d bytes: skipped", j.max)
			return d, nil
		}
		return Record(path, line), nil
	}
}

// readLine reads one line (without its newline) from r, holding at most max
// bytes of it in memory. A longer line is read to its end and dropped, and
// tooLong is set. err is io.EOF with the last line when the input ends
// without a newline, or when nothing is left.
func readLine(r *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	blank := true // only white space so far: a long blank line is still blank
	for {
		chunk, err := r.ReadSlice('\n')
		if blank && len(bytes.TrimSpace(chunk)) > 0 {
			blank = false
		}
		if !tooLong {
			if len(line)+len(chunk) > max+1 { // +1: the newline is not content
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if tooLong {
			line = nil
			tooLong = !blank
		}
		return line, tooLong, err
	}
}

// Record makes the document of one JSON Lines record: Raw is its "text",
// and URL, Title and Published come from the fields of the same names. A
// record that is not a JSON object with a string "text" gives a document
// with a problem (and the text, if some could be recovered from a cut-off
// line). Hash is the SHA-256 of text, published, url and title.
func Record(path string, line []byte) *doc.Document {
	d := &doc.Document{Path: path, Format: doc.FormatJSONL}
	if !utf8.Valid(line) {
		// JSON is UTF-8, but a file written in a legacy encoding is
		// better decoded than filled with U+FFFD.
		if res := charset.Decode(line, ""); res.By == charset.ByStatistics && controlShare(line) < 0.05 {
			d.AddProblem(stage, "invalid UTF-8 at byte %d: the record was decoded from %s", firstInvalid(line), res)
			line = res.Text
		} else {
			d.AddProblem(stage, "invalid UTF-8 at byte %d: repaired with U+FFFD", firstInvalid(line))
			line = repairUTF8(line)
		}
	}
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(line, &rec); err != nil || rec == nil {
		if err == nil {
			err = errors.New("not an object")
		}
		if text, _, ok := recoverString(line, "text"); ok {
			// The recovered text is the document's text, kept as it is:
			// a text cut mid-sentence must not be taken for a headline.
			d.Raw = []byte(text)
			d.IsRaw = true
			d.AddProblem(stage, "malformed JSON record (%v): its text, recovered up to the break (%d bytes), is the document's text",
				err, len(text))
			// Fields that ended before the break are kept too.
			if title, closed, ok := recoverString(line, "title"); ok && closed {
				d.Title = strings.Join(strings.Fields(title), " ")
			}
			if u, closed, ok := recoverString(line, "url"); ok && closed {
				d.URL = strings.TrimSpace(u)
			}
			if p, closed, ok := recoverString(line, "published"); ok && closed {
				if date, clock, ok := normDate(p); ok {
					d.Published, d.PublishedTime = date, clock
				}
			}
		} else {
			d.AddProblem(stage, "malformed JSON record: %v", err)
		}
		d.Hash = recordHash(string(d.Raw), "", "", "")
		return d
	}
	field := func(name string) string {
		raw, ok := rec[name]
		if !ok || string(raw) == "null" {
			return ""
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			d.AddProblem(stage, "field %q is not a string: ignored", name)
			return ""
		}
		return s
	}
	text := field("text")
	if _, ok := rec["text"]; !ok {
		d.AddProblem(stage, "record has no \"text\" field")
	} else if strings.TrimSpace(text) == "" {
		d.AddProblem(stage, "empty input")
	}
	published := field("published")
	d.URL = strings.TrimSpace(field("url"))
	d.Title = strings.Join(strings.Fields(field("title")), " ")
	d.Raw = []byte(text)
	if published != "" {
		date, clock, ok := normDate(published)
		if ok {
			d.Published, d.PublishedTime = date, clock
		} else {
			d.AddProblem(stage, "published %q is not a date: ignored", published)
		}
	}
	d.Hash = recordHash(text, published, d.URL, field("title"))
	return d
}

func recordHash(text, published, url, title string) string {
	h := sha256.New()
	for _, s := range []string{text, published, url, title} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// normDate reads a date given as YYYY-MM-DD, optionally followed by a time
// ("T08:47:00Z", " 08:47"), or as an RFC 3339 / RFC 1123 timestamp.
func normDate(s string) (date, clock string, ok bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, time.RFC1123Z, time.RFC1123, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
		"2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), t.Format("15:04"), true
		}
	}
	if len(s) >= 10 {
		s10 := strings.ReplaceAll(s[:10], "/", "-")
		if t, err := time.Parse("2006-01-02", s10); err == nil {
			return t.Format("2006-01-02"), "", true
		}
	}
	return "", "", false
}

// recoverString pulls the value of a string field out of a JSON object
// line that is cut off or otherwise malformed: the string is decoded up to
// its closing quote (closed) or the end of the line.
func recoverString(line []byte, field string) (s string, closed, ok bool) {
	key := []byte(`"` + field + `"`)
	i := bytes.Index(line, key)
	if i < 0 {
		return "", false, false
	}
	rest := bytes.TrimLeft(line[i+len(key):], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return "", false, false
	}
	rest = bytes.TrimLeft(rest[1:], " \t")
	if len(rest) == 0 || rest[0] != '"' {
		return "", false, false
	}
	rest = rest[1:]
	var b strings.Builder
	for k := 0; k < len(rest); k++ {
		c := rest[k]
		switch {
		case c == '"':
			return b.String(), true, b.Len() > 0
		case c == '\\' && k+1 < len(rest):
			k++
			switch rest[k] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b', 'f':
				b.WriteByte(' ')
			case 'u':
				if k+4 < len(rest) {
					if v, err := strconv.ParseUint(string(rest[k+1:k+5]), 16, 16); err == nil {
						b.WriteRune(rune(v))
						k += 4
						continue
					}
				}
				return b.String(), false, b.Len() > 0
			default:
				b.WriteByte(rest[k])
			}
		case c == '\\':
			return b.String(), false, b.Len() > 0
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), false, b.Len() > 0
}
