package timeml

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/shared"

	"sitrep/internal/doc"
)

var dump = flag.String("dump", "", "write the error analysis of the development sets to this file")

// dataDir finds ../shared/data/tempeval3 next to the module root.
func dataDir(t testing.TB) string {
	t.Helper()
	shared.Require(t, "tempeval3", "TimeBank")
	return shared.Require(t, "tempeval3")
}

const sample = `<?xml version="1.0" ?>
<TimeML>
<DOCID>X</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06T22:19:00" temporalFunction="false" functionInDocument="CREATION_TIME">19980206</TIMEX3></DCT>
<TEXT>
Profits &amp; losses <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-05" temporalFunction="true" anchorTimeID="t0">yesterday</TIMEX3>, after <TIMEX3 tid="t2" type="DURATION" value="P2Y" mod="MORE_THAN">more than two years</TIMEX3>.
</TEXT>
</TimeML>`

func TestParse(t *testing.T) {
	d, err := Parse("x.tml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if d.DCT != "1998-02-06T22:19:00" {
		t.Errorf("DCT = %q", d.DCT)
	}
	if !strings.Contains(d.Text, "Profits & losses fell yesterday") {
		t.Errorf("text = %q: tags not stripped or entities not decoded", d.Text)
	}
	want := []struct{ text, typ, value, mod string }{
		{"yesterday", "DATE", "1998-02-05", ""},
		{"more than two years", "DURATION", "P2Y", "MORE_THAN"},
	}
	if len(d.Timexs) != len(want) {
		t.Fatalf("%d timexes, want %d", len(d.Timexs), len(want))
	}
	for i, w := range want {
		g := d.Timexs[i]
		if g.In(d.Text) != w.text || g.Type != w.typ || g.Value != w.value || g.Mod != w.mod {
			t.Errorf("timex %d = %q %s %s %s, want %+v", i, g.In(d.Text), g.Type, g.Value, g.Mod, w)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"no text", "<TimeML></TimeML>"},
		{"unterminated tag", "<TEXT>a <TIMEX3 type=\"DATE\"</TEXT>"},
		{"nested", "<TEXT><TIMEX3 a=\"1\"><TIMEX3 a=\"2\">x</TIMEX3></TIMEX3></TEXT>"},
		{"unmatched close", "<TEXT>x</TIMEX3></TEXT>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.name, []byte(tt.in)); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestScore(t *testing.T) {
	d, err := Parse("x.tml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	c, sys := Score(d)
	if c.Gold != 2 || c.System != len(sys) {
		t.Fatalf("counts %+v with %d system times", c, len(sys))
	}
	if c.Strict != 2 || c.Value != 2 || c.Type != 2 {
		t.Errorf("counts %+v, want both expressions found with the right values", c)
	}
}

func TestMatch(t *testing.T) {
	gold := []Timex{{Span: doc.Span{Start: 0, End: 10}}, {Span: doc.Span{Start: 20, End: 30}}, {Span: doc.Span{Start: 40, End: 45}}}
	sys := []doc.Time{{Span: doc.Span{Start: 5, End: 12}}, {Span: doc.Span{Start: 20, End: 30}}, {Span: doc.Span{Start: 50, End: 55}}}
	got := Match(gold, sys)
	want := []Pair{{0, 0}, {1, 1}, {2, -1}, {-1, 2}}
	if len(got) != len(want) {
		t.Fatalf("Match = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Match = %v, want %v", got, want)
			break
		}
	}
	c := Counts{Gold: 4, System: 5, Strict: 2, Relaxed: 3, Type: 3, Value: 2}
	if p := c.RelaxedPRF(); p.P != 0.6 || p.R != 0.75 {
		t.Errorf("relaxed = %+v", p)
	}
	if a := c.ValueAccuracy(); a < 0.66 || a > 0.67 {
		t.Errorf("value accuracy = %v", a)
	}
}

// TestDevFloor scores the stage on the development data (TimeBank and
// AQUAINT, the TempEval-3 training sets) and fails if a figure falls below
// its floor, set a little under what was measured.
func TestDevFloor(t *testing.T) {
	root := dataDir(t)
	dirs := []string{filepath.Join(root, "TimeBank"), filepath.Join(root, "AQUAINT")}
	var w io.Writer = io.Discard
	if testing.Verbose() {
		w = os.Stdout
	}
	sc, err := Evaluate(dirs, w)
	if err != nil {
		t.Fatal(err)
	}
	if *dump != "" {
		f, err := os.Create(*dump)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := Errors(dirs, f); err != nil {
			t.Fatal(err)
		}
	}
	o := sc.Overall
	floors := []struct {
		name       string
		got, floor float64
	}{
		// Measured: strict 0.889, relaxed 0.946, type 0.903, value 0.821.
		{"strict F1", o.StrictPRF().F, 0.88},
		{"relaxed F1", o.RelaxedPRF().F, 0.935},
		{"type F1", o.TypePRF().F, 0.895},
		{"value F1", o.ValuePRF().F, 0.815},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.3f, below the floor %.3f", f.name, f.got, f.floor)
		}
	}
	if o.Docs != 256 || o.Gold != 1822 {
		t.Errorf("read %d documents with %d gold expressions, want 256 and 1822", o.Docs, o.Gold)
	}
}

// FuzzParse checks that any input either fails cleanly or yields gold spans
// inside the text, in order.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("<TEXT><TIMEX3 type=\"DATE\">x</TIMEX3>&amp;</TEXT>"))
	f.Add([]byte("<TEXT>&#x;<</TEXT>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse("fuzz", b)
		if err != nil {
			return
		}
		end := 0
		for _, g := range d.Timexs {
			if g.Start < end || g.End < g.Start || g.End > len(d.Text) {
				t.Fatalf("span %v out of order or bounds (text %d bytes)", g.Span, len(d.Text))
			}
			end = g.End
		}
	})
}
