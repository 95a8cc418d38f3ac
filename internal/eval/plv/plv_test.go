package plv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/eval/plover"
	"sitrep/internal/events"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

func TestUnmark(t *testing.T) {
	plain, s, tg := Unmark("<s>Merkel</s> met <t>Erdogan</t> for talks.")
	if plain != "Merkel met Erdogan for talks." || s.In(plain) != "Merkel" || tg.In(plain) != "Erdogan" {
		t.Fatalf("got %q %v %v", plain, s, tg)
	}
	plain, s, tg = Unmark("No marks </s> here.")
	if plain != "No marks  here." || s.Len() != 0 || tg.Len() != 0 {
		t.Fatalf("got %q %v %v", plain, s, tg)
	}
}

func TestRead(t *testing.T) {
	in := "uid\tsentence_id\tgold_penta\tgold_root\tsentence\tmarked_sentence\n" +
		"1\t1\t1\tCONSULT\tA met B.\t<s>A</s> met <t>B</t>.\r\n"
	rows, err := ReadFrom(strings.NewReader(in), "x")
	if err != nil || len(rows) != 1 || rows[0].Gold != "CONSULT" || rows[0].Target.In(rows[0].Sentence) != "B" {
		t.Fatalf("got %+v, %v", rows, err)
	}
	if _, err := ReadFrom(strings.NewReader("a\tb\n"), "x"); err == nil {
		t.Fatal("want an error for a header without the columns")
	}
}

// TestDevConfigurations prints, with PLV_REPORT set, the PLV and PLOVER
// dev figures of the coder's configurations: the rules alone, the trained
// trigger model with the rules' arguments, and the full model (the
// default). This is how dev is used: to choose among configurations.
func TestDevConfigurations(t *testing.T) {
	if os.Getenv("PLV_REPORT") == "" {
		t.Skip("set PLV_REPORT=1 to compare the coder's configurations on PLV and PLOVER dev")
	}
	data := shared.Require(t, "plover-plv")
	rows, err := Read(filepath.Join(data, "dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	gsr := filepath.Join(filepath.Dir(data), "plover-gsr", "PLOVER_GSR_CAMEO.dev.json")
	m, err := events.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	// The precision-leaning setting of the cross-validation grid.
	prec := *m
	prec.LexBonus, prec.NoneShift = 4, -2
	for _, c := range []struct {
		name string
		o    events.Options
	}{
		{"rules", events.Options{Rules: true}},
		{"model triggers, rule arguments", events.Options{RuleArgsOnly: true}},
		{"rule arguments, model fills (default)", events.Options{}},
		{"model triggers and arguments", events.Options{ArgModel: true}},
		{"precision-leaning, rule arguments", events.Options{Model: &prec, RuleArgsOnly: true}},
	} {
		// PLV_ONLY=name runs only the configurations whose name holds it.
		if only := os.Getenv("PLV_ONLY"); only != "" && !strings.Contains(c.name, only) {
			continue
		}
		sc, err := Score(pipeline.StandardWith(pipeline.Options{Events: c.o}), rows, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		po := c.o
		po.PLOVERIntent = true
		ps, err := plover.EvaluateWith(gsr, pipeline.Options{Events: po}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-32s PLV dev: type %.3f first %.3f actor %.3f recipient %.3f precision %.3f | PLOVER dev: type recall %.3f full recall %.3f precision %.3f",
			c.name, sc.TypeAccuracy, sc.FirstAccuracy, sc.ActorAccuracy, sc.RecipientAccuracy, sc.Precision,
			ps.TypeRecall, ps.FullRecall, ps.Precision)
	}
}
