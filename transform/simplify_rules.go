package transform

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// rule is one algebraic rewrite: given an equation of the new program (its
// operands already substituted), it returns the atom that replaces the
// equation's single output, of exactly the same type, possibly emitting new
// equations first. Rules fire only when the result is strictly simpler, so
// the fixpoint iteration terminates.
type rule func(sp *simplifier, e *trace.Eqn) (trace.Atom, bool)

// rules lists, per primitive, the rewrites Simplify tries after constant and
// fill folding, in order. Every rule of the package is here.
var rules = [trace.NumOps][]rule{
	trace.OpMul:            {mulOne, mulMinusOne},
	trace.OpDiv:            {divOne},
	trace.OpAdd:            {addZero, addNeg},
	trace.OpSub:            {subZero, subNeg},
	trace.OpNeg:            {negNeg},
	trace.OpAnd:            {identityElement(1), absorbingElement(0)},
	trace.OpOr:             {identityElement(0), absorbingElement(1)},
	trace.OpSelect:         {selectSame, selectKnown},
	trace.OpTranspose:      {transposeIdentity, transposeTranspose},
	trace.OpReshape:        {reshapeSame, reshapeReshape},
	trace.OpConvert:        {convertSame},
	trace.OpBroadcastInDim: {broadcastIdentity, broadcastBroadcast},
	trace.OpRev:            {revNoAxes, revRev},
	trace.OpReduceSum:      {reduceNoAxes},
	trace.OpReduceMax:      {reduceNoAxes},
	trace.OpReduceMin:      {reduceNoAxes},
	trace.OpReduceProd:     {reduceNoAxes},
}

// out is the type of e's single output.
func out(e *trace.Eqn) trace.Aval { return e.Out[0].Aval }

// identityElement returns the rule x∘id → x and id∘x → x for a binary
// primitive whose identity element is the fill value id.
func identityElement(id float64) rule {
	return func(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
		x, y := e.In[0], e.In[1]
		if sp.isFill(y, id) {
			if a, ok := sp.coerce(x, out(e)); ok {
				return a, true
			}
		}
		if sp.isFill(x, id) {
			return sp.coerce(y, out(e))
		}
		return nil, false
	}
}

// absorbingElement returns the rule x∘z → z and z∘x → z for a binary
// primitive whose absorbing element is the fill value z. It is used only for
// the boolean and/or (for floats, 0·x is not 0 when x is Inf or NaN).
func absorbingElement(z float64) rule {
	return func(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
		for _, a := range e.In {
			if sp.isFill(a, z) {
				if r, ok := sp.coerce(a, out(e)); ok {
					return r, true
				}
			}
		}
		return nil, false
	}
}

// mulOne: x·1 → x and 1·x → x.
var mulOne = identityElement(1)

// addZero: x+0 → x and 0+x → x (a −0 operand x stays −0, where −0+0 is +0).
var addZero = identityElement(0)

// mulMinusOne: x·(−1) → neg x and (−1)·x → neg x (exact: IEEE negation
// flips the sign bit just as the product does, NaN payloads aside). The
// neg then meets addNeg/subNeg: a + (−1)·b becomes a − b.
func mulMinusOne(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	x, y := e.In[0], e.In[1]
	if sp.isFill(x, -1) {
		x, y = y, x
	}
	if !sp.isFill(y, -1) || !x.AtomAval().Equal(out(e)) || x.AtomAval().Weak != out(e).Weak {
		return nil, false
	}
	return sp.emit(trace.OpNeg, nil, x)
}

// divOne: x/1 → x.
func divOne(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if sp.isFill(e.In[1], 1) {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// subZero: x−0 → x (exact for +0; x − (−0) would turn −0 into +0).
func subZero(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if sp.isFill(e.In[1], 0) {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// addNeg: x + neg y → x − y and neg y + x → x − y (IEEE subtraction is
// addition of the negation, so this is exact).
func addNeg(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	x, y := e.In[0], e.In[1]
	if n := sp.definer(y, trace.OpNeg); n != nil {
		return sp.emit(trace.OpSub, nil, x, n.In[0])
	}
	if n := sp.definer(x, trace.OpNeg); n != nil {
		return sp.emit(trace.OpSub, nil, y, n.In[0])
	}
	return nil, false
}

// subNeg: x − neg y → x + y.
func subNeg(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if n := sp.definer(e.In[1], trace.OpNeg); n != nil {
		return sp.emit(trace.OpAdd, nil, e.In[0], n.In[0])
	}
	return nil, false
}

// negNeg: neg(neg x) → x.
func negNeg(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if n := sp.definer(e.In[0], trace.OpNeg); n != nil {
		return sp.coerce(n.In[0], out(e))
	}
	return nil, false
}

// selectSame: select(p, x, x) → x.
func selectSame(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if sameAtom(e.In[1], e.In[2]) {
		return sp.coerce(e.In[1], out(e))
	}
	return nil, false
}

// selectKnown: select(true, x, y) → x and select(false, x, y) → y, for a
// predicate that is a fill.
func selectKnown(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	f, ok := sp.fill(e.In[0])
	if !ok {
		return nil, false
	}
	if f.Item() != 0 {
		return sp.coerce(e.In[1], out(e))
	}
	return sp.coerce(e.In[2], out(e))
}

// transposeIdentity: transpose with the identity permutation → x.
func transposeIdentity(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if tp, ok := e.Params.(trace.TransposeParams); ok && isIdentity(tp.Perm) {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// transposeTranspose: transpose[q](transpose[p] x) → transpose[r] x with
// r[i] = p[q[i]], or x when r is the identity.
func transposeTranspose(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	inner := sp.definer(e.In[0], trace.OpTranspose)
	if inner == nil {
		return nil, false
	}
	ip, ok1 := inner.Params.(trace.TransposeParams)
	op, ok2 := e.Params.(trace.TransposeParams)
	if !ok1 || !ok2 || len(ip.Perm) != len(op.Perm) {
		return nil, false
	}
	p, q := ip.Perm, op.Perm
	r := make([]int, len(q))
	for i, a := range q {
		r[i] = p[a]
	}
	if isIdentity(r) {
		return sp.coerce(inner.In[0], out(e))
	}
	return sp.emit(trace.OpTranspose, trace.TransposeParams{Perm: r}, inner.In[0])
}

// reshapeSame: reshape to the operand's own shape → x.
func reshapeSame(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if slices.Equal(e.In[0].AtomAval().Shape, out(e).Shape) {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// reshapeReshape: reshape(reshape x) → reshape x (or x, for x's own shape).
func reshapeReshape(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	inner := sp.definer(e.In[0], trace.OpReshape)
	if inner == nil {
		return nil, false
	}
	x := inner.In[0]
	if slices.Equal(x.AtomAval().Shape, out(e).Shape) {
		return sp.coerce(x, out(e))
	}
	return sp.emit(trace.OpReshape, e.Params, x)
}

// convertSame: convert to the operand's own dtype and weakness → x.
func convertSame(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	cp, ok := e.Params.(trace.ConvertParams)
	if x := e.In[0].AtomAval(); ok && cp.DType == x.DType && cp.Weak == x.Weak {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// broadcastIdentity: broadcast_in_dim to the operand's own shape with the
// identity dims → x.
func broadcastIdentity(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	bp, ok := e.Params.(trace.BroadcastParams)
	if ok && slices.Equal(e.In[0].AtomAval().Shape, bp.Shape) && isIdentity(bp.Dims) {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// broadcastBroadcast: broadcast_in_dim[dims=d2](broadcast_in_dim[dims=d1] x)
// → broadcast_in_dim[dims=c] x with c[i] = d2[d1[i]]: operand axis i lands on
// the middle axis d1[i], which lands on the output axis d2[d1[i]]. Both dims
// are increasing, so c is; an axis of x has size 1 or the middle axis's size,
// which has size 1 or the output axis's, so c is valid.
func broadcastBroadcast(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	inner := sp.definer(e.In[0], trace.OpBroadcastInDim)
	if inner == nil {
		return nil, false
	}
	ib, ok1 := inner.Params.(trace.BroadcastParams)
	outer, ok2 := e.Params.(trace.BroadcastParams)
	if !ok1 || !ok2 {
		return nil, false
	}
	c := make([]int, len(ib.Dims))
	for i, d := range ib.Dims {
		if d >= len(outer.Dims) {
			return nil, false
		}
		c[i] = outer.Dims[d]
	}
	return sp.emit(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: outer.Shape, Dims: c}, inner.In[0])
}

// revNoAxes: rev over no axes → x.
func revNoAxes(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if rp, ok := e.Params.(trace.RevParams); ok && len(rp.Axes) == 0 {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// revRev: rev[a](rev[b] x) → rev[c] x where c is the set of axes reversed an
// odd number of times (the symmetric difference of a and b), or x when c is
// empty.
func revRev(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	inner := sp.definer(e.In[0], trace.OpRev)
	if inner == nil {
		return nil, false
	}
	ia, ok1 := inner.Params.(trace.RevParams)
	oa, ok2 := e.Params.(trace.RevParams)
	if !ok1 || !ok2 {
		return nil, false
	}
	c := []int{}
	for _, a := range ia.Axes {
		if !slices.Contains(oa.Axes, a) {
			c = append(c, a)
		}
	}
	for _, a := range oa.Axes {
		if !slices.Contains(ia.Axes, a) {
			c = append(c, a)
		}
	}
	if len(c) == 0 {
		return sp.coerce(inner.In[0], out(e))
	}
	slices.Sort(c)
	return sp.emit(trace.OpRev, trace.RevParams{Axes: c}, inner.In[0])
}

// reduceNoAxes: a reduction over no axes → x.
func reduceNoAxes(sp *simplifier, e *trace.Eqn) (trace.Atom, bool) {
	if rp, ok := e.Params.(trace.ReduceParams); ok && len(rp.Axes) == 0 {
		return sp.coerce(e.In[0], out(e))
	}
	return nil, false
}

// isIdentity reports whether xs is 0, 1, ..., len(xs)-1.
func isIdentity(xs []int) bool {
	for i, x := range xs {
		if x != i {
			return false
		}
	}
	return true
}

// sameAtom reports whether two operands are the same value: the same
// variable, or literals of equal dtype, weakness and bits.
func sameAtom(a, b trace.Atom) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*trace.Literal)
	lb, ok2 := b.(*trace.Literal)
	return ok1 && ok2 && sameAval(la.Value.Aval(), lb.Value.Aval()) && scalarBits(la.Value) == scalarBits(lb.Value)
}
