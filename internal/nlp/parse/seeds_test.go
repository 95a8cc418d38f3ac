package parse_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/segment"
)

// TestSeeds parses the seed articles as the pipeline does (segment, then
// the pos tagger) and checks the arcs listed in testdata/seeds.tsv.
func TestSeeds(t *testing.T) {
	if _, err := tagger(); err != nil {
		t.Skipf("no tagger: %v", err)
	}
	seeds := filepath.Join(dataDir(t), "..", "seeds")
	m := model(t)
	f, err := os.Open("testdata/seeds.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 5 && (len(c) != 6 || c[5] != "miss") {
			t.Fatalf("bad line %q", line)
		}
		seed, prefix, dep, rel, head := c[0], c[1], c[2], c[3], c[4]
		miss := len(c) == 6
		t.Run(seed+" "+dep+" "+rel+" "+head, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(seeds, seed+"_*.txt"))
			if len(files) != 1 {
				t.Skipf("seed %s not found in %s", seed, seeds)
			}
			b, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			sents, toks := segment.Segment(text)
			for _, s := range sents {
				if !strings.HasPrefix(s.In(text), prefix) {
					continue
				}
				var words []string
				for _, tk := range toks[s.First:s.End] {
					words = append(words, tk.In(text))
				}
				upos, xpos := tagWords(words)
				heads, rels := m.Parse(words, upos, xpos)
				for i, w := range words {
					h := "ROOT"
					if heads[i] > 0 {
						h = words[heads[i]-1]
					}
					if w == dep && rels[i] == rel && h == head {
						if miss {
							t.Logf("known miss %s <-%s- %s now found: update testdata/seeds.tsv", dep, rel, head)
						}
						return
					}
				}
				var got []string
				for i, w := range words {
					h := "ROOT"
					if heads[i] > 0 {
						h = words[heads[i]-1]
					}
					got = append(got, w+"/"+xpos[i]+" <-"+rels[i]+"- "+h)
				}
				if miss {
					t.Skipf("known miss: no arc %s <-%s- %s", dep, rel, head)
				}
				t.Fatalf("no arc %s <-%s- %s in:\n%s", dep, rel, head, strings.Join(got, "\n"))
			}
			t.Fatalf("no sentence starting %q in %s", prefix, files[0])
		})
	}
}
