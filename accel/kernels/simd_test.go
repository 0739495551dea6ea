package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// Tests of the SIMD dispatch (simd*.go). They run in every build: with the
// assembly, each element must equal the scalar definition of its kernel
// (package vmath for the math functions, Go's operators otherwise) bit for
// bit, whatever the slice length, offset and neighbours; with -tags noasm
// (haveSIMD false) the same tests check the pure-Go loops against math.

// withoutSIMD runs f with the SIMD kernels switched off.
func withoutSIMD(f func()) {
	old := haveSIMD
	haveSIMD = false
	defer func() { haveSIMD = old }()
	f()
}

// mathCase is a vectorised math function with its scalar definitions.
type mathCase struct {
	name     string
	k32      func(dst, x []float32)
	k64      func(dst, x []float64)
	m32      func(float32) float32 // vmath: what the assembly computes
	m64      func(float64) float64
	ref      func(float64) float64 // math: what the pure-Go loop computes
	b32, b64 uint64                // documented error bounds (ulps)
}

func mathCases() []mathCase {
	m := map[string][2]any{
		"Exp":      {vmath.Exp32, vmath.Exp64},
		"Log":      {vmath.Log32, vmath.Log64},
		"Log1p":    {vmath.Log1p32, vmath.Log1p64},
		"Sin":      {vmath.Sin32, vmath.Sin64},
		"Cos":      {vmath.Cos32, vmath.Cos64},
		"Tanh":     {vmath.Tanh32, vmath.Tanh64},
		"Logistic": {vmath.Logistic32, vmath.Logistic64},
		"Erf":      {vmath.Erf32, vmath.Erf64},
	}
	pureGo := map[string]func(float64) float64{
		"Exp": exp64, "Log": log64, "Log1p": math.Log1p, "Sin": math.Sin, "Cos": math.Cos,
		"Tanh": math.Tanh, "Logistic": logistic, "Erf": math.Erf,
	}
	var out []mathCase
	for _, u := range ulpCases() {
		out = append(out, mathCase{u.name, u.k32, u.k64,
			m[u.name][0].(func(float32) float32), m[u.name][1].(func(float64) float64),
			pureGo[u.name], u.b32, u.b64})
	}
	return out
}

// want32 is the value the kernel must produce for x in this build.
func (c mathCase) want32(x float32) float32 {
	if haveSIMD {
		return c.m32(x)
	}
	return float32(c.ref(float64(x)))
}

func (c mathCase) want64(x float64) float64 {
	if haveSIMD {
		return c.m64(x)
	}
	return c.ref(x)
}

// mixedInputs returns n inputs mixing random bit patterns, log-uniform
// values in [1e-6, 1e6] of both signs and the special values.
func mixedInputs(r *rand.Rand, n int) []float64 {
	xs := make([]float64, n)
	s := ulpSpecials(false)
	for i := range xs {
		switch i % 4 {
		case 0:
			xs[i] = math.Float64frombits(r.Uint64())
		case 1:
			xs[i] = float64(math.Float32frombits(r.Uint32()))
		case 2:
			xs[i] = s[r.IntN(len(s))]
		default:
			xs[i] = math.Exp(r.Float64()*28-14) * float64(1-2*r.IntN(2))
		}
	}
	return xs
}

func sameBits32(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

func sameBits64(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
}

// TestSIMDMathExact checks every element of the math kernels against its
// scalar definition, over random bits, special values and typical values.
func TestSIMDMathExact(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	xs := mixedInputs(r, 40000)
	for _, c := range mathCases() {
		t.Run(c.name, func(t *testing.T) {
			x32 := make([]float32, len(xs))
			for i, v := range xs {
				x32[i] = float32(v)
			}
			got32 := make([]float32, len(xs))
			c.k32(got32, x32)
			for i, v := range x32 {
				if w := c.want32(v); !sameBits32(got32[i], w) {
					require.Failf(t, "f32 mismatch", "%s(%g) [bits %#08x] = %g, want %g", c.name, v, math.Float32bits(v), got32[i], w)
				}
			}
			got64 := make([]float64, len(xs))
			c.k64(got64, xs)
			for i, v := range xs {
				if w := c.want64(v); !sameBits64(got64[i], w) {
					require.Failf(t, "f64 mismatch", "%s(%g) [bits %#016x] = %g, want %g", c.name, v, math.Float64bits(v), got64[i], w)
				}
			}
		})
	}
}

// TestSIMDShapes runs the math kernels on lengths around the vector widths,
// sub-slices at every offset 0..7 of a buffer (so unaligned), inside NaN
// guard bands that must stay untouched, and in place.
func TestSIMDShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, c := range mathCases() {
		t.Run(c.name, func(t *testing.T) {
			for _, n := range testSizes {
				for off := 0; off < 8; off++ {
					xs := mixedInputs(r, n+off)[off:]
					x32 := make([]float32, n)
					for i, v := range xs {
						x32[i] = float32(v)
					}
					buf32 := make([]float32, n+off+2*guardLen)
					for i := range buf32 {
						buf32[i] = float32(math.NaN())
					}
					dst32 := buf32[guardLen+off : guardLen+off+n : guardLen+off+n]
					c.k32(dst32, x32)
					for i := range buf32 {
						if i < guardLen+off || i >= guardLen+off+n {
							require.True(t, math.IsNaN(float64(buf32[i])), "f32 n=%d off=%d: guard %d overwritten", n, off, i)
						}
					}
					for i, v := range x32 {
						require.True(t, sameBits32(dst32[i], c.want32(v)), "f32 n=%d off=%d i=%d x=%g: %g", n, off, i, v, dst32[i])
					}
					c.k32(x32, x32) // in place
					requireSameSlice(t, dst32, x32, "f32 in place")

					x64 := append([]float64(nil), xs...)
					buf64 := make([]float64, n+off+2*guardLen)
					for i := range buf64 {
						buf64[i] = math.NaN()
					}
					dst64 := buf64[guardLen+off : guardLen+off+n : guardLen+off+n]
					c.k64(dst64, x64)
					for i := range buf64 {
						if i < guardLen+off || i >= guardLen+off+n {
							require.True(t, math.IsNaN(buf64[i]), "f64 n=%d off=%d: guard %d overwritten", n, off, i)
						}
					}
					for i, v := range x64 {
						require.True(t, sameBits64(dst64[i], c.want64(v)), "f64 n=%d off=%d i=%d x=%g: %g", n, off, i, v, dst64[i])
					}
					c.k64(x64, x64)
					requireSameSlice(t, dst64, x64, "f64 in place")
				}
			}
		})
	}
}

// TestSIMDSinCosLarge mixes arguments above the reduction bound (computed by
// math.Sin/Cos) with ordinary ones in the same vectors, in place too.
func TestSIMDSinCosLarge(t *testing.T) {
	xs := []float64{1, 1e30, -2, vmath.SinBound64, math.Nextafter(vmath.SinBound64, math.Inf(1)), math.Inf(1), 3, math.NaN(),
		-1e30, 0.5, 1e300, math.Inf(-1), 1e5, 2e5, -7, float64(vmath.SinBound32), 1e22}
	for _, f := range []struct {
		k32 func(dst, x []float32)
		k64 func(dst, x []float64)
		ref func(float64) float64
	}{{Sin[float32], Sin[float64], math.Sin}, {Cos[float32], Cos[float64], math.Cos}} {
		x64 := append([]float64(nil), xs...)
		f.k64(x64, x64)
		x32 := make([]float32, len(xs))
		for i, v := range xs {
			x32[i] = float32(v)
		}
		f.k32(x32, x32)
		for i, v := range xs {
			w := f.ref(v)
			require.LessOrEqual(t, ulps64(x64[i], w), uint64(2), "f64 x=%g: %g want %g", v, x64[i], w)
			w32 := float32(f.ref(float64(float32(v))))
			require.LessOrEqual(t, ulps32(x32[i], w32), uint64(1), "f32 x=%g: %g want %g", v, x32[i], w32)
			if math.Abs(v) > vmath.SinBound64 {
				require.True(t, sameBits64(x64[i], w), "f64 beyond the bound is math's: x=%g", v)
			}
		}
	}
}

// exactCase is an exactly rounded kernel; the assembly must equal the
// pure-Go loop bit for bit.
type exactCase struct {
	name string
	run  func(t *testing.T, r *rand.Rand, n, off int, dtype string)
}

func exactCases() []exactCase {
	unary := func(name string, k32 func(dst, x []float32), k64 func(dst, x []float64)) exactCase {
		return exactCase{name, func(t *testing.T, r *rand.Rand, n, off int, dtype string) {
			xs := mixedInputs(r, n+off)[off:]
			if dtype == "f32" {
				diffUnary(t, k32, conv[float32](xs))
			} else {
				diffUnary(t, k64, xs)
			}
		}}
	}
	binary := func(name string, k32 func(dst, a, b []float32), k64 func(dst, a, b []float64)) exactCase {
		return exactCase{name, func(t *testing.T, r *rand.Rand, n, off int, dtype string) {
			a, b := mixedInputs(r, n+off)[off:], mixedInputs(r, n)
			for i := 0; i < n; i += 3 {
				b[i] = a[i] // equal operands (signed zeros, NaNs)
			}
			if dtype == "f32" {
				diffBinary(t, k32, conv[float32](a), conv[float32](b))
			} else {
				diffBinary(t, k64, a, b)
			}
		}}
	}
	cmp := func(name string, k32 func(dst []bool, a, b []float32), k64 func(dst []bool, a, b []float64)) exactCase {
		return exactCase{name, func(t *testing.T, r *rand.Rand, n, off int, dtype string) {
			a, b := mixedInputs(r, n+off)[off:], mixedInputs(r, n)
			for i := 0; i < n; i += 3 {
				b[i] = a[i]
			}
			if dtype == "f32" {
				diffCompare(t, k32, conv[float32](a), conv[float32](b))
			} else {
				diffCompare(t, k64, a, b)
			}
		}}
	}
	return []exactCase{
		unary("Neg", Neg[float32], Neg[float64]),
		unary("Abs", Abs[float32], Abs[float64]),
		unary("Sqrt", Sqrt[float32], Sqrt[float64]),
		unary("Floor", Floor[float32], Floor[float64]),
		unary("Ceil", Ceil[float32], Ceil[float64]),
		unary("Round", Round[float32], Round[float64]),
		binary("Add", Add[float32], Add[float64]),
		binary("Sub", Sub[float32], Sub[float64]),
		binary("Mul", Mul[float32], Mul[float64]),
		binary("Div", Div[float32], Div[float64]),
		binary("Min", Min[float32], Min[float64]),
		binary("Max", Max[float32], Max[float64]),
		binary("FMA", func(dst, a, b []float32) { FMA(dst, a, b, b) }, func(dst, a, b []float64) { FMA(dst, a, b, b) }),
		binary("FMA3", func(dst, a, b []float32) { FMA(dst, a, a, b) }, func(dst, a, b []float64) { FMA(dst, a, a, b) }),
		cmp("Eq", Eq[float32], Eq[float64]),
		cmp("Ne", Ne[float32], Ne[float64]),
		cmp("Lt", Lt[float32], Lt[float64]),
		cmp("Le", Le[float32], Le[float64]),
		cmp("Gt", Gt[float32], Gt[float64]),
		cmp("Ge", Ge[float32], Ge[float64]),
		{"Select", func(t *testing.T, r *rand.Rand, n, off int, dtype string) {
			a, b := mixedInputs(r, n+off)[off:], mixedInputs(r, n)
			pred := make([]bool, n+off)
			for i := range pred {
				pred[i] = r.IntN(2) == 0
			}
			if dtype == "f32" {
				diffSelect(t, pred[off:], conv[float32](a), conv[float32](b))
			} else {
				diffSelect(t, pred[off:], a, b)
			}
		}},
	}
}

func conv[T float32 | float64](xs []float64) []T {
	out := make([]T, len(xs))
	for i, v := range xs {
		out[i] = T(v)
	}
	return out
}

// diffUnary compares the kernel with and without SIMD, out of place (in a
// guarded dst) and in place.
func diffUnary[T Float](t *testing.T, k func(dst, x []T), x []T) {
	t.Helper()
	want := make([]T, len(x))
	withoutSIMD(func() { k(want, x) })
	got, full := guarded(len(x), sentinel[T]())
	k(got, x)
	requireGuards(t, full, len(x), sentinel[T]())
	requireSameSlice(t, want, got)
	y := cloneOf(x)
	k(y, y)
	requireSameSlice(t, want, y, "in place")
}

func diffBinary[T Float](t *testing.T, k func(dst, a, b []T), a, b []T) {
	t.Helper()
	want := make([]T, len(a))
	withoutSIMD(func() { k(want, a, b) })
	got, full := guarded(len(a), sentinel[T]())
	k(got, a, b)
	requireGuards(t, full, len(a), sentinel[T]())
	requireSameSlice(t, want, got)
	y := cloneOf(a)
	k(y, y, b)
	requireSameSlice(t, want, y, "in place")
}

func diffCompare[T Float](t *testing.T, k func(dst []bool, a, b []T), a, b []T) {
	t.Helper()
	want := make([]bool, len(a))
	withoutSIMD(func() { k(want, a, b) })
	for _, g := range []bool{false, true} {
		got, full := guarded(len(a), g)
		k(got, a, b)
		requireGuards(t, full, len(a), g)
		require.Equal(t, want, got)
	}
}

func diffSelect[T Float](t *testing.T, pred []bool, a, b []T) {
	t.Helper()
	want := make([]T, len(a))
	withoutSIMD(func() { Select(want, pred, a, b) })
	got, full := guarded(len(a), sentinel[T]())
	Select(got, pred, a, b)
	requireGuards(t, full, len(a), sentinel[T]())
	requireSameSlice(t, want, got)
	y := cloneOf(b)
	Select(y, pred, a, y)
	requireSameSlice(t, want, y, "in place")
}

// TestSIMDExactOps checks the exactly rounded kernels (and the
// comparisons and Select) against the pure-Go loops for every length and
// offset.
func TestSIMDExactOps(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, c := range exactCases() {
		for _, dtype := range []string{"f32", "f64"} {
			t.Run(c.name+"/"+dtype, func(t *testing.T) {
				for _, n := range testSizes {
					for off := 0; off < 8; off++ {
						c.run(t, r, n, off, dtype)
					}
				}
			})
		}
	}
}

// TestFMASingleRounding checks FMA against products that a separate
// multiply and add would round differently.
func TestFMASingleRounding(t *testing.T) {
	a32 := []float32{1 + 0x1p-12, 1 + 0x1p-23, 3, 0x1p100, -1, 0, float32(math.Inf(1))}
	b32 := []float32{1 + 0x1p-12, 1 - 0x1p-23, 1.0 / 3, 0x1p100, 0, 5, 0}
	c32 := []float32{-1, -1, -1, float32(math.Inf(-1)), float32(math.Copysign(0, -1)), -0, 1}
	for _, n := range []int{len(a32), 8, 9} {
		a, b, c := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range a {
			a[i], b[i], c[i] = a32[i%len(a32)], b32[i%len(b32)], c32[i%len(c32)]
		}
		got := make([]float32, n)
		FMA(got, a, b, c)
		for i := range got {
			want := vmath.FMA32(a[i], b[i], c[i])
			require.True(t, sameBits32(want, got[i]), "fma32(%g, %g, %g) = %g, want %g", a[i], b[i], c[i], got[i], want)
		}
		a64, b64, c64 := conv[float64](toF64(a)), conv[float64](toF64(b)), conv[float64](toF64(c))
		a64[0], b64[0] = 1+0x1p-30, 1+0x1p-30
		got64 := make([]float64, n)
		FMA(got64, a64, b64, c64)
		for i := range got64 {
			require.True(t, sameBits64(math.FMA(a64[i], b64[i], c64[i]), got64[i]), "fma64 at %d", i)
		}
	}
	// Named element types take the generic path.
	x := []myFloat{2, 3}
	FMA(x, x, x, x)
	require.Equal(t, []myFloat{6, 12}, x)
}

func toF64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// TestSIMDNamedTypes: element types other than float32 and float64 run the
// generic loops and still compute the same thing as math.
func TestSIMDNamedTypes(t *testing.T) {
	x := []myFloat{-1, 0, 0.5, 2, 3, 4, 5, 6, 7, 8}
	y := make([]myFloat, len(x))
	Exp(y, x)
	for i, v := range x {
		require.Equal(t, myFloat(math.Exp(float64(v))), y[i])
	}
	b := make([]bool, len(x))
	Lt(b, x, y)
	for i := range x {
		require.Equal(t, x[i] < y[i], b[i])
	}
}

// TestSIMDNoAllocs: the dispatch and the tails through stack buffers do not
// allocate.
func TestSIMDNoAllocs(t *testing.T) {
	x32, y32 := make([]float32, 13), make([]float32, 13)
	x64, y64 := make([]float64, 13), make([]float64, 13)
	b := make([]bool, 13)
	x32[3], x64[3] = 1e30, 1e30 // sin's math fallback
	// The lane sums return a T converted from float32 or float64: non-zero
	// sums, which an interface conversion that escaped would allocate.
	ones32, ones64 := make([]float32, 13), make([]float64, 13)
	for i := range ones32 {
		ones32[i], ones64[i] = 1, 1
	}
	cases := map[string]func(){
		"Exp32": func() { Exp(y32, x32) }, "Sin32": func() { Sin(y32, x32) }, "Erf64": func() { Erf(y64, x64) },
		"Cos64": func() { Cos(y64, x64) }, "Add32": func() { Add(y32, x32, x32) }, "FMA64": func() { FMA(y64, x64, x64, x64) },
		"Lt64": func() { Lt(b, x64, y64) }, "Select32": func() { Select(y32, b, x32, y32) }, "Sqrt64": func() { Sqrt(y64, x64) },
		"Chain32":   func() { Chain(y32, x32, x32, y32, ArithMul, ArithSub, true) },
		"Chain64":   func() { Chain(y64, x64, x64, y64, ArithDiv, ArithAdd, false) },
		"LaneSum32": func() { sinkF32 = LaneSum(ones32) }, "LaneSumOf64": func() { sinkF64 = LaneSumOf(ArithSub, ones64, x64) },
	}
	for name, f := range cases {
		require.Zero(t, testing.AllocsPerRun(20, f), name)
	}
}

// --- fuzzing: the kernels on 11 elements (a full vector and a tail) built
// from the fuzzed values must stay within the documented error bound of
// math, with identical special values; the seed corpus runs in go test.

func fuzzMath32(f *testing.F, name string) {
	c := findMathCase(name)
	for _, s := range []float32{0, 1, -1, 0.5, 1e-40, 88.7, -103, 1e5, 3e38, float32(math.Inf(1)), float32(math.NaN())} {
		f.Add(s, -s)
	}
	f.Fuzz(func(t *testing.T, a, b float32) {
		x := []float32{a, b, a * 0.5, b * 2, -a, a + b, a - b, 1 / a, b * b, a * 1e-3, float32(math.Sqrt(math.Abs(float64(b))))}
		got := make([]float32, len(x))
		c.k32(got, x)
		for i, v := range x {
			want := float32(c.ref(float64(v))) // the pure-Go loop
			if e := ulps32(got[i], want); e > c.b32 {
				t.Fatalf("%s(%g) = %g, want %g (%d ulps)", c.name, v, got[i], want, e)
			}
		}
	})
}

func fuzzMath64(f *testing.F, name string) {
	c := findMathCase(name)
	ref := findULPRef(name)
	for _, s := range []float64{0, 1, -1, 0.5, 1e-310, 709.7, -745, 1e5, 3e38, 1e300, math.Inf(1), math.NaN()} {
		f.Add(s, -s)
	}
	f.Fuzz(func(t *testing.T, a, b float64) {
		x := []float64{a, b, a * 0.5, b * 2, -a, a + b, a - b, 1 / a, b * b, a * 1e-3, math.Sqrt(math.Abs(b))}
		got := make([]float64, len(x))
		c.k64(got, x)
		for i, v := range x {
			want := ref(v)
			if !haveSIMD {
				want = c.ref(v) // the pure-Go loop is math itself
			}
			if e := ulps64(got[i], want); e > c.b64 {
				t.Fatalf("%s(%g) = %g, want %g (%d ulps)", c.name, v, got[i], want, e)
			}
		}
	})
}

func findMathCase(name string) mathCase {
	for _, c := range mathCases() {
		if c.name == name {
			return c
		}
	}
	panic(name)
}

func findULPRef(name string) func(float64) float64 {
	for _, c := range ulpCases() {
		if c.name == name {
			return c.ref
		}
	}
	panic(name)
}

func FuzzExpF32(f *testing.F)      { fuzzMath32(f, "Exp") }
func FuzzExpF64(f *testing.F)      { fuzzMath64(f, "Exp") }
func FuzzLogF32(f *testing.F)      { fuzzMath32(f, "Log") }
func FuzzLogF64(f *testing.F)      { fuzzMath64(f, "Log") }
func FuzzLog1pF32(f *testing.F)    { fuzzMath32(f, "Log1p") }
func FuzzLog1pF64(f *testing.F)    { fuzzMath64(f, "Log1p") }
func FuzzSinF32(f *testing.F)      { fuzzMath32(f, "Sin") }
func FuzzSinF64(f *testing.F)      { fuzzMath64(f, "Sin") }
func FuzzCosF32(f *testing.F)      { fuzzMath32(f, "Cos") }
func FuzzCosF64(f *testing.F)      { fuzzMath64(f, "Cos") }
func FuzzTanhF32(f *testing.F)     { fuzzMath32(f, "Tanh") }
func FuzzTanhF64(f *testing.F)     { fuzzMath64(f, "Tanh") }
func FuzzLogisticF32(f *testing.F) { fuzzMath32(f, "Logistic") }
func FuzzLogisticF64(f *testing.F) { fuzzMath64(f, "Logistic") }
func FuzzErfF32(f *testing.F)      { fuzzMath32(f, "Erf") }
func FuzzErfF64(f *testing.F)      { fuzzMath64(f, "Erf") }

// FuzzBinaryF32 compares the exact binary kernels with the pure-Go loops.
func FuzzBinaryF32(f *testing.F) {
	f.Add(float32(1), float32(-0.0), float32(math.NaN()))
	f.Add(float32(0), float32(math.Copysign(0, -1)), float32(3))
	f.Fuzz(func(t *testing.T, a, b, c float32) {
		x := []float32{a, b, c, a, b, c, a, b, c}
		y := []float32{b, c, a, a, a, b, c, c, b}
		for _, k := range []func(dst, a, b []float32){Add[float32], Sub[float32], Mul[float32], Div[float32], Min[float32], Max[float32]} {
			want := make([]float32, len(x))
			withoutSIMD(func() { k(want, x, y) })
			got := make([]float32, len(x))
			k(got, x, y)
			requireSameSlice(t, want, got)
		}
	})
}

// --- benchmarks -----------------------------------------------------------

// BenchmarkSIMD times the math kernels with the assembly (impl=simd) and
// the pure-Go loops (impl=go); ns/elem is the time per element.
func BenchmarkSIMD(b *testing.B) {
	r := newRNG()
	type bench struct {
		name   string
		k32    func(dst, x []float32)
		k64    func(dst, x []float64)
		lo, hi float64
	}
	benches := []bench{
		{"Exp", Exp[float32], Exp[float64], -10, 10},
		{"Log", Log[float32], Log[float64], 0.1, 10},
		{"Sin", Sin[float32], Sin[float64], -10, 10},
		{"Tanh", Tanh[float32], Tanh[float64], -5, 5},
	}
	for _, bc := range benches {
		for _, n := range []int{1024, 1 << 20} {
			x32, x64 := randFloats[float32](r, n, bc.lo, bc.hi), randFloats[float64](r, n, bc.lo, bc.hi)
			d32, d64 := make([]float32, n), make([]float64, n)
			for _, impl := range []string{"simd", "go"} {
				run := func(b *testing.B, size int, f func()) {
					if impl == "go" {
						old := haveSIMD
						haveSIMD = false
						defer func() { haveSIMD = old }()
					} else if !haveSIMD {
						b.Skip("no SIMD kernels in this build")
					}
					b.SetBytes(int64(2 * size * n))
					for b.Loop() {
						f()
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
				}
				b.Run(fmt.Sprintf("%s/f32/n=%d/impl=%s", bc.name, n, impl), func(b *testing.B) { run(b, 4, func() { bc.k32(d32, x32) }) })
				b.Run(fmt.Sprintf("%s/f64/n=%d/impl=%s", bc.name, n, impl), func(b *testing.B) { run(b, 8, func() { bc.k64(d64, x64) }) })
			}
		}
	}
	x, y := randFloats[float32](r, 1024, -1, 1), randFloats[float32](r, 1024, -1, 1)
	d := make([]float32, 1024)
	for _, impl := range []string{"simd", "go"} {
		b.Run("Add/f32/n=1024/impl="+impl, func(b *testing.B) {
			if impl == "go" {
				old := haveSIMD
				haveSIMD = false
				defer func() { haveSIMD = old }()
			} else if !haveSIMD {
				b.Skip("no SIMD kernels in this build")
			}
			b.SetBytes(3 * 4 * 1024)
			for b.Loop() {
				Add(d, x, y)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1024, "ns/elem")
		})
	}
}

// Prefetch reads nothing back and changes nothing, for any length and
// alignment, including past the end of a slice's length into its capacity
// and empty slices.
func TestPrefetch(t *testing.T) {
	buf := make([]byte, 4096+100)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	want := cloneOf(buf)
	for _, lo := range []int{0, 1, 63, 64, 65} {
		for _, n := range []int{0, 1, 64, 65, 4000} {
			Prefetch(buf[lo : lo+n])
		}
	}
	Prefetch(nil)
	require.Equal(t, want, buf)
}
