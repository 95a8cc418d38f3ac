// Package conll reads and writes CoNLL-2003 column files: one token per line,
// the word in the first column and the entity tag in the last, a blank line
// between sentences and a -DOCSTART- line between documents.
//
// The shared CoNLL-2003 files tag entities in IOB1 (I-X throughout, B-X only
// where two entities of the same type touch). Read converts the tags to IOB2
// (every entity starts with B-X), which is what sitrep's recogniser learns and
// writes. Tag streams a file through a tagger, writing each token line back
// with one more column: the predicted tag.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DocStart is the first word of a document-break line.
const DocStart = "-DOCSTART-"

// maxLine bounds the length of one line, so that a binary or corrupt file
// fails with an error instead of exhausting memory.
const maxLine = 1 << 20

// Sentence is one sentence of a CoNLL file.
type Sentence struct {
	// Words are the tokens, from the first column.
	Words []string
	// POS and Chunks are the second and third columns of a four-column
	// file (word, part of speech, chunk, entity); nil otherwise.
	POS, Chunks []string
	// Tags are the entity tags from the last column, converted to IOB2; nil
	// when the lines have a single column.
	Tags []string
}

// Document is the sentences between two -DOCSTART- lines.
type Document struct {
	Sentences []Sentence
}

// Words returns the words of every sentence.
func (d Document) Words() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		out[i] = s.Words
	}
	return out
}

// Tokens counts the words of the document.
func (d Document) Tokens() int {
	n := 0
	for _, s := range d.Sentences {
		n += len(s.Words)
	}
	return n
}

// Read reads a CoNLL-2003 file. Sentences before the first -DOCSTART- line
// (or in a file without any) form a document of their own; a document with no
// sentences is dropped. Tags are converted from IOB1 to IOB2. Lines whose
// number of columns differs from the sentence's first line are an error.
func Read(r io.Reader) ([]Document, error) {
	var (
		docs []Document
		cur  Document
		sent Sentence
		cols int
	)
	endSentence := func() {
		if len(sent.Words) > 0 {
			if sent.Tags != nil {
				sent.Tags = ToIOB2(sent.Tags)
			}
			cur.Sentences = append(cur.Sentences, sent)
		}
		sent, cols = Sentence{}, 0
	}
	endDocument := func() {
		endSentence()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
		}
		cur = Document{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			endSentence()
			continue
		case f[0] == DocStart:
			endDocument()
			continue
		}
		if cols == 0 {
			cols = len(f)
		} else if len(f) != cols {
			return nil, fmt.Errorf("conll: line %d: %d columns, want %d", line, len(f), cols)
		}
		sent.Words = append(sent.Words, f[0])
		if cols >= 4 {
			sent.POS = append(sent.POS, f[1])
			sent.Chunks = append(sent.Chunks, f[2])
		}
		if cols >= 2 {
			sent.Tags = append(sent.Tags, f[cols-1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: line %d: %w", line+1, err)
	}
	endDocument()
	return docs, nil
}

// ToIOB2 returns the tags converted from IOB1 (or IOB2) to IOB2: an I-X that
// does not continue an entity of type X becomes B-X. Tags other than B-X,
// I-X and O are kept as they are. The input is not modified.
func ToIOB2(tags []string) []string {
	out := make([]string, len(tags))
	prev := "O"
	for i, t := range tags {
		if typ, ok := strings.CutPrefix(t, "I-"); ok {
			if p := TypeOf(prev); p != typ {
				t = "B-" + typ
			}
		}
		out[i] = t
		prev = t
	}
	return out
}

// TypeOf returns the entity type of an IOB tag ("PER" for "B-PER" and
// "I-PER"), "" for O or anything else.
func TypeOf(tag string) string {
	if len(tag) > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' {
		return tag[2:]
	}
	return ""
}

// Span is an entity: the words [Start, End) of a sentence and its type.
type Span struct {
	Start, End int
	Type       string
}

// Spans returns the entities of an IOB2 tag sequence in order. An I-X that
// does not continue an entity of type X starts a new one, so ill-formed
// sequences are read as IOB1 would be.
func Spans(tags []string) []Span {
	var out []Span
	for i := 0; i < len(tags); {
		typ := TypeOf(tags[i])
		if typ == "" {
			i++
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		out = append(out, Span{Start: i, End: j, Type: typ})
		i = j
	}
	return out
}

// Tag streams a CoNLL file from r to w one sentence at a time: it calls tag
// with the words of each sentence and writes the sentence's lines back with
// one more column holding the returned tag. -DOCSTART- lines and blank lines
// are copied unchanged (without trailing white space), and so are the tokens:
// they are taken as given. The new column is separated by a tab when the
// line already uses tabs, else by a space. tag must return one tag per word.
func Tag(r io.Reader, w io.Writer, tag func(words []string) []string) error {
	return stream(r, w, func(doc [][]string) [][]string {
		out := make([][]string, len(doc))
		for i, words := range doc {
			out[i] = tag(words)
		}
		return out
	}, false)
}

// TagDocuments is Tag for a tagger that looks at a whole document at once:
// it reads up to each -DOCSTART- line (or the end of input), calls tag with
// the words of the document's sentences, and writes the document back.
func TagDocuments(r io.Reader, w io.Writer, tag func(sentences [][]string) [][]string) error {
	return stream(r, w, tag, true)
}

// stream does the work of Tag and TagDocuments. A unit is one sentence, or
// one document when byDoc is set.
func stream(r io.Reader, w io.Writer, tag func([][]string) [][]string, byDoc bool) error {
	bw := bufio.NewWriter(w)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var (
		pending []string   // lines of the unit, blank lines included
		words   [][]string // words of the unit's sentences
		open    bool       // the last sentence of words is still growing
		line    int
	)
	flush := func() error {
		if len(words) > 0 {
			tags := tag(words)
			if len(tags) != len(words) {
				return fmt.Errorf("conll: line %d: tagger returned %d sentences for %d", line, len(tags), len(words))
			}
			for i := range words {
				if len(tags[i]) != len(words[i]) {
					return fmt.Errorf("conll: line %d: tagger returned %d tags for %d words", line, len(tags[i]), len(words[i]))
				}
			}
			s, k := 0, 0
			for _, l := range pending {
				if strings.TrimSpace(l) == "" {
					fmt.Fprintln(bw)
					if k > 0 {
						s, k = s+1, 0
					}
					continue
				}
				sep := " "
				if strings.Contains(l, "\t") {
					sep = "\t"
				}
				fmt.Fprintf(bw, "%s%s%s\n", l, sep, tags[s][k])
				k++
			}
		} else {
			for range pending {
				fmt.Fprintln(bw)
			}
		}
		pending, words, open = pending[:0], words[:0], false
		return nil
	}
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), " \t\r")
		f := strings.Fields(l)
		switch {
		case len(f) == 0:
			pending = append(pending, "")
			open = false
			if !byDoc {
				if err := flush(); err != nil {
					return err
				}
			}
		case f[0] == DocStart:
			if err := flush(); err != nil {
				return err
			}
			fmt.Fprintln(bw, l)
		default:
			if !open {
				words = append(words, nil)
				open = true
			}
			words[len(words)-1] = append(words[len(words)-1], f[0])
			pending = append(pending, l)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("conll: line %d: %w", line+1, err)
	}
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}
