package jacobian_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
)

func randFloat64s(r *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 2*r.Float64() - 1
	}
	return v
}

func TestNumericalLinearIsMatrix(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := randFloat64s(r, 4*3)
	A := trace.FromFloat64s(a, 4, 3)
	x := trace.FromFloat64s(randFloat64s(r, 3))
	j := jacobian.Numerical(func(x *trace.Array) *trace.Array { return trace.MatMul(A, x) }, x)
	require.Equal(t, []int{4, 3}, j.Shape())
	require.Equal(t, trace.Float64, j.DType())
	// A linear function has no truncation error: only round-off, ≈ ε/h ≈ 4e-11.
	assert.InDeltaSlice(t, a, j.Float64s(), 1e-9)
}

func TestNumericalSinIsDiagCos(t *testing.T) {
	for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
		t.Run(dt.String(), func(t *testing.T) {
			xs := []float64{-1.5, -0.25, 0, 0.5, 2}
			x := trace.Convert(trace.FromFloat64s(xs), dt)
			j := jacobian.Numerical(trace.Sin, x)
			require.Equal(t, []int{5, 5}, j.Shape())
			require.Equal(t, dt, j.DType())
			// ≈ ε^(2/3) relative: 4e-11 (f64), 2e-5 (f32); both with 10× headroom
			// (f32 also rounds the inputs and outputs of sin to 24 bits).
			tol := map[trace.DType]float64{trace.Float64: 1e-9, trace.Float32: 3e-4}[dt]
			got := j.Float64s()
			xr := x.Float64s()
			for i := range xs {
				for k := range xs {
					want := 0.0
					if i == k {
						want = math.Cos(xr[i])
					}
					assert.InDelta(t, want, got[i*5+k], tol, "J[%d,%d]", i, k)
				}
			}
		})
	}
}

func TestNumericalLayout(t *testing.T) {
	// f: [2,3] → [4] has a Jacobian of shape [4, 2, 3] (output axes first):
	// f(x)[k] = Σ_i x[i,k]² for k < 3, and f(x)[3] = Σ x.
	xs := []float64{1, 2, 3, 4, 5, 6}
	x := trace.FromFloat64s(xs, 2, 3)
	f := func(x *trace.Array) *trace.Array {
		return trace.Concatenate(0, trace.Sum(trace.Square(x), 0), trace.Reshape(trace.Sum(x), 1))
	}
	j := jacobian.Numerical(f, x)
	require.Equal(t, []int{4, 2, 3}, j.Shape())
	want := make([]float64, 4*6)
	for i := range 2 {
		for k := range 3 {
			want[k*6+i*3+k] = 2 * xs[i*3+k]
			want[3*6+i*3+k] = 1
		}
	}
	assert.InDeltaSlice(t, want, j.Float64s(), 1e-8)
}

func TestNumericalScalars(t *testing.T) {
	// Scalar in, scalar out: a rank-0 Jacobian.
	j := jacobian.Numerical(func(x *trace.Array) *trace.Array { return trace.Exp(x) }, trace.FromFloat64s([]float64{0.5}, []int{}...))
	require.Equal(t, 0, j.Rank())
	assert.InDelta(t, math.Exp(0.5), j.Item(), 1e-9)

	// Vector in, scalar out: the gradient, shaped like x.
	x := trace.FromFloat32s([]float32{1, -2, 3})
	g := jacobian.Numerical(func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(x)) }, x)
	require.Equal(t, []int{3}, g.Shape())
	require.Equal(t, trace.Float32, g.DType())
	// f32 differences of a quadratic: no truncation, round-off ≈ ε₃₂·|f|/h ≈ 3e-4.
	assert.InDeltaSlice(t, []float64{2, -4, 6}, g.Float64s(), 2e-3)
}

func TestNumericalEmptyInput(t *testing.T) {
	x := trace.Zeros(trace.Float64, 0)
	j := jacobian.Numerical(func(x *trace.Array) *trace.Array { return trace.Reshape(trace.Sum(x), 1) }, x)
	assert.Equal(t, []int{1, 0}, j.Shape())
}

func TestNumericalStepTradeOff(t *testing.T) {
	// For exp at 1 the error is smallest near the default step cbrt(ε) and
	// larger for steps far above (truncation) or far below (round-off).
	x := trace.FromFloat64s([]float64{1})
	errAt := func(h float64) float64 {
		return math.Abs(jacobian.NumericalStep(trace.Exp, x, h).Item() - math.E)
	}
	best := math.Abs(jacobian.Numerical(trace.Exp, x).Item() - math.E)
	assert.Less(t, best, 1e-9)
	assert.Greater(t, errAt(1e-2), 100*best, "truncation")
	assert.Greater(t, errAt(1e-12), 100*best, "round-off")
}

func TestNumericalErrors(t *testing.T) {
	id := func(x *trace.Array) *trace.Array { return x }
	tests := []struct {
		name string
		run  func()
		msg  string
	}{
		{"integer x", func() { jacobian.Numerical(id, trace.FromInt64s([]int64{1, 2})) }, "float"},
		{"zero step", func() { jacobian.NumericalStep(id, trace.FromFloat64s([]float64{1}), 0) }, "positive"},
		{"NaN step", func() { jacobian.NumericalStep(id, trace.FromFloat64s([]float64{1}), math.NaN()) }, "positive"},
		{"step lost to rounding", func() { jacobian.NumericalStep(id, trace.FromFloat32s([]float32{1e6}), 1e-6) }, "vanishes"},
		{"shape depends on values", func() {
			jacobian.Numerical(func(x *trace.Array) *trace.Array {
				if x.Float64s()[0] > 1 {
					return trace.Zeros(trace.Float64, 2)
				}
				return trace.Zeros(trace.Float64, 3)
			}, trace.FromFloat64s([]float64{1}))
		}, "shape"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := trace.Try(tc.run)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}
