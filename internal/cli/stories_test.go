package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// TestStoriesContract checks `sitrep stories` as CONTRACT.md fixes it: one
// line per document in input order with path, story and duplicate_of; a
// re-send names the first copy; reports of one happening share a story and
// a different happening does not.
func TestStoriesContract(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	quake := "A magnitude 6.1 earthquake struck the Aegean island of Lesbos on Monday, killing three people and destroying dozens of houses in the village of Vrisa, the Greek fire service said. Rescuers pulled a woman from the rubble of her home in Vrisa late on Monday.\n"
	a := write("1.txt", quake)
	b := write("2.txt", quake+"The quake was also felt in Izmir.\n")
	c := write("3.txt", "Rescuers searched the rubble of Vrisa on Lesbos after the 6.1 magnitude earthquake destroyed houses and killed three people in the Aegean village on Monday.\n")
	d := write("4.txt", "A magnitude 7.3 earthquake shook northern Chile near Iquique on Wednesday, cutting power to thousands of homes in Arica and Antofagasta, and the navy issued a tsunami warning.\n")
	code, out, stderr := run(t, "", "stories", "--raw", "--published", "2017-06-12", a, b, c, d)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	lines := decode(t, out)
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), out)
	}
	for i, want := range []string{a, b, c, d} {
		if lines[i]["path"] != want {
			t.Errorf("line %d path %v, want %s", i, lines[i]["path"], want)
		}
		for _, f := range []string{"path", "story", "duplicate_of"} {
			if _, ok := lines[i][f].(string); !ok {
				t.Errorf("line %d: field %q missing or not a string: %v", i, f, lines[i])
			}
		}
	}
	if lines[1]["duplicate_of"] != a || lines[0]["duplicate_of"] != "" || lines[2]["duplicate_of"] != "" {
		t.Errorf("duplicates: %v", lines)
	}
	if lines[0]["story"] != lines[1]["story"] || lines[0]["story"] != lines[2]["story"] {
		t.Errorf("Lesbos reports split: %v", lines)
	}
	if lines[3]["story"] == lines[0]["story"] {
		t.Errorf("Chile quake joined the Lesbos story: %v", lines)
	}
}

func TestStoriesUsage(t *testing.T) {
	for _, args := range [][]string{{"stories"}, {"stories", "--published", "June", "x"}, {"stories", "--threshold", "2", "x"}} {
		if code, _, _ := run(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestIngestAssignsStories ingests a report, its re-send and a second
// report of the same earthquake in two runs: the second run goes on with
// the story of the first, the re-send is stored as a copy, and its events
// are not listed twice.
func TestIngestAssignsStories(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	quake := "A magnitude 6.1 earthquake struck the Aegean island of Lesbos on Monday, killing three people and destroying dozens of houses in the village of Vrisa, the Greek fire service said. Greece asked Turkey for rescue teams.\n"
	a := write("1.txt", quake)
	b := write("2.txt", quake+"The quake was also felt in Izmir.\n")
	c := write("3.txt", "Rescuers searched the rubble of Vrisa on Lesbos after the 6.1 magnitude earthquake destroyed houses and killed three people in the Aegean village on Monday.\n")
	for _, paths := range [][]string{{a}, {b, c}} {
		args := append([]string{"ingest", "--quiet", "--db", db, "--published", "2017-06-12", "--raw"}, paths...)
		if code, _, stderr := run(t, "", args...); code != exitOK {
			t.Fatalf("ingest exit %d: %s", code, stderr)
		}
	}
	st, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Stories(context.Background(), store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Articles != 3 || rows[0].Duplicates != 1 {
		t.Fatalf("stories = %+v, want one of 3 articles with 1 copy", rows)
	}
	evs, err := st.Events(context.Background(), store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Path == b {
			t.Errorf("event of the re-send listed: %+v", e)
		}
	}
}
