package trace_test

// Eager results of the elementwise functions (math.go, compare.go, Convert)
// against plain-Go references on float64.
//
// Tolerances. The float32 kernels evaluate transcendental functions in float64
// with the math package and round once to float32, so a float32 result is
// float32(math.F(x)) — within 1 ulp of float32 of any accurate float64
// reference; we allow 2 ulps for the references that use a different formula
// than the kernel (the naive sigmoid 1/(1+e⁻ˣ), 1/√x). The exactly rounded
// operations (+ − × ÷ √, negation, abs, sign, floor, ceil, round, max, min) must
// be bit-exact: for float32 the reference computes in float64 and rounds once,
// which equals the correctly rounded float32 operation because double rounding
// through a format of p' ≥ 2p+2 bits (53 ≥ 2·24+2) is innocuous. float64
// results must be within 1e-15 relative (about 4.5 ulps) of the math package,
// and bit-exact for the exact operations.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

// approxTol is the tolerance of the non-exact float functions (see above).
var approxTol = tolerance{ulps32: 2, rel64: 1e-15}

func tolOf(exact bool) tolerance {
	if exact {
		return exactTol
	}
	return approxTol
}

// refRoundHalfEven rounds to the nearest integer, ties to even, keeping the
// sign of a zero result.
func refRoundHalfEven(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f := math.Floor(x)
	var r float64
	switch d := x - f; {
	case d > 0.5:
		r = f + 1
	case d < 0.5:
		r = f
	case math.Mod(f, 2) == 0:
		r = f
	default:
		r = f + 1
	}
	if r == 0 {
		return math.Copysign(0, x)
	}
	return r
}

func refSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // ±0 and NaN are kept
}

// refMax and refMin are NumPy's maximum/minimum: NaN propagates, and
// max(-0, +0) = +0, min(-0, +0) = -0.
func refMax(x, y float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	case x == 0 && y == 0:
		if math.Signbit(x) && math.Signbit(y) {
			return x
		}
		return 0
	case x > y:
		return x
	}
	return y
}

func refMin(x, y float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	case x == 0 && y == 0:
		if math.Signbit(x) || math.Signbit(y) {
			return math.Copysign(0, -1)
		}
		return 0
	case x < y:
		return x
	}
	return y
}

type unaryRef struct {
	name  string
	fn    func(*trace.Array) *trace.Array
	ref   func(float64) float64
	gen   func(*rand.Rand) float64 // inputs in the function's domain
	exact bool                     // exactly rounded (see the file comment)
	num   bool                     // also defined on integers, keeping the dtype
}

var unaryRefs = []unaryRef{
	{name: "Neg", fn: trace.Neg, ref: func(x float64) float64 { return -x }, gen: uniform(-5, 5), exact: true, num: true},
	{name: "Exp", fn: trace.Exp, ref: math.Exp, gen: uniform(-5, 5)},
	{name: "Log", fn: trace.Log, ref: math.Log, gen: uniform(0.01, 10)},
	{name: "Log1p", fn: trace.Log1p, ref: math.Log1p, gen: uniform(-0.9, 5)},
	{name: "Expm1", fn: trace.Expm1, ref: math.Expm1, gen: uniform(-5, 5)},
	{name: "Sin", fn: trace.Sin, ref: math.Sin, gen: uniform(-6, 6)},
	{name: "Cos", fn: trace.Cos, ref: math.Cos, gen: uniform(-6, 6)},
	{name: "Tan", fn: trace.Tan, ref: math.Tan, gen: uniform(-1.4, 1.4)},
	{name: "Tanh", fn: trace.Tanh, ref: math.Tanh, gen: uniform(-4, 4)},
	{name: "Sigmoid", fn: trace.Sigmoid, ref: func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, gen: uniform(-10, 10)},
	{name: "Sqrt", fn: trace.Sqrt, ref: math.Sqrt, gen: uniform(0, 10), exact: true},
	{name: "Rsqrt", fn: trace.Rsqrt, ref: func(x float64) float64 { return 1 / math.Sqrt(x) }, gen: uniform(0.01, 10)},
	{name: "Abs", fn: trace.Abs, ref: math.Abs, gen: uniform(-5, 5), exact: true, num: true},
	{name: "Sign", fn: trace.Sign, ref: refSign, gen: smallIntsOrUniform, exact: true, num: true},
	{name: "Square", fn: trace.Square, ref: func(x float64) float64 { return x * x }, gen: uniform(-5, 5), exact: true, num: true},
	{name: "Reciprocal", fn: trace.Reciprocal, ref: func(x float64) float64 { return 1 / x }, gen: awayFromZero(0.1, 10), exact: true},
	{name: "Floor", fn: trace.Floor, ref: math.Floor, gen: halvesOrUniform, exact: true},
	{name: "Ceil", fn: trace.Ceil, ref: math.Ceil, gen: halvesOrUniform, exact: true},
	{name: "Round", fn: trace.Round, ref: refRoundHalfEven, gen: halvesOrUniform, exact: true},
	{name: "Erf", fn: trace.Erf, ref: math.Erf, gen: uniform(-3, 3)},
}

// halvesOrUniform draws exact halves in [-5, 5] (ties for Round) half of the time.
func halvesOrUniform(r *rand.Rand) float64 {
	if r.IntN(2) == 0 {
		return float64(r.IntN(21)-10) / 2
	}
	return uniform(-5, 5)(r)
}

// smallIntsOrUniform draws zeros often enough for Sign.
func smallIntsOrUniform(r *rand.Rand) float64 {
	if r.IntN(2) == 0 {
		return float64(r.IntN(3) - 1)
	}
	return uniform(-5, 5)(r)
}

var unaryShapes = [][]int{{}, {0}, {1}, {5}, {2, 3}, {3, 0, 2}}

func TestEagerRefUnary(t *testing.T) {
	for _, c := range unaryRefs {
		for _, dt := range numDTypes {
			if dt.IsInt() && !c.num {
				continue
			}
			for _, shape := range unaryShapes {
				t.Run(fmt.Sprintf("%s/%v/%s", c.name, dt, shapeStr(shape)), func(t *testing.T) {
					r := refRand()
					g := c.gen
					if dt.IsInt() {
						g = smallInts(-50, 50)
					}
					x := genVals(r, dt, numel(shape), g)
					want := make([]float64, len(x))
					for i, v := range x {
						want[i] = c.ref(v)
					}
					got := c.fn(mk(dt, x, shape))
					checkVals(t, got, dt, shape, want, tolOf(c.exact), inputsCtx(x))
				})
			}
		}
	}
}

// TestEagerRefUnarySpecial checks NaN, infinities and signed zeros.
func TestEagerRefUnarySpecial(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, -0.4}
	for _, c := range unaryRefs {
		for _, dt := range floatDTypes {
			t.Run(fmt.Sprintf("%s/%v", c.name, dt), func(t *testing.T) {
				xs := make([]float64, len(x))
				want := make([]float64, len(x))
				for i, v := range x {
					xs[i] = fit(dt, v) // the reference sees the array's elements
					want[i] = c.ref(xs[i])
				}
				got := c.fn(mk(dt, xs, []int{len(xs)}))
				checkVals(t, got, dt, []int{len(xs)}, want, tolOf(c.exact), inputsCtx(xs))
			})
		}
	}
}

// TestEagerRefUnaryIntWrap checks that integer negation and abs wrap around
// at the minimum value, as Go's integer arithmetic does.
func TestEagerRefUnaryIntWrap(t *testing.T) {
	x32 := trace.FromInt32s([]int32{math.MinInt32, math.MaxInt32, -7})
	checkInts(t, trace.Neg(x32), trace.Int32, []int{3}, []int64{math.MinInt32, -math.MaxInt32, 7})
	checkInts(t, trace.Abs(x32), trace.Int32, []int{3}, []int64{math.MinInt32, math.MaxInt32, 7})
	x64 := trace.FromInt64s([]int64{math.MinInt64, math.MaxInt64, -7})
	checkInts(t, trace.Neg(x64), trace.Int64, []int{3}, []int64{math.MinInt64, -math.MaxInt64, 7})
	checkInts(t, trace.Abs(x64), trace.Int64, []int{3}, []int64{math.MinInt64, math.MaxInt64, 7})
	checkInts(t, trace.Sign(x64), trace.Int64, []int{3}, []int64{-1, 1, -1})
}

// TestEagerRefUnaryIntToFloat checks that the float-only functions convert
// Int32 and Bool operands to Float32 and Int64 operands to Float64.
func TestEagerRefUnaryIntToFloat(t *testing.T) {
	srcs := []struct{ from, to trace.DType }{
		{trace.Int32, trace.Float32}, {trace.Int64, trace.Float64}, {trace.Bool, trace.Float32},
	}
	for _, c := range unaryRefs {
		if c.num {
			continue
		}
		for _, s := range srcs {
			t.Run(fmt.Sprintf("%s/%v", c.name, s.from), func(t *testing.T) {
				x := []float64{1, 2, 3, 4}
				if s.from == trace.Bool {
					x = []float64{1, 0, 1}
				}
				want := make([]float64, len(x))
				for i, v := range x {
					want[i] = c.ref(v)
				}
				got := c.fn(mk(s.from, x, []int{len(x)}))
				checkVals(t, got, s.to, []int{len(x)}, want, tolOf(c.exact), inputsCtx(x))
			})
		}
	}
}

type binaryRef struct {
	name       string
	fn         func(a, b *trace.Array) *trace.Array
	ref        func(x, y float64) float64
	genA, genB func(*rand.Rand) float64
	exact      bool
	num        bool // also defined on integers, keeping the dtype
}

var binaryRefs = []binaryRef{
	{name: "Add", fn: trace.Add, ref: func(x, y float64) float64 { return x + y }, genA: uniform(-3, 3), genB: uniform(-3, 3), exact: true, num: true},
	{name: "Sub", fn: trace.Sub, ref: func(x, y float64) float64 { return x - y }, genA: uniform(-3, 3), genB: uniform(-3, 3), exact: true, num: true},
	{name: "Mul", fn: trace.Mul, ref: func(x, y float64) float64 { return x * y }, genA: uniform(-3, 3), genB: uniform(-3, 3), exact: true, num: true},
	{name: "Div", fn: trace.Div, ref: func(x, y float64) float64 { return x / y }, genA: uniform(-3, 3), genB: awayFromZero(0.25, 3), exact: true},
	{name: "Pow", fn: trace.Pow, ref: math.Pow, genA: uniform(0.1, 3), genB: uniform(-3, 3)},
	{name: "Maximum", fn: trace.Maximum, ref: refMax, genA: smallIntsOrUniform, genB: smallIntsOrUniform, exact: true, num: true},
	{name: "Minimum", fn: trace.Minimum, ref: refMin, genA: smallIntsOrUniform, genB: smallIntsOrUniform, exact: true, num: true},
	{name: "Atan2", fn: trace.Atan2, ref: math.Atan2, genA: uniform(-2, 2), genB: uniform(-2, 2)},
}

// binaryShapes are operand shape pairs: equal shapes and broadcasting in both
// directions, with scalars and size-0 and size-1 axes.
var binaryShapes = [][2][]int{
	{{}, {}}, {{5}, {5}}, {{2, 3}, {2, 3}},
	{{2, 3}, {3}}, {{3}, {2, 3}}, {{2, 1}, {1, 3}}, {{1, 3}, {2, 1}},
	{{}, {2, 3}}, {{2, 3}, {}}, {{0, 3}, {3}}, {{1}, {0}}, {{0}, {1}},
	{{2, 1, 3}, {4, 1}}, {{3, 0, 2}, {1, 2}},
}

func TestEagerRefBinary(t *testing.T) {
	for _, c := range binaryRefs {
		for _, dt := range numDTypes {
			if dt.IsInt() && !c.num {
				continue
			}
			for _, sh := range binaryShapes {
				t.Run(fmt.Sprintf("%s/%v/%s%s", c.name, dt, shapeStr(sh[0]), shapeStr(sh[1])), func(t *testing.T) {
					r := refRand()
					ga, gb := c.genA, c.genB
					if dt.IsInt() {
						ga, gb = smallInts(-50, 50), smallInts(-50, 50)
					}
					a := genVals(r, dt, numel(sh[0]), ga)
					b := genVals(r, dt, numel(sh[1]), gb)
					var ctxA, ctxB []float64
					want, shape := refMap(sh[:], func(f []int) float64 {
						ctxA, ctxB = append(ctxA, a[f[0]]), append(ctxB, b[f[1]])
						return c.ref(a[f[0]], b[f[1]])
					})
					got := c.fn(mk(dt, a, sh[0]), mk(dt, b, sh[1]))
					checkVals(t, got, dt, shape, want, tolOf(c.exact), inputsCtx(ctxA, ctxB))
				})
			}
		}
	}
}

// TestEagerRefBinarySpecial checks special operand pairs: NaN propagation,
// signed zeros, infinities and math.Pow/Atan2 special cases.
func TestEagerRefBinarySpecial(t *testing.T) {
	nan, inf, nz := math.NaN(), math.Inf(1), math.Copysign(0, -1)
	pairs := map[string][][2]float64{
		"Add":     {{inf, -inf}, {0, nz}, {nz, nz}, {inf, 1}, {nan, 1}},
		"Sub":     {{inf, inf}, {0, 0}, {nz, 0}, {0, nz}},
		"Mul":     {{inf, 0}, {-1, 0}, {nz, nz}, {-inf, -2}},
		"Div":     {{1, 0}, {-1, 0}, {1, nz}, {0, 0}, {inf, inf}, {nz, 5}, {5, inf}},
		"Pow":     {{0, -1}, {nz, -1}, {nz, -2}, {-8, 1.0 / 3}, {1, nan}, {nan, 0}, {-1, inf}, {2, -inf}, {-2, 3}, {0.5, inf}},
		"Maximum": {{nan, 1}, {1, nan}, {nan, nan}, {nz, 0}, {0, nz}, {nz, nz}, {-inf, 1}, {inf, nan}},
		"Minimum": {{nan, 1}, {1, nan}, {nan, nan}, {nz, 0}, {0, nz}, {0, 0}, {inf, -1}, {-inf, nan}},
		"Atan2":   {{0, 0}, {nz, 0}, {0, nz}, {nz, nz}, {1, 0}, {inf, inf}, {-inf, -inf}, {nan, 1}, {1, -inf}},
	}
	for _, c := range binaryRefs {
		for _, dt := range floatDTypes {
			t.Run(fmt.Sprintf("%s/%v", c.name, dt), func(t *testing.T) {
				ps := pairs[c.name]
				require.NotEmpty(t, ps)
				a, b, want := make([]float64, len(ps)), make([]float64, len(ps)), make([]float64, len(ps))
				for i, p := range ps {
					a[i], b[i] = fit(dt, p[0]), fit(dt, p[1])
					want[i] = c.ref(a[i], b[i])
				}
				got := c.fn(mk(dt, a, []int{len(a)}), mk(dt, b, []int{len(b)}))
				checkVals(t, got, dt, []int{len(a)}, want, tolOf(c.exact), inputsCtx(a, b))
			})
		}
	}
}

// TestEagerRefPromotion checks the result dtype (and weakness) of binary
// functions on mixed operands, and the values computed in that dtype.
func TestEagerRefPromotion(t *testing.T) {
	f32 := func(v ...float64) *trace.Array { return mk(trace.Float32, v, []int{len(v)}) }
	f64 := func(v ...float64) *trace.Array { return mk(trace.Float64, v, []int{len(v)}) }
	i32 := func(v ...float64) *trace.Array { return mk(trace.Int32, v, []int{len(v)}) }
	i64 := func(v ...float64) *trace.Array { return mk(trace.Int64, v, []int{len(v)}) }
	b := func(v ...float64) *trace.Array { return mk(trace.Bool, v, []int{len(v)}) }
	third := float64(float32(1.0 / 3))
	// Variables, not constants: Go evaluates constant expressions exactly.
	pt1, pt2 := 0.1, 0.2
	cases := []struct {
		name     string
		got      func() *trace.Array
		dt       trace.DType
		weak     bool
		shape    []int
		want     []float64
		exactVal bool
	}{
		{"Add/f32+f64", func() *trace.Array { return trace.Add(f32(1.0/3, 2), f64(1.0/3, 0.5)) }, trace.Float64, false, []int{2}, []float64{third + 1.0/3, 2.5}, true},
		{"Add/f64+f32", func() *trace.Array { return trace.Add(f64(1.0/3), f32(1.0/3)) }, trace.Float64, false, []int{1}, []float64{third + 1.0/3}, true},
		{"Add/i32+f32", func() *trace.Array { return trace.Add(i32(3, -4), f32(0.25, 0.5)) }, trace.Float32, false, []int{2}, []float64{3.25, -3.5}, true},
		{"Add/i64+i32", func() *trace.Array { return trace.Add(i64(1<<40, 2), i32(5, -7)) }, trace.Int64, false, []int{2}, []float64{1<<40 + 5, -5}, true},
		{"Add/i64+f32", func() *trace.Array { return trace.Add(i64(3), f32(0.5)) }, trace.Float32, false, []int{1}, []float64{3.5}, true},
		{"Add/bool+i32", func() *trace.Array { return trace.Add(b(1, 0), i32(5, 5)) }, trace.Int32, false, []int{2}, []float64{6, 5}, true},
		{"Add/Scalar+f32", func() *trace.Array { return trace.Add(trace.Scalar(0.1), f32(1, 2)) }, trace.Float32, false, []int{2}, []float64{float64(float32(0.1) + 1), float64(float32(0.1) + 2)}, true},
		{"Add/f32+Scalar", func() *trace.Array { return trace.Add(f32(1), trace.Scalar(0.5)) }, trace.Float32, false, []int{1}, []float64{1.5}, true},
		{"Add/Scalar+i32", func() *trace.Array { return trace.Add(trace.Scalar(0.5), i32(1, -2)) }, trace.Float64, false, []int{2}, []float64{1.5, -1.5}, true},
		{"Add/Scalar+bool", func() *trace.Array { return trace.Add(trace.Scalar(0.5), b(1, 0)) }, trace.Float64, false, []int{2}, []float64{1.5, 0.5}, true},
		{"Add/Scalar32+f64", func() *trace.Array { return trace.Add(trace.Scalar32(0.1), f64(1)) }, trace.Float64, false, []int{1}, []float64{float64(float32(0.1)) + 1}, true},
		{"Add/Scalar32+i64", func() *trace.Array { return trace.Add(trace.Scalar32(0.5), i64(2)) }, trace.Float32, false, []int{1}, []float64{2.5}, true},
		{"Add/Scalar+Scalar", func() *trace.Array { return trace.Add(trace.Scalar(0.1), trace.Scalar(0.2)) }, trace.Float64, true, []int{}, []float64{pt1 + pt2}, true},
		{"Add/Scalar32+Scalar", func() *trace.Array { return trace.Add(trace.Scalar32(0.5), trace.Scalar(0.25)) }, trace.Float64, true, []int{}, []float64{0.75}, true},
		{"Add/Scalar32+Scalar32", func() *trace.Array { return trace.Add(trace.Scalar32(0.5), trace.Scalar32(0.25)) }, trace.Float32, true, []int{}, []float64{0.75}, true},
		{"Mul/Scalar+f32 broadcast", func() *trace.Array {
			return trace.Mul(trace.Scalar(3), mk(trace.Float32, []float64{1, 2, 3, 4}, []int{2, 2}))
		}, trace.Float32, false, []int{2, 2}, []float64{3, 6, 9, 12}, true},
		{"Div/i32/i32", func() *trace.Array { return trace.Div(i32(1, 7), i32(3, 2)) }, trace.Float32, false, []int{2}, []float64{1.0 / 3, 3.5}, true},
		{"Div/i64/i64", func() *trace.Array { return trace.Div(i64(1, 7), i64(3, 2)) }, trace.Float64, false, []int{2}, []float64{1.0 / 3, 3.5}, true},
		{"Div/Scalar/i32", func() *trace.Array { return trace.Div(trace.Scalar(1), i32(3)) }, trace.Float64, false, []int{1}, []float64{1.0 / 3}, true},
		{"Pow/i32/i32", func() *trace.Array { return trace.Pow(i32(2, 3), i32(10, -1)) }, trace.Float32, false, []int{2}, []float64{1024, 1.0 / 3}, false},
		{"Atan2/i64/f32", func() *trace.Array { return trace.Atan2(i64(1), f32(1)) }, trace.Float32, false, []int{1}, []float64{math.Pi / 4}, false},
		{"Maximum/i32/f64", func() *trace.Array { return trace.Maximum(i32(3, -3), f64(0.5, 0.5)) }, trace.Float64, false, []int{2}, []float64{3, 0.5}, true},
		{"Sub/Scalar+Scalar32", func() *trace.Array { return trace.Sub(trace.Scalar(1), trace.Scalar32(0.1)) }, trace.Float64, true, []int{}, []float64{1 - float64(float32(0.1))}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.got()
			checkVals(t, got, c.dt, c.shape, c.want, tolOf(c.exactVal), nil)
			assert.Equal(t, c.weak, got.Weak(), "weak")
		})
	}
	t.Run("Add/bool+bool is an error", func(t *testing.T) {
		requireLeibnizError(t, "bool", func() { trace.Add(b(1), b(0)) })
	})
}

type compareRef struct {
	name string
	fn   func(a, b *trace.Array) *trace.Array
	ref  func(x, y float64) bool
	eq   bool // Equal/NotEqual: also defined on bool
}

var compareRefs = []compareRef{
	{"Equal", trace.Equal, func(x, y float64) bool { return x == y }, true},
	{"NotEqual", trace.NotEqual, func(x, y float64) bool { return x != y }, true},
	{"Less", trace.Less, func(x, y float64) bool { return x < y }, false},
	{"LessEqual", trace.LessEqual, func(x, y float64) bool { return x <= y }, false},
	{"Greater", trace.Greater, func(x, y float64) bool { return x > y }, false},
	{"GreaterEqual", trace.GreaterEqual, func(x, y float64) bool { return x >= y }, false},
}

// compareVals draws values with many ties, signed zeros, NaN and -Inf.
func compareVals(r *rand.Rand) float64 {
	return [...]float64{-1, 0, 1, 0.5, math.NaN(), math.Inf(-1), math.Copysign(0, -1)}[r.IntN(7)]
}

func TestEagerRefCompare(t *testing.T) {
	for _, c := range compareRefs {
		for _, dt := range allDTypes {
			if dt == trace.Bool && !c.eq {
				continue
			}
			for _, sh := range binaryShapes {
				t.Run(fmt.Sprintf("%s/%v/%s%s", c.name, dt, shapeStr(sh[0]), shapeStr(sh[1])), func(t *testing.T) {
					r := refRand()
					g := compareVals
					if !dt.IsFloat() {
						g = smallInts(-1, 1)
					}
					a := genVals(r, dt, numel(sh[0]), g)
					b := genVals(r, dt, numel(sh[1]), g)
					want, shape := refMap(sh[:], func(f []int) float64 {
						if c.ref(a[f[0]], b[f[1]]) {
							return 1
						}
						return 0
					})
					got := c.fn(mk(dt, a, sh[0]), mk(dt, b, sh[1]))
					checkVals(t, got, trace.Bool, shape, want, exactTol, nil)
				})
			}
		}
		if !c.eq {
			t.Run(c.name+"/bool is an error", func(t *testing.T) {
				requireLeibnizError(t, "bool", func() { c.fn(trace.FromBools([]bool{true}), trace.FromBools([]bool{false})) })
			})
		}
	}
	t.Run("mixed dtypes", func(t *testing.T) {
		x32 := trace.FromFloat32s([]float32{0.1, 1})
		// The weak scalar 0.1 becomes float32(0.1) and equals the element;
		// float64(0.1) does not equal float32(0.1) converted to float64.
		checkBools(t, trace.Equal(x32, trace.Scalar(0.1)), []int{2}, []bool{true, false})
		checkBools(t, trace.Equal(x32, trace.FromFloat64s([]float64{0.1, 1})), []int{2}, []bool{false, true})
		checkBools(t, trace.Less(trace.FromInt32s([]int32{0, 1}), trace.FromFloat32s([]float32{0.5, 0.5})), []int{2}, []bool{true, false})
		checkBools(t, trace.GreaterEqual(trace.FromInt64s([]int64{1 << 40}), trace.FromInt32s([]int32{math.MaxInt32})), []int{1}, []bool{true})
	})
}

func TestEagerRefWhere(t *testing.T) {
	cases := []struct{ cond, x, y []int }{
		{[]int{2, 3}, []int{2, 3}, []int{2, 3}},
		{[]int{2, 1}, []int{3}, []int{}},
		{[]int{}, []int{2, 3}, []int{1, 3}},
		{[]int{3}, []int{2, 1}, []int{2, 3}},
		{[]int{2, 1, 1}, []int{1, 3, 1}, []int{4}},
		{[]int{0, 3}, []int{3}, []int{}},
		{[]int{1}, []int{0}, []int{1}},
	}
	for _, c := range cases {
		for _, dt := range allDTypes {
			t.Run(fmt.Sprintf("%v/%s%s%s", dt, shapeStr(c.cond), shapeStr(c.x), shapeStr(c.y)), func(t *testing.T) {
				r := refRand()
				p := genVals(r, trace.Bool, numel(c.cond), smallInts(0, 1))
				x := genVals(r, dt, numel(c.x), smallInts(1, 9))
				y := genVals(r, dt, numel(c.y), smallInts(-9, 0))
				want, shape := refMap([][]int{c.cond, c.x, c.y}, func(f []int) float64 {
					if p[f[0]] != 0 {
						return x[f[1]]
					}
					return y[f[2]]
				})
				got := trace.Where(mk(trace.Bool, p, c.cond), mk(dt, x, c.x), mk(dt, y, c.y))
				checkVals(t, got, dt, shape, want, exactTol, nil)
			})
		}
	}
	t.Run("promotion", func(t *testing.T) {
		p := trace.FromBools([]bool{true, false})
		checkVals(t, trace.Where(p, trace.FromInt32s([]int32{1, 2}), trace.FromFloat64s([]float64{0.5, 0.25})),
			trace.Float64, []int{2}, []float64{1, 0.25}, exactTol, nil)
		checkVals(t, trace.Where(p, trace.FromFloat32s([]float32{1, 2}), trace.Scalar(0.1)),
			trace.Float32, []int{2}, []float64{1, float64(float32(0.1))}, exactTol, nil)
	})
	t.Run("non-bool condition is an error", func(t *testing.T) {
		requireLeibnizError(t, "bool", func() { trace.Where(trace.FromInt32s([]int32{1}), trace.Scalar(1), trace.Scalar(2)) })
	})
}

func TestEagerRefLogical(t *testing.T) {
	ops := []struct {
		name string
		fn   func(a, b *trace.Array) *trace.Array
		ref  func(x, y bool) bool
	}{
		{"LogicalAnd", trace.LogicalAnd, func(x, y bool) bool { return x && y }},
		{"LogicalOr", trace.LogicalOr, func(x, y bool) bool { return x || y }},
	}
	for _, op := range ops {
		for _, sh := range binaryShapes {
			t.Run(fmt.Sprintf("%s/%s%s", op.name, shapeStr(sh[0]), shapeStr(sh[1])), func(t *testing.T) {
				r := refRand()
				a := genVals(r, trace.Bool, numel(sh[0]), smallInts(0, 1))
				b := genVals(r, trace.Bool, numel(sh[1]), smallInts(0, 1))
				want, shape := refMap(sh[:], func(f []int) float64 {
					if op.ref(a[f[0]] != 0, b[f[1]] != 0) {
						return 1
					}
					return 0
				})
				checkVals(t, op.fn(mk(trace.Bool, a, sh[0]), mk(trace.Bool, b, sh[1])), trace.Bool, shape, want, exactTol, nil)
			})
		}
		t.Run(op.name+"/non-bool is an error", func(t *testing.T) {
			requireLeibnizError(t, "bool", func() { op.fn(trace.FromInt32s([]int32{1}), trace.FromBools([]bool{true})) })
		})
	}
	for _, shape := range unaryShapes {
		t.Run("LogicalNot/"+shapeStr(shape), func(t *testing.T) {
			x := genVals(refRand(), trace.Bool, numel(shape), smallInts(0, 1))
			want := make([]float64, len(x))
			for i, v := range x {
				want[i] = 1 - v
			}
			checkVals(t, trace.LogicalNot(mk(trace.Bool, x, shape)), trace.Bool, shape, want, exactTol, nil)
		})
	}
}

// convertSrc holds the elements of a source array of each dtype, exactly.
type convertSrc struct {
	floats []float64 // Float32 (already rounded) and Float64 sources
	ints   []int64   // Int32 (already wrapped) and Int64 sources
	bools  []bool
}

func convertSource(dt trace.DType) (convertSrc, *trace.Array) {
	nan, inf := math.NaN(), math.Inf(1)
	fv := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 0.5, -0.5, 1.9, -1.9, 2.5, 127.9, 3e9, -3e9,
		2147483647, 2147483647.5, 2147483648, -2147483648, -2147483648.5, -2147483649, 1e19, -1e19, 9.2e18,
		-9223372036854775808, 9223372036854775807, 16777217, 1e-40, 3.5e38, 1e39, 0.1}
	iv := []int64{0, 1, -1, 7, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt32 - 1, 1 << 40,
		math.MaxInt64, math.MinInt64, 16777217, 1<<53 + 1, -(1<<53 + 1)}
	switch dt {
	case trace.Float32:
		d := make([]float32, len(fv))
		s := convertSrc{floats: make([]float64, len(fv))}
		for i, v := range fv {
			d[i] = float32(v)
			s.floats[i] = float64(d[i])
		}
		return s, trace.FromFloat32s(d)
	case trace.Float64:
		return convertSrc{floats: fv}, trace.FromFloat64s(fv)
	case trace.Int32:
		d := make([]int32, len(iv))
		s := convertSrc{ints: make([]int64, len(iv))}
		for i, v := range iv {
			d[i] = int32(v) // wraps
			s.ints[i] = int64(d[i])
		}
		return s, trace.FromInt32s(d)
	case trace.Int64:
		return convertSrc{ints: iv}, trace.FromInt64s(iv)
	}
	bv := []bool{true, false, true, true, false}
	return convertSrc{bools: bv}, trace.FromBools(bv)
}

// refFloatToInt truncates toward zero; NaN gives 0 and out-of-range values
// saturate to [lo, hi].
func refFloatToInt(f float64, lo, hi int64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= -float64(lo): // -lo = 2^31 or 2^63, exact in float64
		return hi
	case f < float64(lo):
		return lo
	}
	return int64(math.Trunc(f))
}

func TestEagerRefConvert(t *testing.T) {
	for _, from := range allDTypes {
		for _, to := range allDTypes {
			t.Run(fmt.Sprintf("%v->%v", from, to), func(t *testing.T) {
				src, x := convertSource(from)
				got := trace.Convert(x, to)
				n := x.Size()
				shape := []int{n}
				switch to {
				case trace.Bool:
					want := make([]bool, n)
					for i := range want {
						switch {
						case src.floats != nil:
							want[i] = src.floats[i] != 0
						case src.ints != nil:
							want[i] = src.ints[i] != 0
						default:
							want[i] = src.bools[i]
						}
					}
					checkBools(t, got, shape, want)
				case trace.Int32, trace.Int64:
					lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
					if to == trace.Int64 {
						lo, hi = math.MinInt64, math.MaxInt64
					}
					want := make([]int64, n)
					for i := range want {
						switch {
						case src.floats != nil:
							want[i] = refFloatToInt(src.floats[i], lo, hi)
						case src.ints != nil && to == trace.Int32:
							want[i] = int64(int32(src.ints[i])) // integers wrap
						case src.ints != nil:
							want[i] = src.ints[i]
						case src.bools[i]:
							want[i] = 1
						}
					}
					checkInts(t, got, to, shape, want)
				default:
					want := make([]float64, n)
					for i := range want {
						var v float64
						switch {
						case src.floats != nil:
							v = src.floats[i]
						case src.ints != nil && to == trace.Float32:
							v = float64(float32(src.ints[i])) // one rounding, not two
						case src.ints != nil:
							v = float64(src.ints[i])
						case src.bools[i]:
							v = 1
						}
						want[i] = v
					}
					checkVals(t, got, to, shape, want, exactTol, nil)
				}
			})
		}
	}
	t.Run("same dtype returns the operand", func(t *testing.T) {
		x := trace.FromFloat32s([]float32{1, 2})
		assert.Same(t, x, trace.Convert(x, trace.Float32))
	})
	t.Run("weak scalar becomes strong", func(t *testing.T) {
		y := trace.Convert(trace.Scalar(1.5), trace.Float64)
		assert.False(t, y.Weak())
		checkVals(t, y, trace.Float64, []int{}, []float64{1.5}, exactTol, nil)
		z := trace.Convert(trace.Scalar(-1.5), trace.Int32)
		assert.False(t, z.Weak())
		checkInts(t, z, trace.Int32, []int{}, []int64{-1})
	})
	t.Run("size 0 and scalar", func(t *testing.T) {
		checkVals(t, trace.Convert(trace.Zeros(trace.Float64, 0, 3), trace.Int32), trace.Int32, []int{0, 3}, nil, exactTol, nil)
		checkBools(t, trace.Convert(trace.Full(trace.Float32, math.NaN()), trace.Bool), []int{}, []bool{true})
	})
}
