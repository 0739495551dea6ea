package kernels

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// cover runs Parallel over n elements and checks that every element is
// visited exactly once, in aligned parts with valid worker indices.
func cover(t *testing.T, n, align int) {
	t.Helper()
	seen := make([]int32, n)
	Parallel(n, align, func(w, lo, hi int) {
		if w < 0 || w >= Workers() || lo%align != 0 && lo != 0 {
			t.Errorf("n=%d: bad part w=%d [%d,%d)", n, w, lo, hi)
		}
		for i := lo; i < hi; i++ {
			atomic.AddInt32(&seen[i], 1)
		}
	})
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("n=%d align=%d: element %d visited %d times", n, align, i, c)
		}
	}
}

func TestParallelCovers(t *testing.T) {
	for _, n := range []int{0, 1, ParallelMin - 1, ParallelMin, ParallelMin + 1, 3*ParallelMin + 17} {
		for _, align := range []int{1, 8, 1024} {
			cover(t, n, align)
		}
	}
}

// Workers that have parked (idle longer than spinFor) are woken again, and
// back-to-back calls (workers still polling) work too.
func TestParallelAfterIdle(t *testing.T) {
	cover(t, 2*ParallelMin, 1024)
	time.Sleep(3 * spinFor)
	cover(t, 2*ParallelMin, 1024)
	for range 50 {
		cover(t, 2*ParallelMin, 1024)
	}
}

// Nested and concurrent calls finish: a part goes to a worker only if one
// is idle, otherwise its caller runs it.
func TestParallelNestedAndConcurrent(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					var total atomic.Int64
					Parallel(2*ParallelMin, 1024, func(_, lo, hi int) {
						Parallel(ParallelMin+(hi-lo)%7, 8, func(_, lo2, hi2 int) {
							total.Add(int64(hi2 - lo2))
						})
					})
					if want := int64(2 * (ParallelMin + (ParallelMin % 7))); Workers() >= 2 && total.Load() != want {
						t.Errorf("nested total %d, want %d", total.Load(), want)
					}
				}
			}()
		}
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		require.FailNow(t, "nested or concurrent Parallel calls did not finish")
	}
}

// ParallelFor runs every block exactly once with valid worker indices, each
// used by one goroutine at a time; after parking, back to back, and nested
// inside Parallel.
func TestParallelFor(t *testing.T) {
	check := func(blocks int) {
		seen := make([]int32, blocks)
		busy := make([]atomic.Bool, Workers())
		ParallelFor(blocks, func(w, b int) {
			if w < 0 || w >= Workers() {
				t.Errorf("blocks=%d: worker index %d", blocks, w)
				return
			}
			if !busy[w].CompareAndSwap(false, true) {
				t.Errorf("blocks=%d: worker index %d used by two goroutines at once", blocks, w)
			}
			atomic.AddInt32(&seen[b], 1)
			time.Sleep(time.Duration(b%3) * time.Microsecond)
			busy[w].Store(false)
		})
		for b, c := range seen {
			if c != 1 {
				t.Fatalf("blocks=%d: block %d ran %d times", blocks, b, c)
			}
		}
	}
	for _, blocks := range []int{0, 1, 2, 3, 64, 1000} {
		check(blocks)
	}
	time.Sleep(3 * spinFor)
	check(64)
	for range 50 {
		check(17)
	}
	Parallel(4*ParallelMin, 1, func(_, _, _ int) {
		var n atomic.Int32
		ParallelFor(40, func(_, _ int) { n.Add(1) })
		if n.Load() != 40 {
			t.Errorf("nested: %d of 40 blocks ran", n.Load())
		}
	})
}

// While OpenBLAS's threads may be polling, only large work is handed to
// the pool's workers; small work stays on the caller.
func TestHandOffNearBLAS(t *testing.T) {
	if Workers() < 2 {
		t.Skip("one CPU: no pool workers")
	}
	time.Sleep(10 * time.Millisecond) // the workers are idle
	workers.blasUntil.Store(time.Now().Add(time.Minute).UnixNano())
	defer workers.blasUntil.Store(0)
	ran := make(chan struct{})
	task := func() { close(ran) }
	require.False(t, handOff(&task, false), "small work handed off while OpenBLAS may be polling")
	require.True(t, handOff(&task, true), "large work not handed off")
	select {
	case <-ran:
	case <-time.After(time.Second):
		t.Fatal("the handed-off task did not run")
	}
}
