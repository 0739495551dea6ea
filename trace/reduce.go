package trace

// Reductions. The axes are variadic, may be negative, and none means all axes.
// The reduced axes are removed from the result (NumPy's keepdims=False).

func reduce(fn string, op Op, a *Array, axes []int) *Array {
	operand(fn, 0, a)
	if a.aval.DType == Bool {
		if op != OpReduceSum && op != OpReduceProd {
			Raise(fn, []Aval{a.aval}, "not defined for bool operands; convert with Convert(x, Int32) first")
		}
		a = Convert(a, Int32)
	}
	ax := normAxes(fn, a, axes)
	if len(ax) == 0 {
		return a
	}
	return Bind1(op, ReduceParams{Axes: ax}, a)
}

// Sum returns the sum over axes (all axes when none are given). Bool operands
// count as Int32; an empty sum is 0.
func Sum(a *Array, axes ...int) *Array { return reduce("Sum", OpReduceSum, a, axes) }

// Prod returns the product over axes; an empty product is 1.
func Prod(a *Array, axes ...int) *Array { return reduce("Prod", OpReduceProd, a, axes) }

// Max returns the maximum over axes; NaN propagates; an empty maximum is −Inf
// (the smallest integer for integer dtypes).
func Max(a *Array, axes ...int) *Array { return reduce("Max", OpReduceMax, a, axes) }

// Min returns the minimum over axes; NaN propagates; an empty minimum is +Inf.
func Min(a *Array, axes ...int) *Array { return reduce("Min", OpReduceMin, a, axes) }

// Mean returns the arithmetic mean over axes, as a float (integer operands
// convert first). The mean of no elements is NaN, as in NumPy.
func Mean(a *Array, axes ...int) *Array {
	x := toFloat("Mean", 0, a)
	ax := normAxes("Mean", x, axes)
	n := 1
	for _, i := range ax {
		n *= x.aval.Shape[i]
	}
	s := reduce("Mean", OpReduceSum, x, ax)
	return Bind1(OpDiv, nil, s, constLike(float64(n), s))
}

// ArgMax returns the Int64 indices of the first maximum along axis (a NaN
// counts as the maximum, as in NumPy). The axis must not be empty.
func ArgMax(a *Array, axis int) *Array { return argReduce("ArgMax", OpArgMax, a, axis) }

// ArgMin returns the Int64 indices of the first minimum along axis.
func ArgMin(a *Array, axis int) *Array { return argReduce("ArgMin", OpArgMin, a, axis) }

func argReduce(fn string, op Op, a *Array, axis int) *Array {
	operand(fn, 0, a)
	if a.aval.DType == Bool {
		a = Convert(a, Int32)
	}
	ax := normAxis(fn, a, axis, a.Rank())
	return Bind1(op, ArgParams{Axis: ax, IndexDType: Int64}, a)
}

// keepDims reshapes a reduction result r back to the rank of a, with size 1 on
// the reduced axes, so that it broadcasts against a.
func keepDims(r, a *Array, axes []int) *Array {
	shape := make([]int, a.Rank())
	copy(shape, a.aval.Shape)
	for _, ax := range axes {
		shape[ax] = 1
	}
	return Bind1(OpReshape, ReshapeParams{Shape: shape}, r)
}

// LogSumExp returns log(Σ exp(a)) over axes, computed stably by subtracting the
// maximum first (the maximum is a constant for differentiation, which does not
// change the result).
func LogSumExp(a *Array, axes ...int) *Array {
	x := toFloat("LogSumExp", 0, a)
	ax := normAxes("LogSumExp", x, axes)
	if len(ax) == 0 {
		return x
	}
	m := StopGradient(Bind1(OpReduceMax, ReduceParams{Axes: ax}, x))
	// An all −Inf (or +Inf) slice would give Inf − Inf = NaN; shift by 0 there.
	finite := Less(Abs(m), Scalar(inf))
	m = Where(finite, m, Scalar(0))
	shifted := Sub(x, keepDims(m, x, ax))
	s := Bind1(OpReduceSum, ReduceParams{Axes: ax}, Exp(shifted))
	return Add(Log(s), m)
}

// Softmax returns exp(a) normalized to sum to 1 along axis, computed stably.
func Softmax(a *Array, axis int) *Array {
	x := toFloat("Softmax", 0, a)
	ax := []int{normAxis("Softmax", x, axis, x.Rank())}
	m := StopGradient(Bind1(OpReduceMax, ReduceParams{Axes: ax}, x))
	e := Exp(Sub(x, keepDims(m, x, ax)))
	s := Bind1(OpReduceSum, ReduceParams{Axes: ax}, e)
	return Div(e, keepDims(s, x, ax))
}
