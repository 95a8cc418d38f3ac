package pos

import (
	"bytes"
	"compress/gzip"
	"maps"
	"testing"
)

// TestReadClustersRoundTrip checks that the embedded clusters survive
// Write and ReadClusters unchanged.
func TestReadClustersRoundTrip(t *testing.T) {
	c := defaultClusters()
	if len(c) < 1000 {
		t.Fatalf("only %d embedded clusters", len(c))
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadClusters(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, c) {
		t.Error("clusters changed in a round trip")
	}
}

// TestReadClustersBad checks that malformed lines are refused.
func TestReadClustersBad(t *testing.T) {
	for _, line := range []string{
		"word", "word\t1\t2\t3", "word\t1\t2\t3\t4\t5", "word\t1\t2\tx\t4", "word\t1\t2\t3\t65536",
		"word\t\t2\t3\t4", "word\t-1\t2\t3\t4",
	} {
		var buf bytes.Buffer
		z := gzip.NewWriter(&buf)
		z.Write([]byte(line + "\n"))
		z.Close()
		if _, err := ReadClusters(&buf); err == nil {
			t.Errorf("%q: read without error", line)
		}
	}
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write([]byte("word\t1\t2\t3\t65535\n"))
	z.Close()
	c, err := ReadClusters(&buf)
	if err != nil || c["word"] != [4]uint16{1, 2, 3, 65535} {
		t.Errorf("got %v, %v", c, err)
	}
}
