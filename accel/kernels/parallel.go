package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
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

// parallelLargeElems (Parallel) and parallelLargeBlocks (ParallelFor) are
// the amounts of work from which the pool hands parts to its workers even
// while OpenBLAS's threads may be polling (see handOff): 1M elements, or 32
// blocks (a fusion group of 512k elements), take long enough that a second
// core pays even when shared.
const (
	parallelLargeElems  = 1 << 20
	parallelLargeBlocks = 32
)

// spinFor is how long an idle worker polls for its next part before it
// parks, and how long Parallel's caller polls for the other parts before it
// parks: waking a parked goroutine costs 70–150 µs here, more than a whole
// fused W1 pass over 100k elements, so back-to-back parallel steps (the
// common case: a compiled program's groups and GEMMs, a training loop) find
// the workers still polling. It is what OpenMP runtimes do by default.
const spinFor = 200 * time.Microsecond

type pool struct {
	once sync.Once
	n    int       // workers including the caller
	ws   []*worker // the n−1 pool workers
	// OpenBLAS's threads poll for work for about 0.1 s after each call (its
	// THREAD_TIMEOUT): until then, and during calls, the pool does not
	// poll, so that the two never take more threads than there are cores.
	quiet     atomic.Int32 // OpenBLAS calls under way
	blasUntil atomic.Int64 // UnixNano before which OpenBLAS threads may still poll
}

// blasQuietFor is how long after an OpenBLAS call the pool does not poll.
const blasQuietFor = 100 * time.Millisecond

// blasBusy reports whether OpenBLAS threads may be polling now.
func blasBusy() bool {
	return workers.quiet.Load() != 0 || time.Now().UnixNano() < workers.blasUntil.Load()
}

// worker is one pool goroutine. A caller claims an idle worker by switching
// idle off, then hands it a part through task (and a wake token, for when
// it has parked).
type worker struct {
	idle atomic.Bool
	task atomic.Pointer[func()]
	wake chan struct{} // capacity 1
}

var workers pool

func (w *worker) loop() {
	for {
		w.idle.Store(true)
		spin(func() bool { return w.task.Load() != nil })
		t := w.task.Swap(nil)
		for t == nil {
			<-w.wake
			t = w.task.Swap(nil)
		}
		(*t)()
	}
}

// offer hands task to w if w is idle.
func (w *worker) offer(task *func()) bool {
	if !w.idle.CompareAndSwap(true, false) {
		return false
	}
	w.task.Store(task)
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return true
}

// handOff gives task to the first idle pool worker, if any. While
// OpenBLAS's threads may be polling (blasBusy), it does so only for large
// work (large set): the other cores are then busy with those threads, which
// a pool worker would have to share, and a worker parked by the quiet
// period takes 50–150 µs to wake — more than the small steps between the
// GEMMs of a training step take on the caller alone (W2: the groups and
// small products between its OpenBLAS calls went from 0.55 to 0.37 ms, and
// the OpenBLAS calls themselves got 10% faster).
func handOff(task *func(), large bool) bool {
	if !large && blasBusy() {
		return false
	}
	for _, w := range workers.ws {
		if w.offer(task) {
			return true
		}
	}
	return false
}

// spin polls done for up to spinFor, yielding the processor now and then,
// unless OpenBLAS threads may be polling; it reports whether done became
// true.
func spin(done func() bool) bool {
	var start time.Time
	for i := 0; ; i++ {
		if done() {
			return true
		}
		if i%64 == 63 {
			if start.IsZero() {
				start = time.Now()
			} else if time.Since(start) > spinFor {
				return false
			}
			if blasBusy() {
				return done()
			}
			runtime.Gosched()
		}
	}
}

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
	var left atomic.Int32
	var mine []func()
	for w := 1; w < parts; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		left.Add(1)
		task := func() {
			defer left.Add(-1) // after wg.Done: left == 0 means Wait returns at once
			defer wg.Done()
			body(w, lo, hi)
		}
		if !handOff(&task, n >= parallelLargeElems) {
			mine = append(mine, task)
		}
	}
	body(0, 0, min(per, n))
	for _, task := range mine {
		task()
	}
	spin(func() bool { return left.Load() == 0 })
	wg.Wait()
}

// ParallelFor runs body(w, b) once for every block b in [0, blocks), on the
// caller (w = 0) and on the pool workers that are idle at the call. Each
// takes the blocks of its own contiguous region one at a time, then the
// next blocks of the others' regions, so a worker that starts late (woken
// from parking) or is descheduled takes fewer blocks instead of holding the
// others up; it returns when every block is done. Worker
// indices are below Workers() and each is used by one goroutine at a time.
// The caller chooses blocks large enough (tens of microseconds of work) to
// be worth handing out; with one block or one CPU, the caller runs them all.
func ParallelFor(blocks int, body func(w, b int)) {
	parts := Workers()
	if blocks < 2 || parts < 2 {
		for b := range blocks {
			body(0, b)
		}
		return
	}
	// Each worker starts on its own contiguous region of blocks (worker w
	// on region w of min(parts, blocks)), so neighbouring blocks, whose
	// cache lines the hardware prefetchers of one core run into, stay on
	// that core (W1 at 1e6 elements: 2% faster than one shared counter, in
	// alternating calls); a worker whose region is done takes the next
	// blocks of the others'.
	nr := min(parts, blocks)
	regions := make([]struct {
		next atomic.Int64
		end  int64
		_    [48]byte
	}, nr)
	for r := range regions {
		regions[r].next.Store(int64(r * blocks / nr))
		regions[r].end = int64((r + 1) * blocks / nr)
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	wg.Add(blocks)
	grab := func(w int) {
		for k := range nr {
			rg := &regions[(w+k)%nr]
			for {
				b := rg.next.Add(1) - 1
				if b >= rg.end {
					break
				}
				body(w, int(b))
				done.Add(1)
				wg.Done()
			}
		}
	}
	for w := 1; w < min(parts, blocks); w++ {
		task := func() { grab(w) }
		if !handOff(&task, blocks >= parallelLargeBlocks) {
			break
		}
	}
	grab(0)
	spin(func() bool { return done.Load() == int64(blocks) })
	wg.Wait()
}

// Workers starts the pool if needed and returns the number of workers
// Parallel uses (including the caller); worker indices are below it.
func Workers() int {
	workers.once.Do(func() {
		workers.n = runtime.GOMAXPROCS(0)
		for range workers.n - 1 {
			w := &worker{wake: make(chan struct{}, 1)}
			workers.ws = append(workers.ws, w)
			go w.loop()
		}
	})
	return workers.n
}
