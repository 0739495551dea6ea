package transformtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform/transformtest"
)

// vmapSpec is a one-input spec whose function is f on concrete inputs (the
// loop) and traced(x) under a transform (vmap), to test that CheckVmap
// catches batched results that differ from the loop.
func vmapSpec(name string, sh []int, f, traced func(*trace.Array) *trace.Array) transformtest.OpSpec {
	return transformtest.OpSpec{Name: name, Shapes: [][]int{sh}, Smooth: true, Fn: func(xs []*trace.Array) *trace.Array {
		if xs[0].IsConcrete() {
			return f(xs[0])
		}
		return traced(xs[0])
	}}
}

// ulps scales x by 1 + 4 ulps of its dtype.
func ulps(x *trace.Array) *trace.Array {
	eps := map[trace.DType]float64{trace.Float64: 0x1p-52, trace.Float32: 0x1p-23}[x.DType()]
	return trace.Mul(x, trace.Scalar(1+4*eps))
}

func TestCheckVmapCatchesWrongBatching(t *testing.T) {
	sum1 := func(x *trace.Array) *trace.Array { return trace.Sum(x, 1) }
	calls := 0
	tests := []struct {
		name   string
		s      transformtest.OpSpec
		caught bool
		msg    string
	}{
		{"correct", vmapSpec("sin", []int{2, 3}, trace.Sin, trace.Sin), false, ""},
		{"wrong function", vmapSpec("sin-cos", []int{2, 3}, trace.Sin, trace.Cos), true, "vmap disagrees with the loop"},
		{"wrong axis", vmapSpec("transposed", []int{3, 3}, trace.Sin, func(x *trace.Array) *trace.Array { return trace.Transpose(trace.Sin(x)) }),
			true, "vmap disagrees with the loop"},
		{"wrong shape", vmapSpec("shape", []int{3}, trace.Sin, func(x *trace.Array) *trace.Array { return trace.Concatenate(0, x, x) }),
			true, "under vmap"},
		// Elementwise functions must agree bitwise; 4 ulps is an error.
		{"off by ulps without accumulation", vmapSpec("sin-ulps", []int{2, 3}, trace.Sin, func(x *trace.Array) *trace.Array { return ulps(trace.Sin(x)) }),
			true, "must equal it exactly"},
		// ... but within the tolerance of a reduction.
		{"off by ulps after a sum", vmapSpec("sum-ulps", []int{2, 3}, sum1, func(x *trace.Array) *trace.Array { return ulps(sum1(x)) }), false, ""},
		{"off by much after a sum", vmapSpec("sum-off", []int{2, 3}, sum1, func(x *trace.Array) *trace.Array {
			return trace.Mul(sum1(x), trace.Scalar(1.001))
		}), true, "tolerance"},
		// A function that changes with each traced call: the chunks differ
		// from the whole batch.
		{"chunks differ", vmapSpec("stateful", []int{3}, trace.Sin, func(x *trace.Array) *trace.Array {
			calls++
			return trace.Add(trace.Sin(x), trace.Scalar(float64(calls)))
		}), true, "Chunk(2) result differs from the unchunked one"},
		{"panics become failures", vmapSpec("panics", []int{3}, trace.Sin, func(x *trace.Array) *trace.Array { return trace.Reshape(x, 2) }),
			true, "panic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
				r := &recorder{}
				transformtest.CheckVmap(r, tc.s, dt)
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

// A panic in one configuration does not hide the others: each is reported.
func TestCheckVmapReportsEveryConfiguration(t *testing.T) {
	s := transformtest.OpSpec{Name: "add", Shapes: [][]int{{2, 3}, {3}}, Smooth: true, Fn: func(xs []*trace.Array) *trace.Array {
		if !xs[1].IsConcrete() {
			panic("batched second input")
		}
		return trace.Add(xs[0], xs[1])
	}}
	r := &recorder{}
	transformtest.CheckVmap(r, s, trace.Float64)
	// Only the configurations that batch the second input fail.
	assert.NotContains(t, r.all(), "input 1 NotMapped")
	assert.Contains(t, r.all(), "vmap with input 0 NotMapped, others along 0: panic")
	assert.Contains(t, r.all(), "vmap with inputs along -1: panic")
	assert.Contains(t, r.all(), "vmap with Chunk(2) (inputs along -1): panic")
}

// CheckVmapDerivatives passes on correct derivatives and reports a JVP that
// differs under vmap.
func TestCheckVmapDerivatives(t *testing.T) {
	r := &recorder{}
	transformtest.CheckVmapDerivatives(r, vmapSpec("sin", []int{2, 3}, trace.Sin, trace.Sin), trace.Float64)
	assert.Empty(t, r.errs)

	// A JVP rule that is right in the loop (concrete primals) and scaled by
	// 1.5 under vmap (traced primals).
	sin := jvp.CustomJVP(trace.Sin, func(x, t *trace.Array) (*trace.Array, *trace.Array) {
		d := trace.Mul(t, trace.Cos(x))
		if !x.IsConcrete() {
			d = trace.Mul(d, trace.Scalar(1.5))
		}
		return trace.Sin(x), d
	})
	r = &recorder{}
	transformtest.CheckVmapDerivatives(r, vmapSpec("sin-jvp", []int{2, 3}, sin, sin), trace.Float64)
	assert.Contains(t, r.all(), "vmap of JVP (primals and tangents along 0): vmap disagrees with the loop")
	assert.Contains(t, r.all(), "vmap of per-example VJP (primals and cotangents along 0): vmap disagrees with the loop")
	// With the primal NotMapped the rule sees a concrete x: no difference.
	assert.NotContains(t, r.all(), "primals NotMapped")
}
