package conllu

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/shared"
)

const sample = `# sent_id = a-1
# text = Don't go.
1-2	Don't	_	_	_	_	_	_	_	_
1	Do	do	AUX	VB	Mood=Imp	3	aux	3:aux	_
2	n't	not	PART	RB	_	3	advmod	3:advmod	_
3	go	go	VERB	VB	_	0	root	0:root	SpaceAfter=No
3.1	went	go	VERB	VBD	_	_	_	3:conj	_
4	.	.	PUNCT	.	_	3	punct	3:punct	_

# sent_id = a-2
1	Hi	hi	INTJ	UH	_	_	_	_	_
`

func TestRead(t *testing.T) {
	ss, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Fatalf("got %d sentences, want 2", len(ss))
	}
	s := ss[0]
	if got := strings.Join(s.Forms(), " "); got != "Do n't go ." {
		t.Errorf("forms = %q", got)
	}
	if txt, ok := s.Comment("text"); !ok || txt != "Don't go." {
		t.Errorf("Comment(text) = %q, %v", txt, ok)
	}
	if w := s.Words[2]; w.Head != 0 || w.Deprel != "root" || w.SpaceAfter() || w.Feats != "_" {
		t.Errorf("word 3 = %+v", w)
	}
	if w := s.Words[0]; w.Head != 3 || !w.SpaceAfter() || w.XPOS != "VB" {
		t.Errorf("word 1 = %+v", w)
	}
	if len(s.Others) != 2 || s.Others[0].Before != 0 || s.Others[1].Before != 3 {
		t.Errorf("others = %+v", s.Others)
	}
	if w := ss[1].Words[0]; w.Head != NoHead {
		t.Errorf("head of %q = %d, want NoHead", w.Form, w.Head)
	}
	var b bytes.Buffer
	if err := Write(&b, ss); err != nil {
		t.Fatal(err)
	}
	if b.String() != sample+"\n" {
		t.Errorf("round trip differs:\n%s", b.String())
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"too few columns", "1\ta\tb\n", "line 1: want 10 tab-separated columns, got 3"},
		{"bad id", "# c\nx\t_\t_\t_\t_\t_\t_\t_\t_\t_\n", `line 2: bad id "x"`},
		{"id out of order", "1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n3\tb\t_\t_\t_\t_\t1\t_\t_\t_\n", "line 2: word id 3, want 2"},
		{"bad head", "1\ta\t_\t_\t_\t_\tx\t_\t_\t_\n", `line 1: bad head "x"`},
		{"bad range", "1-x\ta\t_\t_\t_\t_\t_\t_\t_\t_\n", `line 1: bad id "1-x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadTolerates(t *testing.T) {
	tests := []struct {
		name, in string
		sents    int
	}{
		{"no final newline", "1\ta\t_\t_\t_\t_\t0\t_\t_\t_", 1},
		{"no final blank line", "1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n", 1},
		{"many blank lines", "\n\n1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n\n\n\n1\tb\t_\t_\t_\t_\t0\t_\t_\t_\n\n", 2},
		{"empty", "", 0},
		{"crlf blank lines", "1\ta\t_\t_\t_\t_\t0\t_\t_\t_\r\n\r\n1\tb\t_\t_\t_\t_\t0\t_\t_\t_\r\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := Read(strings.NewReader(tt.in))
			if err != nil || len(ss) != tt.sents {
				t.Errorf("got %d sentences, %v; want %d", len(ss), err, tt.sents)
			}
		})
	}
}

func TestWriteFillsEmptyColumns(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, []*Sentence{{Words: []Word{{Form: "Hi", UPOS: "INTJ", Head: 0, Deprel: "root"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "1\tHi\t_\tINTJ\t_\t_\t0\troot\t_\t_\n\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// dataDir returns ../shared/data/ud-english-ewt from the module root.
func dataDir(t *testing.T) string {
	t.Helper()
	return shared.Require(t, "ud-english-ewt")
}

// TestRoundTripEWT reads the EWT dev file and writes it back identically.
func TestRoundTripEWT(t *testing.T) {
	path := filepath.Join(dataDir(t), "en_ewt-ud-dev.conllu")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("EWT dev not found: %v", err)
	}
	ss, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2001 {
		t.Errorf("got %d sentences, want 2001", len(ss))
	}
	var b bytes.Buffer
	if err := Write(&b, ss); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("round trip differs: %d bytes written, %d read", b.Len(), len(want))
	}
}

func TestReadFileGzip(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(sample))
	zw.Close()
	path := filepath.Join(t.TempDir(), "x.conllu.gz")
	if err := os.WriteFile(path, z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ss, err := ReadFile(path)
	if err != nil || len(ss) != 2 {
		t.Fatalf("got %d sentences, %v", len(ss), err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing file: no error")
	}
}

// FuzzRead checks that Read never panics and that Write of what it read is
// a fixed point: reading and writing it again changes nothing.
func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add("1\ta\t_\t_\t_\t_\t0\t_\t_\t_")
	f.Add("# x\n\n\n1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		var b1, b2 bytes.Buffer
		if err := Write(&b1, ss); err != nil {
			t.Fatal(err)
		}
		ss2, err := Read(bytes.NewReader(b1.Bytes()))
		if err != nil {
			t.Fatalf("reading written output: %v\n%q", err, b1.String())
		}
		if err := Write(&b2, ss2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Fatalf("not a fixed point:\n%q\n%q", b1.String(), b2.String())
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data := []byte(strings.Repeat(sample+"\n", 1000))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
