package vjp_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// log1pexp(x) = log(1 + eˣ) whose naive derivative eˣ/(1 + eˣ) is NaN for
// large x; the custom rule uses the sigmoid instead.
var log1pexp = jvp.CustomJVP(
	func(x *trace.Array) *trace.Array { return trace.Log1p(trace.Exp(x)) },
	func(x, t *trace.Array) (*trace.Array, *trace.Array) {
		return trace.Log1p(trace.Exp(x)), trace.Mul(t, trace.Sigmoid(x))
	},
)

func TestCustomJVP(t *testing.T) {
	naive := func(x *trace.Array) *trace.Array { return trace.Log1p(trace.Exp(x)) }
	x := trace.Scalar(1000)
	assert.True(t, math.IsNaN(vjp.Grad(naive)(x).Item()), "the naive derivative overflows")
	assert.Equal(t, 1.0, vjp.Grad(log1pexp)(x).Item())
	_, d := jvp.JVP(log1pexp, x, trace.Scalar(2))
	assert.Equal(t, 2.0, d.Item())
	// The rule is differentiable, so higher orders use it too: σ'(0) = 1/4.
	assert.Equal(t, 0.25, vjp.Grad(vjp.Grad(log1pexp))(trace.Scalar(0)).Item())
	// Outside transforms it is just the function.
	assert.Equal(t, math.Log1p(math.Exp(0.5)), log1pexp(trace.Scalar(0.5)).Item())
}

// A straight-through estimator: rounds forward, passes the gradient through.
var ste = vjp.CustomVJP(
	trace.Round,
	func(x *trace.Array) (*trace.Array, struct{}) { return trace.Round(x), struct{}{} },
	func(_ struct{}, ct *trace.Array) *trace.Array { return ct },
)

func TestCustomVJPStraightThrough(t *testing.T) {
	x := trace.FromFloat64s([]float64{0.2, 1.7, -2.4})
	f := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Mul(ste(x), x)) }
	// d/dx Σ round(x)·x with a straight-through round: round(x) + x.
	want := trace.Add(trace.Round(x), x).Float64s()
	assert.Equal(t, want, vjp.Grad(f)(x).Float64s())
	// Forward mode falls back to the body: round has a zero derivative.
	_, d := jvp.JVP(ste, x, trace.Ones(trace.Float64, 3))
	assert.Equal(t, []float64{0, 0, 0}, d.Float64s())
	// Staging sees the body.
	p, err := trace.Stage(ste, x)
	require.NoError(t, err)
	assert.Contains(t, p.String(), "round")
}

// cube has a hand-written backward pass 3x²·ct that is itself differentiable,
// so second derivatives go through it.
var cube = vjp.CustomVJP(
	func(x *trace.Array) *trace.Array { return trace.Mul(x, trace.Square(x)) },
	func(x *trace.Array) (*trace.Array, *trace.Array) { return trace.Mul(x, trace.Square(x)), x },
	func(x, ct *trace.Array) *trace.Array {
		return trace.Mul(ct, trace.Mul(trace.Scalar(3), trace.Square(x)))
	},
)

func TestCustomVJPHigherOrder(t *testing.T) {
	assert.Equal(t, 12.0, vjp.Grad(cube)(trace.Scalar(2)).Item())
	assert.Equal(t, 12.0, vjp.Grad(vjp.Grad(cube))(trace.Scalar(2)).Item())
	// Forward-over-reverse differentiates the backward pass.
	_, d := jvp.JVP(vjp.Grad(cube), trace.Scalar(2), trace.Scalar(1))
	assert.Equal(t, 12.0, d.Item())
}

// Non-differentiable arguments (an integer leaf, a static flag) pass through
// the custom function without leaking tracers.
type scaled struct {
	X     *trace.Array
	Count *trace.Array
	Half  bool `leibniz:"static"`
}

func TestCustomVJPNonDifferentiableArgs(t *testing.T) {
	f := vjp.CustomVJP(
		func(s scaled) *trace.Array { return trace.Mul(s.X, trace.Convert(s.Count, trace.Float64)) },
		func(s scaled) (*trace.Array, scaled) {
			return trace.Mul(s.X, trace.Convert(s.Count, trace.Float64)), s
		},
		func(s scaled, ct *trace.Array) scaled {
			g := trace.Mul(ct, trace.Convert(s.Count, trace.Float64))
			if s.Half {
				g = trace.Mul(g, trace.Scalar(0.5))
			}
			return scaled{X: g, Count: s.Count, Half: s.Half}
		},
	)
	in := scaled{X: trace.FromFloat64s([]float64{1, 2}), Count: trace.FromInt64s([]int64{3}), Half: true}
	g := vjp.Grad(func(s scaled) *trace.Array { return trace.Sum(f(s)) })(in)
	assert.Equal(t, []float64{1.5, 1.5}, g.X.Float64s())
	assert.True(t, g.Count.IsConcrete())
	assert.Equal(t, []int64{0}, g.Count.Int64s(), "integer leaves get zero cotangents")
	assert.True(t, g.Half)
}

func TestCustomVJPNotEvaluableForward(t *testing.T) {
	// jvp.Linearize's linear function evaluates forward, so it uses the body.
	_, lin := jvp.Linearize(cube, trace.Scalar(2))
	assert.Equal(t, 12.0, lin(trace.Scalar(1)).Item())
}
