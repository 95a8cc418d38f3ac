package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// warcRecord formats one WARC record: its header lines, then block.
func warcRecord(typ, uri, contentType string, block []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08x>\r\nWARC-Date: 2016-09-02T18:32:27Z\r\n", typ, len(block))
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", contentType, len(block))
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// httpResponse formats an HTTP response as a WARC response block holds it.
func httpResponse(status, contentType string, headers string, body []byte) []byte {
	return append([]byte(fmt.Sprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\n%sContent-Length: %d\r\n\r\n", status, contentType, headers, len(body))), body...)
}

func page(title, body string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><article><h1>" + title +
		"</h1><p>" + body + "</p></article></body></html>")
}

// gzMembers compresses each record as its own gzip member, as .warc.gz
// files are written.
func gzMembers(t testing.TB, recs ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, r := range recs {
		w := gzip.NewWriter(&out)
		if _, err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

func chunked(b []byte) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		n := min(len(b), 7)
		fmt.Fprintf(&out, "%x\r\n%s\r\n", n, b[:n])
		b = b[n:]
	}
	out.WriteString("0\r\n\r\n")
	return out.Bytes()
}

// ccNewsRecords is a small CC-NEWS-like archive: two HTML pages among
// records that are not pages.
func ccNewsRecords(t testing.TB) [][]byte {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(page("Zipped and chunked", "The minister said talks would resume."))
	zw.Close()
	latin1 := append([]byte("<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title></head><body><p>"),
		[]byte("Le caf\xe9 \x93Noir\x94 a ferm\xe9.</p></body></html>")...)
	return [][]byte{
		warcRecord("warcinfo", "", "application/warc-fields", []byte("software: test\r\nformat: WARC File Format 1.0\r\n")),
		warcRecord("request", "https://example.com/a", "application/http; msgtype=request", []byte("GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n")),
		warcRecord("response", "https://example.com/a", "application/http; msgtype=response",
			httpResponse("200 OK", "text/html; charset=utf-8", "", page("Talks in Geneva", "Delegates met on Monday in Geneva."))),
		warcRecord("metadata", "https://example.com/a", "application/warc-fields", []byte("fetchTimeMs: 120\r\n")),
		warcRecord("response", "https://example.com/logo.png", "application/http; msgtype=response",
			httpResponse("200 OK", "image/png", "", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00"))),
		warcRecord("response", "https://example.com/gone", "application/http; msgtype=response",
			httpResponse("404 Not Found", "text/html", "", page("Not found", "No such page."))),
		warcRecord("response", "https://example.com/z", "application/http; msgtype=response",
			append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"), chunked(zipped.Bytes())...)),
		warcRecord("response", "https://example.fr/cafe", "application/http; msgtype=response",
			httpResponse("200 OK", "text/html; charset=iso-8859-1", "", latin1)),
	}
}

func readAll(t *testing.T, paths []string, o Options) (docs []*doc.Document, errs []error, s *Source) {
	t.Helper()
	s = Open(paths, o)
	for i := 0; i < 1000; i++ {
		d, err := s.Next()
		if errors.Is(err, io.EOF) {
			return docs, errs, s
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	t.Fatal("Next never returned io.EOF")
	return
}

func TestWARC(t *testing.T) {
	recs := ccNewsRecords(t)
	plain := bytes.Join(recs, nil)
	truncated := gzMembers(t, recs...)
	// Cut the last member (the Latin-1 page) in its middle.
	last := gzMembers(t, recs[len(recs)-1])
	truncated = truncated[:len(truncated)-len(last)/2]
	dir := writeFiles(t, map[string][]byte{
		"a.warc":          plain,
		"b.warc.gz":       gzMembers(t, recs...),
		"c-trunc.warc.gz": truncated,
		// A record whose block stops short of its Content-Length.
		"d-short.warc": append(bytes.Join(recs[:3], nil),
			[]byte("WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2016-09-02T18:32:27Z\r\nWARC-Target-URI: https://example.com/cut\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Cut short")...),
		"e-noise.warc": append(append([]byte("WARC/1.0\r\nWARC-Type: response\r\n\r\n"), []byte("garbage line\r\n")...), recs[2]...),
	})
	wantURLs := []string{"https://example.com/a", "https://example.com/z", "https://example.fr/cafe"}
	for _, tt := range []struct {
		name     string
		file     string
		urls     []string
		wantErr  bool
		problems map[string]string // URL -> problem substring
	}{
		{"plain", "a.warc", wantURLs, false, map[string]string{"https://example.fr/cafe": "decoded from windows-1252"}},
		{"gzip members", "b.warc.gz", wantURLs, false, nil},
		{"truncated gzip", "c-trunc.warc.gz", wantURLs[:2], true, nil},
		{"short block", "d-short.warc", []string{"https://example.com/a", "https://example.com/cut"}, false,
			map[string]string{"https://example.com/cut": "truncated: 68 of 5000 bytes"}},
		{"noise and no length", "e-noise.warc", wantURLs[:1], false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs, src := readAll(t, []string{filepath.Join(dir, tt.file)}, Options{})
			if (len(errs) > 0) != tt.wantErr {
				t.Errorf("errors = %v, want error: %v", errs, tt.wantErr)
			}
			var urls []string
			for _, d := range docs {
				urls = append(urls, d.URL)
				if d.Format != doc.FormatHTML || !utf8.Valid(d.Raw) {
					t.Errorf("%s: format %v, valid UTF-8 %v", d.URL, d.Format, utf8.Valid(d.Raw))
				}
				if d.Fetched != "2016-09-02T18:32:27Z" || d.DefaultPublished != "2016-09-02" {
					t.Errorf("%s: fetched %q default published %q", d.URL, d.Fetched, d.DefaultPublished)
				}
				if !strings.HasPrefix(d.Path, filepath.Join(dir, tt.file)+"#") {
					t.Errorf("path %q", d.Path)
				}
				if want := tt.problems[d.URL]; want != "" && !strings.Contains(fmt.Sprint(d.Problems), want) {
					t.Errorf("%s: problems %v, want %q", d.URL, d.Problems, want)
				}
			}
			if strings.Join(urls, " ") != strings.Join(tt.urls, " ") {
				t.Errorf("URLs = %v, want %v", urls, tt.urls)
			}
			if tt.file == "a.warc" {
				got := strings.Join(src.Skipped(), "; ")
				want := "1 HTTP status 4xx; 1 metadata record; 1 non-HTML response (image/png); 1 request record; 1 warcinfo record"
				if got != want {
					t.Errorf("Skipped = %q, want %q", got, want)
				}
				if !bytes.Contains(docs[1].Raw, []byte("talks would resume")) {
					t.Errorf("gzip+chunked body not decoded: %q", docs[1].Raw)
				}
				if !bytes.Contains(docs[2].Raw, []byte("Le café “Noir” a fermé.")) {
					t.Errorf("Latin-1 page not decoded: %q", docs[2].Raw)
				}
			}
		})
	}
}

// TestWARCMaxBytes checks that a page larger than MaxBytes is cut, and the
// records after it are still read.
func TestWARCMaxBytes(t *testing.T) {
	big := page("Big", strings.Repeat("word ", 4000))
	data := bytes.Join([][]byte{
		warcRecord("response", "https://example.com/big", "application/http; msgtype=response", httpResponse("200 OK", "text/html", "", big)),
		ccNewsRecords(t)[2],
	}, nil)
	dir := writeFiles(t, map[string][]byte{"big.warc": data})
	docs, errs, _ := readAll(t, []string{filepath.Join(dir, "big.warc")}, Options{MaxBytes: 1000})
	if len(errs) > 0 || len(docs) != 2 {
		t.Fatalf("docs %d errs %v", len(docs), errs)
	}
	if len(docs[0].Raw) != 1000 || !strings.Contains(fmt.Sprint(docs[0].Problems), "larger than 1000 bytes") {
		t.Errorf("big page: %d bytes, problems %v", len(docs[0].Raw), docs[0].Problems)
	}
}

// TestWARCStreams reads a 32 MiB archive from a pipe and checks the heap
// stays far below the archive's size: records are read one at a time.
func TestWARCStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const total = 32 << 20
	pr, pw := io.Pipe()
	rec := warcRecord("response", "https://example.com/p", "application/http; msgtype=response",
		httpResponse("200 OK", "text/html", "", page("Page", strings.Repeat("Delegates met in Geneva. ", 2000))))
	go func() {
		zw := gzip.NewWriter(pw)
		for n := 0; n < total; n += len(rec) {
			zw.Write(rec)
		}
		zw.Close()
		pw.Close()
	}()
	src := Open([]string{"-"}, Options{Stdin: pr})
	var ms runtime.MemStats
	var peak uint64
	n := 0
	for {
		d, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.URL != "https://example.com/p" {
			t.Fatalf("record %d: URL %q", n, d.URL)
		}
		n++
		if n%200 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if want := total / len(rec); n < want {
		t.Fatalf("read %d records, want %d", n, want)
	}
	if peak > 32<<20 {
		t.Errorf("heap in use reached %d MiB reading a 32 MiB archive", peak>>20)
	}
}

// FuzzWARC checks that any input read as a WARC file gives documents with
// valid UTF-8 or HTML and ends, without panic.
func FuzzWARC(f *testing.F) {
	for _, r := range ccNewsRecords(f) {
		f.Add(r)
	}
	f.Add([]byte("WARC/1.0\r\nContent-Length: -1\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !bytes.HasPrefix(b, warcMagic) {
			b = append([]byte("WARC/1.0\r\n"), b...)
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "f.warc")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		src := Open([]string{p}, Options{MaxBytes: 4096})
		for i := 0; ; i++ {
			if i > len(b)+2 {
				t.Fatalf("more documents than bytes")
			}
			d, err := src.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				continue
			}
			if len(d.Raw) > 4096*4 || d.Hash == "" {
				t.Fatalf("document %q: %d bytes, hash %q", d.Path, len(d.Raw), d.Hash)
			}
		}
	})
}
