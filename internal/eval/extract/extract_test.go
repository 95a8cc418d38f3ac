package extract

import (
	"os"
	"strings"
	"testing"

	"sitrep/internal/shared"
)

// dataDir finds ../shared/data relative to the module root, or skips.
func dataDir(t testing.TB, set string) string {
	t.Helper()
	shared.Require(t, set)
	return shared.Require(t)
}

// TestFull runs a whole evaluation set when SITREP_EVAL_FULL is set.
func TestFull(t *testing.T) {
	if os.Getenv("SITREP_EVAL_FULL") == "" {
		t.Skip("set SITREP_EVAL_FULL=1 to score the whole sets")
	}
	if _, err := Extraction(dataDir(t, "trafilatura-eval"), os.Stdout); err != nil {
		t.Fatal(err)
	}
	if _, err := Dates(dataDir(t, "htmldate-eval"), os.Stdout); err != nil {
		t.Fatal(err)
	}
}

// floors are the accuracy floors of the tests, a little under the figures
// measured on the same fixed subsets: 150 pages normally, 20 under the race
// detector (which slows the extractor tenfold).
var floors = map[bool]struct {
	pages                  int
	precision, recall, f1  float64 // extraction; measured .880 .922 .900 (150), .896 .938 .916 (20)
	dateAccuracy, coverage float64 // dates; measured .887 .933 (150), .950 .950 (20)
}{
	false: {150, 0.86, 0.90, 0.88, 0.86, 0.90},
	true:  {20, 0.86, 0.90, 0.88, 0.90, 0.90},
}

func TestExtractionFloor(t *testing.T) {
	f := floors[raceEnabled]
	s, err := ExtractionWith(dataDir(t, "trafilatura-eval"), testWriter{t}, Options{Limit: f.pages})
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages != f.pages || s.Failed > 0 {
		t.Errorf("scored %d pages, %d unreadable; want %d, 0", s.Pages, s.Failed, f.pages)
	}
	if s.Precision() < f.precision || s.Recall() < f.recall || s.F1() < f.f1 {
		t.Errorf("precision %.3f recall %.3f F1 %.3f: below the floors %.2f %.2f %.2f",
			s.Precision(), s.Recall(), s.F1(), f.precision, f.recall, f.f1)
	}
}

func TestDatesFloor(t *testing.T) {
	f := floors[raceEnabled]
	s, err := DatesWith(dataDir(t, "htmldate-eval"), testWriter{t}, Options{Limit: f.pages})
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages != f.pages {
		t.Errorf("scored %d pages, want %d", s.Pages, f.pages)
	}
	if s.DateAccuracy() < f.dateAccuracy || s.Coverage() < f.coverage {
		t.Errorf("accuracy %.3f coverage %.3f: below the floors %.2f %.2f",
			s.DateAccuracy(), s.Coverage(), f.dateAccuracy, f.coverage)
	}
}

func TestSubset(t *testing.T) {
	all := []string{"a", "b", "c", "d", "e", "f"}
	tests := []struct {
		name  string
		limit int
		want  string
	}{
		{"all", 0, "abcdef"},
		{"more than all", 10, "abcdef"},
		{"half", 3, "ace"},
		{"one", 1, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(subset(all, tt.limit), ""); got != tt.want {
				t.Errorf("subset(%d) = %q, want %q", tt.limit, got, tt.want)
			}
		})
	}
}

func TestScores(t *testing.T) {
	s := Scores{TP: 8, FN: 2, FP: 2, TN: 8, Pages: 10, Correct: 6, Dated: 8}
	if s.Precision() != 0.8 || s.Recall() != 0.8 || s.F1() < 0.7999 || s.F1() > 0.8001 || s.SnippetAccuracy() != 0.8 {
		t.Errorf("snippet scores %v %v %v %v", s.Precision(), s.Recall(), s.F1(), s.SnippetAccuracy())
	}
	if s.DateAccuracy() != 0.6 || s.Coverage() != 0.8 || s.DatePrecision() != 0.75 {
		t.Errorf("date scores %v %v %v", s.DateAccuracy(), s.Coverage(), s.DatePrecision())
	}
	if (Scores{}).F1() != 0 || (Scores{}).DateAccuracy() != 0 {
		t.Errorf("empty scores are not 0")
	}
}

// testWriter sends the table to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
