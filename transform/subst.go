package transform

import "github.com/leibniz-go/leibniz/trace"

// subst maps variables of an input program to the atoms that replace them in
// the program a pass is building. The replacement atoms already belong to the
// new program, so one lookup resolves a variable.
type subst map[*trace.Var]trace.Atom

// atom returns the replacement of a, or a itself.
func (s subst) atom(a trace.Atom) trace.Atom {
	if v, ok := a.(*trace.Var); ok {
		if r, ok := s[v]; ok {
			return r
		}
	}
	return a
}

// eqn returns e with its operands substituted: e itself when none changes
// (equations are immutable, so the new program may share it), otherwise a
// copy.
func (s subst) eqn(e *trace.Eqn) *trace.Eqn {
	var in []trace.Atom
	for i, a := range e.In {
		r := s.atom(a)
		if r == a {
			continue
		}
		if in == nil {
			in = append([]trace.Atom(nil), e.In...)
		}
		in[i] = r
	}
	if in == nil {
		return e
	}
	return &trace.Eqn{Op: e.Op, Params: e.Params, In: in, Out: e.Out}
}

// outs returns the substituted output atoms of p, in a new slice.
func (s subst) outs(p *trace.Program) []trace.Atom {
	out := make([]trace.Atom, len(p.Out))
	for i, a := range p.Out {
		out[i] = s.atom(a)
	}
	return out
}

// shell returns a new program with p's inputs and trees and no constants,
// equations or outputs, for a pass to fill in.
func shell(p *trace.Program) *trace.Program {
	return &trace.Program{
		In:      append([]*trace.Var(nil), p.In...),
		InTree:  p.InTree,
		OutTree: p.OutTree,
	}
}

// sameAval reports whether a and b are the same type, weakness included
// (trace.Aval.Equal ignores weakness, but a replacement must keep it).
func sameAval(a, b trace.Aval) bool { return a.Equal(b) && a.Weak == b.Weak }
