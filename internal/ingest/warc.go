package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/charset"
	"sitrep/internal/doc"
)

// WARC files (ISO 28500, the format of web archives and of Common Crawl's
// CC-NEWS) are read record by record, like JSON Lines: a response record
// whose HTTP payload is an HTML page becomes a document with the record's
// URL and fetch date; every other record (warcinfo, request, metadata,
// revisit, images, PDFs, error pages) is skipped and counted by reason. A
// .warc.gz file is a series of gzip members, read as one stream. Memory is
// bounded by Options.MaxBytes per record, whatever the size of the file.

// warcMagic opens every WARC record.
var warcMagic = []byte("WARC/")

// looksWARC reports whether b opens like a WARC file.
func looksWARC(b []byte) bool {
	return bytes.HasPrefix(b, warcMagic) && bytes.Contains(b[:min(len(b), 64)], []byte("\n"))
}

// maxWARCHeader caps one header line and the number of header lines of a
// record (WARC or HTTP): a file of garbage cannot make the reader hold more.
const (
	maxWARCLine    = 64 << 10
	maxWARCHeaders = 512
)

// warcReader reads the records of one WARC file.
type warcReader struct {
	path   string
	r      *bufio.Reader
	closer io.Closer
	max    int
	n      int // records read so far (every type)
	docs   int // documents yielded
	// skipped counts the records that gave no document, by reason; it is
	// shared with the Source so the counts outlive the reader.
	skipped map[string]int
}

func (w *warcReader) close() {
	if w.closer != nil {
		w.closer.Close()
		w.closer = nil
	}
}

func (w *warcReader) skip(reason string) {
	w.skipped[reason]++
}

// next returns the document of the next HTML response record, io.EOF at
// the end of the file, or an error when the file cannot be read further
// (a truncated or corrupt gzip stream ends the file with that error after
// its last whole record).
func (w *warcReader) next() (*doc.Document, error) {
	for {
		hdr, err := w.header()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s: after record %d: %w", w.path, w.n, err)
		}
		w.n++
		length, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
		if err != nil || length < 0 {
			// Without a length the record's end cannot be found: look for
			// the next record's "WARC/" line.
			w.skip("record without a valid Content-Length")
			continue
		}
		block := &countReader{r: io.LimitReader(w.r, length)}
		d, reason := w.record(hdr, block)
		// Skip what is left of the block, then the record's closing CRLFs
		// (header() passes over blank lines).
		if _, err := io.Copy(io.Discard, block); err != nil || block.n < length {
			if d != nil {
				d.AddProblem(stage, "WARC record %d truncated: %d of %d bytes", w.n, block.n, length)
				return d, nil
			}
			w.skip("truncated record")
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("%s: record %d truncated at byte %d of %d: %w", w.path, w.n, block.n, length, err)
		}
		if d == nil {
			w.skip(reason)
			continue
		}
		return d, nil
	}
}

// header reads the header of the next record, passing over blank lines and
// any garbage before a line that starts with "WARC/".
func (w *warcReader) header() (textproto.MIMEHeader, error) {
	for {
		line, tooLong, err := readLine(w.r, maxWARCLine)
		if len(bytes.TrimSpace(line)) == 0 && !tooLong {
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil, io.EOF
				}
				return nil, err
			}
			continue
		}
		if tooLong || !bytes.HasPrefix(line, warcMagic) {
			if err != nil {
				return nil, noEOF(err)
			}
			w.skip("bytes between records that are not a record")
			continue
		}
		hdr, err := readMIME(w.r)
		if err != nil {
			return nil, noEOF(err)
		}
		return hdr, nil
	}
}

// noEOF turns an end of input inside a record into an unexpected EOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readMIME reads "Name: value" lines up to a blank line, bounded in line
// length and count. Continuation lines are joined to their header.
func readMIME(r *bufio.Reader) (textproto.MIMEHeader, error) {
	h := textproto.MIMEHeader{}
	last := ""
	for i := 0; ; i++ {
		if i > maxWARCHeaders {
			return nil, fmt.Errorf("more than %d header lines", maxWARCHeaders)
		}
		line, tooLong, err := readLine(r, maxWARCLine)
		if tooLong {
			return nil, fmt.Errorf("header line longer than %d bytes", maxWARCLine)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if err != nil && len(h) == 0 {
				return nil, err
			}
			return h, nil
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			vs := h[last]
			vs[len(vs)-1] += " " + string(bytes.TrimSpace(line))
		} else if k, v, ok := strings.Cut(string(line), ":"); ok {
			last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
			h[last] = append(h[last], strings.TrimSpace(v))
		}
		if err != nil {
			return h, io.ErrUnexpectedEOF
		}
	}
}

// record makes the document of one record, or returns why there is none.
func (w *warcReader) record(hdr textproto.MIMEHeader, block io.Reader) (*doc.Document, string) {
	typ := strings.ToLower(hdr.Get("Warc-Type"))
	ctype := strings.ToLower(hdr.Get("Content-Type"))
	var body io.Reader
	var httpType string
	switch {
	case typ == "response" && strings.Contains(ctype, "application/http"):
		br := bufio.NewReaderSize(block, 4096)
		status, _, err := readLine(br, maxWARCLine)
		if err != nil {
			return nil, "response record without an HTTP message"
		}
		code := httpStatus(status)
		h, err := readMIME(br)
		if err != nil {
			return nil, "response record with a malformed HTTP header"
		}
		if code < 200 || code > 299 {
			return nil, fmt.Sprintf("HTTP status %s", statusClass(code))
		}
		httpType = h.Get("Content-Type")
		body = br
		if strings.Contains(strings.ToLower(h.Get("Transfer-Encoding")), "chunked") {
			body = httputil.NewChunkedReader(br)
		}
		if enc := strings.ToLower(h.Get("Content-Encoding")); enc == "gzip" || enc == "x-gzip" {
			bb := bufio.NewReader(body)
			body = bb
			if magic, _ := bb.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
				zr, err := gzip.NewReader(bb)
				if err != nil {
					return nil, "response record with a corrupt gzip body"
				}
				body = zr
			}
		}
	case typ == "resource":
		httpType = hdr.Get("Content-Type")
		body = block
	case typ == "":
		return nil, "record without WARC-Type"
	default:
		return nil, typ + " record"
	}
	mt, _, _ := mime.ParseMediaType(httpType)
	if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, "non-HTML response (" + mt + ")"
	}
	lr := &limitReader{r: body, n: int64(w.max)}
	data, err := io.ReadAll(lr)
	url := strings.Trim(hdr.Get("Warc-Target-Uri"), "<> ")
	path := w.path + "#" + strconv.Itoa(w.n)
	if err != nil && len(data) == 0 {
		return nil, "response record with an unreadable body"
	}
	if mt == "" && Detect(data) != doc.FormatHTML {
		return nil, "non-HTML response (no type)"
	}
	data, decodedFrom := decodeHTML(data, httpType)
	d := FromBytes(path, data)
	d.URL = url
	d.Fetched = warcDate(hdr.Get("Warc-Date"))
	if len(d.Fetched) >= 10 {
		d.DefaultPublished = d.Fetched[:10]
	}
	if decodedFrom != "" {
		d.AddProblem(stage, "decoded from %s", decodedFrom)
	}
	if err != nil {
		d.AddProblem(stage, "WARC record %d: body cut by a read error after %d bytes: %v", w.n, len(data), err)
	}
	if lr.over {
		d.AddProblem(stage, "WARC record %d: page larger than %d bytes: truncated", w.n, w.max)
	}
	w.docs++
	return d, ""
}

// httpStatus reads the code of an HTTP status line ("HTTP/1.1 200 OK"); 0
// if there is none.
func httpStatus(line []byte) int {
	f := strings.Fields(string(line))
	if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
		return 0
	}
	n, err := strconv.Atoi(f[1])
	if err != nil {
		return 0
	}
	return n
}

func statusClass(code int) string {
	if code <= 0 || code > 999 {
		return "missing"
	}
	return strconv.Itoa(code/100) + "xx"
}

// warcDate normalises a WARC-Date to RFC 3339 UTC; "" if it cannot be read.
func warcDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// decodeHTML returns an HTML page as UTF-8 (internal/charset: byte-order
// mark, the HTTP Content-Type, the page's own declaration, UTF-8 validity,
// byte statistics) and the name of the charset it was decoded from, ""
// when it was UTF-8 already.
func decodeHTML(data []byte, contentType string) ([]byte, string) {
	r := charset.Decode(data, contentType)
	if r.Encoding == "utf-8" {
		return r.Text, ""
	}
	return r.Text, r.Encoding
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

// Skipped returns how many archive records gave no document so far, by
// reason ("request record", "non-HTML response (image/jpeg)"), as lines
// sorted by reason: "12 request record".
func (s *Source) Skipped() []string {
	var out []string
	for k, v := range s.skipped {
		out = append(out, fmt.Sprintf("%d %s", v, k))
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i][strings.IndexByte(out[i], ' '):] < out[j][strings.IndexByte(out[j], ' '):]
	})
	return out
}

// openWARC starts reading a WARC file and returns its first document; a
// nil document and error mean a file with no HTML page in it.
func (s *Source) openWARC(path string, in *bufio.Reader, rc io.Closer, lr *limitReader) (*doc.Document, error) {
	// Records are bounded one by one; the file as a whole is not.
	lr.lift()
	if s.skipped == nil {
		s.skipped = map[string]int{}
	}
	s.warc = &warcReader{path: path, r: in, closer: rc, max: s.o.maxBytes(), skipped: s.skipped}
	d, err := s.warc.next()
	if err != nil {
		s.warc.close()
		s.warc = nil
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	return d, nil
}
