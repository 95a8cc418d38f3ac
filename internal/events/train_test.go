package events

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"sitrep/internal/doc"
)

// trainSample is a small hand-parsed training set in both styles: PLV rows
// (a type with source and target spans) and labelled triggers.
func trainSample() []TrainSentence {
	bomb := parsedDoc([][]tok{{{"America", "PROPN", 1, "nsubj"}, {"bombed", "VERB", -1, "root"}, {"Syria", "PROPN", 1, "obj"}, {".", "PUNCT", 1, "punct"}}},
		map[[2]int]string{{0, 0}: "United States", {0, 2}: "Syria"})
	meet := parsedDoc([][]tok{{{"Merkel", "PROPN", 1, "nsubj"}, {"met", "VERB", -1, "root"}, {"Erdogan", "PROPN", 1, "obj"},
		{"and", "CCONJ", 4, "cc"}, {"praised", "VERB", 1, "conj"}, {"him", "PRON", 4, "obj"}, {".", "PUNCT", 1, "punct"}}},
		map[[2]int]string{{0, 0}: "Angela Merkel", {0, 2}: "Recep Tayyip Erdogan"})
	span := func(d *doc.Document, t int) doc.Span { return d.Tokens[t].Span }
	return []TrainSentence{
		{Doc: bomb, Type: "ASSAULT", Source: span(bomb, 0), Target: span(bomb, 2)},
		{Doc: meet, Type: "CONSULT", Source: span(meet, 0), Target: span(meet, 2)},
		{Doc: meet, Triggers: []TrainTrigger{{Span: span(meet, 1), Type: "CONSULT"}, {Span: span(meet, 4), Type: "SUPPORT"}}},
	}
}

// TestTrainDeterministic trains twice on the same sample and compares the
// bytes, then checks the model reads back and codes a sentence.
func TestTrainDeterministic(t *testing.T) {
	var out [2]bytes.Buffer
	var st TrainStats
	for i := range out {
		m, s, err := TrainModel(trainSample(), TrainOptions{Epochs: 3})
		if err != nil {
			t.Fatal(err)
		}
		st = s
		m.LexBonus, m.NoneShift = 4, -2
		if err := m.Encode(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Fatal("two trainings on the same data gave different bytes")
	}
	if st.TriggerPos != 4 || st.NoTrigger != 0 || st.ArgExamples != 4 {
		t.Errorf("stats %+v: want 4 positive triggers (2 PLV, 2 labelled), 4 argument examples", st)
	}
	m, err := DecodeModel(bytes.NewReader(out[0].Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m.LexBonus != 4 || m.NoneShift != -2 || m.trig.size() == 0 || m.arg.size() == 0 {
		t.Fatalf("decoded model: bonus %v shift %v, %d trigger and %d argument features", m.LexBonus, m.NoneShift, m.trig.size(), m.arg.size())
	}
	d := trainSample()[0].Doc
	d.Events = nil
	if err := New(Options{Model: m}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Events) != 1 || d.Events[0].Type != doc.ASSAULT {
		t.Fatalf("coded %+v, want the ASSAULT it was trained on", d.Events)
	}
}

// TestDecodeBad refuses what is not a model.
func TestDecodeBad(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not gzip"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := DecodeModel(bytes.NewReader(b)); err == nil {
			t.Errorf("%q: no error", b)
		}
	}
	var buf bytes.Buffer
	m := &Model{trig: newPerceptron(len(triggerClasses)), arg: newPerceptron(len(argClasses))}
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	cut := buf.Bytes()[:buf.Len()/2]
	if _, err := DecodeModel(bytes.NewReader(cut)); err == nil {
		t.Error("a truncated model decoded")
	}
}

// TestDefaultModel loads the embedded model.
func TestDefaultModel(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.trig.size() < 1000 || m.arg.size() < 100 {
		t.Errorf("embedded model: %d trigger and %d argument features", m.trig.size(), m.arg.size())
	}
}

// TestDecodeUnaligned reads the embedded model from a copy one byte off
// alignment, where the tables cannot be read in place, and compares.
func TestDecodeUnaligned(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, len(modelBytes)+1)
	copy(b[1:], modelBytes)
	c, err := DecodeModel(bytes.NewReader(b[1:]))
	if err != nil {
		t.Fatal(err)
	}
	c2, err := decodeModelBytes(b[1:])
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Model{c, c2} {
		if x.LexBonus != m.LexBonus || x.NoneShift != m.NoneShift ||
			!slices.Equal(x.trig.keys, m.trig.keys) || !slices.Equal(x.trig.flat, m.trig.flat) ||
			!slices.Equal(x.arg.keys, m.arg.keys) || !slices.Equal(x.arg.flat, m.arg.flat) {
			t.Fatal("the model read from an unaligned copy differs")
		}
	}
	var out bytes.Buffer
	if err := m.Encode(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), modelBytes) {
		t.Error("encoding the embedded model does not give its bytes back")
	}
}
