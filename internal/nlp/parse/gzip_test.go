package parse_test

import (
	"compress/gzip"
	"io"
	"testing"
)

func gzipString(t *testing.T, w io.Writer, s string) {
	t.Helper()
	z := gzip.NewWriter(w)
	if _, err := io.WriteString(z, s); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}
