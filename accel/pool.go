package accel

import (
	"runtime"
	"sync"
)

// The worker pool: GOMAXPROCS−1 persistent goroutines (the caller is the
// last worker) that split whole fusion groups, never single small
// primitives. It starts on first use and lives for the process, like the
// runtime's own workers; it holds no user data between calls.

// parallelMin is the group size (elements) from which a group is split.
// Measured on the 2-core reference machine (accel.md §2.3): waking a parked
// goroutine costs 70–100 µs, and fan-out pays from about 30k cheap or 8–10k
// transcendental elements; 64k elements of a fused group (several
// primitives per element) is safely past both.
const parallelMin = 64 << 10

type pool struct {
	once  sync.Once
	tasks chan func()
	n     int // workers including the caller
}

var workers pool

// parallel runs body(w, lo, hi) over [0, n) split into contiguous ranges
// aligned to align, one per worker w (0 is the caller); it returns when all
// are done. Below parallelMin, or with one CPU, it runs body(0, 0, n).
func parallel(n, align int, body func(w, lo, hi int)) {
	parts := maxWorkers()
	if n < parallelMin || parts < 2 {
		body(0, 0, n)
		return
	}
	per := (n + parts - 1) / parts
	per = (per + align - 1) / align * align
	var wg sync.WaitGroup
	for w := 1; w < parts; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		workers.tasks <- func() {
			defer wg.Done()
			body(w, lo, hi)
		}
	}
	body(0, 0, min(per, n))
	wg.Wait()
}

// maxWorkers starts the pool if needed and returns the number of workers
// parallel uses (including the caller).
func maxWorkers() int {
	workers.once.Do(func() {
		workers.n = runtime.GOMAXPROCS(0)
		workers.tasks = make(chan func())
		for range workers.n - 1 {
			go func() {
				for t := range workers.tasks {
					t()
				}
			}()
		}
	})
	return workers.n
}
