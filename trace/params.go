package trace

import (
	"strconv"
	"strings"
)

// Params are the static parameters of a primitive application. Each primitive
// that has parameters has its own struct type; String prints them as
// "[name=value ...]" with names sorted, which is how they appear in programs.
// Params values are immutable once bound.
type Params interface {
	String() string
}

// ConvertParams are the parameters of convert: the target dtype, and whether
// the result is weakly typed (when a weak scalar meets another weak scalar).
type ConvertParams struct {
	DType DType
	Weak  bool
}

func (p ConvertParams) String() string {
	if p.Weak {
		return "[dtype=" + p.DType.String() + " weak=true]"
	}
	return "[dtype=" + p.DType.String() + "]"
}

// ReduceParams are the parameters of reduce_sum, reduce_max, reduce_min and
// reduce_prod: the axes reduced, sorted ascending and unique.
type ReduceParams struct{ Axes []int }

func (p ReduceParams) String() string { return "[axes=" + tuple(p.Axes) + "]" }

// ArgParams are the parameters of argmax and argmin.
type ArgParams struct {
	Axis       int
	IndexDType DType
}

func (p ArgParams) String() string {
	return "[axis=" + itoa(p.Axis) + " index_dtype=" + p.IndexDType.String() + "]"
}

// BroadcastParams are the parameters of broadcast_in_dim: operand axis i
// becomes output axis Dims[i] (strictly increasing), where it must be 1 or
// equal Shape[Dims[i]]; the other output axes are new.
type BroadcastParams struct {
	Shape []int
	Dims  []int
}

func (p BroadcastParams) String() string {
	return "[dims=" + tuple(p.Dims) + " shape=" + tuple(p.Shape) + "]"
}

// ReshapeParams are the parameters of reshape: the new shape (no -1 here; the
// user-level Reshape resolves it).
type ReshapeParams struct{ Shape []int }

func (p ReshapeParams) String() string { return "[shape=" + tuple(p.Shape) + "]" }

// TransposeParams are the parameters of transpose: output axis i is operand
// axis Perm[i].
type TransposeParams struct{ Perm []int }

func (p TransposeParams) String() string { return "[perm=" + tuple(p.Perm) + "]" }

// SliceParams are the parameters of slice: per axis, elements Start,
// Start+Stride, ... below Limit.
type SliceParams struct{ Start, Limit, Strides []int }

func (p SliceParams) String() string {
	return "[limit=" + tuple(p.Limit) + " start=" + tuple(p.Start) + " strides=" + tuple(p.Strides) + "]"
}

// PadParams are the parameters of pad: per axis, Lo elements before, Hi after
// and Interior between neighbours, all ≥ 0.
type PadParams struct{ Lo, Hi, Interior []int }

func (p PadParams) String() string {
	return "[hi=" + tuple(p.Hi) + " interior=" + tuple(p.Interior) + " lo=" + tuple(p.Lo) + "]"
}

// AxisParams are the parameters of the primitives that act along one axis:
// concatenate, gather and scatter_add.
type AxisParams struct{ Axis int }

func (p AxisParams) String() string { return "[axis=" + itoa(p.Axis) + "]" }

// RevParams are the parameters of rev: the axes reversed.
type RevParams struct{ Axes []int }

func (p RevParams) String() string { return "[axes=" + tuple(p.Axes) + "]" }

// DotParams are the parameters of dot_general: paired contracting axes and
// paired batch axes of the two operands. The output has the batch axes, then
// the free axes of the left operand, then the free axes of the right one.
type DotParams struct {
	LhsContract, RhsContract []int
	LhsBatch, RhsBatch       []int
}

func (p DotParams) String() string {
	return "[lhs_batch=" + tuple(p.LhsBatch) + " lhs_contract=" + tuple(p.LhsContract) +
		" rhs_batch=" + tuple(p.RhsBatch) + " rhs_contract=" + tuple(p.RhsContract) + "]"
}

func paramString(p Params) string {
	if p == nil {
		return ""
	}
	return p.String()
}

// tuple prints ints as "(1,2)"; the empty tuple is "()".
func tuple(xs []int) string {
	var sb strings.Builder
	sb.WriteByte('(')
	for i, x := range xs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(x))
	}
	sb.WriteByte(')')
	return sb.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
