//go:build amd64 && !noasm

package kernels

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Log runs the fast kernel avxLogNormal<T> on vectors of positive normal
// arguments and the complete kernel avxLog<T> (which handles subnormals,
// ±0, negatives, ±Inf and NaN with compares and blends) from each vector
// where the fast one stops. The fast kernel must give the complete kernel's
// bits on every positive normal argument, and the switching between the
// two must not depend on where the special lanes sit.

// logComplete32 is the complete kernel on whole vectors and, for the tail,
// on a zero-padded vector, as the dispatch did before the fast kernel.
func logComplete32(dst, x []float32) {
	n := len(dst) &^ 7
	if n > 0 {
		avxLogF32(dst[:n], x[:n])
	}
	var buf [8]float32
	copy(buf[:], x[n:])
	avxLogF32(buf[:], buf[:])
	copy(dst[n:], buf[:])
}

func logComplete64(dst, x []float64) {
	n := len(dst) &^ 3
	if n > 0 {
		avxLogF64(dst[:n], x[:n])
	}
	var buf [4]float64
	copy(buf[:], x[n:])
	avxLogF64(buf[:], buf[:])
	copy(dst[n:], buf[:])
}

// TestLogFastExhaustive32 compares Log with the complete kernel bit for bit
// (NaN payloads included) on all 2^32 float32 inputs (a few seconds; skipped
// with -short unless LEIBNIZ_EXHAUSTIVE is 1 or Log).
func TestLogFastExhaustive32(t *testing.T) {
	if !haveSIMD {
		t.Skip("no SIMD kernels")
	}
	if env := os.Getenv("LEIBNIZ_EXHAUSTIVE"); (testing.Short() || raceDetectorOn()) && env != "1" && env != "Log" {
		t.Skip("-short or -race")
	}
	const chunk = 1 << 16
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []uint32
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float32, chunk)
			got, want := make([]float32, chunk), make([]float32, chunk)
			for base := uint64(w) * chunk; base < 1<<32; base += uint64(workers) * chunk {
				for i := range x {
					x[i] = math.Float32frombits(uint32(base) + uint32(i))
				}
				Log(got, x)
				avxLogF32(want, x)
				for i := range x {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						mu.Lock()
						bad = append(bad, math.Float32bits(x[i]))
						mu.Unlock()
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	require.Empty(t, bad, "Log differs from the complete kernel at these float32 bit patterns")
}

// logSpecialValues are arguments that make the fast kernel stop.
var logSpecialValues = []float64{0, math.Copysign(0, -1), -1, -1e-30, math.Inf(1), math.Inf(-1), math.NaN(),
	math.SmallestNonzeroFloat64, 0x1p-1022 - 0x1p-1074, 1e-310,
	float64(math.SmallestNonzeroFloat32), 0x1p-126 - 0x1p-149, 1e-40}

// TestLogSpecialPlacement puts special arguments at every position of
// slices of several lengths, in runs longer than logSpecialRun and at
// random, in place and not, and compares Log with the complete kernel bit
// for bit.
func TestLogSpecialPlacement(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	check := func(xs []float64) {
		t.Helper()
		x32, x64 := conv[float32](xs), append([]float64(nil), xs...)
		w32, w64 := make([]float32, len(xs)), make([]float64, len(xs))
		logComplete32(w32, x32)
		logComplete64(w64, x64)
		g32, f32 := guarded(len(xs), float32(math.NaN()))
		Log(g32, x32)
		requireGuards(t, f32, len(xs), float32(math.NaN()))
		g64, f64 := guarded(len(xs), math.NaN())
		Log(g64, x64)
		requireGuards(t, f64, len(xs), math.NaN())
		Log(x32, x32)
		Log(x64, x64)
		for i := range xs {
			if math.Float32bits(g32[i]) != math.Float32bits(w32[i]) || math.Float32bits(x32[i]) != math.Float32bits(w32[i]) {
				require.Failf(t, "f32 mismatch", "n=%d i=%d x=%g: %g (in place %g), want %g", len(xs), i, xs[i], g32[i], x32[i], w32[i])
			}
			if math.Float64bits(g64[i]) != math.Float64bits(w64[i]) || math.Float64bits(x64[i]) != math.Float64bits(w64[i]) {
				require.Failf(t, "f64 mismatch", "n=%d i=%d x=%g: %g (in place %g), want %g", len(xs), i, xs[i], g64[i], x64[i], w64[i])
			}
		}
	}
	normal := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Exp(r.Float64()*160 - 80)
		}
		return xs
	}
	for _, n := range []int{1, 7, 8, 9, 31, 64, 65, 200, 3*logSpecialRun + 5} {
		for pos := 0; pos < n; pos++ {
			xs := normal(n)
			xs[pos] = logSpecialValues[pos%len(logSpecialValues)]
			check(xs)
		}
	}
	for _, run := range []int{1, 9, logSpecialRun - 1, logSpecialRun, logSpecialRun + 1, 2*logSpecialRun + 3} {
		for start := 0; start < 20; start++ {
			xs := normal(4*logSpecialRun + 7)
			for i := start; i < start+run && i < len(xs); i++ {
				xs[i] = logSpecialValues[r.IntN(len(logSpecialValues))]
			}
			check(xs)
		}
	}
	for k := 0; k < 200; k++ {
		xs := normal(1 + r.IntN(600))
		for i := range xs {
			if r.IntN(50) == 0 {
				xs[i] = logSpecialValues[r.IntN(len(logSpecialValues))]
			}
		}
		check(xs)
	}
	// Random bit patterns (mostly non-normal for float64 views of float32
	// and vice versa) and whole slices of specials.
	check(mixedInputs(r, 5000))
	all := make([]float64, 1000)
	for i := range all {
		all[i] = logSpecialValues[i%len(logSpecialValues)]
	}
	check(all)
}
