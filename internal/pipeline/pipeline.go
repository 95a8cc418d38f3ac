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
// is a programmer error. A stage that can run long checks ctx between items
// of work (sentences, paragraphs) and returns its error, wrapped or not, once
// ctx is done; the pipeline checks it between stages. Process is called from
// many goroutines at once, each with its own document, so a stage keeps no
// per-document state in itself.
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
// when ctx is done, naming the stage it stopped before or in and wrapping
// ctx.Err().
func (p *Pipeline) Process(ctx context.Context, d *doc.Document) error {
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("stopped before %s: %w", s.Name(), err)
		}
		if err := runStage(ctx, s, d); err != nil {
			if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
				return fmt.Errorf("stopped in %s: %w", s.Name(), err)
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
	// Doc is the document; nil in the result that ends a run ctx stopped.
	Doc *doc.Document
	Err error
}

// ErrStopped is wrapped, with ctx.Err(), by the error of the result that
// ends a run ctx stopped.
var ErrStopped = errors.New("run stopped")

// Run processes the documents from in with at most workers documents at once
// (runtime.GOMAXPROCS(0) when workers <= 0) and sends each result on the
// returned channel in the order the documents arrived. The channel is closed
// once in is closed and drained.
//
// When ctx is done first, Run takes no more documents and sends no more
// results but one, with a nil Doc and an error wrapping ErrStopped and
// ctx.Err(), then closes the channel at once: it does not wait for the
// documents still inside a stage, whose workers finish that stage (or stop
// at its next check of ctx) in the background and drop them. The last
// result is sent only if the channel has room for it, so a receiver that
// has fallen behind should check ctx.Err() after the channel closes.
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
	// cut tells the writer, once slots is closed, that ctx ended the feed
	// before in did.
	var cut bool
	go func() {
		defer close(slots)
		defer close(jobs)
		for {
			if ctx.Err() != nil {
				cut = true
				return
			}
			select {
			case <-ctx.Done():
				cut = true
				return
			case d, ok := <-in:
				if !ok {
					return
				}
				slot := make(chan Result, 1)
				select {
				case slots <- slot:
				case <-ctx.Done():
					cut = true
					return
				}
				select {
				case jobs <- job{d, slot}:
				case <-ctx.Done():
					cut = true // the writer stops on ctx before waiting on slot
					return
				}
			}
		}
	}()
	go func() {
		defer close(out)
		// stop ends a run ctx stopped. Workers never block on their slots
		// (each holds one result) and the feeder quits on ctx, so no one
		// waits for the writer once it has gone.
		stop := func() {
			select {
			case out <- Result{Err: fmt.Errorf("%w: %w", ErrStopped, ctx.Err())}:
			default:
			}
		}
		for slot := range slots {
			var r Result
			select {
			case r = <-slot:
			case <-ctx.Done():
				stop()
				return
			}
			if ctx.Err() != nil {
				stop()
				return
			}
			select {
			case out <- r:
			case <-ctx.Done():
				stop()
				return
			}
		}
		if cut {
			stop()
			return
		}
		wg.Wait()
	}()
	return out
}
