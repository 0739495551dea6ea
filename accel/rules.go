package accel

import (
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// lowering says how the compiler runs a primitive.
type lowering uint8

const (
	// whole: one step over whole arrays with the eager kernels
	// (trace.Compute), into a planned buffer.
	whole lowering = iota + 1
	// fused: an elementwise primitive that joins a fusion group and runs
	// chunk by chunk with chunkKernel.
	fused
)

// lowerRules classifies every primitive (a completeness test keeps it so).
// broadcast_in_dim of a scalar and full reductions are fused as well, as a
// group's fills and sinks; see fuse.go.
var lowerRules = [trace.NumOps]lowering{
	trace.OpNeg: fused, trace.OpAbs: fused, trace.OpSign: fused, trace.OpExp: fused, trace.OpLog: fused,
	trace.OpLog1p: fused, trace.OpExpm1: fused, trace.OpSin: fused, trace.OpCos: fused, trace.OpTan: fused,
	trace.OpTanh: fused, trace.OpLogistic: fused, trace.OpSqrt: fused, trace.OpRsqrt: fused, trace.OpFloor: fused,
	trace.OpCeil: fused, trace.OpRound: fused, trace.OpErf: fused, trace.OpNot: fused,

	trace.OpAdd: fused, trace.OpSub: fused, trace.OpMul: fused, trace.OpDiv: fused, trace.OpPow: fused,
	trace.OpMax: fused, trace.OpMin: fused, trace.OpAtan2: fused, trace.OpAnd: fused, trace.OpOr: fused,
	trace.OpEq: fused, trace.OpNe: fused, trace.OpLt: fused, trace.OpLe: fused, trace.OpGt: fused, trace.OpGe: fused,

	trace.OpSelect: fused, trace.OpConvert: fused, trace.OpStopGradient: fused,

	trace.OpReduceSum: whole, trace.OpReduceMax: whole, trace.OpReduceMin: whole, trace.OpReduceProd: whole,
	trace.OpArgMax: whole, trace.OpArgMin: whole,

	trace.OpBroadcastInDim: whole, trace.OpReshape: whole, trace.OpTranspose: whole, trace.OpSlice: whole,
	trace.OpPad: whole, trace.OpConcatenate: whole, trace.OpRev: whole, trace.OpGather: whole, trace.OpScatterAdd: whole,

	trace.OpDotGeneral: whole,

	trace.OpCustomLin: whole,
}

// chunkKernel applies the fused primitive op to one chunk: dst and args are
// windows of equal length (bool for predicates and comparison results).
// Windows are sliced only after their type is known, so no call boxes a
// slice.
func chunkKernel(op trace.Op, _ trace.Params, dst view, args []view) {
	switch op {
	case trace.OpConvert, trace.OpStopGradient:
		convertChunk(dst, args[0])
		return
	case trace.OpSelect:
		selectChunk(dst, at[bool](args[0]), args[1], args[2])
		return
	case trace.OpNot:
		kernels.Not(at[bool](dst), at[bool](args[0]))
		return
	case trace.OpAnd:
		kernels.And(at[bool](dst), at[bool](args[0]), at[bool](args[1]))
		return
	case trace.OpOr:
		kernels.Or(at[bool](dst), at[bool](args[0]), at[bool](args[1]))
		return
	case trace.OpEq, trace.OpNe, trace.OpLt, trace.OpLe, trace.OpGt, trace.OpGe:
		compareChunk(op, at[bool](dst), args[0], args[1])
		return
	}
	switch dst.data.(type) {
	case []float32:
		floatChunk(op, at[float32](dst), args)
	case []float64:
		floatChunk(op, at[float64](dst), args)
	case []int32:
		numChunk(op, at[int32](dst), args)
	case []int64:
		numChunk(op, at[int64](dst), args)
	}
}

// at returns the window as a []T.
func at[T any](v view) []T { return v.data.([]T)[v.lo:v.hi] }

func numChunk[T kernels.Num](op trace.Op, dst []T, args []view) {
	x := at[T](args[0])
	switch op {
	case trace.OpNeg:
		kernels.Neg(dst, x)
	case trace.OpAbs:
		kernels.Abs(dst, x)
	case trace.OpSign:
		kernels.Sign(dst, x)
	case trace.OpAdd:
		kernels.Add(dst, x, at[T](args[1]))
	case trace.OpSub:
		kernels.Sub(dst, x, at[T](args[1]))
	case trace.OpMul:
		kernels.Mul(dst, x, at[T](args[1]))
	case trace.OpMax:
		kernels.Max(dst, x, at[T](args[1]))
	case trace.OpMin:
		kernels.Min(dst, x, at[T](args[1]))
	}
}

func floatChunk[T kernels.Float](op trace.Op, dst []T, args []view) {
	x := at[T](args[0])
	switch op {
	case trace.OpExp:
		kernels.Exp(dst, x)
	case trace.OpLog:
		kernels.Log(dst, x)
	case trace.OpLog1p:
		kernels.Log1p(dst, x)
	case trace.OpExpm1:
		kernels.Expm1(dst, x)
	case trace.OpSin:
		kernels.Sin(dst, x)
	case trace.OpCos:
		kernels.Cos(dst, x)
	case trace.OpTan:
		kernels.Tan(dst, x)
	case trace.OpTanh:
		kernels.Tanh(dst, x)
	case trace.OpLogistic:
		kernels.Logistic(dst, x)
	case trace.OpSqrt:
		kernels.Sqrt(dst, x)
	case trace.OpRsqrt:
		kernels.Rsqrt(dst, x)
	case trace.OpFloor:
		kernels.Floor(dst, x)
	case trace.OpCeil:
		kernels.Ceil(dst, x)
	case trace.OpRound:
		kernels.Round(dst, x)
	case trace.OpErf:
		kernels.Erf(dst, x)
	case trace.OpDiv:
		kernels.Div(dst, x, at[T](args[1]))
	case trace.OpPow:
		kernels.Pow(dst, x, at[T](args[1]))
	case trace.OpAtan2:
		kernels.Atan2(dst, x, at[T](args[1]))
	default:
		numChunk(op, dst, args)
	}
}

func compareChunk(op trace.Op, dst []bool, a, b view) {
	switch a.data.(type) {
	case []float32:
		compareTyped(op, dst, at[float32](a), at[float32](b))
	case []float64:
		compareTyped(op, dst, at[float64](a), at[float64](b))
	case []int32:
		compareTyped(op, dst, at[int32](a), at[int32](b))
	case []int64:
		compareTyped(op, dst, at[int64](a), at[int64](b))
	case []bool:
		if op == trace.OpEq {
			kernels.Eq(dst, at[bool](a), at[bool](b))
		} else {
			kernels.Ne(dst, at[bool](a), at[bool](b))
		}
	}
}

func compareTyped[T kernels.Num](op trace.Op, dst []bool, a, b []T) {
	switch op {
	case trace.OpEq:
		kernels.Eq(dst, a, b)
	case trace.OpNe:
		kernels.Ne(dst, a, b)
	case trace.OpLt:
		kernels.Lt(dst, a, b)
	case trace.OpLe:
		kernels.Le(dst, a, b)
	case trace.OpGt:
		kernels.Gt(dst, a, b)
	case trace.OpGe:
		kernels.Ge(dst, a, b)
	}
}

func selectChunk(dst view, pred []bool, t, f view) {
	switch dst.data.(type) {
	case []float32:
		kernels.Select(at[float32](dst), pred, at[float32](t), at[float32](f))
	case []float64:
		kernels.Select(at[float64](dst), pred, at[float64](t), at[float64](f))
	case []int32:
		kernels.Select(at[int32](dst), pred, at[int32](t), at[int32](f))
	case []int64:
		kernels.Select(at[int64](dst), pred, at[int64](t), at[int64](f))
	case []bool:
		kernels.Select(at[bool](dst), pred, at[bool](t), at[bool](f))
	}
}

// convertChunk converts (or copies) src into dst, any dtypes.
func convertChunk(dst, src view) {
	switch dst.data.(type) {
	case []float32:
		convertTo(at[float32](dst), src)
	case []float64:
		convertTo(at[float64](dst), src)
	case []int32:
		convertTo(at[int32](dst), src)
	case []int64:
		convertTo(at[int64](dst), src)
	case []bool:
		d := at[bool](dst)
		switch src.data.(type) {
		case []bool:
			copy(d, at[bool](src))
		case []float32:
			kernels.ToBool(d, at[float32](src))
		case []float64:
			kernels.ToBool(d, at[float64](src))
		case []int32:
			kernels.ToBool(d, at[int32](src))
		case []int64:
			kernels.ToBool(d, at[int64](src))
		}
	}
}

func convertTo[D kernels.Num](dst []D, src view) {
	switch src.data.(type) {
	case []bool:
		kernels.FromBool(dst, at[bool](src))
	case []float32:
		kernels.Convert(dst, at[float32](src))
	case []float64:
		kernels.Convert(dst, at[float64](src))
	case []int32:
		kernels.Convert(dst, at[int32](src))
	case []int64:
		kernels.Convert(dst, at[int64](src))
	}
}
