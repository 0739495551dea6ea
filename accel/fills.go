package accel

import (
	"github.com/leibniz-go/leibniz/trace"
)

// uniformConstsToFills replaces every constant whose elements are all equal
// with a broadcast of that scalar (a fill). Eager evaluation during staging
// materializes such arrays (e.g. the all-ones seed of a gradient broadcast
// to a shape); as fills they cost no memory traffic and fuse into groups.
func uniformConstsToFills(p *trace.Program) *trace.Program {
	q := *p
	q.Consts, q.ConstVals = nil, nil
	var prologue []*trace.Eqn
	subst := map[*trace.Var]*trace.Var{}
	for i, v := range p.Consts {
		c := p.ConstVals[i]
		if s, ok := uniformScalar(c); ok && c.Rank() > 0 {
			out := &trace.Var{Aval: v.Aval}
			prologue = append(prologue, &trace.Eqn{
				Op: trace.OpBroadcastInDim, Params: trace.BroadcastParams{Shape: v.Aval.Shape, Dims: []int{}},
				In: []trace.Atom{&trace.Literal{Value: s}}, Out: []*trace.Var{out},
			})
			subst[v] = out
			continue
		}
		q.Consts = append(q.Consts, v)
		q.ConstVals = append(q.ConstVals, c)
	}
	if len(prologue) == 0 {
		return p
	}
	atom := func(a trace.Atom) trace.Atom {
		if v, ok := a.(*trace.Var); ok && subst[v] != nil {
			return subst[v]
		}
		return a
	}
	q.Eqns = prologue
	for _, e := range p.Eqns {
		ne := *e
		ne.In = make([]trace.Atom, len(e.In))
		for j, a := range e.In {
			ne.In[j] = atom(a)
		}
		q.Eqns = append(q.Eqns, &ne)
	}
	q.Out = make([]trace.Atom, len(p.Out))
	for i, a := range p.Out {
		q.Out[i] = atom(a)
	}
	return &q
}

// uniformScalar returns the common value of a concrete array's elements as a
// scalar of its dtype.
func uniformScalar(c *trace.Array) (*trace.Array, bool) {
	if !c.IsConcrete() || c.Size() == 0 {
		return nil, false
	}
	switch d := c.Data().(type) {
	case []float32:
		return uniform(d, c.DType())
	case []float64:
		return uniform(d, c.DType())
	case []int32:
		return uniform(d, c.DType())
	case []int64:
		return uniform(d, c.DType())
	case []bool:
		return uniform(d, c.DType())
	}
	return nil, false
}

func uniform[T comparable](d []T, dt trace.DType) (*trace.Array, bool) {
	for _, x := range d[1:] {
		if x != d[0] {
			return nil, false
		}
	}
	return trace.FromData([]T{d[0]}), true
}
