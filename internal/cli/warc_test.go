package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnnotateWARC annotates a small .warc.gz: each HTML response is a
// document with its URL and fetch time, the other records are counted.
func TestAnnotateWARC(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates")
	}
	var buf bytes.Buffer
	record := func(typ, uri, ctype, block string) {
		zw := gzip.NewWriter(&buf)
		fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2016-09-01T08:30:00Z\r\nWARC-Target-URI: %s\r\n"+
			"Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", typ, uri, ctype, len(block), block)
		zw.Close()
	}
	page := func(title, text string) string {
		body := "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><article><h1>" + title +
			"</h1><p>" + text + "</p></article></body></html>"
		return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	record("warcinfo", "", "application/warc-fields", "software: test\r\n")
	record("response", "https://news.example/a", "application/http; msgtype=response",
		page("Talks resume", "Russia and Turkey agreed on Tuesday to resume talks, officials in Ankara said."))
	record("response", "https://news.example/logo.png", "application/http; msgtype=response",
		"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG")
	record("response", "https://news.example/b", "application/http; msgtype=response",
		page("Ceasefire holds", "The ceasefire in Syria held on Wednesday, the United Nations said."))
	path := filepath.Join(t.TempDir(), "CC-NEWS-test.warc.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if code := Main([]string{"annotate", path}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var urls []string
	for line := range strings.SplitSeq(strings.TrimSpace(out.String()), "\n") {
		var d struct {
			URL, Fetched, Published, Title, Path string
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, d.URL)
		if d.Fetched != "2016-09-01T08:30:00Z" || d.Published != "2016-09-01" || d.Title == "" || !strings.HasPrefix(d.Path, path+"#") {
			t.Errorf("document %+v", d)
		}
	}
	if strings.Join(urls, " ") != "https://news.example/a https://news.example/b" {
		t.Errorf("URLs %v", urls)
	}
	for _, want := range []string{"1 warcinfo record", "1 non-HTML response (image/png)"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr %q lacks %q", errOut.String(), want)
		}
	}
}
