// Package pipeline composes sitrep's stages: one document flows through an
// ordered list of stages, and many documents flow at once through a bounded
// pool of workers, coming out in input order.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"sitrep/internal/doc"
)

// Stage adds one layer of annotation to a document.
//
// Process may read every layer the stages before it wrote and must leave the
// document's Text unchanged (only the clean stage sets it). A problem with one
// item goes into d.Problems and the work goes on; Process returns an error
// only when it cannot produce its layer at all, and the pipeline then records
// that error as a problem of the stage and runs the next stage. A nil document
// is a programmer error. Process must honour ctx only between items of work;
// it is called from many goroutines at once, each with its own document, so a
// stage keeps no per-document state in itself.
type Stage interface {
	// Name is a short lowercase name ("clean", "timex") used in problems.
	Name() string
	Process(ctx context.Context, d *doc.Document) error
}

// Pipeline runs stages in order over documents.
type Pipeline struct {
	stages []Stage
}

// New returns a pipeline running the stages in the given order.
func New(stages ...Stage) *Pipeline {
	return &Pipeline{stages: stages}
}

// Stages returns the stages, in order.
func (p *Pipeline) Stages() []Stage { return p.stages }

// Process runs every stage over d. A stage's error or panic becomes a
// problem of d and the next stage still runs; Process returns an error only
// when ctx is done.
func (p *Pipeline) Process(ctx context.Context, d *doc.Document) error {
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := runStage(ctx, s, d); err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			d.AddProblem(s.Name(), "%v", err)
		}
	}
	return nil
}

// runStage calls s, turning a panic into an error so that one bad document
// never takes the run down. The stack goes into the error so the bug can be
// found and fixed.
func runStage(ctx context.Context, s Stage, d *doc.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error (please report): %v\n%s", r, debug.Stack())
		}
	}()
	return s.Process(ctx, d)
}

// Result is one processed document, or the error that stopped it.
type Result struct {
	Doc *doc.Document
	Err error
}

// Run processes the documents from in with at most workers documents at once
// (runtime.GOMAXPROCS(0) when workers <= 0) and sends each result on the
// returned channel in the order the documents arrived. The channel is closed
// once in is closed and drained, or ctx is done.
func (p *Pipeline) Run(ctx context.Context, in <-chan *doc.Document, workers int) <-chan Result {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make(chan Result, workers)
	// Each document gets a slot: a channel its worker fills. Slots are queued
	// in input order, so the writer emits results in that order while the
	// workers run ahead by at most 2*workers documents.
	type job struct {
		d    *doc.Document
		slot chan Result
	}
	jobs := make(chan job)
	slots := make(chan chan Result, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				err := p.Process(ctx, j.d)
				j.slot <- Result{Doc: j.d, Err: err}
			}
		}()
	}
	go func() {
		defer close(slots)
		defer close(jobs)
		for {
			select {
			case <-ctx.Done():
				return
			case d, ok := <-in:
				if !ok {
					return
				}
				slot := make(chan Result, 1)
				select {
				case slots <- slot:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{d, slot}:
				case <-ctx.Done():
					slot <- Result{Doc: d, Err: ctx.Err()}
					return
				}
			}
		}
	}()
	go func() {
		defer close(out)
		for slot := range slots {
			r := <-slot
			select {
			case out <- r:
			case <-ctx.Done():
				// Drain so workers never block on a full slot.
				for s := range slots {
					<-s
				}
				wg.Wait()
				return
			}
		}
		wg.Wait()
	}()
	return out
}
