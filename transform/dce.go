package transform

import "github.com/leibniz-go/leibniz/trace"

// DCE returns p without its dead code: the equations none of whose outputs
// reach p.Out (directly or through other equations), and the constants that
// no remaining equation or output uses. Inputs are kept, used or not, so the
// signature does not change. All primitives are pure, so dropping an unused
// equation never changes what the program computes. p is not modified.
func DCE(p *trace.Program) *trace.Program {
	q, _ := dce(p)
	return q
}

// dce is DCE reporting whether anything was dropped.
func dce(p *trace.Program) (*trace.Program, bool) {
	live := make(map[*trace.Var]bool, len(p.Eqns)+len(p.Out))
	use := func(a trace.Atom) {
		if v, ok := a.(*trace.Var); ok {
			live[v] = true
		}
	}
	for _, a := range p.Out {
		use(a)
	}
	keep := make([]bool, len(p.Eqns))
	kept := 0
	for i := len(p.Eqns) - 1; i >= 0; i-- {
		e := p.Eqns[i]
		for _, v := range e.Out {
			if live[v] {
				keep[i] = true
				break
			}
		}
		if keep[i] {
			kept++
			for _, a := range e.In {
				use(a)
			}
		}
	}
	q := shell(p)
	q.Eqns = make([]*trace.Eqn, 0, kept)
	for i, e := range p.Eqns {
		if keep[i] {
			q.Eqns = append(q.Eqns, e)
		}
	}
	for i, v := range p.Consts {
		if live[v] {
			q.Consts = append(q.Consts, v)
			q.ConstVals = append(q.ConstVals, p.ConstVals[i])
		}
	}
	q.Out = append([]trace.Atom(nil), p.Out...)
	changed := kept < len(p.Eqns) || len(q.Consts) < len(p.Consts)
	return q, changed
}
