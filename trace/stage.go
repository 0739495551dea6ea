package trace

import "sync/atomic"

// Stage traces f on abstract values shaped like example and returns the
// program it computes. example may be any pytree (see [Flatten]); only the
// shapes and dtypes of its leaves matter. Arrays that f captures from its
// environment become program constants (scalars become inline literals).
// Only the equations that contribute to the outputs are kept (primitives are
// pure), so staging a derivative shows just the derivative computation.
//
// Stage is an entry point, not a transform: it returns misuse inside f (a
// shape error, an unsupported pytree) as an *Error instead of panicking.
func Stage[In, Out any](f func(In) Out, example In) (prog *Program, err error) {
	err = Try(func() {
		leaves, inTree := Flatten(example)
		st := newStager()
		defer st.done.Store(true)
		prog = &Program{InTree: inTree}
		args := make([]*Array, len(leaves))
		for i, l := range leaves {
			v := &Var{Aval: Aval{Shape: l.aval.Shape, DType: l.aval.DType, Weak: l.aval.Weak}}
			prog.In = append(prog.In, v)
			args[i] = NewTracer(&stageTracer{st: st, v: v}, v.Aval)
		}
		out := f(Unflatten[In](inTree, args))
		outLeaves, outTree := Flatten(out)
		prog.OutTree = outTree
		prog.Out = make([]Atom, len(outLeaves))
		for i, l := range outLeaves {
			prog.Out[i] = st.atomOf(l)
		}
		prog.Eqns, prog.Consts, prog.ConstVals = st.live(prog.Out)
	})
	if err != nil {
		return nil, err
	}
	return prog, nil
}

// stager is the staging interpreter: it records every primitive application
// as an equation instead of computing it.
type stager struct {
	level     uint64
	done      atomic.Bool
	eqns      []*Eqn
	consts    []*Var
	constVals []*Array
	constOf   map[*Array]*Var
}

type stageTracer struct {
	st *stager
	v  *Var
}

func (t *stageTracer) Interpreter() Interpreter { return t.st }

func newStager() *stager {
	return &stager{level: NewLevel(), constOf: map[*Array]*Var{}}
}

func (st *stager) Level() uint64 { return st.level }
func (st *stager) Name() string  { return "stage" }
func (st *stager) Active() bool  { return !st.done.Load() }

func (st *stager) Process(op Op, params Params, args []*Array, outs []Aval) []*Array {
	in := make([]Atom, len(args))
	for i, a := range args {
		in[i] = st.atomOf(a)
	}
	e := &Eqn{Op: op, Params: params, In: in, Out: make([]*Var, len(outs))}
	res := make([]*Array, len(outs))
	for i, o := range outs {
		v := &Var{Aval: o}
		e.Out[i] = v
		res[i] = NewTracer(&stageTracer{st: st, v: v}, o)
	}
	st.eqns = append(st.eqns, e)
	return res
}

// atomOf returns the atom standing for a: its variable if a is one of this
// stager's tracers, an inline literal for a concrete scalar, otherwise a
// constant (deduplicated by identity).
func (st *stager) atomOf(a *Array) Atom {
	if t, ok := a.tracer.(*stageTracer); ok && t.st == st {
		return t.v
	}
	if a.tracer == nil && a.Rank() == 0 {
		return &Literal{Value: a}
	}
	if v, ok := st.constOf[a]; ok {
		return v
	}
	v := &Var{Aval: a.aval}
	st.constOf[a] = v
	st.consts = append(st.consts, v)
	st.constVals = append(st.constVals, a)
	return v
}

// live returns the recorded equations and constants that the outputs depend
// on, in recording order.
func (st *stager) live(outs []Atom) ([]*Eqn, []*Var, []*Array) {
	used := make(map[*Var]bool, len(st.eqns))
	mark := func(a Atom) {
		if v, ok := a.(*Var); ok {
			used[v] = true
		}
	}
	for _, a := range outs {
		mark(a)
	}
	keep := make([]bool, len(st.eqns))
	for i := len(st.eqns) - 1; i >= 0; i-- {
		for _, v := range st.eqns[i].Out {
			keep[i] = keep[i] || used[v]
		}
		if keep[i] {
			for _, a := range st.eqns[i].In {
				mark(a)
			}
		}
	}
	var eqns []*Eqn
	for i, e := range st.eqns {
		if keep[i] {
			eqns = append(eqns, e)
		}
	}
	var consts []*Var
	var vals []*Array
	for i, v := range st.consts {
		if used[v] {
			consts = append(consts, v)
			vals = append(vals, st.constVals[i])
		}
	}
	return eqns, consts, vals
}
