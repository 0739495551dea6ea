package transformtest

import "github.com/leibniz-go/leibniz/trace"

// unarySpecs is an elementwise function on a [2,3] array and on a scalar.
func unarySpecs(name string, op trace.Op, f fn1, dom Domain, smooth bool) []OpSpec {
	return []OpSpec{
		{Name: name, Ops: ops(op), Fn: unary(f), Shapes: shapes([]int{2, 3}), Domain: dom, Smooth: smooth},
		{Name: name + "/scalar", Ops: ops(op), Fn: unary(f), Shapes: shapes([]int{}), Domain: dom, Smooth: smooth},
	}
}

func elementwiseSpecs() []OpSpec {
	positive := Uniform(0.5, 2)
	var s []OpSpec
	for _, u := range []struct {
		name   string
		op     trace.Op
		f      fn1
		dom    Domain
		smooth bool
	}{
		{"Neg", trace.OpNeg, trace.Neg, nil, true},
		{"Abs", trace.OpAbs, trace.Abs, AwayFromZero(0.25, 2), true}, // kink at 0
		{"Sign", trace.OpSign, trace.Sign, nil, false},
		{"Square", trace.OpMul, trace.Square, nil, true},
		{"Exp", trace.OpExp, trace.Exp, nil, true},
		{"Log", trace.OpLog, trace.Log, positive, true},
		{"Log1p", trace.OpLog1p, trace.Log1p, Uniform(-0.5, 2), true},
		{"Expm1", trace.OpExpm1, trace.Expm1, nil, true},
		{"Sin", trace.OpSin, trace.Sin, Uniform(-3, 3), true},
		{"Cos", trace.OpCos, trace.Cos, Uniform(-3, 3), true},
		{"Tan", trace.OpTan, trace.Tan, Uniform(-1.2, 1.2), true}, // poles at ±π/2
		{"Tanh", trace.OpTanh, trace.Tanh, nil, true},
		{"Sigmoid", trace.OpLogistic, trace.Sigmoid, Uniform(-4, 4), true},
		{"Sqrt", trace.OpSqrt, trace.Sqrt, positive, true},
		{"Rsqrt", trace.OpRsqrt, trace.Rsqrt, positive, true},
		{"Reciprocal", trace.OpDiv, trace.Reciprocal, AwayFromZero(0.5, 2), true},
		{"Floor", trace.OpFloor, trace.Floor, Uniform(-3, 3), false},
		{"Ceil", trace.OpCeil, trace.Ceil, Uniform(-3, 3), false},
		{"Round", trace.OpRound, trace.Round, Uniform(-3, 3), false},
		{"Erf", trace.OpErf, trace.Erf, nil, true},
	} {
		s = append(s, unarySpecs(u.name, u.op, u.f, u.dom, u.smooth)...)
	}
	// Saturated logistic: derivatives ≈ e^-|x| must not turn into 0 − 0
	// cancellation noise or NaN.
	s = append(s, OpSpec{Name: "Sigmoid/saturated", Ops: ops(trace.OpLogistic), Fn: unary(trace.Sigmoid), Shapes: shapes([]int{4}),
		Domain: AwayFromZero(15, 30), Smooth: true})
	// Away from the integers, x·floor(x) is smooth: floor contributes a zero
	// tangent inside a differentiable composition.
	notInt := Intervals([2]float64{-1.9, -1.1}, [2]float64{-0.9, -0.1}, [2]float64{0.1, 0.9}, [2]float64{1.1, 1.9})
	s = append(s, OpSpec{Name: "Floor/times-x", Ops: ops(trace.OpFloor, trace.OpMul),
		Fn: unary(func(x *arr) *arr { return trace.Mul(x, trace.Floor(x)) }), Shapes: shapes([]int{5}), Domain: notInt, Smooth: true})

	// Binary functions, with broadcasting: [2,3] against [3], a column
	// against a row, a scalar against a matrix.
	bin := func(name string, op trace.Op, f fn2, dom Domain, sh ...[]int) OpSpec {
		if len(sh) == 0 {
			sh = shapes([]int{2, 3}, []int{3})
		}
		return OpSpec{Name: name, Ops: ops(op, trace.OpBroadcastInDim), Fn: binary(f), Shapes: sh, Domain: dom, Smooth: true}
	}
	s = append(s,
		bin("Add", trace.OpAdd, trace.Add, nil),
		bin("Add/column-row", trace.OpAdd, trace.Add, nil, []int{3, 1}, []int{4}),
		OpSpec{Name: "Add/same-shape", Ops: ops(trace.OpAdd), Fn: binary(trace.Add), Shapes: shapes([]int{4}, []int{4}), Smooth: true},
		OpSpec{Name: "Add/scalars", Ops: ops(trace.OpAdd), Fn: binary(trace.Add), Shapes: shapes([]int{}, []int{}), Smooth: true},
		// Size-1 axes that expand (not only new axes): [2,1,3] + [4,1] → [2,4,3].
		bin("Add/size-one-axes", trace.OpAdd, trace.Add, nil, []int{2, 1, 3}, []int{4, 1}),
		bin("Sub", trace.OpSub, trace.Sub, nil),
		OpSpec{Name: "Sub/self-cancels", Ops: ops(trace.OpSub), Fn: unary(func(x *arr) *arr { return trace.Sub(x, x) }), Shapes: shapes([]int{3}), Smooth: true},
		// The identity binds no primitive: the output is the input tracer.
		OpSpec{Name: "Identity", Fn: unary(func(x *arr) *arr { return x }), Shapes: shapes([]int{2, 2}), Smooth: true},
		bin("Sub/scalar-matrix", trace.OpSub, trace.Sub, nil, []int{}, []int{2, 3}),
		bin("Mul", trace.OpMul, trace.Mul, nil),
		bin("Mul/scalar-matrix", trace.OpMul, trace.Mul, nil, []int{2, 3}, []int{}),
		OpSpec{Name: "Mul/self", Ops: ops(trace.OpMul), Fn: unary(func(x *arr) *arr { return trace.Mul(x, x) }), Shapes: shapes([]int{3}), Smooth: true},
		OpSpec{Name: "Mul/weak-scalar", Ops: ops(trace.OpMul), Fn: unary(func(x *arr) *arr { return trace.Mul(x, sc(2.5)) }), Shapes: shapes([]int{2, 2}), Smooth: true},
		// An integer constant promotes to the input's float dtype.
		OpSpec{Name: "Mul/int-constant", Ops: ops(trace.OpMul), Shapes: shapes([]int{2, 3}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Mul(x, trace.FromInt32s([]int32{3, -1, 2})) })},
		bin("Div", trace.OpDiv, trace.Div, PerInput(Uniform(-2, 2), AwayFromZero(0.5, 2))),
		bin("Div/column-row", trace.OpDiv, trace.Div, PerInput(Uniform(-2, 2), AwayFromZero(0.5, 2)), []int{3, 1}, []int{4}),
		OpSpec{Name: "Div/by-weak-scalar", Ops: ops(trace.OpDiv), Fn: unary(func(x *arr) *arr { return trace.Div(sc(1.5), x) }), Shapes: shapes([]int{3}), Domain: AwayFromZero(0.5, 2), Smooth: true},
		bin("Pow", trace.OpPow, trace.Pow, PerInput(Uniform(0.5, 2), Uniform(-2, 2))), // positive base
		bin("Pow/scalar-exponent", trace.OpPow, trace.Pow, PerInput(Uniform(0.5, 2), Uniform(-2, 2)), []int{2, 3}, []int{}),
		// A negative base with a constant integer exponent: only the base has a tangent.
		OpSpec{Name: "Pow/negative-base-constant-exponent", Ops: ops(trace.OpPow),
			Fn: unary(func(x *arr) *arr { return trace.Pow(x, sc(3)) }), Shapes: shapes([]int{4}), Domain: AwayFromZero(0.5, 2), Smooth: true},
		// x ∈ ±[1, 2), y ∈ [-0.5, 0.5): max picks x where x > 0 and y elsewhere,
		// never near a tie.
		bin("Maximum", trace.OpMax, trace.Maximum, PerInput(AwayFromZero(1, 2), Uniform(-0.5, 0.5))),
		bin("Minimum", trace.OpMin, trace.Minimum, PerInput(AwayFromZero(1, 2), Uniform(-0.5, 0.5))),
		OpSpec{Name: "Maximum/relu", Ops: ops(trace.OpMax), Fn: unary(func(x *arr) *arr { return trace.Maximum(x, sc(0)) }),
			Shapes: shapes([]int{6}), Domain: AwayFromZero(0.25, 2), Smooth: true},
		// At a tie the tangent is the mean of both, exact for max(x, x) = x.
		OpSpec{Name: "Maximum/self-tie", Ops: ops(trace.OpMax), Fn: unary(func(x *arr) *arr { return trace.Maximum(x, x) }), Shapes: shapes([]int{3}), Smooth: true},
		OpSpec{Name: "Minimum/self-tie", Ops: ops(trace.OpMin), Fn: unary(func(x *arr) *arr { return trace.Minimum(x, x) }), Shapes: shapes([]int{3}), Smooth: true},
		// atan2(a, b) jumps where b < 0 and a crosses 0: keep a away from 0.
		bin("Atan2", trace.OpAtan2, trace.Atan2, PerInput(AwayFromZero(0.5, 2), Uniform(-2, 2))),
		bin("Atan2/scalar-vector", trace.OpAtan2, trace.Atan2, PerInput(AwayFromZero(0.5, 2), Uniform(-2, 2)), []int{}, []int{4}),
	)

	// Conversions between the float dtypes.
	s = append(s,
		// In f32 the function goes up to f64 and back down; its f64 reference
		// computes in f64 throughout (Convert to the input's own dtype is the
		// identity).
		OpSpec{Name: "Convert/f32-f64-f32", Ops: ops(trace.OpConvert), DTypes: f32Only, Smooth: true, Shapes: shapes([]int{2, 3}),
			Fn: unary(func(x *arr) *arr {
				x64 := trace.Convert(x, trace.Float64)
				return trace.Convert(trace.Mul(trace.Sin(x64), x64), x.DType())
			})},
		// Down to f32 and back up: the function is only f32-accurate.
		OpSpec{Name: "Convert/f64-f32-f64", Ops: ops(trace.OpConvert), DTypes: f64Only, Smooth: true, Internal32: true, Shapes: shapes([]int{2, 3}),
			Fn: unary(func(x *arr) *arr { return trace.Convert(trace.Exp(trace.Convert(x, trace.Float32)), x.DType()) })},
		// Promotion converts the f32 operand: an f32 tangent becomes f64.
		OpSpec{Name: "Convert/promotion-f32-f64", Ops: ops(trace.OpConvert, trace.OpMul), DTypes: f32Only, Smooth: true, Shapes: shapes([]int{3}, []int{3}),
			Fn: func(xs []*arr) *arr { return trace.Mul(xs[0], trace.Convert(trace.Sin(xs[1]), trace.Float64)) }},
		// Through an integer: piecewise constant.
		OpSpec{Name: "Convert/float-int-float", Ops: ops(trace.OpConvert), Smooth: false, Shapes: shapes([]int{5}),
			Fn: func(xs []*arr) *arr { return asInputs(trace.Convert(trace.Mul(xs[0], sc(3)), trace.Int32), xs) }},
		OpSpec{Name: "StopGradient", Ops: ops(trace.OpStopGradient), Smooth: false, Shapes: shapes([]int{2, 3}),
			Fn: unary(func(x *arr) *arr { return trace.Mul(trace.StopGradient(trace.Sin(x)), sc(2)) })},
	)
	return s
}

// logicSpecs are comparisons, logic and select.
func logicSpecs() []OpSpec {
	// Ties at [0,0], [1,1] and [1,2] between x [2,3] and y [3].
	tied := [][]float64{{0.5, -1, 2, 0.3, 1.5, -0.2}, {0.5, 1.5, -0.2}}
	cmp := func(name string, op trace.Op, f fn2) OpSpec {
		return OpSpec{Name: name, Ops: ops(op, trace.OpConvert), Shapes: shapes([]int{2, 3}, []int{3}), Values: tied, Smooth: false,
			Fn: func(xs []*arr) *arr { return asInputs(f(xs[0], xs[1]), xs) }}
	}
	aside := Intervals([2]float64{-2, -0.25}, [2]float64{0.25, 0.75}, [2]float64{1.25, 2})
	return []OpSpec{
		cmp("Equal", trace.OpEq, trace.Equal),
		cmp("NotEqual", trace.OpNe, trace.NotEqual),
		cmp("Less", trace.OpLt, trace.Less),
		cmp("LessEqual", trace.OpLe, trace.LessEqual),
		cmp("Greater", trace.OpGt, trace.Greater),
		cmp("GreaterEqual", trace.OpGe, trace.GreaterEqual),
		// A bool output: its tangent is a bool zero, its cotangent too.
		{Name: "Less/bool-output", Ops: ops(trace.OpLt), Shapes: shapes([]int{2, 3}, []int{3}), Values: tied, Smooth: false, Fn: binary(trace.Less)},
		{Name: "LogicalNot", Ops: ops(trace.OpNot, trace.OpLt), Shapes: shapes([]int{4}), Smooth: false,
			Fn: func(xs []*arr) *arr { return asInputs(trace.LogicalNot(trace.Less(xs[0], sc(0))), xs) }},
		{Name: "Where", Ops: ops(trace.OpSelect, trace.OpGt), Shapes: shapes([]int{2, 3}, []int{2, 3}), Smooth: true,
			Domain: PerInput(AwayFromZero(1, 2), Uniform(-0.5, 0.5)), // x − y never near 0
			Fn: func(xs []*arr) *arr {
				x, y := xs[0], xs[1]
				return trace.Where(trace.Greater(x, y), trace.Sin(x), trace.Mul(x, y))
			}},
		// The condition [3], the branches [2,3] and a weak scalar broadcast.
		{Name: "Where/broadcast", Ops: ops(trace.OpSelect, trace.OpBroadcastInDim), Shapes: shapes([]int{3}, []int{2, 3}), Smooth: true,
			Domain: PerInput(AwayFromZero(0.5, 2), Uniform(-2, 2)),
			Fn: func(xs []*arr) *arr {
				c, x := xs[0], xs[1]
				return trace.Where(trace.Greater(c, sc(0)), trace.Mul(x, c), sc(0.5))
			}},
		// Logic on the predicate of a select: and, or, not.
		{Name: "LogicalAnd-Or-Not/Where", Ops: ops(trace.OpAnd, trace.OpOr, trace.OpNot, trace.OpSelect), Shapes: shapes([]int{2, 3}, []int{2, 3}),
			Smooth: true, Domain: PerInput(AwayFromZero(0.25, 2), aside),
			Fn: func(xs []*arr) *arr {
				x, y := xs[0], xs[1]
				p := trace.LogicalOr(trace.LogicalAnd(trace.Greater(x, sc(0)), trace.Less(y, sc(0))), trace.LogicalNot(trace.Less(y, sc(1))))
				return trace.Where(p, trace.Mul(x, y), trace.Sin(x))
			}},
	}
}
