// Package polnear scores sitrep's quotes against PolNeAR, the Political News
// Attribution Relations corpus (Newell, Margolin and Ruths, LREC 2018), read
// from its brat standoff files: <dir>/text/<name>.txt and
// <dir>/attributions/<name>_<annotator>.ann.
//
// Each article runs through the pipeline stages before quotes (segment,
// actors, then quotes) with --raw semantics: the document's Text is the file
// content, so gold and predicted offsets index the same text. Gold offsets are
// character offsets; they are converted to byte offsets. Where several
// annotators annotated an article, the first .ann file in lexical order is
// used.
//
// Definitions:
//
//   - A gold attribution is an E line; its Content (with Content2) and Source
//     are the union of their fragments.
//   - A gold content is direct when its text, trimmed of spaces and of
//     trailing punctuation, both begins with an opening quotation mark and
//     ends with a closing one ("“We remain in close contact ...,”"), or when
//     quotation marks enclose it right outside its span. Contents that only
//     hold a quotation inside other words (that "keep the details under
//     wraps.") are not direct.
//   - A predicted quote covers a gold content when the predicted quotes that
//     overlap the content together cover at least half of its non-space
//     characters (a quotation interrupted by "Kerry said" is two predicted
//     pieces, one gold content).
//   - Direct precision: a predicted direct quote is correct when it overlaps
//     a direct gold content that is covered by the direct predictions, and
//     at least half of it lies inside one gold content; it is wrong when it
//     overlaps no gold content, or overlaps a direct one without being
//     correct; a direct quote overlapping only non-direct gold contents (a
//     quotation inside reported speech) is not counted.
//   - Direct recall: direct gold contents covered by predicted direct
//     quotes. All-attribution recall: gold contents covered by any
//     predicted quote, direct or not.
//   - Speaker accuracy, over gold contents with a Source that are covered:
//     the speaker of the predicted quote covering most of the content is
//     right when its entity has a mention overlapping the gold Source span,
//     or its name equals the Source text or ends with the Source's last word
//     ("Trudeau" for "Elizabeth Trudeau"). Pronoun and nominal sources count
//     through the stage's resolution, which adds the pronoun as a mention.
package polnear

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/pipeline"

	"sitrep/internal/actors"
	"sitrep/internal/doc"
	"sitrep/internal/quotes"
	"sitrep/internal/segment"
)

// Scores are the figures of one evaluation.
type Scores struct {
	Docs int
	// Direct quotes.
	DirectGold, DirectPred, DirectPredCorrect, DirectPredWrong, DirectFound int
	// All attributions.
	Gold, Found int
	// Speakers over found contents that have a gold source.
	SpeakerGold, SpeakerRight int
	// Problems counts the problems the stages reported.
	Problems int
}

// DirectPrecision is the share of counted predicted direct quotes that are
// right.
func (s Scores) DirectPrecision() float64 {
	return ratio(s.DirectPredCorrect, s.DirectPredCorrect+s.DirectPredWrong)
}

// DirectRecall is the share of direct gold contents found.
func (s Scores) DirectRecall() float64 { return ratio(s.DirectFound, s.DirectGold) }

// DirectF1 is the harmonic mean of DirectPrecision and DirectRecall.
func (s Scores) DirectF1() float64 {
	p, r := s.DirectPrecision(), s.DirectRecall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Recall is the share of all gold contents found by any quote.
func (s Scores) Recall() float64 { return ratio(s.Found, s.Gold) }

// SpeakerAccuracy is the share of found contents with a gold source whose
// speaker is right.
func (s Scores) SpeakerAccuracy() float64 { return ratio(s.SpeakerRight, s.SpeakerGold) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Pipeline returns the stages an article runs through: segmentation, the
// actors, then quotes. (The taggers are left out: the quote finder reads
// their tags when present but does not need them, and the figures in
// docs/ACCURACY.md are measured this way.)
func Pipeline() *pipeline.Pipeline {
	return pipeline.New(segment.New(), actors.New(actors.Options{}), quotes.New())
}

// Attribution is one gold attribution relation, in byte offsets.
type Attribution struct {
	Content []doc.Span
	Source  []doc.Span
	Cue     []doc.Span
}

// Article is one PolNeAR article with its gold attributions.
type Article struct {
	Name         string
	Text         string
	Attributions []Attribution
}

// Load reads the articles of a PolNeAR split directory (holding text/ and
// attributions/), each with the first annotator's attributions.
func Load(dir string) ([]Article, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("polnear: %w", err)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("polnear: no text files in %s", filepath.Join(dir, "text"))
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("polnear: %w", err)
	}
	slices.Sort(anns)
	first := map[string]string{}
	for _, a := range anns {
		base := strings.TrimSuffix(filepath.Base(a), ".ann")
		if k := strings.LastIndexByte(base, '_'); k > 0 {
			base = base[:k]
		}
		if _, ok := first[base]; !ok {
			first[base] = a
		}
	}
	slices.Sort(texts)
	var out []Article
	for _, t := range texts {
		name := strings.TrimSuffix(filepath.Base(t), ".txt")
		b, err := os.ReadFile(t)
		if err != nil {
			return nil, fmt.Errorf("polnear: %w", err)
		}
		art := Article{Name: name, Text: string(b)}
		if a, ok := first[name]; ok {
			src, err := os.ReadFile(a)
			if err != nil {
				return nil, fmt.Errorf("polnear: %w", err)
			}
			art.Attributions, err = ParseAnn(string(src), art.Text)
			if err != nil {
				return nil, fmt.Errorf("polnear: %s: %w", filepath.Base(a), err)
			}
		}
		out = append(out, art)
	}
	return out, nil
}

// ParseAnn reads brat standoff attributions whose character offsets index
// text, returning them with byte offsets. Malformed lines are skipped; an
// offset outside text is an error.
func ParseAnn(src, text string) ([]Attribution, error) {
	// byteAt[i] is the byte offset of the i-th character.
	var byteAt []int
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	spans := map[string][]doc.Span{}
	for line := range strings.SplitSeq(src, "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 || !strings.HasPrefix(f[0], "T") {
			continue
		}
		_, offs, ok := strings.Cut(f[1], " ")
		if !ok {
			continue
		}
		for frag := range strings.SplitSeq(offs, ";") {
			a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
			if !ok {
				continue
			}
			s, err1 := strconv.Atoi(a)
			e, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || s < 0 || e < s {
				continue
			}
			if e >= len(byteAt) {
				return nil, fmt.Errorf("%s: offset %d outside text of %d characters", f[0], e, len(byteAt)-1)
			}
			spans[f[0]] = append(spans[f[0]], doc.Span{Start: byteAt[s], End: byteAt[e]})
		}
	}
	var out []Attribution
	for line := range strings.SplitSeq(src, "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 || !strings.HasPrefix(f[0], "E") {
			continue
		}
		var a Attribution
		for arg := range strings.FieldsSeq(f[1]) {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			switch role {
			case "Content", "Content2":
				a.Content = append(a.Content, spans[id]...)
			case "Source":
				a.Source = append(a.Source, spans[id]...)
			case "Cue":
				a.Cue = append(a.Cue, spans[id]...)
			}
		}
		if len(a.Content) > 0 {
			out = append(out, a)
		}
	}
	return out, nil
}

// Evaluate runs the stages over every article of the PolNeAR split in dir,
// prints the scores to w and returns them.
func Evaluate(dir string, w io.Writer) (Scores, error) {
	arts, err := Load(dir)
	if err != nil {
		return Scores{}, err
	}
	p := Pipeline()
	var sc Scores
	for _, a := range arts {
		d := &doc.Document{Path: a.Name, Raw: []byte(a.Text), IsRaw: true, Text: a.Text}
		if err := p.Process(context.Background(), d); err != nil {
			return sc, err
		}
		sc.add(Score(a, d))
		sc.Problems += len(d.Problems)
		for _, pr := range d.Problems {
			fmt.Fprintf(w, "%s: %s\n", a.Name, firstLine(pr.String()))
		}
	}
	fmt.Fprintf(w, "PolNeAR %s: %d articles, %d gold attributions (%d direct)\n", dir, sc.Docs, sc.Gold, sc.DirectGold)
	fmt.Fprintf(w, "direct quotes:   P %.3f  R %.3f  F1 %.3f  (predicted %d: %d right, %d wrong, %d inside reported speech)\n",
		sc.DirectPrecision(), sc.DirectRecall(), sc.DirectF1(), sc.DirectPred, sc.DirectPredCorrect, sc.DirectPredWrong,
		sc.DirectPred-sc.DirectPredCorrect-sc.DirectPredWrong)
	fmt.Fprintf(w, "all attributions: recall %.3f  (%d of %d)\n", sc.Recall(), sc.Found, sc.Gold)
	if sc.Problems > 0 {
		fmt.Fprintf(w, "problems:        %d\n", sc.Problems)
	}
	fmt.Fprintf(w, "speakers:        accuracy %.3f  (%d of %d found contents with a gold source)\n",
		sc.SpeakerAccuracy(), sc.SpeakerRight, sc.SpeakerGold)
	return sc, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (s *Scores) add(o Scores) {
	s.Docs += o.Docs
	s.DirectGold += o.DirectGold
	s.DirectPred += o.DirectPred
	s.DirectPredCorrect += o.DirectPredCorrect
	s.DirectPredWrong += o.DirectPredWrong
	s.DirectFound += o.DirectFound
	s.Gold += o.Gold
	s.Found += o.Found
	s.SpeakerGold += o.SpeakerGold
	s.SpeakerRight += o.SpeakerRight
}

// Score compares the quotes of d, an annotated article, with its gold
// attributions.
func Score(a Article, d *doc.Document) Scores {
	sc := Scores{Docs: 1}
	text := a.Text
	var directGold []bool
	for _, g := range a.Attributions {
		dg := IsDirect(text, g.Content)
		directGold = append(directGold, dg)
		sc.Gold++
		if dg {
			sc.DirectGold++
		}
		if best := covering(text, g.Content, d.Quotes, false); best >= 0 {
			sc.Found++
			if len(g.Source) > 0 {
				sc.SpeakerGold++
				if speakerRight(d, d.Quotes[best], g.Source) {
					sc.SpeakerRight++
				}
			}
		}
		if dg && covering(text, g.Content, d.Quotes, true) >= 0 {
			sc.DirectFound++
		}
	}
	for _, q := range d.Quotes {
		if !q.Direct {
			continue
		}
		sc.DirectPred++
		overlapsAny, overlapsDirect, right := false, false, false
		inside := 0
		for k, g := range a.Attributions {
			ov := 0
			for _, c := range g.Content {
				ov += overlap(c, q.Span)
			}
			if ov == 0 {
				continue
			}
			overlapsAny = true
			inside = max(inside, ov)
			if directGold[k] {
				overlapsDirect = true
				if covering(text, g.Content, d.Quotes, true) >= 0 {
					right = true
				}
			}
		}
		switch {
		case right && 2*inside >= q.Len():
			sc.DirectPredCorrect++
		case !overlapsAny || overlapsDirect:
			sc.DirectPredWrong++
		}
	}
	return sc
}

// IsDirect reports whether a gold content is a direct quotation (see the
// package comment).
func IsDirect(text string, content []doc.Span) bool {
	if len(content) == 0 {
		return false
	}
	s := doc.Span{Start: content[0].Start, End: content[len(content)-1].End}
	c := strings.TrimRightFunc(strings.TrimSpace(s.In(text)), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '.' || r == ';' || r == ':'
	})
	first, _ := utf8.DecodeRuneInString(c)
	last, _ := utf8.DecodeLastRuneInString(c)
	if isOpening(first) && isClosing(last) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(text[:s.Start])
	after, _ := utf8.DecodeRuneInString(text[s.End:])
	return isOpening(before) && isClosing(after)
}

func isOpening(r rune) bool { return r == '"' || r == '“' || r == '„' || r == '«' }
func isClosing(r rune) bool { return r == '"' || r == '”' || r == '»' }

// covering returns the index of the quote that best matches a gold content
// (the largest overlap over union, so that of nested quotes the one closest
// in extent wins) when the quotes overlapping it (direct ones only if
// direct) together cover at least half of its non-space characters; else -1.
func covering(text string, content []doc.Span, qs []doc.Quote, direct bool) int {
	total, covered := 0, 0
	best, bestScore := -1, 0.0
	gold := 0
	for _, c := range content {
		total += nonSpace(text, c)
		gold += c.Len()
	}
	if total == 0 {
		return -1
	}
	ovs := map[int]int{}
	for _, c := range content {
		// Mark the covered bytes of c once, however many quotes cover them.
		mask := make([]bool, c.Len())
		for k, q := range qs {
			if direct && !q.Direct || !q.Overlaps(c) {
				continue
			}
			for i := max(c.Start, q.Start); i < min(c.End, q.End); i++ {
				mask[i-c.Start] = true
				ovs[k]++
			}
		}
		for i, ok := range mask {
			if ok && !isSpaceByte(text[c.Start+i]) {
				covered++
			}
		}
	}
	for k, ov := range ovs {
		score := float64(ov) / float64(gold+qs[k].Len()-ov)
		if score > bestScore || score == bestScore && k < best {
			best, bestScore = k, score
		}
	}
	if best < 0 || 2*covered < total {
		return -1
	}
	return best
}

func nonSpace(text string, s doc.Span) int {
	n := 0
	for i := s.Start; i < s.End && i < len(text); i++ {
		if !isSpaceByte(text[i]) {
			n++
		}
	}
	return n
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func overlap(a, b doc.Span) int {
	return max(0, min(a.End, b.End)-max(a.Start, b.Start))
}

// speakerRight reports whether q's speaker is the gold source.
func speakerRight(d *doc.Document, q doc.Quote, source []doc.Span) bool {
	if q.Speaker < 0 || q.Speaker >= len(d.Entities) {
		return false
	}
	e := d.Entities[q.Speaker]
	for _, m := range e.Mentions {
		for _, s := range source {
			if m.Overlaps(s) {
				return true
			}
		}
	}
	for _, s := range source {
		src := strings.TrimSpace(s.In(d.Text))
		if src == "" {
			continue
		}
		if strings.EqualFold(src, e.Name) {
			return true
		}
		f := strings.Fields(src)
		if last := f[len(f)-1]; len(f) <= 3 && strings.HasSuffix(strings.ToLower(e.Name), strings.ToLower(last)) &&
			unicode.IsUpper([]rune(last)[0]) {
			return true
		}
	}
	return false
}
