package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/shared"
)

// BenchmarkAnnotateWARC1GB writes a 1 GiB web archive shaped like a CC-NEWS
// file (BBC articles as HTML response records among requests, metadata,
// images and one 40 MiB page) and runs `sitrep annotate` on it as a
// process, reporting its peak resident memory (maxrss-MiB), pages
// annotated and archive MiB read per second. The archive is read one
// record at a time, so memory does not grow with the file.
//
//	go test -run XXX -bench AnnotateWARC1GB -benchtime 1x ./internal/cli/
func BenchmarkAnnotateWARC1GB(b *testing.B) {
	data, err := shared.DataDir()
	if err != nil {
		b.Skip(err)
	}
	articles := filepath.Join(data, "bbc-news", "politics")
	files, _ := filepath.Glob(filepath.Join(articles, "*.txt"))
	if len(files) == 0 {
		b.Skipf("no BBC articles in %s", articles)
	}
	bin, err := sitrepBinary()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "news.warc")
	pages, size, err := writeBenchWARC(path, files, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cmd := exec.Command(bin, "annotate", path)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		n := 0
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 256<<20)
		for sc.Scan() {
			n++
		}
		if err := cmd.Wait(); err != nil {
			b.Fatalf("annotate: %v\n%s", err, errOut.String())
		}
		secs := time.Since(start).Seconds()
		if n != pages {
			b.Fatalf("annotated %d pages, want %d\n%s", n, pages, errOut.String())
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
		b.ReportMetric(float64(n)/secs, "pages/s")
		b.ReportMetric(float64(size)/(1<<20)/secs, "archive-MiB/s")
		b.Logf("%d MiB archive, %d pages, %.1f s, stderr:\n%s", size>>20, n, secs, errOut.String())
	}
}

// writeBenchWARC writes a WARC file of about size bytes and returns the
// number of HTML pages in it and its exact size.
func writeBenchWARC(path string, articles []string, size int64) (pages int, written int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	cw := &countingWriter{w: w}
	rng := rand.New(rand.NewPCG(1, 2))
	image := make([]byte, 900<<10)
	for i := range image {
		image[i] = byte(rng.Uint32())
	}
	record := func(typ, uri, ctype string, block []byte) {
		fmt.Fprintf(cw, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2005-03-01T10:00:00Z\r\nWARC-Target-URI: %s\r\n"+
			"Content-Type: %s\r\nContent-Length: %d\r\n\r\n", typ, uri, ctype, len(block))
		cw.Write(block)
		cw.Write([]byte("\r\n\r\n"))
	}
	response := func(ctype string, body []byte) []byte {
		return append([]byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", ctype, len(body))), body...)
	}
	record("warcinfo", "", "application/warc-fields", []byte("software: sitrep benchmark\r\n"))
	// One page larger than the 32 MiB limit: cut, with a problem.
	huge := []byte("<html><head><title>Huge</title></head><body>" + strings.Repeat("<p>Filler paragraph of a huge page.</p>\n", 40<<20/40) + "</body></html>")
	record("response", "https://news.example/huge", "application/http; msgtype=response", response("text/html", huge))
	pages++
	for i := 0; cw.n < size; i++ {
		text, err := os.ReadFile(articles[i%len(articles)])
		if err != nil {
			return 0, 0, err
		}
		title, body, _ := strings.Cut(string(text), "\n")
		var h strings.Builder
		h.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) +
			"</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>" + html.EscapeString(title) + "</h1>")
		for p := range strings.SplitSeq(body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				h.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
		}
		h.WriteString("</article><footer>Copyright</footer></body></html>")
		uri := fmt.Sprintf("https://news.example/%d", i)
		record("request", uri, "application/http; msgtype=request", []byte("GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"))
		record("response", uri, "application/http; msgtype=response", response("text/html; charset=utf-8", []byte(h.String())))
		record("metadata", uri, "application/warc-fields", []byte("fetchTimeMs: 88\r\n"))
		pages++
		// Images make up most of the bytes, as in a crawl.
		for k := 0; k < 4 && cw.n < size; k++ {
			record("response", uri+".jpg", "application/http; msgtype=response", response("image/jpeg", image))
		}
	}
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	return pages, cw.n, f.Close()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	k, err := c.w.Write(p)
	c.n += int64(k)
	return k, err
}
