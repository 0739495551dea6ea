package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

type floatUnaryCase struct {
	name   string
	f32    func(dst, x []float32)
	f64    func(dst, x []float64)
	ref    func(float64) float64
	lo, hi float64 // range of random inputs
	ulps   float64 // allowed error in units of eps of the element type; 0 = bit exact
	// The math functions (Exp … Erf) run polynomial SIMD kernels on amd64;
	// their error bounds are documented in doc.go and checked in ulp_test.go.
}

func refLogistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func refSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

func floatUnaryCases() []floatUnaryCase {
	return []floatUnaryCase{
		{"Neg", Neg[float32], Neg[float64], func(x float64) float64 { return -x }, -10, 10, 0},
		{"Abs", Abs[float32], Abs[float64], math.Abs, -10, 10, 0},
		{"Sign", Sign[float32], Sign[float64], refSign, -2, 2, 0},
		{"Exp", Exp[float32], Exp[float64], refExp, -20, 20, 2},
		{"Log", Log[float32], Log[float64], refLog, -1, 100, 2},
		{"Log1p", Log1p[float32], Log1p[float64], math.Log1p, -1.5, 10, 2},
		{"Expm1", Expm1[float32], Expm1[float64], math.Expm1, -5, 5, 0},
		{"Sin", Sin[float32], Sin[float64], refSin, -10, 10, 2},
		{"Cos", Cos[float32], Cos[float64], refCos, -10, 10, 2},
		{"Tan", Tan[float32], Tan[float64], math.Tan, -10, 10, 0},
		{"Tanh", Tanh[float32], Tanh[float64], math.Tanh, -10, 10, 2},
		{"Logistic", Logistic[float32], Logistic[float64], refLogistic, -40, 40, 4},
		{"Sqrt", Sqrt[float32], Sqrt[float64], math.Sqrt, -1, 100, 0},
		{"Rsqrt", Rsqrt[float32], Rsqrt[float64], func(x float64) float64 { return 1 / math.Sqrt(x) }, -1, 100, 0},
		{"Floor", Floor[float32], Floor[float64], math.Floor, -10, 10, 0},
		{"Ceil", Ceil[float32], Ceil[float64], math.Ceil, -10, 10, 0},
		{"Round", Round[float32], Round[float64], math.RoundToEven, -10, 10, 0},
		{"Erf", Erf[float32], Erf[float64], math.Erf, -4, 4, 2},
	}
}

// checkUnary runs kern on x inside a guarded dst and compares with ref.
func checkUnary[T Float](t *testing.T, kern func(dst, x []T), ref func(float64) float64, x []T, ulps float64) {
	t.Helper()
	orig := cloneOf(x)
	dst, full := guarded(len(x), sentinel[T]())
	kern(dst, x)
	requireGuards(t, full, len(x), sentinel[T]())
	requireSameSlice(t, orig, x, "input modified")
	want := make([]T, len(x))
	for i, v := range x {
		want[i] = T(ref(float64(v)))
	}
	if ulps == 0 {
		requireSameSlice(t, want, dst)
		return
	}
	eps := 0x1p-52
	if is32[T]() {
		eps = 0x1p-23
	}
	w64, scale := make([]float64, len(x)), make([]float64, len(x))
	for i, v := range want {
		w64[i], scale[i] = float64(v), math.Abs(float64(v))
	}
	requireClose(t, w64, dst, ulps*eps, scale)
}

func runFloatUnary[T Float](t *testing.T, kern func(dst, x []T), c floatUnaryCase) {
	r := newRNG()
	for _, n := range testSizes {
		checkUnary(t, kern, c.ref, randFloats[T](r, n, c.lo, c.hi), c.ulps)
	}
	checkUnary(t, kern, c.ref, specials[T](), c.ulps)
	// dst aliasing x.
	x := randFloats[T](r, 33, c.lo, c.hi)
	want := make([]T, len(x))
	kern(want, x)
	kern(x, x)
	requireSameSlice(t, want, x, "aliased")
}

func TestFloatUnary(t *testing.T) {
	for _, c := range floatUnaryCases() {
		t.Run(c.name+"/f32", func(t *testing.T) { runFloatUnary(t, c.f32, c) })
		t.Run(c.name+"/f64", func(t *testing.T) { runFloatUnary(t, c.f64, c) })
	}
}

func runIntUnary[T Int](t *testing.T, kern func(dst, x []T), ref func(int64) int64) {
	r := newRNG()
	extremes := []T{0, 1, -1, lowest[T](), highest[T](), lowest[T]() + 1}
	for _, n := range append(testSizes, -1) {
		var x []T
		if n < 0 {
			x = extremes
		} else {
			x = randNums[T](r, n)
		}
		orig := cloneOf(x)
		dst, full := guarded(len(x), sentinel[T]())
		kern(dst, x)
		requireGuards(t, full, len(x), sentinel[T]())
		requireSameSlice(t, orig, x)
		for i, v := range x {
			require.Equal(t, T(ref(int64(v))), dst[i], "x=%v", v)
		}
	}
}

func TestIntUnary(t *testing.T) {
	neg := func(x int64) int64 { return -x }
	abs := func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}
	sign := func(x int64) int64 { return int64(refSign(float64(x))) }
	t.Run("Neg/i32", func(t *testing.T) { runIntUnary(t, Neg[int32], neg) })
	t.Run("Neg/i64", func(t *testing.T) { runIntUnary(t, Neg[int64], neg) })
	t.Run("Abs/i32", func(t *testing.T) { runIntUnary(t, Abs[int32], abs) })
	t.Run("Abs/i64", func(t *testing.T) { runIntUnary(t, Abs[int64], abs) })
	t.Run("Sign/i32", func(t *testing.T) { runIntUnary(t, Sign[int32], sign) })
	t.Run("Sign/i64", func(t *testing.T) { runIntUnary(t, Sign[int64], sign) })
}

func TestUnarySpecialValues(t *testing.T) {
	negZero := math.Copysign(0, -1)
	nan := math.NaN()
	inf := math.Inf(1)
	tests := []struct {
		name string
		kern func(dst, x []float64)
		in   []float64
		want []float64
	}{
		{"Sign", Sign[float64], []float64{0, negZero, nan, inf, -inf, 1e-45, -1e-45}, []float64{0, negZero, nan, 1, -1, 1, -1}},
		{"Abs", Abs[float64], []float64{negZero, -inf, nan, -1e-45}, []float64{0, inf, nan, 1e-45}},
		{"Round", Round[float64], []float64{0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, negZero, inf, nan}, []float64{0, 2, 2, negZero, -2, -2, 0, negZero, inf, nan}},
		{"Logistic", Logistic[float64], []float64{inf, -inf, 1000, -1000, 800, -800, 0, nan}, []float64{1, 0, 1, 0, 1, 0, 0.5, nan}},
		{"Floor", Floor[float64], []float64{negZero, -0.5, 0.5}, []float64{negZero, -1, 0}},
		{"Ceil", Ceil[float64], []float64{negZero, -0.5, 0.5}, []float64{negZero, negZero, 1}},
		{"Sqrt", Sqrt[float64], []float64{negZero, -1, inf}, []float64{negZero, nan, inf}},
		{"Rsqrt", Rsqrt[float64], []float64{0, inf, 4}, []float64{inf, 0, 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]float64, len(tc.in))
			tc.kern(got, tc.in)
			requireSameSlice(t, tc.want, got)
			// The float32 version agrees on these values.
			in32, want32 := make([]float32, len(tc.in)), make([]float32, len(tc.in))
			Convert(in32, tc.in)
			Convert(want32, tc.want)
			got32 := make([]float32, len(tc.in))
			f32 := map[string]func(dst, x []float32){
				"Sign": Sign[float32], "Abs": Abs[float32], "Round": Round[float32], "Logistic": Logistic[float32],
				"Floor": Floor[float32], "Ceil": Ceil[float32], "Sqrt": Sqrt[float32], "Rsqrt": Rsqrt[float32],
			}[tc.name]
			f32(got32, in32)
			requireSameSlice(t, want32, got32)
		})
	}
	// Logistic is finite and monotone over the whole float32 range.
	x := []float32{-math.MaxFloat32, -1e10, -88.8, -50, -1, 0, 1, 50, 88.8, 1e10, math.MaxFloat32}
	y := make([]float32, len(x))
	Logistic(y, x)
	for i, v := range y {
		require.False(t, math.IsNaN(float64(v)) || math.IsInf(float64(v), 0), fmt.Sprint(x[i]))
		if i > 0 {
			require.GreaterOrEqual(t, v, y[i-1])
		}
	}
}

// Named element types must work through the ~ constraints.
type myFloat float32

func TestUnaryNamedType(t *testing.T) {
	x := []myFloat{-1, 0, 4}
	y := make([]myFloat, 3)
	Sqrt(y, x)
	require.True(t, math.IsNaN(float64(y[0])))
	require.Equal(t, []myFloat{0, 2}, y[1:])
	Abs(y, x)
	require.Equal(t, []myFloat{1, 0, 4}, y)
}
