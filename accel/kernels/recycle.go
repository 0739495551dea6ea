package kernels

import (
	"runtime"
	"sync"
	"unsafe"
)

// A Recycler hands out large slices with arbitrary contents, as Uninit
// does, and takes each back once nothing refers to it any more: a loop that
// drops the results of one call before the next gets the same memory again,
// instead of new memory that the garbage collector has to find and free
// (on two cores, a collection every other call of a millisecond-long loop
// costs about a quarter of its time) and that may have left the caches.
//
// A slice comes back through a finalizer on its first element, which runs
// only when no pointer into the memory is left: not the slice, not a
// sub-slice, not an Array that holds it. What the finalizer returns is kept
// for the next Recycle of the same size in bytes, most recently returned
// first, up to the Recycler's limit in bytes; past that it is freed as
// usual. The memory kept lives as long as the Recycler. A Recycler is safe
// for concurrent use.
type Recycler struct {
	mu    sync.Mutex
	limit int
	held  int                      // bytes in free
	free  map[int][]unsafe.Pointer // by size in bytes
}

// NewRecycler returns a Recycler that keeps up to limit bytes of returned
// memory.
func NewRecycler(limit int) *Recycler {
	return &Recycler{limit: limit, free: make(map[int][]unsafe.Pointer)}
}

// Recycle returns a slice of n elements with arbitrary contents for a
// caller that overwrites all of it: memory that an earlier slice from r
// left, or else new memory from Uninit. Below UninitMin bytes it is
// make([]T, n) and is not tracked. Built with -tags leibniz_poison, the
// memory is filled as Uninit fills it.
func Recycle[T Num](r *Recycler, n int) []T {
	var z T
	size := n * int(unsafe.Sizeof(z))
	if size < UninitMin {
		return make([]T, n)
	}
	var s []T
	if p := r.take(size); p != nil {
		s = unsafe.Slice((*T)(p), n)
		poison(unsafe.Slice((*byte)(p), size))
	} else {
		s = Uninit[T](n)
	}
	// &s[0] is the start of the allocation (Uninit's memory, or memory
	// that an earlier call tracked the same way), as SetFinalizer requires.
	runtime.SetFinalizer(&s[0], func(p *T) { r.give(unsafe.Pointer(p), size) })
	return s
}

// Held returns the number of bytes of returned memory r keeps.
func (r *Recycler) Held() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held
}

func (r *Recycler) take(size int) unsafe.Pointer {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.free[size]
	if len(l) == 0 {
		return nil
	}
	p := l[len(l)-1]
	l[len(l)-1] = nil
	r.free[size] = l[:len(l)-1]
	r.held -= size
	return p
}

// give keeps memory that the finalizer found unreferenced, if r has room.
func (r *Recycler) give(p unsafe.Pointer, size int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.held+size > r.limit {
		return
	}
	r.free[size] = append(r.free[size], p)
	r.held += size
}
