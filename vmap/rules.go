package vmap

import "github.com/leibniz-go/leibniz/trace"

// batchCtx is what rules need to know about the batch besides the operands.
type batchCtx struct {
	size int
	// ctx is a batched operand that broadcasts of unbatched operands are
	// bound next to (so staging records them instead of materializing).
	ctx *trace.Array
}

// batchRule applies op to batched operands: vals[i] carries the batch along
// axis dims[i], or is unbatched when dims[i] is notMapped (at least one
// operand is batched). It returns the result and the axis along which it
// carries the batch. Rules move a batch axis only when the primitive needs
// it somewhere else, and never broadcast an unbatched operand that a
// primitive can use as it is (dot_general, gather and slice-like ops).
type batchRule func(c batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int)

var batchRules [trace.NumOps]batchRule

// init fills the table in one place (the rules re-enter Process through
// Bind, which would make a keyed composite literal an initialization cycle).
func init() {
	batchRules = [trace.NumOps]batchRule{
		trace.OpNeg:      unaryBatch,
		trace.OpAbs:      unaryBatch,
		trace.OpSign:     unaryBatch,
		trace.OpExp:      unaryBatch,
		trace.OpLog:      unaryBatch,
		trace.OpLog1p:    unaryBatch,
		trace.OpExpm1:    unaryBatch,
		trace.OpSin:      unaryBatch,
		trace.OpCos:      unaryBatch,
		trace.OpTan:      unaryBatch,
		trace.OpTanh:     unaryBatch,
		trace.OpLogistic: unaryBatch,
		trace.OpSqrt:     unaryBatch,
		trace.OpRsqrt:    unaryBatch,
		trace.OpFloor:    unaryBatch,
		trace.OpCeil:     unaryBatch,
		trace.OpRound:    unaryBatch,
		trace.OpErf:      unaryBatch,
		trace.OpNot:      unaryBatch,

		trace.OpAdd:   naryBatch,
		trace.OpSub:   naryBatch,
		trace.OpMul:   naryBatch,
		trace.OpDiv:   naryBatch,
		trace.OpPow:   naryBatch,
		trace.OpMax:   naryBatch,
		trace.OpMin:   naryBatch,
		trace.OpAtan2: naryBatch,
		trace.OpAnd:   naryBatch,
		trace.OpOr:    naryBatch,
		trace.OpEq:    naryBatch,
		trace.OpNe:    naryBatch,
		trace.OpLt:    naryBatch,
		trace.OpLe:    naryBatch,
		trace.OpGt:    naryBatch,
		trace.OpGe:    naryBatch,

		trace.OpSelect:       naryBatch,
		trace.OpConvert:      unaryBatch,
		trace.OpStopGradient: unaryBatch,

		trace.OpReduceSum:  reduceBatch,
		trace.OpReduceMax:  reduceBatch,
		trace.OpReduceMin:  reduceBatch,
		trace.OpReduceProd: reduceBatch,
		trace.OpArgMax:     argBatch,
		trace.OpArgMin:     argBatch,

		trace.OpBroadcastInDim: broadcastBatch,
		trace.OpReshape:        reshapeBatch,
		trace.OpTranspose:      transposeBatch,
		trace.OpSlice:          sliceBatch,
		trace.OpPad:            padBatch,
		trace.OpConcatenate:    concatenateBatch,
		trace.OpRev:            revBatch,
		trace.OpGather:         gatherBatch,
		trace.OpScatterAdd:     scatterAddBatch,

		trace.OpDotGeneral: dotGeneralBatch,

		trace.OpCustomLin: customLinBatch,
	}
}
