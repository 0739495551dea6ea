package kernels

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// Tests of SinCos: every element of both results must have exactly the bits
// (NaN payloads and signs included) that Sin and Cos give for it, on the
// SIMD path and on the pure-Go loop.

// sinCosInputs returns mixedInputs plus arguments around the reduction
// bounds, subnormals and huge values, shuffled so that big and ordinary
// arguments share vectors.
func sinCosInputs(r *rand.Rand, n int) []float64 {
	xs := mixedInputs(r, n)
	for _, b := range []float64{vmath.SinBound32, vmath.SinBound64} {
		for _, v := range []float64{b, math.Nextafter(b, 0), math.Nextafter(b, math.Inf(1)), float64(math.Nextafter32(float32(b), float32(math.Inf(1))))} {
			xs = append(xs, v, -v)
		}
	}
	for k := 0; k < n/8; k++ {
		xs = append(xs,
			math.Ldexp(1+r.Float64(), -1074+r.IntN(1074)),                                 // tiny and subnormal (float64)
			float64(math.Float32frombits(uint32(1+r.IntN(1<<23))))*float64(1-2*r.IntN(2)), // subnormal float32
			math.Exp(r.Float64()*70)*float64(1-2*r.IntN(2)),                               // up to 1e30
			(r.Float64()*2-1)*vmath.SinBound64*2,                                          // around the float64 bound
			(r.Float64()*2-1)*vmath.SinBound32*2,                                          // around the float32 bound
		)
	}
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs
}

func requireSinCos32(t *testing.T, x, sin, cos []float32) {
	t.Helper()
	ws, wc := make([]float32, len(x)), make([]float32, len(x))
	Sin(ws, x)
	Cos(wc, x)
	for i, v := range x {
		if math.Float32bits(sin[i]) != math.Float32bits(ws[i]) || math.Float32bits(cos[i]) != math.Float32bits(wc[i]) {
			require.Failf(t, "f32 mismatch", "x=%g [%#08x]: SinCos = %g, %g [%#08x, %#08x]; Sin, Cos = %g, %g [%#08x, %#08x]",
				v, math.Float32bits(v), sin[i], cos[i], math.Float32bits(sin[i]), math.Float32bits(cos[i]),
				ws[i], wc[i], math.Float32bits(ws[i]), math.Float32bits(wc[i]))
		}
	}
}

func requireSinCos64(t *testing.T, x, sin, cos []float64) {
	t.Helper()
	ws, wc := make([]float64, len(x)), make([]float64, len(x))
	Sin(ws, x)
	Cos(wc, x)
	for i, v := range x {
		if math.Float64bits(sin[i]) != math.Float64bits(ws[i]) || math.Float64bits(cos[i]) != math.Float64bits(wc[i]) {
			require.Failf(t, "f64 mismatch", "x=%g [%#016x]: SinCos = %g, %g; Sin, Cos = %g, %g",
				v, math.Float64bits(v), sin[i], cos[i], ws[i], wc[i])
		}
	}
}

// TestSinCosMatchesSinCos compares SinCos with Sin and Cos bit for bit on
// random bits, special values (±0, ±Inf, NaN, subnormals, the reduction
// bounds) and arguments up to 1e30 and beyond, with and without SIMD.
func TestSinCosMatchesSinCos(t *testing.T) {
	xs := sinCosInputs(rand.New(rand.NewPCG(21, 22)), 40000)
	xs = append(xs, ulpSpecials(false)...)
	xs = append(xs, ulpSpecials(true)...)
	run := func(t *testing.T) {
		x32 := conv[float32](xs)
		s32, c32 := make([]float32, len(xs)), make([]float32, len(xs))
		SinCos(s32, c32, x32)
		requireSinCos32(t, x32, s32, c32)
		s64, c64 := make([]float64, len(xs)), make([]float64, len(xs))
		SinCos(s64, c64, xs)
		requireSinCos64(t, xs, s64, c64)
	}
	t.Run("simd", run)
	t.Run("purego", func(t *testing.T) { withoutSIMD(func() { run(t) }) })
}

// TestSinCosShapes runs SinCos on lengths around the vector widths, at every
// offset 0..7 of a buffer, inside NaN guard bands, and with sin or cos being
// the argument slice itself.
func TestSinCosShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for _, n := range append(testSizes, 255, 256, 257) {
		for off := 0; off < 8; off++ {
			xs := sinCosInputs(r, n+off)[off : off+n]
			x32 := conv[float32](xs)
			s32, fs32 := guarded(n, float32(math.NaN()))
			c32, fc32 := guarded(n, float32(math.NaN()))
			SinCos(s32, c32, x32)
			requireGuards(t, fs32, n, float32(math.NaN()))
			requireGuards(t, fc32, n, float32(math.NaN()))
			requireSinCos32(t, x32, s32, c32)

			x64 := append([]float64(nil), xs...)
			s64, fs64 := guarded(n, math.NaN())
			c64, fc64 := guarded(n, math.NaN())
			SinCos(s64, c64, x64)
			requireGuards(t, fs64, n, math.NaN())
			requireGuards(t, fc64, n, math.NaN())
			requireSinCos64(t, x64, s64, c64)

			// sin is x, then cos is x.
			in32, o32 := append([]float32(nil), x32...), make([]float32, n)
			SinCos(in32, o32, in32)
			requireSameSlice(t, s32, in32, "f32 sin in place n=%d off=%d", n, off)
			requireSameSlice(t, c32, o32, "f32 cos beside in-place sin n=%d off=%d", n, off)
			in32 = append(in32[:0], x32...)
			SinCos(o32, in32, in32)
			requireSameSlice(t, s32, o32, "f32 sin beside in-place cos n=%d off=%d", n, off)
			requireSameSlice(t, c32, in32, "f32 cos in place n=%d off=%d", n, off)

			in64, o64 := append([]float64(nil), x64...), make([]float64, n)
			SinCos(in64, o64, in64)
			requireSameSlice(t, s64, in64, "f64 sin in place n=%d off=%d", n, off)
			requireSameSlice(t, c64, o64, "f64 cos beside in-place sin n=%d off=%d", n, off)
			in64 = append(in64[:0], x64...)
			SinCos(o64, in64, in64)
			requireSameSlice(t, s64, o64, "f64 sin beside in-place cos n=%d off=%d", n, off)
			requireSameSlice(t, c64, in64, "f64 cos in place n=%d off=%d", n, off)
		}
	}
}

// TestSinCosExhaustive32 compares SinCos with Sin and Cos bit for bit on
// every float32 whose magnitude is at most twice the reduction bound, every
// NaN and ±Inf (a few seconds). The larger arguments take math.Sin and
// math.Cos through the same fix-up code in both and are sampled by
// TestSinCosMatchesSinCos; LEIBNIZ_EXHAUSTIVE=1 or =SinCos includes them
// (minutes). Skipped with -short, under -race and without SIMD (the pure-Go loop calls
// math.Sin and math.Cos itself).
func TestSinCosExhaustive32(t *testing.T) {
	if !haveSIMD {
		t.Skip("no SIMD kernels: the pure-Go loop calls math.Sin and math.Cos")
	}
	env := os.Getenv("LEIBNIZ_EXHAUSTIVE")
	all := env == "1" || env == "SinCos"
	if (testing.Short() || raceDetectorOn()) && !all {
		t.Skip("-short or -race")
	}
	limit := math.Float32bits(2 * vmath.SinBound32)
	const chunk = 1 << 16
	// Work items: chunk bases of the magnitude bits, for both signs.
	var bases []uint32
	for b := uint64(0); b < 1<<31; b += chunk {
		if all || uint32(b) <= limit || uint32(b) >= 0x7f800000 {
			bases = append(bases, uint32(b), uint32(b)|1<<31)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []uint32
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float32, chunk)
			s, c := make([]float32, chunk), make([]float32, chunk)
			ws, wc := make([]float32, chunk), make([]float32, chunk)
			for k := w; k < len(bases); k += workers {
				for i := range x {
					x[i] = math.Float32frombits(bases[k] + uint32(i))
				}
				SinCos(s, c, x)
				Sin(ws, x)
				Cos(wc, x)
				for i := range x {
					if math.Float32bits(s[i]) != math.Float32bits(ws[i]) || math.Float32bits(c[i]) != math.Float32bits(wc[i]) {
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
	require.Empty(t, bad, "SinCos differs from Sin/Cos at these float32 bit patterns")
}
