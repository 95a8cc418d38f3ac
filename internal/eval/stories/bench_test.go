package stories

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
	"sitrep/internal/stories"
)

// reutersDocs loads the Reuters-21578 training part as documents, or skips.
func reutersDocs(b *testing.B) []*doc.Document {
	dir, err := shared.DataDir()
	path := filepath.Join(dir, "reuters21578", "reut2-train-and-notused.sgm.gz")
	if err == nil {
		_, err = os.Stat(path)
	}
	if err != nil {
		b.Skipf("Reuters-21578 not available: %v", err)
	}
	arts, err := ReadReuters(path)
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*doc.Document, len(arts))
	for i, a := range arts {
		docs[i] = a.Document()
	}
	return docs
}

// streamDoc is document i of an endless stream made of the Reuters
// articles: pass k of the collection is dated k*400 days later, so each pass
// is a new stretch of time whose stories open and close as in 1987.
func streamDoc(docs []*doc.Document, i int) *doc.Document {
	src := docs[i%len(docs)]
	d := *src
	if k := i / len(docs); k > 0 && src.Published != "" {
		t, err := time.Parse("2006-01-02", src.Published)
		if err == nil {
			d.Published = t.AddDate(0, 0, 400*k).Format("2006-01-02")
		}
	}
	return &d
}

// BenchmarkAdd is the cost of assigning one Reuters article to a story in a
// long stream (the stream runs on across iterations).
func BenchmarkAdd(b *testing.B) {
	docs := reutersDocs(b)
	c, err := stories.New(stories.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 20000 { // warm up: a full window of open stories
		c.Add(streamDoc(docs, i))
	}
	i := 20000
	before := cpuTime()
	for b.Loop() {
		c.Add(streamDoc(docs, i))
		i++
	}
	b.ReportMetric(float64((cpuTime()-before).Microseconds())/float64(b.N), "cpu-µs/op")
	b.ReportMetric(float64(c.Open()), "open")
}

// cpuTime is the CPU time the process has used: on a machine shared with
// other work, the figure to compare with annotate's CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStream100k runs a 100,000-document stream and reports the live
// heap after 25k, 50k, 75k and 100k documents: flat when memory is bounded.
func BenchmarkStream100k(b *testing.B) {
	docs := reutersDocs(b)
	for b.Loop() {
		before := cpuTime()
		c, err := stories.New(stories.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 100000 {
			c.Add(streamDoc(docs, i))
			if (i+1)%25000 == 0 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMB@"+string(rune('0'+(i+1)/25000))+"x25k")
				b.ReportMetric(float64(c.Open()), "open@"+string(rune('0'+(i+1)/25000))+"x25k")
			}
		}
		b.ReportMetric(float64((cpuTime()-before).Microseconds())/100000, "cpu-µs/doc")
	}
}

// BenchmarkAnnotateReuters is the standard pipeline's CPU time per Reuters
// article (the first 300, models loaded before timing): what the story
// clusterer's cost (BenchmarkAdd, BenchmarkStream100k) is compared with.
func BenchmarkAnnotateReuters(b *testing.B) {
	docs := reutersDocs(b)[:300]
	p := pipeline.Standard()
	warm := &doc.Document{Path: "warm", Raw: []byte("The White House said on Monday it would talk to Russia."), Format: doc.FormatText}
	if err := p.Process(context.Background(), warm); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	n := 0
	for b.Loop() {
		before := cpuTime()
		for _, src := range docs {
			d := &doc.Document{Path: src.Path, Raw: []byte(src.Title + "\n\n" + src.Text), Format: doc.FormatText,
				DefaultPublished: src.Published}
			if err := p.Process(context.Background(), d); err != nil {
				b.Fatal(err)
			}
			n++
		}
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-µs/doc")
}
