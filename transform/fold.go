package transform

import "github.com/leibniz-go/leibniz/trace"

// Folding: evaluating equations at pass time when their operands are known.

// constFold evaluates e with trace.Bind when all its operands are literals or
// concrete constants and its result is small: at most one element, or no
// larger than its largest operand (so a broadcast_in_dim to a larger shape is
// never materialized, nor is a concatenation or a pad). The result becomes a
// literal (rank 0) or a new constant. Constants bound to tracers of an
// enclosing transform are not concrete and block folding.
func constFold(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	vals := make([]*trace.Array, len(e.In))
	largest := 0
	for i, a := range e.In {
		switch a := a.(type) {
		case *trace.Literal:
			vals[i] = a.Value
		case *trace.Var:
			c, ok := sp.val[a]
			if !ok {
				return nil, false
			}
			vals[i] = c
		default:
			return nil, false
		}
		largest = max(largest, vals[i].Size())
	}
	if n := e.Out[0].Aval.Size(); n > 1 && n > largest {
		return nil, false
	}
	r, ok := bindConcrete(e, vals)
	if !ok {
		return nil, false
	}
	return sp.constant(r), true
}

// elementwise marks the primitives that apply one scalar function to each
// element position of their operands (and of nothing else).
var elementwise = func() (m [trace.NumOps]bool) {
	for _, op := range []trace.Op{
		trace.OpNeg, trace.OpAbs, trace.OpSign, trace.OpExp, trace.OpLog, trace.OpLog1p,
		trace.OpExpm1, trace.OpSin, trace.OpCos, trace.OpTan, trace.OpTanh, trace.OpLogistic,
		trace.OpSqrt, trace.OpRsqrt, trace.OpFloor, trace.OpCeil, trace.OpRound, trace.OpErf,
		trace.OpNot,
		trace.OpAdd, trace.OpSub, trace.OpMul, trace.OpDiv, trace.OpPow, trace.OpMax, trace.OpMin,
		trace.OpAtan2, trace.OpAnd, trace.OpOr, trace.OpEq, trace.OpNe, trace.OpLt, trace.OpLe,
		trace.OpGt, trace.OpGe,
		trace.OpSelect, trace.OpConvert,
	} {
		m[op] = true
	}
	return m
}()

// fillFold computes an elementwise equation whose operands are all fills,
// at least one of them not a literal or constant (typically a broadcast of a
// scalar), once on the fills' scalars, and replaces it by a broadcast_in_dim
// of the result. An elementwise kernel computes every element the same way,
// so this is exact, and it is how products of fills by fills fold (0·x with x
// not a fill is never touched: 0·Inf is NaN).
func fillFold(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if !elementwise[e.Op] {
		return nil, false
	}
	scalars := make([]*trace.Array, len(e.In))
	symbolic := false
	for i, a := range e.In {
		f, ok := sp.fill(a)
		if !ok {
			return nil, false
		}
		scalars[i] = f
		if v, isVar := a.(*trace.Var); isVar {
			if _, isConst := sp.val[v]; !isConst {
				symbolic = true
			}
		}
	}
	if !symbolic {
		return nil, false
	}
	r, ok := bindConcrete(e, scalars)
	if !ok {
		return nil, false
	}
	return sp.coerce(&trace.Literal{Value: r}, e.Out[0].Aval)
}

// bindConcrete applies e's primitive to concrete values with trace.Bind and
// returns its single result, or false when it fails or is not concrete.
func bindConcrete(e *trace.Eqn, vals []*trace.Array) (*trace.Array, bool) {
	var r *trace.Array
	err := trace.Try(func() { r = trace.Bind1(e.Op, e.Params, vals...) })
	if err != nil || r == nil || !r.IsConcrete() {
		return nil, false
	}
	return r, true
}
