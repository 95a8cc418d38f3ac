package stories

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"sitrep/internal/stories"
)

// DuplicateReport is what Duplicates found.
type DuplicateReport struct {
	Articles   int
	Duplicates int // articles marked as near-duplicates of an earlier one
	Exact      int // of which the title and body are byte-identical to the original
	Stories    int
	Pairs      [][2]Article // (copy, original) for every duplicate, in stream order
}

// Duplicates streams the Reuters-21578 training part under dataDir, in file
// order, through a story clusterer (title, body and date only: near-duplicate
// detection needs no annotation) and counts the near-duplicates. With
// sample > 0 it prints that many (copy, original) pairs, evenly spread over
// the stream, for checking by hand.
func Duplicates(dataDir string, w io.Writer, sample int) (DuplicateReport, error) {
	var rep DuplicateReport
	path := filepath.Join(dataDir, "reuters21578", "reut2-train-and-notused.sgm.gz")
	arts, err := ReadReuters(path)
	if err != nil {
		return rep, err
	}
	c, err := stories.New(stories.Options{})
	if err != nil {
		return rep, err
	}
	byPath := map[string]Article{}
	storiesSeen := map[string]bool{}
	for _, a := range arts {
		d := a.Document()
		byPath[d.Path] = a
		as := c.Add(d)
		storiesSeen[as.Story] = true
		if as.DuplicateOf == "" {
			continue
		}
		o := byPath[as.DuplicateOf]
		rep.Duplicates++
		if o.Title == a.Title && o.Body == a.Body {
			rep.Exact++
		}
		rep.Pairs = append(rep.Pairs, [2]Article{a, o})
	}
	rep.Articles = len(arts)
	rep.Stories = len(storiesSeen)
	fmt.Fprintf(w, "%s: %d articles, %d near-duplicates of an earlier article (%d identical in title and body, %d edited), %d stories\n",
		path, rep.Articles, rep.Duplicates, rep.Exact, rep.Duplicates-rep.Exact, rep.Stories)
	if sample > 0 && len(rep.Pairs) > 0 {
		step := float64(len(rep.Pairs)) / float64(sample)
		for i := 0; i < sample && i < len(rep.Pairs); i++ {
			p := rep.Pairs[int(float64(i)*step)]
			same := "edited"
			if p[0].Title == p[1].Title && p[0].Body == p[1].Body {
				same = "identical"
			}
			fmt.Fprintf(w, "%2d. #%s %s (%s) = #%s %s (%s) [%s, %d/%d bytes]\n", i+1, p[0].NewID, short(p[0].Title),
				p[0].Published, p[1].NewID, short(p[1].Title), p[1].Published, same, len(p[0].Body), len(p[1].Body))
		}
	}
	return rep, nil
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}
