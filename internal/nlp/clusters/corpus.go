package clusters

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// ReadCorpus reads the unlabelled news text the clusters are induced from,
// found under dataDir (../shared/data), and calls add with each paragraph of
// text, in a fixed order:
//
//   - bbc-news/*/*.txt (BBC News articles, 2004-2005);
//   - reuters21578/reut2-train-and-notused.sgm.gz (Reuters 1987, Latin-1
//     SGML: the TITLE and BODY of each story);
//   - polnear/train/text/*.txt (political news, 2015-2016);
//   - news-clustering/ecbplus_train.jsonl (the "text" of each record).
//
// A missing source is skipped; the names of the sources read are returned.
func ReadCorpus(dataDir string, add func(text string)) ([]string, error) {
	var used []string
	paras := func(text string) {
		for p := range strings.SplitSeq(text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				add(p)
			}
		}
	}
	// Text files in sorted order.
	files := func(name, pattern string) error {
		matches, err := filepath.Glob(filepath.Join(dataDir, pattern))
		if err != nil || len(matches) == 0 {
			return err
		}
		slices.Sort(matches)
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				return err
			}
			paras(toUTF8(b))
		}
		used = append(used, name)
		return nil
	}
	if err := files("bbc-news", "bbc-news/*/*.txt"); err != nil {
		return used, err
	}
	if err := reuters(filepath.Join(dataDir, "reuters21578", "reut2-train-and-notused.sgm.gz"), add); err == nil {
		used = append(used, "reuters21578")
	} else if !os.IsNotExist(err) {
		return used, err
	}
	if err := files("polnear", "polnear/train/text/*.txt"); err != nil {
		return used, err
	}
	f, err := os.Open(filepath.Join(dataDir, "news-clustering", "ecbplus_train.jsonl"))
	switch {
	case err == nil:
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() {
			var rec struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil {
				paras(rec.Text)
			}
		}
		if err := sc.Err(); err != nil {
			return used, fmt.Errorf("news-clustering: %w", err)
		}
		used = append(used, "news-clustering")
	case !os.IsNotExist(err):
		return used, err
	}
	return used, nil
}

// toUTF8 returns b as a string, decoding it as Latin-1 when it is not valid
// UTF-8.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

var (
	sgmlStory = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>|<BODY>(.*?)</BODY>`)
	sgmlTag   = regexp.MustCompile(`<[^>]*>`)
)

// reuters calls add with the titles and body paragraphs of the stories of a
// Reuters-21578 SGML file (gzip-compressed, Latin-1). Paragraphs of a body
// are the runs of lines between indented lines.
func reuters(path string, add func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("reuters21578: %w", err)
	}
	var b strings.Builder
	if _, err := bufio.NewReader(z).WriteTo(&b); err != nil {
		return fmt.Errorf("reuters21578: %w", err)
	}
	text := toUTF8([]byte(b.String()))
	for _, m := range sgmlStory.FindAllStringSubmatch(text, -1) {
		if m[1] != "" {
			add(html.UnescapeString(sgmlTag.ReplaceAllString(m[1], " ")))
			continue
		}
		body := html.UnescapeString(sgmlTag.ReplaceAllString(m[2], " "))
		body = strings.TrimSuffix(strings.TrimSpace(body), "Reuter")
		var para []string
		flush := func() {
			if len(para) > 0 {
				add(strings.Join(para, " "))
				para = para[:0]
			}
		}
		for line := range strings.SplitSeq(body, "\n") {
			if strings.HasPrefix(line, "    ") {
				flush()
			}
			if line = strings.TrimSpace(line); line != "" {
				para = append(para, line)
			}
		}
		flush()
	}
	return nil
}
