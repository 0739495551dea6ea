package accel

import (
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
