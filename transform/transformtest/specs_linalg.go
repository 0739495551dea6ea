package transformtest

import "github.com/leibniz-go/leibniz/trace"

// linalgSpecs are the contractions, in every MatMul case of NumPy and with
// DotGeneral's batch and contracting axes in unusual positions.
func linalgSpecs() []OpSpec {
	mm := func(name string, a, b []int) OpSpec {
		return OpSpec{Name: "MatMul/" + name, Ops: ops(trace.OpDotGeneral), Shapes: shapes(a, b), Smooth: true, Fn: binary(trace.MatMul)}
	}
	dg := func(name string, a, b []int, d trace.DotParams) OpSpec {
		return OpSpec{Name: "DotGeneral/" + name, Ops: ops(trace.OpDotGeneral), Shapes: shapes(a, b), Smooth: true,
			Fn: func(xs []*arr) *arr { return trace.DotGeneral(xs[0], xs[1], d) }}
	}
	return []OpSpec{
		mm("2d", []int{3, 4}, []int{4, 2}),
		mm("vector-matrix", []int{4}, []int{4, 2}),
		mm("matrix-vector", []int{3, 4}, []int{4}),
		mm("vector-vector", []int{4}, []int{4}),
		mm("batched", []int{2, 3, 4}, []int{2, 4, 2}),
		mm("broadcast-batch", []int{2, 1, 3, 4}, []int{3, 4, 2}),
		mm("stack-matrix", []int{2, 3, 4}, []int{4, 2}),
		mm("matrix-stack", []int{3, 4}, []int{2, 4, 2}),
		mm("vector-stack", []int{4}, []int{2, 4, 3}),
		mm("empty-contraction", []int{2, 0}, []int{0, 3}),
		mm("empty-batch", []int{0, 2, 3}, []int{0, 3, 2}),
		// An f64 matrix times the f32 input: promotion inside the contraction.
		{Name: "MatMul/mixed-precision", Ops: ops(trace.OpDotGeneral, trace.OpConvert), Shapes: shapes([]int{2, 3}, []int{3, 2}), Smooth: true,
			DTypes: f32Only, Fn: func(xs []*arr) *arr { return trace.MatMul(xs[0], trace.Convert(trace.Sin(xs[1]), trace.Float64)) }},
		{Name: "MatMul/square-self", Ops: ops(trace.OpDotGeneral), Shapes: shapes([]int{3, 3}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.MatMul(x, x) })},
		{Name: "MatMul/self-gram", Ops: ops(trace.OpDotGeneral, trace.OpTranspose), Shapes: shapes([]int{3, 2}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.MatMul(trace.Transpose(x), x) })},
		// Batch axis 1 of a and 2 of b, contracting a's last with b's first.
		dg("odd-batch", []int{3, 2, 4}, []int{4, 5, 2},
			trace.DotParams{LhsBatch: []int{1}, RhsBatch: []int{2}, LhsContract: []int{2}, RhsContract: []int{0}}),
		// Two contracting axes in crossed order, negative axes.
		dg("two-contractions", []int{4, 2, 3, 5}, []int{2, 5, 4},
			trace.DotParams{LhsBatch: []int{1}, RhsBatch: []int{0}, LhsContract: []int{-1, 0}, RhsContract: []int{1, 2}}),
		// Batch pairs not in increasing order on the left: a [2,3,4] and
		// b [4,2,3,5] batched over (a2, b0) and (a0, b1), contracting a1 with b2.
		dg("unsorted-batch", []int{2, 3, 4}, []int{4, 2, 3, 5},
			trace.DotParams{LhsBatch: []int{2, 0}, RhsBatch: []int{0, 1}, LhsContract: []int{1}, RhsContract: []int{2}}),
		// No contraction at all: a batched outer product.
		dg("batched-outer", []int{2, 3}, []int{4, 2},
			trace.DotParams{LhsBatch: []int{0}, RhsBatch: []int{1}}),
		{Name: "Outer/scalar-vector", Ops: ops(trace.OpDotGeneral, trace.OpReshape), Shapes: shapes([]int{}, []int{3}), Smooth: true, Fn: binary(trace.Outer)},
		{Name: "Outer", Ops: ops(trace.OpDotGeneral, trace.OpReshape), Shapes: shapes([]int{3}, []int{2, 2}), Smooth: true, Fn: binary(trace.Outer)},
	}
}

// compositionSpecs are whole functions: the seed example and layers of a
// network.
func compositionSpecs() []OpSpec {
	// f(x1, x2) = ln(x1) + x1·x2 − sin(x2)
	seed := func(xs []*arr) *arr {
		x1, x2 := xs[0], xs[1]
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	seedDomain := PerInput(Uniform(0.5, 2), Uniform(-2, 2))
	// tanh(x·W + b) for a batch of 4 inputs of 3 features, 2 outputs.
	layer := func(xs []*arr) *arr { return trace.Tanh(trace.Add(trace.MatMul(xs[0], xs[1]), xs[2])) }
	labels := trace.FromInt64s([]int64{1, 0, 1, 1})
	return []OpSpec{
		{Name: "Seed/scalars", Ops: ops(trace.OpLog, trace.OpMul, trace.OpSin, trace.OpAdd, trace.OpSub), Shapes: shapes([]int{}, []int{}),
			Domain: seedDomain, Smooth: true, Fn: seed},
		{Name: "Seed/vectors", Ops: ops(trace.OpLog, trace.OpMul, trace.OpSin), Shapes: shapes([]int{3}, []int{3}),
			Domain: seedDomain, Smooth: true, Fn: seed},
		{Name: "MLP/tanh-layer", Ops: ops(trace.OpDotGeneral, trace.OpAdd, trace.OpTanh, trace.OpBroadcastInDim),
			Shapes: shapes([]int{4, 3}, []int{3, 2}, []int{2}), Smooth: true, Fn: layer},
		// Softmax cross-entropy of the layer's outputs against fixed labels.
		{Name: "MLP/cross-entropy", Ops: ops(trace.OpDotGeneral, trace.OpReduceMax, trace.OpExp, trace.OpLog),
			Shapes: shapes([]int{4, 3}, []int{3, 2}, []int{2}), Smooth: true,
			Fn: func(xs []*arr) *arr {
				logits := layer(xs)
				lse := trace.LogSumExp(logits, 1)                                           // [4]
				picked := trace.Sum(trace.Mul(logits, onehot(labels, 2, xs[0].DType())), 1) // [4]
				return trace.Mean(trace.Sub(lse, picked))
			}},
		{Name: "Norm", Ops: ops(trace.OpSqrt, trace.OpReduceSum), Shapes: shapes([]int{5}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Sqrt(trace.Sum(trace.Square(x))) })},
	}
}

// onehot returns the [n, k] one-hot encoding of the integer labels in dtype dt.
func onehot(labels *arr, k int, dt trace.DType) *arr {
	return trace.Convert(trace.Equal(trace.ExpandDims(labels, -1), trace.Arange(trace.Int64, k)), dt)
}
