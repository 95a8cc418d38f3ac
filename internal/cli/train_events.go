package cli

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"sitrep/internal/doc"
	"sitrep/internal/eval/plv"
	"sitrep/internal/events"
	"sitrep/internal/pipeline"
)

// eventsTraining is the data `sitrep train events` learns from: PLOVER PLV
// train rows and GENEVA's train and validation sentences (FrameNet
// triggers mapped to PLOVER), each run through the stages before events.
type eventsTraining struct {
	plvRows []plv.Row
	plvDocs map[string]*doc.Document // by sentence
	geneva  []events.TrainSentence
}

// genevaPLOVER maps GENEVA event types (FrameNet frames) to PLOVER trigger
// classes, following ../shared/data/geneva/SOURCE.md; frames it does not
// list are no event. Three frames are split by the trigger's words.
var genevaPLOVER = map[string]string{
	"Attack": "ASSAULT", "Hostile_encounter": "ASSAULT", "Killing": "ASSAULT", "Terrorism": "ASSAULT",
	"Bodily_harm": "ASSAULT", "Conquering": "ASSAULT", "Arrest": "COERCE", "Request": "REQUEST",
	"Sign_agreement": "AGREE", "Ratification": "AGREE", "Protest": "PROTEST", "Supply": "AID",
	"Assistance": "AID", "Giving": "AID", "Collaboration": "COOPERATE", "Supporting": "SUPPORT",
	"Come_together": "CONSULT", "Social_event": "CONSULT", "Bearing_arms": "MOBILIZE", "Defending": "MOBILIZE",
}

func genevaClass(frame, trigger string) string {
	t := strings.ToLower(trigger)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch frame {
	case "Commitment":
		if has("threat", "warn") {
			return "THREATEN"
		}
		return "AGREE"
	case "Agree_or_refuse_to_act":
		if has("refus", "declin", "reject") {
			return "REJECT"
		}
		return "AGREE"
	case "Judgment_communication":
		if has("prais", "commend", "laud", "hail") {
			return "SUPPORT"
		}
		return "ACCUSE"
	}
	if c, ok := genevaPLOVER[frame]; ok {
		return c
	}
	return "none"
}

// preprocessor runs the stages of the standard pipeline that come before
// the events stage, so that the trainer reads a document as the events
// stage sees it at run time, except that every sentence is parsed (the
// trainer reads the parse of sentences without entities too).
func preprocessor() func(id, text string) (*doc.Document, error) {
	var st []pipeline.Stage
	for _, s := range pipeline.StandardWith(pipeline.Options{ParseAll: true}).Stages() {
		if s.Name() == "events" {
			break
		}
		st = append(st, s)
	}
	p := pipeline.New(st...)
	return func(id, text string) (*doc.Document, error) {
		d := &doc.Document{Path: id, Raw: []byte(text), Format: doc.FormatText, IsRaw: true}
		return d, p.Process(context.Background(), d)
	}
}

func loadEventsTraining(dataDir string, log io.Writer) (*eventsTraining, error) {
	prep := preprocessor()
	rows, err := plv.Read(filepath.Join(dataDir, "plover-plv", "train.tsv"))
	if err != nil {
		return nil, err
	}
	tr := &eventsTraining{plvRows: rows, plvDocs: map[string]*doc.Document{}}
	for _, r := range rows {
		if _, ok := tr.plvDocs[r.Sentence]; ok {
			continue
		}
		d, err := prep(r.ID, r.Sentence)
		if err != nil {
			return nil, fmt.Errorf("plv row %s: %w", r.ID, err)
		}
		tr.plvDocs[r.Sentence] = d
	}
	for _, f := range []string{"train_recovered.json.gz", "val.json.gz"} {
		ss, err := readGeneva(filepath.Join(dataDir, "geneva", f), prep)
		if err != nil {
			return nil, err
		}
		tr.geneva = append(tr.geneva, ss...)
	}
	fmt.Fprintf(log, "events: %d PLV rows, %d GENEVA sentences\n", len(rows), len(tr.geneva))
	return tr, nil
}

// readGeneva reads a GENEVA JSON Lines file (gzipped) into training
// sentences with their triggers.
func readGeneva(path string, prep func(id, text string) (*doc.Document, error)) ([]events.TrainSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []events.TrainSentence
	for sc.Scan() {
		var r struct {
			ID     string   `json:"wnd_id"`
			Tokens []string `json:"tokens"`
			Events []struct {
				Type    string `json:"event_type"`
				Trigger struct {
					Start, End int
					Text       string
				} `json:"trigger"`
			} `json:"event_mentions"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		text := strings.Join(r.Tokens, " ")
		offs := make([]int, len(r.Tokens)+1)
		o := 0
		for i, t := range r.Tokens {
			offs[i] = o
			o += len(t) + 1
		}
		offs[len(r.Tokens)] = o
		d, err := prep(r.ID, text)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", path, r.ID, err)
		}
		ts := events.TrainSentence{Doc: d}
		for _, e := range r.Events {
			s, en := e.Trigger.Start, e.Trigger.End
			if s < 0 || en > len(r.Tokens) || s >= en {
				continue
			}
			ts.Triggers = append(ts.Triggers, events.TrainTrigger{
				Span: doc.Span{Start: offs[s], End: offs[en] - 1},
				Type: genevaClass(e.Type, e.Trigger.Text),
			})
		}
		out = append(out, ts)
	}
	return out, sc.Err()
}

// sentences returns the training sentences of the PLV rows whose index
// keep accepts, and all of GENEVA.
func (tr *eventsTraining) sentences(keep func(i int) bool) []events.TrainSentence {
	var out []events.TrainSentence
	for i, r := range tr.plvRows {
		if keep != nil && !keep(i) {
			continue
		}
		gold := r.Gold
		out = append(out, events.TrainSentence{Doc: tr.plvDocs[r.Sentence], Type: gold, Source: r.Source, Target: r.Target})
	}
	return append(out, tr.geneva...)
}

// The decision settings of the shipped model, as chosen by `sitrep train
// events --cv 5` (docs/events.md); a run without --cv uses them.
const (
	defaultLexBonus  = 8
	defaultNoneShift = 4
)

// trainEvents rebuilds the event model (and with folds > 1 reports the
// cross-validated PLV figures on train first).
func trainEvents(dataDir, out string, folds int, o events.TrainOptions, log io.Writer) error {
	o.Log = log
	tr, err := loadEventsTraining(dataDir, log)
	if err != nil {
		return err
	}
	set := [2]float32{defaultLexBonus, defaultNoneShift}
	if folds > 1 {
		if set, err = crossValidate(tr, folds, o, log); err != nil {
			return err
		}
	}
	m, _, err := events.TrainModel(tr.sentences(nil), o)
	if err != nil {
		return err
	}
	m.LexBonus, m.NoneShift = set[0], set[1]
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := m.Encode(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// crossValidate trains on all but one fold of the PLV train rows (plus
// GENEVA) and scores the held-out fold, for each fold; sentences go to
// folds by their order. It tries each decision setting (lexicon bonus,
// no-event shift) on the held-out folds and returns the best by the
// harmonic mean of type accuracy and precision.
func crossValidate(tr *eventsTraining, folds int, o events.TrainOptions, log io.Writer) ([2]float32, error) {
	foldOf := map[string]int{}
	n := 0
	for _, r := range tr.plvRows {
		if _, ok := foldOf[r.Sentence]; !ok {
			foldOf[r.Sentence] = n % folds
			n++
		}
	}
	var settings [][2]float32
	for _, b := range []float32{0, 2, 4, 8, 16} {
		for _, sh := range []float32{-2, 0, 2, 4, 8, 16} {
			settings = append(settings, [2]float32{b, sh})
		}
	}
	totals := make([]plv.Scores, len(settings))
	for k := 0; k < folds; k++ {
		in := func(i int) bool { return foldOf[tr.plvRows[i].Sentence] != k }
		m, _, err := events.TrainModel(tr.sentences(in), events.TrainOptions{Epochs: o.Epochs, NegWeight: o.NegWeight, SkipLexNeg: o.SkipLexNeg, Bag: o.Bag})
		if err != nil {
			return [2]float32{}, err
		}
		var held []plv.Row
		for i, r := range tr.plvRows {
			if !in(i) {
				held = append(held, r)
			}
		}
		for si, set := range settings {
			m.LexBonus, m.NoneShift = set[0], set[1]
			st := events.New(events.Options{Model: m})
			run := func(id, text string) (*doc.Document, error) {
				d := *tr.plvDocs[text]
				d.Events = nil
				return &d, st.Process(context.Background(), &d)
			}
			sc, err := plv.ScoreWith(run, held, nil, false)
			if err != nil {
				return [2]float32{}, err
			}
			t := &totals[si]
			t.Rows += sc.Rows
			t.TypeHits += sc.TypeHits
			t.WithSource += sc.WithSource
			t.ActorHits += sc.ActorHits
			t.WithTarget += sc.WithTarget
			t.RecipientHits += sc.RecipientHits
			t.Predicted += sc.Predicted
			t.Correct += sc.Correct
		}
	}
	r := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	best, bestF := 0, -1.0
	for si, t := range totals {
		acc, prec := r(t.TypeHits, t.Rows), r(t.Correct, t.Predicted)
		f := 0.0
		if acc+prec > 0 {
			f = 2 * acc * prec / (acc + prec)
		}
		fmt.Fprintf(log, "%d-fold cross-validation on PLV train, lexicon bonus %g, no-event shift %g: type accuracy %.3f, actor accuracy %.3f, recipient accuracy %.3f, precision %.3f (%d rows)\n",
			folds, settings[si][0], settings[si][1], acc, r(t.ActorHits, t.WithSource), r(t.RecipientHits, t.WithTarget), prec, t.Rows)
		if f > bestF {
			best, bestF = si, f
		}
	}
	fmt.Fprintf(log, "chosen: lexicon bonus %g, no-event shift %g\n", settings[best][0], settings[best][1])
	return settings[best], nil
}
