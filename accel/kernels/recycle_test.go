package kernels

import (
	"fmt"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// collectUntil runs collections until cond holds (finalizers run on their
// own goroutine after a collection) or a second has passed.
func collectUntil(cond func() bool) bool {
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		if cond() {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return cond()
}

func addr[T any](s []T) uintptr { return uintptr(unsafe.Pointer(&s[0])) }

// A dropped slice comes back for the next Recycle of the same size in
// bytes, whatever its element type; a slice still referred to, even through
// a sub-slice, does not; small slices are not tracked; the limit holds.
func TestRecycler(t *testing.T) {
	const n = UninitMin / 4 // float32 elements: exactly UninitMin bytes
	r := NewRecycler(2 * UninitMin)

	s := Recycle[float32](r, n)
	require.Len(t, s, n)
	first := addr(s)
	tail := s[n-1:]
	s = nil
	require.False(t, collectUntil(func() bool { return r.Held() > 0 }), "a slice still referred to through a sub-slice came back")
	runtime.KeepAlive(tail)
	tail = nil
	require.True(t, collectUntil(func() bool { return r.Held() == UninitMin }), "a dropped slice did not come back")

	d := Recycle[float64](r, n/2)
	require.Equal(t, first, addr(d), "the same bytes as float64")
	require.Zero(t, r.Held())
	for i := range d {
		d[i] = float64(i)
	}

	// Three dropped slices, room for two.
	a, b, c := Recycle[int32](r, n), Recycle[int32](r, n), Recycle[int32](r, n)
	require.NotEqual(t, addr(a), addr(b))
	a, b, c = nil, nil, nil
	require.True(t, collectUntil(func() bool { return r.Held() == 2*UninitMin }))
	runtime.GC()
	require.Equal(t, 2*UninitMin, r.Held())
	_, _, _ = a, b, c

	small := Recycle[float32](r, 10)
	require.Len(t, small, 10)
	small = nil
	runtime.GC()
	require.Equal(t, 2*UninitMin, r.Held(), "small slices are not tracked")
	runtime.KeepAlive(d)
}

// Two goroutines recycling the same sizes never get the same memory at
// once: each writes its own pattern and finds it intact.
func TestRecyclerConcurrent(t *testing.T) {
	const n = UninitMin / 8
	r := NewRecycler(8 * UninitMin)
	done := make(chan error, 2)
	for g := range 2 {
		go func() {
			for i := range 200 {
				s := Recycle[float64](r, n)
				v := float64(g*1000 + i)
				for k := range s {
					s[k] = v
				}
				if i%16 == 0 {
					runtime.GC()
				}
				for k := range s {
					if s[k] != v {
						done <- fmt.Errorf("goroutine %d, round %d: element %d is %v", g, i, k, s[k])
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 2 {
		require.NoError(t, <-done)
	}
}
