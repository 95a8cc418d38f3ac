// Package conllu reads and writes the CoNLL-U format of Universal
// Dependencies treebanks (https://universaldependencies.org/format.html).
//
// A file is a sequence of sentences separated by blank lines. Each sentence
// has comment lines ("# text = ...") and one line per word with ten
// tab-separated columns. Multiword-token lines ("3-4") and empty nodes
// ("5.1") are kept verbatim, in place, so that Write reproduces a file read
// by Read byte for byte.
package conllu

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// NoHead is the Head of a word whose HEAD column is "_".
const NoHead = -1

// Word is one syntactic word: a line whose ID is an integer.
type Word struct {
	ID     int    // 1-based index in the sentence
	Form   string // the word form
	Lemma  string // the lemma, "_" if unknown
	UPOS   string // the universal part of speech
	XPOS   string // the language-specific part of speech (Penn Treebank tag for English)
	Feats  string // morphological features, "_" if none
	Head   int    // the ID of the head, 0 for the root, NoHead for "_"
	Deprel string // the relation to the head
	Deps   string // enhanced dependencies
	Misc   string // anything else ("SpaceAfter=No")
}

// SpaceAfter reports whether the word is followed by a space in the
// original text, that is whether MISC lacks SpaceAfter=No.
func (w Word) SpaceAfter() bool {
	for f := range strings.SplitSeq(w.Misc, "|") {
		if f == "SpaceAfter=No" {
			return false
		}
	}
	return true
}

// Other is a line of a sentence that is not a word: a comment after the
// first word, a multiword-token range ("3-4") or an empty node ("5.1"). It
// is kept verbatim and written before Words[Before] (after the last word
// when Before == len(Words)).
type Other struct {
	Before int
	Line   string
}

// Sentence is one sentence of a CoNLL-U file.
type Sentence struct {
	// Comments are the comment lines before the first word, verbatim
	// (starting with "#", without the line break).
	Comments []string
	// Words are the syntactic words, in order; Words[i].ID == i+1.
	Words []Word
	// Others are the remaining lines, in order.
	Others []Other
}

// Comment returns the value of the comment "# key = value".
func (s *Sentence) Comment(key string) (string, bool) {
	for _, c := range s.Comments {
		rest, ok := strings.CutPrefix(c, "#")
		if !ok {
			continue
		}
		k, v, ok := strings.Cut(rest, "=")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// Forms returns the word forms.
func (s *Sentence) Forms() []string {
	out := make([]string, len(s.Words))
	for i, w := range s.Words {
		out[i] = w.Form
	}
	return out
}

// Read reads every sentence from r. A missing final blank line is
// tolerated. An error names the line it was found on.
func Read(r io.Reader) ([]*Sentence, error) {
	ss, err := read(r)
	if err != nil {
		return ss, fmt.Errorf("conllu: %w", err)
	}
	return ss, nil
}

func read(r io.Reader) ([]*Sentence, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	var (
		out  []*Sentence
		cur  *Sentence
		line int
	)
	for {
		text, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return out, fmt.Errorf("line %d: %w", line+1, err)
		}
		if text == "" && err == io.EOF {
			break
		}
		line++
		text = strings.TrimSuffix(text, "\n")
		switch {
		case text == "" || text == "\r":
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
		case strings.HasPrefix(text, "#"):
			if cur == nil {
				cur = &Sentence{}
			}
			if len(cur.Words) == 0 && len(cur.Others) == 0 {
				cur.Comments = append(cur.Comments, text)
			} else {
				cur.Others = append(cur.Others, Other{Before: len(cur.Words), Line: text})
			}
		default:
			if cur == nil {
				cur = &Sentence{}
			}
			if err := cur.addLine(text); err != nil {
				return out, fmt.Errorf("line %d: %w", line, err)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out, nil
}

// addLine adds a word, multiword or empty-node line.
func (s *Sentence) addLine(text string) error {
	cols := strings.Split(text, "\t")
	if len(cols) != 10 {
		return fmt.Errorf("want 10 tab-separated columns, got %d", len(cols))
	}
	id := cols[0]
	if strings.ContainsAny(id, "-.") {
		// A multiword range "3-4" or an empty node "5.1": kept verbatim.
		a, b, ok := strings.Cut(id, "-")
		if !ok {
			a, b, _ = strings.Cut(id, ".")
		}
		if !isDigits(a) || !isDigits(b) {
			return fmt.Errorf("bad id %q", id)
		}
		s.Others = append(s.Others, Other{Before: len(s.Words), Line: text})
		return nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || !isDigits(id) {
		return fmt.Errorf("bad id %q", id)
	}
	if n != len(s.Words)+1 {
		return fmt.Errorf("word id %d, want %d", n, len(s.Words)+1)
	}
	head := NoHead
	if cols[6] != "_" {
		if !isDigits(cols[6]) {
			return fmt.Errorf("bad head %q", cols[6])
		}
		head, err = strconv.Atoi(cols[6])
		if err != nil {
			return fmt.Errorf("bad head %q", cols[6])
		}
	}
	s.Words = append(s.Words, Word{ID: n, Form: cols[1], Lemma: cols[2], UPOS: cols[3], XPOS: cols[4],
		Feats: cols[5], Head: head, Deprel: cols[7], Deps: cols[8], Misc: cols[9]})
	return nil
}

func isDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Write writes the sentences in CoNLL-U: comments, then one line of ten
// tab-separated columns per word (with the other lines in their places),
// then a blank line. An empty column is written as "_".
func Write(w io.Writer, ss []*Sentence) error {
	bw := bufio.NewWriter(w)
	for _, s := range ss {
		for _, c := range s.Comments {
			bw.WriteString(c)
			bw.WriteByte('\n')
		}
		o := 0
		for i, wd := range s.Words {
			for o < len(s.Others) && s.Others[o].Before <= i {
				bw.WriteString(s.Others[o].Line)
				bw.WriteByte('\n')
				o++
			}
			writeWord(bw, i+1, wd)
		}
		for ; o < len(s.Others); o++ {
			bw.WriteString(s.Others[o].Line)
			bw.WriteByte('\n')
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("conllu: %w", err)
	}
	return nil
}

func writeWord(bw *bufio.Writer, id int, w Word) {
	head := "_"
	if w.Head >= 0 {
		head = strconv.Itoa(w.Head)
	}
	if w.ID > 0 {
		id = w.ID
	}
	cols := [10]string{strconv.Itoa(id), w.Form, w.Lemma, w.UPOS, w.XPOS, w.Feats, head, w.Deprel, w.Deps, w.Misc}
	for i, c := range cols {
		if i > 0 {
			bw.WriteByte('\t')
		}
		if c == "" {
			c = "_"
		}
		bw.WriteString(c)
	}
	bw.WriteByte('\n')
}

// ReadFile reads the CoNLL-U file at path, gunzipping it when it is
// gzip-compressed (whatever its name).
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("conllu: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, err := br.Peek(2); err == nil && bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("conllu: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	ss, err := read(r)
	if err != nil {
		return ss, fmt.Errorf("conllu: %s: %w", path, err)
	}
	return ss, nil
}
