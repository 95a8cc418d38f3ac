package store

import "testing"

func TestParseNear(t *testing.T) {
	good := map[string]Near{"36.2,37.16,50km": {36.2, 37.16, 50}, " -33.9, 151.2 , 800m": {-33.9, 151.2, 0.8},
		"0,0,10": {0, 0, 10}}
	for in, want := range good {
		got, err := ParseNear(in)
		if err != nil || *got != want {
			t.Errorf("ParseNear(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "36.2,37.16", "91,0,5km", "0,181,5", "0,0,-5", "0,0,0", "0,0,NaN", "a,b,c", "0,0,99999km"} {
		if _, err := ParseNear(in); err == nil {
			t.Errorf("ParseNear(%q) accepted", in)
		}
	}
}

func FuzzParseNear(f *testing.F) {
	f.Add("36.2,37.16,50km")
	f.Add("1e308,1,1m")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNear(s)
		if err == nil && (n.Km <= 0 || n.Lat < -90 || n.Lat > 90 || n.Lon < -180 || n.Lon > 180) {
			t.Errorf("ParseNear(%q) = %+v", s, n)
		}
	})
}
