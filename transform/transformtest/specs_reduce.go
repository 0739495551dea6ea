package transformtest

import "github.com/leibniz-go/leibniz/trace"

func reduceSpecs() []OpSpec {
	red := func(name string, op trace.Op, f func(*arr, ...int) *arr, sh []int, axes ...int) OpSpec {
		return OpSpec{Name: name, Ops: ops(op), Shapes: shapes(sh), Smooth: true,
			Fn: unary(func(x *arr) *arr { return f(x, axes...) })}
	}
	// Products with exact zeros: row 0 has one, row 1 two, row 2 none. The
	// product's derivative there is the product of the other elements (not
	// y/x), and with two zeros it vanishes.
	zeros := [][]float64{{1.5, 0, 2, -0.7, 0, 1.2, 0, 0.8, 0.9, -1.1, 1.3, 0.6}}
	return []OpSpec{
		red("Sum/all", trace.OpReduceSum, trace.Sum, []int{3, 4}),
		red("Sum/axis1", trace.OpReduceSum, trace.Sum, []int{3, 4}, 1),
		red("Sum/axes0-2", trace.OpReduceSum, trace.Sum, []int{2, 3, 4}, 0, -1),
		red("Sum/empty-axis", trace.OpReduceSum, trace.Sum, []int{0, 3}, 0),
		red("Mean/axis-1", trace.OpReduceSum, trace.Mean, []int{3, 4}, -1),
		red("Mean/all", trace.OpReduceSum, trace.Mean, []int{2, 3, 2}),
		// Continuous random inputs: ties at the extremum have probability 0.
		red("Max/axis0", trace.OpReduceMax, trace.Max, []int{3, 4}, 0),
		red("Max/all", trace.OpReduceMax, trace.Max, []int{2, 3}),
		red("Min/axis1", trace.OpReduceMin, trace.Min, []int{3, 4}, 1),
		red("Min/axes0-2", trace.OpReduceMin, trace.Min, []int{2, 3, 2}, 0, 2),
		// Ties in pairs: the JVP is the mean of the tied tangents, which is
		// what central differences give for two tied elements (not for three).
		{Name: "Max/tied-pairs", Ops: ops(trace.OpReduceMax), Shapes: shapes([]int{2, 3}), Smooth: true, FirstOrderOnly: true,
			Values: [][]float64{{1.5, -0.3, 1.5, 0.2, 0.7, 0.7}}, Fn: unary(func(x *arr) *arr { return trace.Max(x, 1) })},
		{Name: "Prod/axis1-zeros", Ops: ops(trace.OpReduceProd), Shapes: shapes([]int{3, 4}), Values: zeros, Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Prod(x, 1) })},
		{Name: "Prod/all-one-zero", Ops: ops(trace.OpReduceProd), Shapes: shapes([]int{2, 3}), Smooth: true,
			Values: [][]float64{{1.5, -0.8, 0, 1.2, 0.9, -1.3}}, Fn: unary(func(x *arr) *arr { return trace.Prod(x) })},
		{Name: "Prod/axes0-2-zeros", Ops: ops(trace.OpReduceProd), Shapes: shapes([]int{2, 3, 2}), Values: zeros, Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Prod(x, 0, 2) })},
		// An odd number of factors per product (5), without zeros.
		red("Prod/axis0-odd", trace.OpReduceProd, trace.Prod, []int{5, 2}, 0),
		red("Prod/size-one-axis", trace.OpReduceProd, trace.Prod, []int{3, 1}, 1),
		red("Max/size-one-axis", trace.OpReduceMax, trace.Max, []int{1, 3}, 0),
		red("LogSumExp/axis1", trace.OpReduceMax, trace.LogSumExp, []int{3, 4}, 1),
		red("LogSumExp/all", trace.OpReduceMax, trace.LogSumExp, []int{2, 3}),
		red("LogSumExp/axes0-2", trace.OpReduceMax, trace.LogSumExp, []int{2, 3, 2}, 0, 2),
		{Name: "Softmax/axis-1", Ops: ops(trace.OpExp, trace.OpReduceMax, trace.OpStopGradient), Shapes: shapes([]int{3, 4}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Softmax(x, -1) })},
		// Logits far beyond exp's range in f32 (e^89 overflows): only the
		// max-shift keeps values and derivatives finite.
		{Name: "Softmax/large-logits", Ops: ops(trace.OpExp, trace.OpStopGradient), Shapes: shapes([]int{2, 3}), Smooth: true,
			Domain: Uniform(95, 100), Fn: unary(func(x *arr) *arr { return trace.Softmax(x, -1) })},
		{Name: "LogSumExp/large", Ops: ops(trace.OpReduceMax, trace.OpLog), Shapes: shapes([]int{4}), Smooth: true,
			Domain: Uniform(95, 100), Fn: unary(func(x *arr) *arr { return trace.LogSumExp(x) })},
		{Name: "Softmax/axis0", Ops: ops(trace.OpExp, trace.OpDiv), Shapes: shapes([]int{3, 2, 2}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Softmax(x, 0) })},
		{Name: "Softmax/axis1-of-3", Ops: ops(trace.OpExp, trace.OpDiv), Shapes: shapes([]int{2, 3, 2}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Softmax(x, 1) })},
		// Index-valued reductions: integer outputs, no derivative.
		{Name: "ArgMax", Ops: ops(trace.OpArgMax), Shapes: shapes([]int{3, 4}), Smooth: false,
			Fn: unary(func(x *arr) *arr { return trace.ArgMax(x, 1) })},
		{Name: "ArgMin", Ops: ops(trace.OpArgMin), Shapes: shapes([]int{3, 4}), Smooth: false,
			Fn: unary(func(x *arr) *arr { return trace.ArgMin(x, 0) })},
		// Gathering at the argmax is the max: smooth away from ties.
		{Name: "Take/at-argmax", Ops: ops(trace.OpArgMax, trace.OpGather), Shapes: shapes([]int{3, 4}), Smooth: true,
			Fn: unary(func(x *arr) *arr {
				flat := trace.Reshape(x, -1)
				return trace.Take(flat, trace.ArgMax(flat, 0), 0)
			})},
	}
}
