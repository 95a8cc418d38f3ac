package clusters_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"sitrep/internal/nlp/clusters"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"punctuation", `He said: "Stop it."`, `He said : " Stop it . "`},
		{"abbreviations", "The U.S. and Mr. Smith.", "The U.S. and Mr. Smith ."},
		{"clitics", "It isn't John's.", "It is n't John 's ."},
		{"numbers", "up 5.3 pct, to $1,200", "up 5.3 pct , to $ 1,200"},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(clusters.Tokenize(tt.in), " "); got != tt.want {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Words used alike end up sharing longer prefixes than words used
// differently, and induction is deterministic.
func TestInduce(t *testing.T) {
	var sents [][]string
	days := []string{"monday", "tuesday", "friday"}
	towns := []string{"paris", "rome", "berlin"}
	for i := range 60 {
		sents = append(sents,
			strings.Fields("the meeting was held on "+days[i%3]+" morning ."),
			strings.Fields("they flew to "+towns[i%3]+" on "+days[(i+1)%3]+" ."),
			strings.Fields("prices in "+towns[(i+2)%3]+" rose sharply on "+days[(i+2)%3]+" ."))
	}
	induce := func() map[string]string {
		c := clusters.NewCounter()
		for _, s := range sents {
			c.Add(s)
		}
		return c.Induce(clusters.Options{MinCount: 5, Depth: 8})
	}
	a, b := induce(), induce()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two inductions differ")
	}
	common := func(x, y string) int {
		n := 0
		for n < len(a[x]) && n < len(a[y]) && a[x][n] == a[y][n] {
			n++
		}
		return n
	}
	if common("monday", "friday") <= common("monday", "paris") {
		t.Errorf("monday %s, friday %s, paris %s: days should share more than a day and a town", a["monday"], a["friday"], a["paris"])
	}
	if common("rome", "berlin") <= common("rome", "tuesday") {
		t.Errorf("rome %s, berlin %s, tuesday %s: towns should share more than a town and a day", a["rome"], a["berlin"], a["tuesday"])
	}
	var buf bytes.Buffer
	if err := clusters.Write(&buf, a); err != nil {
		t.Fatal(err)
	}
	back, err := clusters.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a) {
		t.Error("Write then Read changed the clusters")
	}
}

func TestDefault(t *testing.T) {
	m, err := clusters.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 10000 {
		t.Fatalf("%d words, want >= 10000", len(m))
	}
	for _, w := range []string{"monday", "london", "said", "reuters", "0.0"} {
		if m[w] == "" {
			t.Errorf("no cluster for %q", w)
		}
	}
	prefix := func(w string) string { return m[w][:min(8, len(m[w]))] }
	if prefix("monday") != prefix("tuesday") {
		t.Errorf("monday %s and tuesday %s differ in their first 8 bits", m["monday"], m["tuesday"])
	}
}

// Tokenize never loses or invents a character other than white space.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"It isn't John's.", `"Go!" he said.`, "U.S.-led", "\xff\xfe a", "''"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := clusters.Tokenize(s)
		for _, tok := range toks {
			if tok == "" {
				t.Fatalf("empty token in %q", toks)
			}
		}
		if got, want := strings.Join(toks, ""), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("tokens %q rejoin to %q, want %q", toks, got, want)
		}
	})
}
