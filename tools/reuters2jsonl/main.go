// Command reuters2jsonl turns the Reuters-21578 SGML collection into JSON
// Lines records that `sitrep ingest` reads ({"text","published","title",
// "url"}), one per article with a body. It is used to measure throughput on
// a public newswire corpus (docs/BENCHMARKS.md).
//
//	go run ./tools/reuters2jsonl ../shared/data/reuters21578/reut2-train-and-notused.sgm.gz > reuters.jsonl
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

var (
	article  = regexp.MustCompile(`(?s)<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>`)
	dateTag  = regexp.MustCompile(`(?s)<DATE>\s*(.*?)\s*</DATE>`)
	titleTag = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	bodyTag  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	control  = regexp.MustCompile(`&#\d+;`)
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: reuters2jsonl FILE.sgm[.gz] > out.jsonl")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reuters2jsonl:", err)
		os.Exit(1)
	}
}

func run(path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		r = gz
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	n := 0
	for _, m := range article.FindAllSubmatch(data, -1) {
		body := clean(bodyTag.FindSubmatch(m[2]))
		if body == "" {
			continue
		}
		rec := map[string]string{
			"text":  body,
			"title": clean(titleTag.FindSubmatch(m[2])),
			"url":   "reuters21578:" + string(m[1]),
		}
		if d := dateTag.FindSubmatch(m[2]); d != nil {
			if t, err := time.Parse("2-Jan-2006 15:04:05.00", strings.TrimSpace(string(d[1]))); err == nil {
				rec["published"] = t.Format("2006-01-02")
			}
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "reuters2jsonl: %d articles\n", n)
	return w.Flush()
}

// clean turns a matched SGML element into plain UTF-8 text (the collection
// is Latin-1 with a few control references).
func clean(m [][]byte) string {
	if m == nil {
		return ""
	}
	b := m[1]
	var s strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			r = rune(b[0]) // Latin-1
		}
		s.WriteRune(r)
		b = b[size:]
	}
	return strings.TrimSpace(html.UnescapeString(control.ReplaceAllString(s.String(), "")))
}
