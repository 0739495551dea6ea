package kernels

import (
	"fmt"
	"testing"
)

// sinkF32 and sinkF64 keep the benchmarked sums alive.
var (
	sinkF32 float32
	sinkF64 float64
)

func BenchmarkPairwiseSum(b *testing.B) {
	r := newRNG()
	for _, n := range []int{1024, 1 << 20} {
		b.Run(fmt.Sprintf("f32/n=%d", n), func(b *testing.B) {
			x := randFloats[float32](r, n, -1, 1)
			b.SetBytes(int64(4 * n))
			for b.Loop() {
				sinkF32 = pairwiseSum(x)
			}
		})
		b.Run(fmt.Sprintf("f64/n=%d", n), func(b *testing.B) {
			x := randFloats[float64](r, n, -1, 1)
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				sinkF64 = pairwiseSum(x)
			}
		})
	}
}
