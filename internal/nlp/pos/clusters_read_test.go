package pos

import (
	"bytes"
	"compress/gzip"
	"maps"
	"os"
	"testing"
)

// modelClusters reads model/clusters.tsv.gz.
func modelClusters(t *testing.T) Clusters {
	t.Helper()
	f, err := os.Open("model/clusters.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := ReadClusters(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) < 1000 {
		t.Fatalf("only %d clusters", len(c))
	}
	return c
}

// TestReadClustersRoundTrip checks that the clusters survive Write and
// ReadClusters unchanged.
func TestReadClustersRoundTrip(t *testing.T) {
	c := modelClusters(t)
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

// TestClustersImage checks the embedded image is the one imagegen writes
// from model/clusters.tsv.gz, and gives every key its clusters and absent
// keys none.
func TestClustersImage(t *testing.T) {
	c := modelClusters(t)
	var buf bytes.Buffer
	if err := c.WriteImage(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != embeddedClusters {
		t.Fatal("model/clusters.img is stale: run go generate ./internal/nlp/pos")
	}
	img := defaultClusters()
	if img.len() != len(c) {
		t.Fatalf("image has %d keys, want %d", img.len(), len(c))
	}
	for k, v := range c {
		if got := img.get(k); got != v {
			t.Fatalf("get(%q) = %v, want %v", k, got, v)
		}
	}
	for _, k := range []string{"", "xyzzy-not-a-word", "THE"} {
		if _, ok := c[k]; !ok && img.get(k) != [4]uint16{} {
			t.Errorf("get(%q) = %v, want zeros", k, img.get(k))
		}
	}
	for _, bad := range []string{"", "SRCLU001", embeddedClusters[:len(embeddedClusters)/2], "XXXXXXXX" + embeddedClusters[8:]} {
		if _, err := readClustersImage(bad); err == nil {
			t.Errorf("damaged image of %d bytes read", len(bad))
		}
	}
}

// BenchmarkClustersLoad reads the clusters as the tagger does (the image,
// in place) and as it did before issue 16's fourth pass (the compressed
// text into a map).
func BenchmarkClustersLoad(b *testing.B) {
	text, err := os.ReadFile("model/clusters.tsv.gz")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image", func(b *testing.B) {
		for b.Loop() {
			if _, err := readClustersImage(embeddedClusters); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("text", func(b *testing.B) {
		for b.Loop() {
			if _, err := ReadClusters(bytes.NewReader(text)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
