package kernels

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// Uninit gives usable slices of the right length and alignment on both
// sides of UninitMin, which stay valid across collections (the collector
// tracks the memory through the slice alone).
func TestUninit(t *testing.T) {
	for _, n := range []int{0, 1, UninitMin/8 - 1, UninitMin / 4, 3*UninitMin + 5} {
		f32, f64, i64 := Uninit[float32](n), Uninit[float64](n), Uninit[int64](n)
		require.Len(t, f32, n)
		require.Len(t, f64, n)
		require.Len(t, i64, n)
		if n > 0 {
			require.Zero(t, uintptr(unsafe.Pointer(&f64[0]))%8, "f64 alignment")
		}
		for i := range f64 {
			f32[i], f64[i], i64[i] = float32(i), float64(i)/3, int64(-i)
		}
		runtime.GC()
		_ = make([]byte, 8<<20) // reuse freed memory if the slices were lost
		runtime.GC()
		for i := range f64 {
			if f32[i] != float32(i) || f64[i] != float64(i)/3 || i64[i] != int64(-i) {
				t.Fatalf("n=%d: element %d changed after a collection", n, i)
			}
		}
	}
}
