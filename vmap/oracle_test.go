package vmap_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform/transformtest"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

// TestOracleVmap checks batching on the shared op-spec table: for every spec,
// in Float32 and Float64 (vmap has no dtype-specific rules, so specs
// restricted to one dtype for their derivatives are batched in both), vmap.Map
// of the function against a loop over examples, in every axis configuration
// of transformtest.CheckVmap; and vmap of its JVP and VJP, and JVP and VJP
// of vmap, against loops (transformtest.CheckVmapDerivatives). The specs are
// small: the whole table, both checks, runs in well under a second, so no
// subset is taken. (The custom-rule specs fail the JVP/VJP-of-vmap checks by
// an ulp while custom rules are lost under vmap; see
// TestOracleVmapKeepsCustomRules.)
func TestOracleVmap(t *testing.T) {
	for _, s := range transformtest.Specs() {
		for _, dt := range []trace.DType{trace.Float32, trace.Float64} {
			t.Run(s.Name+"/"+dt.String(), func(t *testing.T) {
				transformtest.CheckVmap(t, s, dt)
			})
			t.Run(s.Name+"/"+dt.String()+"/derivatives", func(t *testing.T) {
				transformtest.CheckVmapDerivatives(t, s, dt)
			})
		}
	}
}

// The table's specs close over their integer indices, so the rules' cases
// with batched indices (gather and scatter_add with the indices mapped, alone
// or with the operand) and with a batched padding value are checked here,
// with the same oracle: every axis configuration against a loop.
func TestOracleVmapBatchedIndices(t *testing.T) {
	f64 := func(v []float64, shape ...int) *trace.Array { return trace.FromFloat64s(v, shape...) }
	ramp := func(k float64, shape ...int) *trace.Array {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float64, n)
		for i := range v {
			v[i] = k + float64(i)*0.25 - float64(i*i%7)*0.5
		}
		return f64(v, shape...)
	}
	i64 := func(v ...int64) *trace.Array { return trace.FromInt64s(v) }
	i32 := func(v []int32, shape ...int) *trace.Array { return trace.FromInt32s(v, shape...) }
	cases := []struct {
		name string
		f    func([]*trace.Array) *trace.Array
		ex   [][]*trace.Array
	}{
		// Negative, repeated and out-of-range (clamped) indices.
		{"Take/axis0", func(xs []*trace.Array) *trace.Array { return trace.Take(xs[0], xs[1], 0) }, [][]*trace.Array{
			{ramp(0, 4, 3), i64(1, -1, 1)}, {ramp(1, 4, 3), i64(7, -9, 2)}, {ramp(2, 4, 3), i64(0, 3, -2)}}},
		{"Take/axis1-2d-indices", func(xs []*trace.Array) *trace.Array { return trace.Take(xs[0], xs[1], 1) }, [][]*trace.Array{
			{ramp(0, 3, 4), i32([]int32{3, 1, 1, -1}, 2, 2)}, {ramp(1, 3, 4), i32([]int32{0, 0, 2, 5}, 2, 2)}, {ramp(2, 3, 4), i32([]int32{-4, 2, 3, 1}, 2, 2)}}},
		{"Take/axis2-of-rank3", func(xs []*trace.Array) *trace.Array { return trace.Take(xs[0], xs[1], 2) }, [][]*trace.Array{
			{ramp(0, 2, 3, 4), i64(3, 0)}, {ramp(1, 2, 3, 4), i64(-1, 1)}, {ramp(2, 2, 3, 4), i64(2, 2)}}},
		{"Take/scalar-index", func(xs []*trace.Array) *trace.Array { return trace.Take(xs[0], xs[1], 1) }, [][]*trace.Array{
			{ramp(0, 2, 3), trace.FromInt64s([]int64{2}, []int{}...)}, {ramp(1, 2, 3), trace.FromInt64s([]int64{-3}, []int{}...)},
			{ramp(2, 2, 3), trace.FromInt64s([]int64{1}, []int{}...)}}},
		{"Take/sin-of-gathered", func(xs []*trace.Array) *trace.Array { return trace.Sin(trace.Take(trace.Square(xs[0]), xs[1], 0)) }, [][]*trace.Array{
			{ramp(0, 5), i64(4, 0, 4, 1)}, {ramp(1, 5), i64(-1, -5, 9, 2)}, {ramp(2, 5), i64(3, 3, 3, 3)}}},
		{"ScatterAdd/axis1-repeated", func(xs []*trace.Array) *trace.Array { return trace.ScatterAdd(xs[0], xs[1], xs[2], 1) }, [][]*trace.Array{
			{ramp(0, 2, 5), i64(1, 3, 1), ramp(3, 2, 3)}, {ramp(1, 2, 5), i64(-1, 7, 0), ramp(4, 2, 3)}, {ramp(2, 2, 5), i64(2, 2, 2), ramp(5, 2, 3)}}},
		{"ScatterAdd/axis0-2d-indices", func(xs []*trace.Array) *trace.Array { return trace.ScatterAdd(xs[0], xs[1], xs[2], 0) }, [][]*trace.Array{
			{ramp(0, 4, 3), i32([]int32{0, 3, 3, -1}, 2, 2), ramp(3, 2, 2, 3)}, {ramp(1, 4, 3), i32([]int32{1, 1, 1, 1}, 2, 2), ramp(4, 2, 2, 3)},
			{ramp(2, 4, 3), i32([]int32{2, -4, 9, 0}, 2, 2), ramp(5, 2, 2, 3)}}},
		{"ScatterAdd/axis1-of-rank3", func(xs []*trace.Array) *trace.Array { return trace.ScatterAdd(xs[0], xs[1], xs[2], 1) }, [][]*trace.Array{
			{ramp(0, 2, 3, 2), i64(2, 0), ramp(3, 2, 2, 2)}, {ramp(1, 2, 3, 2), i64(1, 1), ramp(4, 2, 2, 2)}, {ramp(2, 2, 3, 2), i64(-1, 0), ramp(5, 2, 2, 2)}}},
		// A padding value per example (pad's second operand batched), with
		// interior padding.
		{"Pad/batched-value", func(xs []*trace.Array) *trace.Array {
			return trace.Bind1(trace.OpPad, trace.PadParams{Lo: []int{1, 0}, Hi: []int{0, 2}, Interior: []int{1, 1}}, xs[0], xs[1])
		}, [][]*trace.Array{
			{ramp(0, 2, 3), f64([]float64{0.5}, []int{}...)}, {ramp(1, 2, 3), f64([]float64{-2}, []int{}...)}, {ramp(2, 2, 3), f64([]float64{7}, []int{}...)}}},
		// A bool condition and integer operands.
		{"Where/bool-condition", func(xs []*trace.Array) *trace.Array { return trace.Where(xs[0], xs[1], trace.Neg(xs[1])) }, [][]*trace.Array{
			{trace.FromBools([]bool{true, false, true}), ramp(0, 2, 3)}, {trace.FromBools([]bool{false, false, true}), ramp(1, 2, 3)},
			{trace.FromBools([]bool{true, true, false}), ramp(2, 2, 3)}}},
		{"ArgMax/int-input", func(xs []*trace.Array) *trace.Array { return trace.ArgMax(trace.Mul(xs[0], xs[1]), 0) }, [][]*trace.Array{
			{i64(3, -1, 4, 1), i64(2, 2, 2, 2)}, {i64(1, 5, -9, 2), i64(1, -1, 1, -1)}, {i64(6, 5, 3, 5), i64(1, 1, 1, 1)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { transformtest.CheckVmapExamples(t, c.name, c.f, c.ex) })
	}
}

// Custom derivative rules must hold whichever order vmap and differentiation
// are composed in: JVP, VJP and Grad of vmap.Map(f) must use f's rule, as
// vmap of them does. The rules here differ from the derivative of the body
// (by a factor 2 and 3), so a rule that is lost shows as an O(1) error, not
// as rounding (the table's correct custom specs show the same loss only as
// 1-ulp differences in CheckVmapDerivatives).
func TestOracleVmapKeepsCustomRules(t *testing.T) {
	twice := jvp.CustomJVP(trace.Sin, func(x, t *trace.Array) (*trace.Array, *trace.Array) {
		return trace.Sin(x), trace.Mul(t, trace.Mul(trace.Scalar(2), trace.Cos(x)))
	})
	thrice := vjp.CustomVJP(trace.Sin,
		func(x *trace.Array) (*trace.Array, *trace.Array) { return trace.Sin(x), trace.Cos(x) },
		func(cos, ct *trace.Array) *trace.Array { return trace.Mul(trace.Scalar(3), trace.Mul(ct, cos)) })
	x := trace.FromFloat64s([]float64{0, 0.5, -1})
	v := trace.FromFloat64s([]float64{1, -0.5, 2})
	sum := func(f func(*trace.Array) *trace.Array) func(*trace.Array) *trace.Array {
		return func(x *trace.Array) *trace.Array { return trace.Sum(f(x)) }
	}
	t.Run("custom JVP", func(t *testing.T) {
		_, want := jvp.JVP(twice, x, v) // elementwise: the batched tangent is the same
		_, got := jvp.JVP(vmap.Map(twice), x, v)
		assert.Equal(t, want.Float64s(), got.Float64s(), "JVP of vmap")
		assert.Equal(t, want.Float64s(), vmap.Map(func(x, v *trace.Array) *trace.Array {
			_, t := jvp.JVP(twice, x, v)
			return t
		})(x, v).Float64s(), "vmap of JVP")
		assert.Equal(t, vjp.Grad(sum(twice))(x).Float64s(), vjp.Grad(sum(vmap.Map(twice)))(x).Float64s(), "Grad of vmap")
	})
	t.Run("custom VJP", func(t *testing.T) {
		_, back := vjp.VJP(thrice, x)
		_, backV := vjp.VJP(vmap.Map(thrice), x)
		assert.Equal(t, back(v).Float64s(), backV(v).Float64s(), "VJP of vmap")
		assert.Equal(t, vjp.Grad(sum(thrice))(x).Float64s(), vjp.Grad(sum(vmap.Map(thrice)))(x).Float64s(), "Grad of vmap")
	})
}
