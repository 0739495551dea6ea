package transform

import (
	"math"
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Simplify returns p rewritten algebraically until no rule applies: the
// identities listed in the package documentation (x·1 → x, neg(neg x) → x,
// transpose(transpose x) → transpose x, ...), constant folding and fill
// folding. The rewrites are exact in IEEE arithmetic except x+0, 0+x and x−0
// → x, which may change the sign of a zero result (−0 + 0 is +0).
//
// Simplify replaces uses of the equations it rewrites but leaves their
// operands' equations in place even when they become dead: run [DCE]
// afterwards, or use [Optimize], which does. p is not modified.
func Simplify(p *trace.Program) *trace.Program {
	q, _ := simplify(p)
	return q
}

// maxSimplifyPasses bounds the fixpoint iteration. Every rule makes the
// program strictly simpler, so it is only a guard.
const maxSimplifyPasses = 64

// simplify is Simplify reporting whether any rule fired.
func simplify(p *trace.Program) (*trace.Program, bool) {
	fired := false
	for range maxSimplifyPasses {
		q, changed := simplifyPass(p)
		p = q
		if !changed {
			break
		}
		fired = true
	}
	return p, fired
}

// simplifier is the state of one simplification pass, which copies the
// equations of the input program into a new one, rewriting them on the way.
type simplifier struct {
	s subst
	q *trace.Program
	// def maps the variables of the new program to the equations that bind
	// them; val maps its constants to their concrete values.
	def map[*trace.Var]*trace.Eqn
	val map[*trace.Var]*trace.Array
	// fills caches fill lookups of variables (nil: not a fill).
	fills map[*trace.Var]*trace.Array
}

func simplifyPass(p *trace.Program) (*trace.Program, bool) {
	sp := &simplifier{
		s:     subst{},
		q:     shell(p),
		def:   make(map[*trace.Var]*trace.Eqn, len(p.Eqns)),
		val:   make(map[*trace.Var]*trace.Array, len(p.Consts)),
		fills: make(map[*trace.Var]*trace.Array),
	}
	sp.q.Consts = append([]*trace.Var(nil), p.Consts...)
	sp.q.ConstVals = append([]*trace.Array(nil), p.ConstVals...)
	for i, v := range p.Consts {
		if c := p.ConstVals[i]; c != nil && c.IsConcrete() {
			sp.val[v] = c
		}
	}
	sp.q.Eqns = make([]*trace.Eqn, 0, len(p.Eqns))
	changed := false
	for _, e := range p.Eqns {
		e = sp.s.eqn(e)
		if r, ok := sp.rewrite(e); ok {
			sp.s[e.Out[0]] = r
			changed = true
			continue
		}
		sp.push(e)
	}
	sp.q.Out = sp.s.outs(p)
	return sp.q, changed
}

// rewrite returns the atom that replaces the single output of e, if a rule
// applies: constant folding first, then fill folding, then e's primitive's
// rules in table order.
func (sp *simplifier) rewrite(e *trace.Eqn) (trace.Atom, bool) {
	if len(e.Out) != 1 {
		return nil, false
	}
	want := e.Out[0].Aval
	try := func(r rule) (trace.Atom, bool) {
		a, ok := r(sp, e)
		if ok && !sameAval(a.AtomAval(), want) {
			return nil, false // a rule bug; never change the program's types
		}
		return a, ok
	}
	if a, ok := try(constFold); ok {
		return a, true
	}
	if a, ok := try(fillFold); ok {
		return a, true
	}
	for _, r := range rules[e.Op] {
		if a, ok := try(r); ok {
			return a, true
		}
	}
	return nil, false
}

// push appends e to the new program.
func (sp *simplifier) push(e *trace.Eqn) {
	sp.q.Eqns = append(sp.q.Eqns, e)
	for _, v := range e.Out {
		sp.def[v] = e
	}
}

// emit appends a new equation op[params] in to the new program and returns
// its (single) output, typed by the primitive's shape rule.
func (sp *simplifier) emit(op trace.Op, params trace.Params, in ...trace.Atom) (trace.Atom, bool) {
	avals := make([]trace.Aval, len(in))
	for i, a := range in {
		avals[i] = a.AtomAval()
	}
	outs, err := trace.ShapeRule(op, params, avals)
	if err != nil || len(outs) != 1 {
		return nil, false
	}
	v := &trace.Var{Aval: outs[0]}
	sp.push(&trace.Eqn{Op: op, Params: params, In: in, Out: []*trace.Var{v}})
	return v, true
}

// constant returns an atom for the concrete array c: a literal for a scalar,
// otherwise a new constant of the program.
func (sp *simplifier) constant(c *trace.Array) trace.Atom {
	if c.Rank() == 0 {
		return &trace.Literal{Value: c}
	}
	v := &trace.Var{Aval: c.Aval()}
	sp.q.Consts = append(sp.q.Consts, v)
	sp.q.ConstVals = append(sp.q.ConstVals, c)
	sp.val[v] = c
	return v
}

// definer returns the equation that binds a in the new program when it is
// an application of op, or nil.
func (sp *simplifier) definer(a trace.Atom, op trace.Op) *trace.Eqn {
	if v, ok := a.(*trace.Var); ok {
		if e := sp.def[v]; e != nil && e.Op == op && len(e.Out) == 1 {
			return e
		}
	}
	return nil
}

// fill returns the rank-0 value that every element of a equals when a is a
// fill: a literal, a concrete constant whose elements are all the same (bit
// for bit, and at least one), or a broadcast_in_dim of a fill. The scalar has
// a's dtype and weakness.
func (sp *simplifier) fill(a trace.Atom) (*trace.Array, bool) {
	switch a := a.(type) {
	case *trace.Literal:
		return a.Value, true
	case *trace.Var:
		if f, ok := sp.fills[a]; ok {
			return f, f != nil
		}
		var f *trace.Array
		if c, ok := sp.val[a]; ok {
			f = uniformScalar(c)
		} else if e := sp.definer(a, trace.OpBroadcastInDim); e != nil {
			f, _ = sp.fill(e.In[0])
		}
		sp.fills[a] = f
		return f, f != nil
	}
	return nil, false
}

// isFill reports whether a is a fill whose every element is v.
func (sp *simplifier) isFill(a trace.Atom, v float64) bool {
	f, ok := sp.fill(a)
	return ok && f.Item() == v
}

// coerce returns a as an atom of type want: a itself when it already has that
// type (weakness included), or, when a is a fill of the same dtype and
// weakness but another shape, a new broadcast_in_dim of its scalar. Otherwise
// it reports false: rewrites never change dtypes.
func (sp *simplifier) coerce(a trace.Atom, want trace.Aval) (trace.Atom, bool) {
	have := a.AtomAval()
	if sameAval(have, want) {
		return a, true
	}
	if have.DType != want.DType || have.Weak != want.Weak {
		return nil, false
	}
	f, ok := sp.fill(a)
	if !ok {
		return nil, false
	}
	var lit trace.Atom = &trace.Literal{Value: f}
	if want.Rank() == 0 {
		return lit, sameAval(lit.AtomAval(), want)
	}
	return sp.emit(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: slices.Clone(want.Shape), Dims: []int{}}, lit)
}

// uniformScalar returns c's first element as a rank-0 array of c's dtype and
// weakness when every element of c has the same bit pattern, or nil.
func uniformScalar(c *trace.Array) *trace.Array {
	if c.Size() == 0 || !uniform(c.Data()) {
		return nil
	}
	if c.Rank() == 0 {
		return c
	}
	var s *trace.Array
	err := trace.Try(func() {
		r := c.Rank()
		ones := slices.Repeat([]int{1}, r)
		first := trace.Bind1(trace.OpSlice, trace.SliceParams{Start: make([]int, r), Limit: ones, Strides: ones}, c)
		s = trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: []int{}}, first)
	})
	if err != nil {
		return nil
	}
	return s
}

// uniform reports whether all elements of a data slice are bit-identical.
func uniform(data any) bool {
	switch d := data.(type) {
	case []float32:
		return allEqual(d, func(x float32) uint64 { return uint64(math.Float32bits(x)) })
	case []float64:
		return allEqual(d, math.Float64bits)
	case []int32:
		return allEqual(d, func(x int32) uint64 { return uint64(uint32(x)) })
	case []int64:
		return allEqual(d, func(x int64) uint64 { return uint64(x) })
	case []bool:
		return allEqual(d, func(x bool) uint64 {
			if x {
				return 1
			}
			return 0
		})
	}
	return false
}

func allEqual[T any](xs []T, bits func(T) uint64) bool {
	if len(xs) == 0 {
		return true
	}
	b := bits(xs[0])
	for _, x := range xs[1:] {
		if bits(x) != b {
			return false
		}
	}
	return true
}
