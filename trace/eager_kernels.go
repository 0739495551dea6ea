package trace

import "github.com/leibniz-go/leibniz/accel/kernels"

// Typed adapters between the untyped data slices of arrays and the generic
// kernels: one implementation per element type, chosen by dtype.

// anyOps are the kernels defined for every dtype.
type anyOps interface {
	eq(dst []bool, a, b any)
	ne(dst []bool, a, b any)
	sel(dst any, pred []bool, t, f any)
	transpose(dst, src any, shape, perm []int)
	broadcast(dst any, outShape []int, src any, srcShape, dims []int)
	slice(dst, src any, shape []int, p SliceParams)
	pad(dst, src any, shape []int, p PadParams, value any)
	concat(dst any, srcs []*Array, axis int)
	rev(dst, src any, shape, axes []int)
	gather(dst, src any, shape []int, axis int, idx any)
	fill(dst, value any)
}

// numOps are the kernels of the numeric (non-bool) dtypes.
type numOps interface {
	neg(dst, x any)
	abs(dst, x any)
	sign(dst, x any)
	add(dst, a, b any)
	sub(dst, a, b any)
	mul(dst, a, b any)
	max(dst, a, b any)
	min(dst, a, b any)
	lt(dst []bool, a, b any)
	le(dst []bool, a, b any)
	gt(dst []bool, a, b any)
	ge(dst []bool, a, b any)
	reduceSum(dst, src any, shape, axes []int)
	reduceProd(dst, src any, shape, axes []int)
	reduceMax(dst, src any, shape, axes []int)
	reduceMin(dst, src any, shape, axes []int)
	argMax(dst, src any, shape []int, axis int)
	argMin(dst, src any, shape []int, axis int)
	scatterAdd(dst any, shape []int, axis int, idx, updates any)
	dot(dst, lhs any, lhsShape []int, rhs any, rhsShape []int, p DotParams)
}

// floatOps are the kernels of the float dtypes.
type floatOps interface {
	exp(dst, x any)
	log(dst, x any)
	log1p(dst, x any)
	expm1(dst, x any)
	sin(dst, x any)
	cos(dst, x any)
	tan(dst, x any)
	tanh(dst, x any)
	logistic(dst, x any)
	sqrt(dst, x any)
	rsqrt(dst, x any)
	floor(dst, x any)
	ceil(dst, x any)
	round(dst, x any)
	erf(dst, x any)
	div(dst, a, b any)
	pow(dst, a, b any)
	atan2(dst, a, b any)
}

type anyKernels[T comparable] struct{}
type numKernels[T kernels.Num] struct{ anyKernels[T] }
type floatKernels[T kernels.Float] struct{ numKernels[T] }

var (
	anyImpls   = [...]anyOps{Bool: anyKernels[bool]{}, Int32: numKernels[int32]{}, Int64: numKernels[int64]{}, Float32: floatKernels[float32]{}, Float64: floatKernels[float64]{}}
	numImpls   = [...]numOps{Int32: numKernels[int32]{}, Int64: numKernels[int64]{}, Float32: floatKernels[float32]{}, Float64: floatKernels[float64]{}}
	floatImpls = [...]floatOps{Float32: floatKernels[float32]{}, Float64: floatKernels[float64]{}}
)

func anyImpl(d DType) anyOps     { return anyImpls[d] }
func numImpl(d DType) numOps     { return numImpls[d] }
func floatImpl(d DType) floatOps { return floatImpls[d] }

func (anyKernels[T]) eq(dst []bool, a, b any) { kernels.Eq(dst, a.([]T), b.([]T)) }
func (anyKernels[T]) ne(dst []bool, a, b any) { kernels.Ne(dst, a.([]T), b.([]T)) }
func (anyKernels[T]) sel(dst any, pred []bool, t, f any) {
	kernels.Select(dst.([]T), pred, t.([]T), f.([]T))
}
func (anyKernels[T]) transpose(dst, src any, shape, perm []int) {
	kernels.Transpose(dst.([]T), src.([]T), shape, perm)
}
func (anyKernels[T]) broadcast(dst any, outShape []int, src any, srcShape, dims []int) {
	kernels.BroadcastInDim(dst.([]T), outShape, src.([]T), srcShape, dims)
}
func (anyKernels[T]) slice(dst, src any, shape []int, p SliceParams) {
	kernels.Slice(dst.([]T), src.([]T), shape, p.Start, p.Limit, p.Strides)
}
func (anyKernels[T]) pad(dst, src any, shape []int, p PadParams, value any) {
	kernels.Pad(dst.([]T), src.([]T), shape, p.Lo, p.Hi, p.Interior, value.([]T)[0])
}
func (anyKernels[T]) concat(dst any, srcs []*Array, axis int) {
	data := make([][]T, len(srcs))
	shapes := make([][]int, len(srcs))
	for i, s := range srcs {
		data[i], shapes[i] = s.data.([]T), s.aval.Shape
	}
	kernels.Concatenate(dst.([]T), data, shapes, axis)
}
func (anyKernels[T]) fill(dst, value any) { kernels.Fill(dst.([]T), value.([]T)[0]) }
func (anyKernels[T]) rev(dst, src any, shape, axes []int) {
	kernels.Reverse(dst.([]T), src.([]T), shape, axes)
}
func (anyKernels[T]) gather(dst, src any, shape []int, axis int, idx any) {
	switch ix := idx.(type) {
	case []int32:
		kernels.Gather(dst.([]T), src.([]T), shape, axis, ix)
	case []int64:
		kernels.Gather(dst.([]T), src.([]T), shape, axis, ix)
	}
}

func (numKernels[T]) neg(dst, x any)          { kernels.Neg(dst.([]T), x.([]T)) }
func (numKernels[T]) abs(dst, x any)          { kernels.Abs(dst.([]T), x.([]T)) }
func (numKernels[T]) sign(dst, x any)         { kernels.Sign(dst.([]T), x.([]T)) }
func (numKernels[T]) add(dst, a, b any)       { kernels.Add(dst.([]T), a.([]T), b.([]T)) }
func (numKernels[T]) sub(dst, a, b any)       { kernels.Sub(dst.([]T), a.([]T), b.([]T)) }
func (numKernels[T]) mul(dst, a, b any)       { kernels.Mul(dst.([]T), a.([]T), b.([]T)) }
func (numKernels[T]) max(dst, a, b any)       { kernels.Max(dst.([]T), a.([]T), b.([]T)) }
func (numKernels[T]) min(dst, a, b any)       { kernels.Min(dst.([]T), a.([]T), b.([]T)) }
func (numKernels[T]) lt(dst []bool, a, b any) { kernels.Lt(dst, a.([]T), b.([]T)) }
func (numKernels[T]) le(dst []bool, a, b any) { kernels.Le(dst, a.([]T), b.([]T)) }
func (numKernels[T]) gt(dst []bool, a, b any) { kernels.Gt(dst, a.([]T), b.([]T)) }
func (numKernels[T]) ge(dst []bool, a, b any) { kernels.Ge(dst, a.([]T), b.([]T)) }
func (numKernels[T]) reduceSum(dst, src any, shape, axes []int) {
	kernels.ReduceSum(dst.([]T), src.([]T), shape, axes)
}
func (numKernels[T]) reduceProd(dst, src any, shape, axes []int) {
	kernels.ReduceProd(dst.([]T), src.([]T), shape, axes)
}
func (numKernels[T]) reduceMax(dst, src any, shape, axes []int) {
	kernels.ReduceMax(dst.([]T), src.([]T), shape, axes)
}
func (numKernels[T]) reduceMin(dst, src any, shape, axes []int) {
	kernels.ReduceMin(dst.([]T), src.([]T), shape, axes)
}
func (numKernels[T]) argMax(dst, src any, shape []int, axis int) {
	switch d := dst.(type) {
	case []int32:
		kernels.ArgMax(d, src.([]T), shape, axis)
	case []int64:
		kernels.ArgMax(d, src.([]T), shape, axis)
	}
}
func (numKernels[T]) argMin(dst, src any, shape []int, axis int) {
	switch d := dst.(type) {
	case []int32:
		kernels.ArgMin(d, src.([]T), shape, axis)
	case []int64:
		kernels.ArgMin(d, src.([]T), shape, axis)
	}
}
func (numKernels[T]) scatterAdd(dst any, shape []int, axis int, idx, updates any) {
	switch ix := idx.(type) {
	case []int32:
		kernels.ScatterAdd(dst.([]T), shape, axis, ix, updates.([]T))
	case []int64:
		kernels.ScatterAdd(dst.([]T), shape, axis, ix, updates.([]T))
	}
}
func (numKernels[T]) dot(dst, lhs any, lhsShape []int, rhs any, rhsShape []int, p DotParams) {
	kernels.DotGeneral(dst.([]T), lhs.([]T), lhsShape, rhs.([]T), rhsShape, p.LhsContract, p.RhsContract, p.LhsBatch, p.RhsBatch)
}

func (floatKernels[T]) exp(dst, x any)      { kernels.Exp(dst.([]T), x.([]T)) }
func (floatKernels[T]) log(dst, x any)      { kernels.Log(dst.([]T), x.([]T)) }
func (floatKernels[T]) log1p(dst, x any)    { kernels.Log1p(dst.([]T), x.([]T)) }
func (floatKernels[T]) expm1(dst, x any)    { kernels.Expm1(dst.([]T), x.([]T)) }
func (floatKernels[T]) sin(dst, x any)      { kernels.Sin(dst.([]T), x.([]T)) }
func (floatKernels[T]) cos(dst, x any)      { kernels.Cos(dst.([]T), x.([]T)) }
func (floatKernels[T]) tan(dst, x any)      { kernels.Tan(dst.([]T), x.([]T)) }
func (floatKernels[T]) tanh(dst, x any)     { kernels.Tanh(dst.([]T), x.([]T)) }
func (floatKernels[T]) logistic(dst, x any) { kernels.Logistic(dst.([]T), x.([]T)) }
func (floatKernels[T]) sqrt(dst, x any)     { kernels.Sqrt(dst.([]T), x.([]T)) }
func (floatKernels[T]) rsqrt(dst, x any)    { kernels.Rsqrt(dst.([]T), x.([]T)) }
func (floatKernels[T]) floor(dst, x any)    { kernels.Floor(dst.([]T), x.([]T)) }
func (floatKernels[T]) ceil(dst, x any)     { kernels.Ceil(dst.([]T), x.([]T)) }
func (floatKernels[T]) round(dst, x any)    { kernels.Round(dst.([]T), x.([]T)) }
func (floatKernels[T]) erf(dst, x any)      { kernels.Erf(dst.([]T), x.([]T)) }
func (floatKernels[T]) div(dst, a, b any)   { kernels.Div(dst.([]T), a.([]T), b.([]T)) }
func (floatKernels[T]) pow(dst, a, b any)   { kernels.Pow(dst.([]T), a.([]T), b.([]T)) }
func (floatKernels[T]) atan2(dst, a, b any) { kernels.Atan2(dst.([]T), a.([]T), b.([]T)) }
