package jvp

import "github.com/leibniz-go/leibniz/trace"

// jvpRule computes the primal result of op and its tangent from the operands'
// primals and tangents. The contract, which makes higher-order derivatives
// work:
//
//   - the tangent is linear in the tangents and built only from primitives
//     (through trace's functions), so it can be traced again;
//   - a rule never branches on tangent values, only on whether a tangent is
//     the symbolic zero (nil);
//   - the returned tangent is nil when it is zero (e.g. for integer outputs).
//
// Process only calls a rule when at least one tangent is non-zero.
type jvpRule func(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (out, tangent *trace.Array)

var jvpRules [trace.NumOps]jvpRule

// init fills the table in one place (a keyed composite literal would form an
// initialization cycle through the rules that re-enter Process).
func init() {
	jvpRules = [trace.NumOps]jvpRule{
		trace.OpNeg:      linearJVP,
		trace.OpAbs:      unary(func(x, _ *trace.Array) *trace.Array { return trace.Sign(x) }),
		trace.OpSign:     zeroJVP,
		trace.OpExp:      unary(func(_, y *trace.Array) *trace.Array { return y }),
		trace.OpLog:      unaryDiv(func(x, _ *trace.Array) *trace.Array { return x }),
		trace.OpLog1p:    unaryDiv(func(x, _ *trace.Array) *trace.Array { return trace.Add(x, trace.Scalar(1)) }),
		trace.OpExpm1:    unary(func(_, y *trace.Array) *trace.Array { return trace.Add(y, trace.Scalar(1)) }),
		trace.OpSin:      unary(func(x, _ *trace.Array) *trace.Array { return trace.Cos(x) }),
		trace.OpCos:      unary(func(x, _ *trace.Array) *trace.Array { return trace.Neg(trace.Sin(x)) }),
		trace.OpTan:      unary(func(_, y *trace.Array) *trace.Array { return trace.Add(trace.Scalar(1), trace.Square(y)) }),
		trace.OpTanh:     unary(func(_, y *trace.Array) *trace.Array { return trace.Sub(trace.Scalar(1), trace.Square(y)) }),
		trace.OpLogistic: unary(func(_, y *trace.Array) *trace.Array { return trace.Mul(y, trace.Sub(trace.Scalar(1), y)) }),
		trace.OpSqrt:     unaryDiv(func(_, y *trace.Array) *trace.Array { return trace.Mul(trace.Scalar(2), y) }),
		trace.OpRsqrt:    unary(func(x, y *trace.Array) *trace.Array { return trace.Mul(trace.Scalar(-0.5), trace.Div(y, x)) }),
		trace.OpFloor:    zeroJVP,
		trace.OpCeil:     zeroJVP,
		trace.OpRound:    zeroJVP,
		trace.OpErf:      unary(erfDeriv),
		trace.OpNot:      zeroJVP,

		trace.OpAdd:   linearJVP,
		trace.OpSub:   linearJVP,
		trace.OpMul:   mulJVP,
		trace.OpDiv:   divJVP,
		trace.OpPow:   powJVP,
		trace.OpMax:   chooseJVP(trace.Greater, trace.Less),
		trace.OpMin:   chooseJVP(trace.Less, trace.Greater),
		trace.OpAtan2: atan2JVP,
		trace.OpAnd:   zeroJVP,
		trace.OpOr:    zeroJVP,
		trace.OpEq:    zeroJVP,
		trace.OpNe:    zeroJVP,
		trace.OpLt:    zeroJVP,
		trace.OpLe:    zeroJVP,
		trace.OpGt:    zeroJVP,
		trace.OpGe:    zeroJVP,

		trace.OpSelect:       selectJVP,
		trace.OpConvert:      convertJVP,
		trace.OpStopGradient: zeroJVP,

		trace.OpReduceSum:  linearJVP,
		trace.OpReduceMax:  reduceChooseJVP,
		trace.OpReduceMin:  reduceChooseJVP,
		trace.OpReduceProd: reduceProdJVP,
		trace.OpArgMax:     zeroJVP,
		trace.OpArgMin:     zeroJVP,

		trace.OpBroadcastInDim: linearJVP,
		trace.OpReshape:        linearJVP,
		trace.OpTranspose:      linearJVP,
		trace.OpSlice:          linearJVP,
		trace.OpPad:            linearJVP,
		trace.OpConcatenate:    linearJVP,
		trace.OpRev:            linearJVP,
		trace.OpGather:         gatherJVP,
		trace.OpScatterAdd:     scatterAddJVP,

		trace.OpDotGeneral: dotGeneralJVP,

		trace.OpCustomLin: customLinJVP,
	}
}
