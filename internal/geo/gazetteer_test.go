package geo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/segment"

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
			if p := g.Place(i); p.ID == c.id && p.Country == c.country {
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
		if _, err := openGazetteer(gazetteerImage); err != nil {
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
	g := gazetteerOf(t, text)
	for name, want := range map[string][]int32{"Aland": {0}, "beta": {1, 0}, "Zeta": {1}, "a": nil, "alpha": nil, "c": nil, "zz": nil, "": nil} {
		if got := g.Lookup(name); !slices.Equal(got, want) {
			t.Errorf("Lookup(%q) = %v, want %v", name, got, want)
		}
	}
	if _, err := EncodeGazetteer("C\t1\tAland\t0\t0\tALA\t\t\t10\tAX\n\nbeta\t0\naland\t0\n"); err == nil {
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
	for i := range int32(g.Len()) {
		want[g.Place(i).ID] = i
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

// TestGazetteerImage writes a small gazetteer as an image and reads every
// field of every place back as the text gives it; a damaged image is
// refused, not read out of bounds.
func TestGazetteerImage(t *testing.T) {
	text := "C\t163843\tSyria\t35.0000\t38.0000\tSYR\t\t\t22933531\tSY\n" +
		"A\t170062\tAleppo Governorate\t36.2000\t37.1500\tSYR\t09\t\t4867991\t\n" +
		"P\t170063\tAleppo\t36.2021\t37.1343\tSYR\t09\t\t1602264\tPPLA\n" +
		"L\t6255148\tEurope\t48.6909\t9.1406\t\t\t\t741447158\tCONT\n" +
		"P\t4887398\tChicago\t41.8500\t-87.6500\tUSA\tIL\t031\t2720546\tPPLA2\n\n" +
		"aleppo\t2,1\nchicago\t4\neurope\t3\nhalab\t2\nsyria\t0\n"
	g := gazetteerOf(t, text)
	img, err := EncodeGazetteer(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Place{
		{ID: 163843, Name: "Syria", Lat: 35, Lon: 38, Country: "SYR", Population: 22933531, Kind: KindCountry, Feature: "SY"},
		{ID: 170062, Name: "Aleppo Governorate", Lat: 36.2, Lon: 37.15, Country: "SYR", A1: "09", Population: 4867991, Kind: KindAdmin1},
		{ID: 170063, Name: "Aleppo", Lat: 36.2021, Lon: 37.1343, Country: "SYR", A1: "09", Population: 1602264, Kind: KindPlace, Feature: "PPLA"},
		{ID: 6255148, Name: "Europe", Lat: 48.6909, Lon: 9.1406, Population: 741447158, Kind: KindCont, Feature: "CONT"},
		{ID: 4887398, Name: "Chicago", Lat: 41.85, Lon: -87.65, Country: "USA", A1: "IL", A2: "031", Population: 2720546, Kind: KindPlace,
			Feature: "PPLA2"},
	}
	if g.Len() != len(want) {
		t.Fatalf("Len() = %d, want %d", g.Len(), len(want))
	}
	for i, w := range want {
		if got := g.Place(int32(i)); got != w {
			t.Errorf("Place(%d) = %+v, want %+v", i, got, w)
		}
		if ix, ok := g.ByID(w.ID); !ok || ix != int32(i) {
			t.Errorf("ByID(%d) = %d, %v", w.ID, ix, ok)
		}
	}
	for name, wantIx := range map[string][]int32{"Halab": {2}, "aleppo": {2, 1}, "Chicago": {4}, "Syria": {0}, "Damascus": nil} {
		if got := g.Lookup(name); !slices.Equal(got, wantIx) {
			t.Errorf("Lookup(%q) = %v, want %v", name, got, wantIx)
		}
	}
	if a, ok := g.Admin1Of(2); !ok || a != 1 {
		t.Errorf("Admin1Of(Aleppo) = %d, %v", a, ok)
	}
	if c, ok := g.Country("SYR"); !ok || c != 0 {
		t.Errorf("Country(SYR) = %d, %v", c, ok)
	}
	// Damaged images.
	for name, bad := range map[string]string{
		"empty":     "",
		"magic":     "x" + string(img[1:]),
		"truncated": string(img[:len(img)-5]),
		"header":    string(img[:imageHeader-1]),
	} {
		if _, err := openGazetteer(bad); err == nil {
			t.Errorf("%s: a damaged image was read", name)
		}
	}
}

// FuzzGazetteerImage opens damaged images: an error or a gazetteer whose
// every place and name can be read, never a panic.
func FuzzGazetteerImage(f *testing.F) {
	img, err := EncodeGazetteer("C\t1\tAland\t0\t0\tALA\t\t\t10\tAX\nP\t2\tBeta\t1\t1\tALA\t01\t\t5\tPPL\n\naland\t0\nbeta\t1,0\n")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img, 0, byte(0))
	f.Fuzz(func(t *testing.T, img []byte, at int, b byte) {
		if len(img) == 0 {
			return
		}
		img = slices.Clone(img)
		img[(at%len(img)+len(img))%len(img)] ^= b
		g, err := openGazetteer(string(img))
		if err != nil {
			return
		}
		for i := range int32(g.Len()) {
			p := g.Place(i)
			g.Lookup(p.Name)
			g.ByID(p.ID)
			g.Admin1Of(i)
		}
	})
}

// TestFeatureName finds the named streets and natural features the
// recogniser may take without the gazetteer, and nothing else.
func TestFeatureName(t *testing.T) {
	cases := []struct {
		text, name, want string
	}{
		// Streets and roads.
		{"Police closed Wichita Drive on Monday.", "Wichita Drive", "street"},
		{"A crash on Interstate 70 near the exit.", "Interstate 70", "street"},
		{"Shops on Fleet Street closed.", "Fleet Street", "street"},
		// Water and land.
		{"They swam in Lake Lanier last week.", "Lake Lanier", "water"},
		{"Boats on the Delaware River sank.", "Delaware River", "water"},
		{"Fires in the Flint Hills spread.", "Flint Hills", "land"},
		// Not features: one word, a lower-case feature word, an ordinary name.
		{"The Street was empty.", "Street", ""},
		{"Mr Smith said the Wichita drive was long.", "Wichita drive", ""},
		{"Gainesville Police said so.", "Gainesville Police", ""},
	}
	for _, c := range cases {
		d := &doc.Document{Text: c.text}
		if err := segment.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		at := strings.Index(c.text, c.name)
		t0, t1 := d.TokenAt(at), d.TokenAt(at+len(c.name)-1)+1
		if t0 < 0 || t1 <= t0 {
			t.Fatalf("%q: no tokens for %q", c.text, c.name)
		}
		if got := featureName(d, t0, t1); got != c.want {
			t.Errorf("featureName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// gazetteerOf encodes a gazetteer in the generator's text form into an
// image and opens it.
func gazetteerOf(t *testing.T, text string) *Gazetteer {
	t.Helper()
	img, err := EncodeGazetteer(text)
	if err != nil {
		t.Fatal(err)
	}
	g, err := openGazetteer(string(img))
	if err != nil {
		t.Fatal(err)
	}
	return g
}
