package trace

import "slices"

// Helpers the user-level functions share: nil checks, dtype promotion and
// NumPy broadcasting, all reporting errors under the user-level function's name.

// operand checks that a is not nil.
func operand(fn string, i int, a *Array) *Array {
	if a == nil {
		Raise(fn, nil, "operand %d is a nil *Array", i)
	}
	return a
}

// promoteAll converts the operands to the dtype they promote to (see the
// package doc), returning them and that dtype.
func promoteAll(fn string, xs ...*Array) ([]*Array, DType) {
	for i, x := range xs {
		operand(fn, i, x)
	}
	dt, weak := xs[0].aval.DType, xs[0].aval.Weak
	for _, x := range xs[1:] {
		dt, weak = promote(dt, weak, x.aval.DType, x.aval.Weak)
	}
	out := make([]*Array, len(xs))
	for i, x := range xs {
		out[i] = convertTo(x, dt, weak)
	}
	return out, dt
}

// convertTo converts x to dt, keeping weakness only when weak is set and x is
// weak; it returns x itself when nothing changes.
func convertTo(x *Array, dt DType, weak bool) *Array {
	if x.aval.DType == dt && (x.aval.Weak == weak || !x.aval.Weak) {
		return x
	}
	return Bind1(OpConvert, ConvertParams{DType: dt, Weak: weak && x.aval.Weak}, x)
}

// broadcastShapes returns the NumPy broadcast of the operands' shapes.
func broadcastShapes(fn string, xs []*Array) []int {
	shapes := make([][]int, len(xs))
	for i, x := range xs {
		shapes[i] = x.aval.Shape
	}
	return broadcastShapeList(fn, xs, shapes, "shapes")
}

// broadcastShapeList broadcasts shapes (of the operands xs, or of parts of
// them, which what names) with NumPy rules; errors show the operands.
func broadcastShapeList(fn string, xs []*Array, shapes [][]int, what string) []int {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make([]int, rank)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		off := rank - len(s)
		for i, d := range s {
			switch o := out[off+i]; {
			case o == d || d == 1:
			case o == 1:
				out[off+i] = d
			default:
				raiseShapes(fn, xs, "%s cannot be broadcast together: axis %d has sizes %d and %d (NumPy broadcasting: sizes must match or be 1, aligned from the last axis)", what, off+i-rank, o, d)
			}
		}
	}
	return out
}

func raiseShapes(fn string, xs []*Array, format string, args ...any) {
	avals := make([]Aval, len(xs))
	for i, x := range xs {
		avals[i] = x.aval
	}
	Raise(fn, avals, format, args...)
}

// broadcastAll promotes the operands to one dtype and broadcasts them to one
// shape.
func broadcastAll(fn string, xs ...*Array) []*Array {
	xs, _ = promoteAll(fn, xs...)
	shape := broadcastShapes(fn, xs)
	ctx := topInterpreter(xs)
	for i, x := range xs {
		xs[i] = broadcastIn(ctx, x, shape)
	}
	return xs
}

// topInterpreter returns the highest-level interpreter among the operands'
// tracers, or nil when all are concrete.
func topInterpreter(xs []*Array) Interpreter {
	var top Interpreter
	for _, x := range xs {
		if x.tracer != nil {
			if it := x.tracer.Interpreter(); top == nil || it.Level() > top.Level() {
				top = it
			}
		}
	}
	return top
}

// broadcastTo broadcasts x to shape along trailing axes (shape is valid).
func broadcastTo(x *Array, shape []int) *Array { return broadcastIn(nil, x, shape) }

// broadcastIn is broadcastTo bound in the context of interpreter ctx.
func broadcastIn(ctx Interpreter, x *Array, shape []int) *Array {
	if slices.Equal(x.aval.Shape, shape) {
		return x
	}
	dims := make([]int, x.Rank())
	for i := range dims {
		dims[i] = len(shape) - x.Rank() + i
	}
	return bindIn(ctx, OpBroadcastInDim, BroadcastParams{Shape: shape, Dims: dims}, []*Array{x})[0]
}

// normAxis maps a possibly negative axis into [0, rank).
func normAxis(fn string, a *Array, axis, rank int) int {
	if axis < -rank || axis >= rank {
		Raise(fn, []Aval{a.aval}, "axis %d out of range for rank %d (valid: %d to %d)", axis, rank, -rank, rank-1)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// normAxes normalizes, sorts and checks for duplicates; no axes means all.
func normAxes(fn string, a *Array, axes []int) []int {
	if len(axes) == 0 {
		return identityPerm(a.Rank())
	}
	out := make([]int, len(axes))
	for i, ax := range axes {
		out[i] = normAxis(fn, a, ax, a.Rank())
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			Raise(fn, []Aval{a.aval}, "axis %d is given twice in %v", out[i], axes)
		}
	}
	return out
}

// toFloat converts an integer or bool operand of a float-only function to its
// float type (Int64 → Float64, Int32 and Bool → Float32).
func toFloat(fn string, i int, a *Array) *Array {
	operand(fn, i, a)
	return convertTo(a, floatOf(a.aval.DType), a.aval.Weak)
}

// constLike returns the scalar v in x's dtype broadcast to x's shape.
func constLike(v float64, x *Array) *Array {
	c := Full(x.aval.DType, v)
	return broadcastIn(topInterpreter([]*Array{x}), c, x.aval.Shape)
}
