package transformtest

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// shapeSpecs are the functions that move elements around. Most are linear;
// several are composed with a nonlinear function so that their second
// derivatives are not trivially zero.
func shapeSpecs() []OpSpec {
	one := func(name string, op trace.Op, sh []int, f fn1) OpSpec {
		return OpSpec{Name: name, Ops: ops(op), Shapes: shapes(sh), Smooth: true, Fn: unary(f)}
	}
	return []OpSpec{
		one("Reshape", trace.OpReshape, []int{2, 6}, func(x *arr) *arr { return trace.Reshape(x, 3, -1) }),
		one("Reshape/to-scalar-of-square", trace.OpReshape, []int{1, 1}, func(x *arr) *arr { return trace.Reshape(trace.Square(x)) }),
		one("Transpose", trace.OpTranspose, []int{2, 3, 4}, func(x *arr) *arr { return trace.Sin(trace.Transpose(x, 2, 0, 1)) }),
		one("Transpose/rank4", trace.OpTranspose, []int{2, 1, 3, 2}, func(x *arr) *arr { return trace.Square(trace.Transpose(x, 3, 1, 0, 2)) }),
		one("Transpose/matrix", trace.OpTranspose, []int{3, 4}, func(x *arr) *arr { return trace.Transpose(x) }),
		one("BroadcastTo/vector", trace.OpBroadcastInDim, []int{3}, func(x *arr) *arr { return trace.BroadcastTo(trace.Square(x), 2, 3) }),
		one("BroadcastTo/column", trace.OpBroadcastInDim, []int{3, 1}, func(x *arr) *arr { return trace.BroadcastTo(x, 2, 3, 4) }),
		one("BroadcastTo/scalar", trace.OpBroadcastInDim, []int{}, func(x *arr) *arr { return trace.Mul(trace.BroadcastTo(x, 2, 3), x) }),
		one("ExpandDims", trace.OpReshape, []int{3}, func(x *arr) *arr { return trace.ExpandDims(trace.Exp(x), -1) }),
		one("ExpandDims/front", trace.OpReshape, []int{2, 2}, func(x *arr) *arr { return trace.ExpandDims(x, 0) }),
		one("ExpandDims/scalar", trace.OpReshape, []int{}, func(x *arr) *arr { return trace.ExpandDims(trace.Sin(x), 0) }),
		one("Squeeze/axis", trace.OpReshape, []int{3, 1, 2}, func(x *arr) *arr { return trace.Squeeze(trace.Square(x), 1) }),
		one("Squeeze/all", trace.OpReshape, []int{1, 3, 1}, func(x *arr) *arr { return trace.Squeeze(x) }),
		one("Slice/strided", trace.OpSlice, []int{5, 7}, func(x *arr) *arr {
			return trace.Square(trace.Slice(x, []int{1, 0}, []int{5, 7}, []int{2, 3}))
		}),
		one("Slice/negative-bounds", trace.OpSlice, []int{6}, func(x *arr) *arr { return trace.Slice(x, []int{-4}, []int{-1}, nil) }),
		one("Slice/empty-result", trace.OpSlice, []int{3, 2}, func(x *arr) *arr { return trace.Slice(x, []int{1, 0}, []int{1, 2}, nil) }),
		one("Index", trace.OpSlice, []int{4, 3}, func(x *arr) *arr { return trace.Mul(trace.Index(x, 2), trace.Index(x, -1)) }),
		one("Index/vector-to-scalar", trace.OpSlice, []int{3}, func(x *arr) *arr { return trace.Exp(trace.Index(x, 1)) }),
		{Name: "Concatenate/axis1", Ops: ops(trace.OpConcatenate), Shapes: shapes([]int{2, 3}, []int{2, 1}, []int{2, 2}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.Concatenate(1, xs[0], trace.Sin(xs[1]), xs[2]) }},
		{Name: "Concatenate/empty-piece", Ops: ops(trace.OpConcatenate), Shapes: shapes([]int{2, 0}, []int{2, 3}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.Concatenate(1, xs[0], trace.Square(xs[1])) }},
		one("Concatenate/self", trace.OpConcatenate, []int{3}, func(x *arr) *arr { return trace.Concatenate(0, x, trace.Square(x), x) }),
		{Name: "Stack/axis1", Ops: ops(trace.OpConcatenate, trace.OpReshape), Shapes: shapes([]int{3}, []int{3}, []int{3}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.Stack(1, xs[0], trace.Mul(xs[1], xs[2]), xs[2]) }},
		{Name: "Stack/axis0-scalars", Ops: ops(trace.OpConcatenate), Shapes: shapes([]int{}, []int{}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.Stack(0, xs[0], trace.Mul(xs[0], xs[1])) }},
		one("Pad", trace.OpPad, []int{2, 3}, func(x *arr) *arr { return trace.Pad(trace.Sin(x), []int{1, 0}, []int{0, 2}, 0.5) }),
		one("Pad/vector", trace.OpPad, []int{3}, func(x *arr) *arr { return trace.Pad(x, []int{2}, []int{1}, 0) }),
		one("Reverse", trace.OpRev, []int{3, 4}, func(x *arr) *arr { return trace.Mul(trace.Reverse(x, 1), x) }),
		one("Reverse/all", trace.OpRev, []int{2, 3, 2}, func(x *arr) *arr { return trace.Reverse(x) }),
	}
}

// indexSpecs gather and scatter with constant integer indices (captured by
// the functions, so only the float operands are differentiated).
func indexSpecs() []OpSpec {
	rep := trace.FromInt64s([]int64{2, 0, 2, 3})                        // a repeated index
	neg := trace.FromInt32s([]int32{3, 1, 1, -1}, 2, 2)                 // 2-D, repeated, negative
	sc1 := trace.FromInt64s([]int64{1, 3, 1})                           // repeated: updates accumulate
	sc2 := trace.FromInt32s([]int32{0, 4, 4, 4}, 2, 2)                  // 2-D, thrice the same index
	clamp := trace.FromInt64s([]int64{7, -9, 1, 3})                     // out of range for 4: clamped to 3 and 0
	scalarIdx := trace.FromInt64s(slices.Clip([]int64{-2}), []int{}...) // a scalar index
	return []OpSpec{
		{Name: "Take/axis0-repeated", Ops: ops(trace.OpGather), Shapes: shapes([]int{4, 3}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Take(trace.Sin(x), rep, 0) })},
		{Name: "Take/axis1-2d-negative", Ops: ops(trace.OpGather), Shapes: shapes([]int{3, 4}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Take(x, neg, 1) })},
		{Name: "Take/scalar-index", Ops: ops(trace.OpGather), Shapes: shapes([]int{2, 3}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Square(trace.Take(x, scalarIdx, 1)) })},
		// Out-of-range indices are clamped; the transpose (scatter_add) must
		// clamp them the same way.
		{Name: "Take/clamped-indices", Ops: ops(trace.OpGather), Shapes: shapes([]int{4, 2}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Take(trace.Sin(x), clamp, 0) })},
		{Name: "ScatterAdd/clamped-indices", Ops: ops(trace.OpScatterAdd), Shapes: shapes([]int{2, 4}, []int{2, 4}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.ScatterAdd(xs[0], clamp, trace.Square(xs[1]), 1) }},
		{Name: "ScatterAdd/axis0-repeated", Ops: ops(trace.OpScatterAdd), Shapes: shapes([]int{4, 3}, []int{3, 3}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.ScatterAdd(trace.Square(xs[0]), sc1, trace.Sin(xs[1]), 0) }},
		{Name: "ScatterAdd/axis1-2d", Ops: ops(trace.OpScatterAdd), Shapes: shapes([]int{2, 5}, []int{2, 2, 2}), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.ScatterAdd(xs[0], sc2, xs[1], 1) }},
		// Take then its transpose, ScatterAdd, of the product: a quadratic.
		{Name: "Take-ScatterAdd/quadratic", Ops: ops(trace.OpGather, trace.OpScatterAdd), Shapes: shapes([]int{4}), Smooth: true,
			Fn: unary(func(x *arr) *arr {
				g := trace.Take(x, rep, 0)
				return trace.ScatterAdd(trace.ZerosLike(x), rep, trace.Mul(g, g), 0)
			})},
	}
}
