package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"sitrep/corpus"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/pipeline"
	"sitrep/internal/server"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// annotator is the standard pipeline.
func annotator() *pipeline.Pipeline { return pipeline.Standard() }

var corpusDocs = sync.OnceValues(func() ([]*doc.Document, error) {
	names, err := corpus.Names()
	if err != nil {
		return nil, err
	}
	p := annotator()
	var docs []*doc.Document
	for _, name := range names {
		data, err := corpus.Read(name)
		if err != nil {
			return nil, err
		}
		d := ingest.FromBytes("corpus/"+name, data)
		d.DefaultPublished = corpus.Published(name)
		if err := p.Process(context.Background(), d); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
})

// filledStore returns a fresh SQLite store holding the annotated example
// corpus and two hand-made samples (whose events are known whatever the
// event coder finds).
func filledStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	docs, err := corpusDocs()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range append(docs, storetest.Sample(1), storetest.Sample(2)) {
		if _, err := st.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// newServer serves a filled store over loopback.
func newServer(t testing.TB, o server.Options) (*httptest.Server, *sqlstore.Store) {
	t.Helper()
	st := filledStore(t)
	if o.Annotate == nil {
		p := annotator()
		o.Annotate = func(ctx context.Context, d *doc.Document) error { return p.Process(ctx, d) }
	}
	srv, err := server.New(st, o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, st
}

func storeSearch(q string) store.SearchFilter { return store.SearchFilter{Query: q} }
