package geo

import (
	"slices"
	"testing"

	"sitrep/internal/shared"
)

func TestGazetteerLookup(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		id      int
		country string
	}{
		{"Aleppo", 170063, "SYR"},
		{"aleppo", 170063, "SYR"},
		{"Texas", 4736286, "USA"},
		{"Calif.", 5332921, "USA"},
		{"Syria", 163843, "SYR"},
		{"São Paulo", 3448439, "BRA"},
		{"Sao Paulo", 3448439, "BRA"},
	}
	for _, c := range cases {
		found := false
		for _, i := range g.Lookup(c.name) {
			if p := g.Places[i]; p.ID == c.id && p.Country == c.country {
				found = true
			}
		}
		if !found {
			t.Errorf("Lookup(%q) lacks %d in %s", c.name, c.id, c.country)
		}
	}
	if len(g.Lookup("no such place zzq")) != 0 {
		t.Error("found a place that does not exist")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"The Hague": "hague", "W.Va.": "wva", "Russia's": "russia", "Ciudad  Juárez": "ciudad juarez",
		"Winston-Salem": "winston salem", "": "", "\xff": ""} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkLoad measures reading the embedded gazetteer and the
// recogniser's and resolver's weights, which the stage does once, on first
// use (target: under 100 ms).
func BenchmarkLoad(b *testing.B) {
	cpu := shared.CPUTime()
	for b.Loop() {
		if _, err := parseGazetteer(gazetteerData); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseRecogniser(toponymsData); err != nil {
			b.Fatal(err)
		}
		if _, err := ParseWeights(weightsData); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((shared.CPUTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// TestGazetteerIndexLines looks up every name of a small gazetteer whose
// index has blank lines, and names between and beyond them.
func TestGazetteerIndexLines(t *testing.T) {
	text := "C\t1\tAland\t0\t0\tALA\t\t\t10\tAX\n" +
		"P\t2\tBeta\t1\t1\tALA\t01\t\t5\tPPL\n\n" +
		"aland\t0\n\nbeta\t1,0\nzeta\t1\n"
	g, err := parseGazetteer(text)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]int32{"Aland": {0}, "beta": {1, 0}, "Zeta": {1}, "a": nil, "alpha": nil, "c": nil, "zz": nil, "": nil} {
		if got := g.Lookup(name); !slices.Equal(got, want) {
			t.Errorf("Lookup(%q) = %v, want %v", name, got, want)
		}
	}
	if _, err := parseGazetteer("C\t1\tAland\t0\t0\tALA\t\t\t10\tAX\n\nbeta\t0\naland\t0\n"); err == nil {
		t.Error("an index out of order was read")
	}
}

// TestGazetteerByID finds every place of the embedded gazetteer by its id,
// as a map from id to the last place with it would, and no other id.
func TestGazetteerByID(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int32{}
	for i, p := range g.Places {
		want[p.ID] = int32(i)
	}
	for id, ix := range want {
		if got, ok := g.ByID(id); !ok || got != ix {
			t.Fatalf("ByID(%d) = %d, %v, want %d", id, got, ok, ix)
		}
	}
	for _, id := range []int{0, -1, 1, 999999999} {
		if _, ok := want[id]; !ok {
			if ix, ok := g.ByID(id); ok {
				t.Errorf("ByID(%d) found %d", id, ix)
			}
		}
	}
}
