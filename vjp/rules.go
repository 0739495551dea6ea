package vjp

import "github.com/leibniz-go/leibniz/trace"

// transposeRule transposes one linear primitive application. cts are the
// cotangents of the outputs (nil for a symbolic zero, but never all zero;
// every primitive but custom_lin has one output, so rules read ct := cts[0]). linear[i] reports whether
// operand i is linear (then args[i] is nil and the rule returns its
// cotangent); the other operands carry their values in args. in are the
// operand types. The rule returns one cotangent per operand: nil for operands
// that are not linear, or whose cotangent is zero.
//
// A transpose rule is itself built from primitives, so it can be traced again
// (grad of grad), and the transpose of a contraction is a contraction
// (dot_general → dot_general), never a broadcast product.
type transposeRule func(p trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, in []trace.Aval) []*trace.Array

var transposeRules [trace.NumOps]transposeRule

// init fills the table in one place; only primitives marked Linear in trace's
// op table have an entry (a completeness test checks both directions).
func init() {
	transposeRules = [trace.NumOps]transposeRule{
		trace.OpNeg:            negTranspose,
		trace.OpAdd:            addTranspose,
		trace.OpSub:            subTranspose,
		trace.OpMul:            mulTranspose,
		trace.OpDiv:            divTranspose,
		trace.OpSelect:         selectTranspose,
		trace.OpConvert:        convertTranspose,
		trace.OpReduceSum:      reduceSumTranspose,
		trace.OpBroadcastInDim: broadcastTranspose,
		trace.OpReshape:        reshapeTranspose,
		trace.OpTranspose:      transposeTranspose,
		trace.OpSlice:          sliceTranspose,
		trace.OpPad:            padTranspose,
		trace.OpConcatenate:    concatenateTranspose,
		trace.OpRev:            revTranspose,
		trace.OpGather:         gatherTranspose,
		trace.OpScatterAdd:     scatterAddTranspose,
		trace.OpDotGeneral:     dotGeneralTranspose,
		trace.OpCustomLin:      customLinTranspose,
	}
}
