package pos

import "sync"

// freeList keeps tagging scratch spaces (*work) for reuse. Unlike a
// sync.Pool it is not emptied by the garbage collector: a scratch space
// holds a word cache (wordCache) that is worth keeping for the life of the
// process, and rebuilding megabytes of it after every collection cost more
// than the collection. It holds at most maxFree spaces, as many as there
// are taggers running at once in practice.
type freeList struct {
	mu   sync.Mutex
	free []*work
}

const maxFree = 64

// Get returns a scratch space, or nil when none is free.
func (f *freeList) Get() any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.free); n > 0 {
		wk := f.free[n-1]
		f.free = f.free[:n-1]
		return wk
	}
	return nil
}

// Put returns a scratch space for reuse.
func (f *freeList) Put(x any) {
	wk := x.(*work)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.free) < maxFree {
		f.free = append(f.free, wk)
	}
}
