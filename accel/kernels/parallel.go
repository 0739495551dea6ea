package kernels

import (
	"runtime"
	"sync"
)

// The worker pool: GOMAXPROCS−1 persistent goroutines (the caller is the
// last worker), shared by everything in leibniz that runs in parallel —
// whole fusion groups (accel) and GEMM panels — never single small
// primitives. It starts on first use and lives for the process, like the
// runtime's own workers; it holds no user data between calls. (OpenBLAS
// runs on its own threads instead, never inside this pool.)

// ParallelMin is the size (elements) from which Parallel splits work.
// Measured on the 2-core reference machine (accel.md §2.3): waking a parked
// goroutine costs 70–100 µs, and fan-out pays from about 30k cheap or 8–10k
// transcendental elements; 64k elements of a fused group (several
// primitives per element) is safely past both.
const ParallelMin = 64 << 10

type pool struct {
	once  sync.Once
	tasks chan func()
	n     int // workers including the caller
}

var workers pool

// Parallel runs body(w, lo, hi) over [0, n) split into contiguous ranges
// aligned to align, one per worker w (0 is the caller); it returns when all
// are done. Below ParallelMin, or with one CPU, it runs body(0, 0, n).
// Calls may nest without deadlock: a part is handed to a worker only if one
// is idle at that moment, and otherwise the caller runs it itself.
func Parallel(n, align int, body func(w, lo, hi int)) {
	parts := Workers()
	if n < ParallelMin || parts < 2 {
		body(0, 0, n)
		return
	}
	per := (n + parts - 1) / parts
	per = (per + align - 1) / align * align
	var wg sync.WaitGroup
	var mine []func()
	for w := 1; w < parts; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		task := func() {
			defer wg.Done()
			body(w, lo, hi)
		}
		select {
		case workers.tasks <- task:
		default:
			mine = append(mine, task)
		}
	}
	body(0, 0, min(per, n))
	for _, task := range mine {
		task()
	}
	wg.Wait()
}

// Workers starts the pool if needed and returns the number of workers
// Parallel uses (including the caller); worker indices are below it.
func Workers() int {
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
