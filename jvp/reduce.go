package jvp

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Rules of the reductions.

// keptAxes lists the axes of a rank-r array that a reduction over axes keeps.
func keptAxes(r int, axes []int) []int {
	kept := make([]int, 0, r-len(axes))
	for i := range r {
		if !slices.Contains(axes, i) {
			kept = append(kept, i)
		}
	}
	return kept
}

// unreduce broadcasts a reduction result y back to the shape of its operand x.
func unreduce(y, x *trace.Array, axes []int) *trace.Array {
	return trace.Bind1(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: x.Shape(), Dims: keptAxes(x.Rank(), axes)}, y)
}

// reduceChooseJVP is the rule of reduce_max and reduce_min: the tangent is the
// mean of the tangents at the positions that attain the extremum.
func reduceChooseJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, axes := primals[0], p.(trace.ReduceParams).Axes
	y := trace.Bind1(op, p, x)
	mask := trace.Convert(trace.Equal(x, unreduce(y, x, axes)), x.DType())
	sum := func(a *trace.Array) *trace.Array { return trace.Bind1(trace.OpReduceSum, p, a) }
	return y, trace.Div(sum(trace.Mul(tangents[0], mask)), sum(mask))
}

// reduceProdJVP differentiates a pairwise product tree over the reduced axes,
// which is exact even where elements are zero (unlike ẋ·y/x).
func reduceProdJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, axes := primals[0], p.(trace.ReduceParams).Axes
	y := trace.Bind1(op, p, x)
	n := 1
	for _, a := range axes {
		n *= x.Shape()[a]
	}
	if n == 0 {
		return y, nil // the empty product is the constant 1
	}
	// Move the reduced axes to the front and flatten them: [n, rest...].
	perm := append(slices.Clone(axes), keptAxes(x.Rank(), axes)...)
	flat := func(a *trace.Array) *trace.Array {
		return trace.Reshape(trace.Transpose(a, perm...), append([]int{n}, y.Shape()...)...)
	}
	v, t := flat(x), flat(tangents[0])
	for n > 1 {
		if n%2 == 1 {
			v = padFirst(v, 1)
			t = padFirst(t, 0)
			n++
		}
		h := n / 2
		va, vb := firstAxisSlice(v, 0, h), firstAxisSlice(v, h, n)
		ta, tb := firstAxisSlice(t, 0, h), firstAxisSlice(t, h, n)
		v, t = trace.Mul(va, vb), trace.Add(trace.Mul(ta, vb), trace.Mul(va, tb))
		n = h
	}
	return y, trace.Reshape(t, y.Shape()...)
}

// padFirst appends one row with value v along the first axis.
func padFirst(a *trace.Array, v float64) *trace.Array {
	lo := make([]int, a.Rank())
	hi := make([]int, a.Rank())
	hi[0] = 1
	return trace.Pad(a, lo, hi, v)
}

// firstAxisSlice returns a[from:to] along the first axis.
func firstAxisSlice(a *trace.Array, from, to int) *trace.Array {
	start := make([]int, a.Rank())
	limit := slices.Clone(a.Shape())
	start[0], limit[0] = from, to
	return trace.Slice(a, start, limit, nil)
}
