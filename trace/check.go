package trace

import "fmt"

// Check verifies that p is well formed: every variable is bound exactly once
// (as an input, a constant or an equation output) before it is used, literals
// are concrete scalars, constants have values of their declared types, and
// every equation's output types are what its primitive's shape rule computes
// from its operand types. Transforms' tests run it on every program they build.
func Check(p *Program) error {
	if p == nil {
		return &Error{Op: "Check", Msg: "the program is nil"}
	}
	n := newNamer(p)
	bound := make(map[*Var]bool)
	fail := func(format string, args ...any) error {
		return &Error{Op: "Check", Msg: fmt.Sprintf(format, args...)}
	}
	bind := func(v *Var, what string) error {
		if v == nil {
			return fail("%s is a nil variable", what)
		}
		if bound[v] {
			return fail("%s: variable %s is bound twice", what, n.atom(v))
		}
		bound[v] = true
		return nil
	}
	use := func(a Atom, what string) error {
		switch a := a.(type) {
		case *Var:
			if a == nil || !bound[a] {
				return fail("%s uses variable %s before it is bound", what, n.atom(a))
			}
		case *Literal:
			if a == nil || a.Value == nil || a.Value.tracer != nil || a.Value.Rank() != 0 {
				return fail("%s has a literal that is not a concrete scalar", what)
			}
		default:
			return fail("%s has a nil operand", what)
		}
		return nil
	}
	if len(p.Consts) != len(p.ConstVals) {
		return fail("%d constant variables but %d constant values", len(p.Consts), len(p.ConstVals))
	}
	for i, v := range p.Consts {
		if err := bind(v, "constant "+itoa(i)); err != nil {
			return err
		}
		if c := p.ConstVals[i]; c == nil || !c.aval.Equal(v.Aval) {
			return fail("constant %s is declared %v but its value is %v", n.atom(v), v.Aval, c)
		}
	}
	for i, v := range p.In {
		if err := bind(v, "input "+itoa(i)); err != nil {
			return err
		}
	}
	for i, e := range p.Eqns {
		what := fmt.Sprintf("equation %d (%s)", i, e.Op)
		in := make([]Aval, len(e.In))
		for j, a := range e.In {
			if err := use(a, what); err != nil {
				return err
			}
			in[j] = a.AtomAval()
		}
		outs, err := ShapeRule(e.Op, e.Params, in)
		if err != nil {
			return fail("%s is ill-typed: %v", what, err)
		}
		if len(outs) != len(e.Out) {
			return fail("%s has %d outputs, its shape rule gives %d", what, len(e.Out), len(outs))
		}
		for j, v := range e.Out {
			if v != nil && !v.Aval.Equal(outs[j]) {
				return fail("%s: output %s is declared %v but the shape rule gives %v", what, n.atom(v), v.Aval, outs[j])
			}
			if err := bind(v, what); err != nil {
				return err
			}
		}
	}
	for i, a := range p.Out {
		if err := use(a, "output "+itoa(i)); err != nil {
			return err
		}
	}
	if p.InTree != nil && p.InTree.NumLeaves() != len(p.In) {
		return fail("the input tree has %d leaves but there are %d inputs", p.InTree.NumLeaves(), len(p.In))
	}
	if p.OutTree != nil && p.OutTree.NumLeaves() != len(p.Out) {
		return fail("the output tree has %d leaves but there are %d outputs", p.OutTree.NumLeaves(), len(p.Out))
	}
	return nil
}
