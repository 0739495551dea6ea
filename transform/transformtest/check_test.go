package transformtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform/transformtest"
	"github.com/leibniz-go/leibniz/vjp"
)

// recorder is a testing.TB that records failures instead of failing, to
// test that the checks catch wrong derivatives. Only the methods the checks
// call are implemented.
type recorder struct {
	testing.TB
	errs    []string
	skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Skipf(format string, args ...any) { r.skipped = true }

func (r *recorder) all() string { return strings.Join(r.errs, "\n") }

// Wrong derivatives, each made with a custom rule so that the library itself
// stays correct.
var (
	// sin whose JVP is off by a factor 2.
	sinWrongJVP = jvp.CustomJVP(trace.Sin, func(x, t *trace.Array) (*trace.Array, *trace.Array) {
		return trace.Sin(x), trace.Mul(t, trace.Mul(trace.Scalar(2), trace.Cos(x)))
	})
	// sin whose VJP has the wrong sign (forward mode differentiates the body).
	sinWrongVJP = vjp.CustomVJP(trace.Sin,
		func(x *trace.Array) (*trace.Array, *trace.Array) { return trace.Sin(x), trace.Cos(x) },
		func(cos, ct *trace.Array) *trace.Array { return trace.Neg(trace.Mul(ct, cos)) })
	// sin whose JVP is right but not differentiable: the derivative of cos is
	// stopped, so every second derivative is wrong.
	sinWrongSecond = jvp.CustomJVP(trace.Sin, func(x, t *trace.Array) (*trace.Array, *trace.Array) {
		return trace.Sin(x), trace.Mul(t, trace.StopGradient(trace.Cos(x)))
	})
)

func spec(name string, f func(*trace.Array) *trace.Array, smooth bool) transformtest.OpSpec {
	return transformtest.OpSpec{Name: name, Ops: []trace.Op{trace.OpSin}, Shapes: [][]int{{3}}, Smooth: smooth,
		Fn: func(xs []*trace.Array) *trace.Array { return f(xs[0]) }}
}

func TestChecksCatchWrongDerivatives(t *testing.T) {
	type check func(testing.TB, transformtest.OpSpec, trace.DType)
	jvpC, vjpC, second := check(transformtest.CheckJVP), check(transformtest.CheckVJP), check(transformtest.CheckSecondOrder)
	tests := []struct {
		name   string
		s      transformtest.OpSpec
		c      check
		caught bool
		msg    string
	}{
		{"correct JVP", spec("sin", trace.Sin, true), jvpC, false, ""},
		{"correct VJP", spec("sin", trace.Sin, true), vjpC, false, ""},
		{"correct second order", spec("sin", trace.Sin, true), second, false, ""},
		{"wrong JVP", spec("sin-2x", sinWrongJVP, true), jvpC, true, "autodiff disagrees with central differences"},
		// Reverse mode transposes the same wrong linearization: the identity
		// holds, which is why the JVP is checked against finite differences.
		{"wrong JVP is consistent in reverse", spec("sin-2x", sinWrongJVP, true), vjpC, false, ""},
		{"wrong VJP", spec("sin-neg", sinWrongVJP, true), vjpC, true, "⟨u, J v⟩"},
		{"wrong VJP, right JVP", spec("sin-neg", sinWrongVJP, true), jvpC, false, ""},
		{"wrong second order", spec("sin-stop", sinWrongSecond, true), second, true, "forward-over-forward"},
		{"wrong second order, right first", spec("sin-stop", sinWrongSecond, true), jvpC, false, ""},
		{"wrong second order through reverse", spec("sin-stop", sinWrongSecond, true), second, true, "reverse-over-reverse"},
		{"stop_gradient is not smooth", spec("sg", func(x *trace.Array) *trace.Array {
			return trace.Mul(trace.StopGradient(x), x)
		}, true), jvpC, true, "autodiff disagrees"},
		{"non-zero derivative of a non-smooth spec", spec("sin", trace.Sin, false), jvpC, true, "must be exactly zero"},
		{"non-zero cotangent of a non-smooth spec", spec("sin", trace.Sin, false), vjpC, true, "must be exactly zero"},
		{"panics become failures", spec("bad", func(x *trace.Array) *trace.Array { return trace.Reshape(x, 2) }, true), jvpC, true, "panic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
				r := &recorder{}
				tc.c(r, tc.s, dt)
				if !tc.caught {
					assert.Empty(t, r.errs, "%v", dt)
					continue
				}
				if assert.NotEmpty(t, r.errs, "%v: not caught", dt) {
					assert.Contains(t, r.all(), tc.msg)
					assert.Contains(t, r.all(), tc.s.Name+" ["+dt.String()+"]")
				}
			}
		})
	}
}

func TestCheckSecondOrderSkipsFirstOrderOnly(t *testing.T) {
	s := spec("sin", trace.Sin, true)
	s.FirstOrderOnly = true
	r := &recorder{}
	transformtest.CheckSecondOrder(r, s, trace.Float64)
	assert.True(t, r.skipped)
}
