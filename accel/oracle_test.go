package accel_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform/transformtest"
	"github.com/leibniz-go/leibniz/vjp"
)

// Jit equals eager for every spec of the oracle table (every primitive), for
// the function itself and for its JVP and VJP. The compiled program runs the
// same kernels on the same values in the same order, except that a full
// reduction fused into a group sums its chunks in float64: results then agree
// to a few ulps of the sum, which the relative tolerance below allows
// (4 ulps of the dtype, relative to the largest magnitude of the output).
func TestOracleJitEqualsEager(t *testing.T) {
	for _, s := range transformtest.Specs() {
		for _, dt := range s.Types() {
			t.Run(s.Name+"/"+dt.String(), func(t *testing.T) {
				xs := s.Inputs(dt, rand.New(rand.NewPCG(3, 4)))
				compare(t, "f", s.Fn(xs), accel.Jit(s.Fn)(xs), dt)
				if !floatOut(s.Fn(xs)) {
					return
				}
				jv := func(xs []*trace.Array) *trace.Array {
					_, t := jvp.JVP(s.Fn, xs, onesLike(xs))
					return t
				}
				compare(t, "jvp", jv(xs), accel.Jit(jv)(xs), dt)
				vj := func(xs []*trace.Array) []*trace.Array {
					y, back := vjp.VJP(s.Fn, xs)
					return back(trace.OnesLike(y))
				}
				want, got := vj(xs), accel.Jit(vj)(xs)
				for i := range want {
					compare(t, "vjp", want[i], got[i], dt)
				}
			})
		}
	}
}

func floatOut(a *trace.Array) bool { return a.DType().IsFloat() }

func onesLike(xs []*trace.Array) []*trace.Array {
	out := make([]*trace.Array, len(xs))
	for i, x := range xs {
		out[i] = trace.OnesLike(x)
	}
	return out
}

func compare(t *testing.T, what string, want, got *trace.Array, dt trace.DType) {
	t.Helper()
	require.Equal(t, want.Aval(), got.Aval(), what)
	if !want.DType().IsFloat() {
		assert.Equal(t, want.Float64s(), got.Float64s(), what)
		return
	}
	eps := math.Pow(2, -52)
	if dt == trace.Float32 {
		eps = math.Pow(2, -23)
	}
	w, g := want.Float64s(), got.Float64s()
	scale := 1.0
	for _, v := range w {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	for i := range w {
		if math.IsNaN(w[i]) || math.IsInf(w[i], 0) {
			assert.Equal(t, math.IsNaN(w[i]), math.IsNaN(g[i]), "%s[%d]", what, i)
			continue
		}
		assert.InDelta(t, w[i], g[i], 4*eps*scale, "%s[%d]: eager %v, jit %v", what, i, w[i], g[i])
	}
}
