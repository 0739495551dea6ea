package jacobian_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
)

func TestCheckGradsAcceptsCorrectDerivatives(t *testing.T) {
	seed := func(x *trace.Array) *trace.Array {
		x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	w := trace.FromFloat64s([]float64{0.3, -0.2, 0.5, 0.1, -0.4, 0.7}, 3, 2)
	layer := func(x *trace.Array) *trace.Array {
		return trace.Tanh(trace.MatMul(x, trace.Convert(w, x.DType())))
	}
	softmax := func(x *trace.Array) *trace.Array { return trace.Softmax(x, -1) }
	tests := []struct {
		name string
		f    func(*trace.Array) *trace.Array
		x    []float64
		sh   []int
	}{
		{"sin", trace.Sin, []float64{-1, 0.5, 2}, []int{3}},
		{"seed", seed, []float64{2, 5}, []int{2}},
		{"tanh layer", layer, []float64{0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9, -1, 1.1, 0.2}, []int{4, 3}},
		{"softmax", softmax, []float64{0.1, -0.4, 0.9, 1.3, 0.2, -0.8}, []int{2, 3}},
		{"scalar", trace.Exp, []float64{0.5}, []int{}},
	}
	for _, tc := range tests {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(tc.name+"/"+dt.String(), func(t *testing.T) {
				x := trace.Convert(trace.FromFloat64s(tc.x, tc.sh...), dt)
				assert.NoError(t, jacobian.CheckGrads(tc.f, x, 1))
				assert.NoError(t, jacobian.CheckGrads(tc.f, x, 2))
			})
		}
	}
}

func TestCheckGradsCatchesWrongDerivative(t *testing.T) {
	// f(x) = StopGradient(x)·x: autodiff differentiates only the second
	// factor (f' = x), finite differences see x² (f' = 2x).
	f := func(x *trace.Array) *trace.Array { return trace.Mul(trace.StopGradient(x), x) }
	for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
		t.Run(dt.String(), func(t *testing.T) {
			x := trace.Convert(trace.FromFloat64s([]float64{0.5, -1, 2}), dt)
			err := jacobian.CheckGrads(f, x, 1)
			require.Error(t, err)
			for _, want := range []string{"order 1", "JVP of f along direction v0", "max abs error", "max rel error", "tolerance", dt.String()} {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestCheckGradsCatchesWrongSecondDerivative(t *testing.T) {
	// At x = 0, StopGradient(x)·x has the right first derivative (x = 2x = 0),
	// but its JVP function v·StopGradient(x) has derivative 0 under autodiff
	// and v by finite differences: only order 2 sees it.
	f := func(x *trace.Array) *trace.Array { return trace.Mul(trace.StopGradient(x), x) }
	x := trace.Zeros(trace.Float64, 3)
	require.NoError(t, jacobian.CheckGrads(f, x, 1))
	err := jacobian.CheckGrads(f, x, 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "order 2")
	assert.Contains(t, err.Error(), "x ↦ JVP of f along v0")
}

func TestCheckGradsMisuse(t *testing.T) {
	id := func(x *trace.Array) *trace.Array { return x }
	x := trace.FromFloat64s([]float64{1, 2})
	assert.ErrorContains(t, jacobian.CheckGrads(id, x, 0), "order 0")
	assert.ErrorContains(t, jacobian.CheckGrads(id, trace.FromInt64s([]int64{1}), 1), "float")
	assert.ErrorContains(t, jacobian.CheckGrads(id, nil, 1), "nil")
	argmax := func(x *trace.Array) *trace.Array { return trace.ArgMax(x, 0) }
	assert.ErrorContains(t, jacobian.CheckGrads(argmax, x, 1), "float output")
}
