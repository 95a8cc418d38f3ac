package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/eval/stories"
	"sitrep/internal/shared"
	"sitrep/internal/store/sqlstore"
	storiespkg "sitrep/internal/stories"
)

// TestWorkersAssignStoriesAsOne runs three `sitrep worker` processes over
// one queue and one PostgreSQL store, and checks that the stories they
// assign are those one clusterer gives the same documents in the order
// they were committed: every decision saw every document stored before it,
// whichever worker stored it, so no story is split by the number of
// workers or by who took which document.
func TestWorkersAssignStoriesAsOne(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real workers")
	}
	pg, nats := services(t)
	data, err := shared.DataDir()
	if err != nil {
		t.Fatal(err)
	}
	items, err := stories.ReadECB(filepath.Join(data, "news-clustering", "ecbplus_train.jsonl"))
	if err != nil {
		t.Skipf("ECB+ train split absent (%v): ../shared/data/news-clustering", err)
	}
	// Four topics (eight gold stories), and a re-send of every fifth
	// document, so that copies too are decided across workers.
	dir := t.TempDir()
	gold := map[string]string{}
	n := 0
	for _, it := range items {
		if it.Topic != 1 && it.Topic != 3 && it.Topic != 4 && it.Topic != 6 {
			continue
		}
		write := func(name, text string) {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			gold[name] = it.Cluster
		}
		write(it.UID+".txt", it.Text)
		if n%5 == 0 {
			write(it.UID+"-resent.txt", it.Text+"\n(Editing by the desk)\n")
		}
		n++
	}
	db := freshDatabase(t, pg)
	b := make([]byte, 4)
	rand.Read(b)
	stream := "STORIES" + strings.ToUpper(hex.EncodeToString(b))
	if out, err := sitrep(t, "ingest", "--queue", nats, "--stream", stream, "--raw", "--published", "2020-03-02",
		dir).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	const workers = 3
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range workers {
		cmd := sitrep(t, "worker", "--queue", nats, "--stream", stream, "--db", db, "--workers", "2",
			"--exit-when-idle", "3s")
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	storedRe := regexp.MustCompile(`worker: (\d+) stored`)
	busy := 0
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i])
		}
		if m := storedRe.FindStringSubmatch(outs[i].String()); m != nil && m[1] != "0" {
			busy++
		}
	}
	if busy < 2 {
		t.Logf("only %d of %d workers stored documents: the check is weaker", busy, workers)
	}

	st, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.StoryInputs(context.Background(), 0, 10*len(gold))
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(gold) {
		t.Fatalf("%d documents stored with a story, want %d", len(stored), len(gold))
	}
	// One clusterer over the stored documents in commit order decides as
	// the workers did, document by document.
	c, err := storiespkg.New(storiespkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sys, want []string
	copies := 0
	for _, x := range stored {
		if x.Input == "" {
			t.Fatalf("%s stored without its story input", x.Doc.Path)
		}
		in := storiespkg.InputOf(x.Doc)
		if err := storiespkg.Decode(x.Input, &in); err != nil {
			t.Fatal(err)
		}
		a := c.AddInput(in)
		if a.Story != x.Doc.Story || a.DuplicateHash != x.Doc.DuplicateOf {
			t.Errorf("%s (id %d): workers gave story %s copy of %q; one clusterer in commit order gives %s copy of %q",
				x.Doc.Path, x.ID, x.Doc.Story, x.Doc.DuplicateOf, a.Story, a.DuplicateHash)
		}
		if x.Doc.DuplicateOf != "" {
			copies++
		}
		sys = append(sys, x.Doc.Story)
		want = append(want, gold[filepath.Base(x.Doc.Path)])
	}
	sc := stories.BCubed(sys, want)
	t.Logf("%d workers (%d stored documents), %d documents, %d copies found: %v", workers, busy, len(stored), copies, sc)
	// A re-send and its original, often taken by different workers, are
	// in one story.
	storyOf := map[string]string{}
	for _, x := range stored {
		storyOf[filepath.Base(x.Doc.Path)] = x.Doc.Story
	}
	for name, story := range storyOf {
		if orig, ok := strings.CutSuffix(name, "-resent.txt"); ok && storyOf[orig+".txt"] != story {
			t.Errorf("%s is in story %s, its original in %s", name, story, storyOf[orig+".txt"])
		}
	}
	if sc.F1 < 0.8 {
		t.Errorf("B-cubed F1 %.3f of the workers' stories, want >= 0.8", sc.F1)
	}
}
