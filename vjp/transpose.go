package vjp

import (
	"github.com/leibniz-go/leibniz/trace"
)

// backward runs the transpose of the linear program p: given one cotangent per
// output of p (nil for a zero cotangent), it returns one cotangent per input of
// p (nil where it is zero). Equations of p that do not depend on its inputs
// (fills, residual computations) are evaluated forward first; the others are
// transposed in reverse order with the rules of rules.go, accumulating
// cotangents by addition.
func backward(p *trace.Program, cts []*trace.Array) []*trace.Array {
	linear := make(map[*trace.Var]bool, len(p.In)+len(p.Eqns))
	for _, v := range p.In {
		linear[v] = true
	}
	env := make(map[*trace.Var]*trace.Array, len(p.Consts)+len(p.Eqns))
	for i, v := range p.Consts {
		env[v] = p.ConstVals[i]
	}
	read := func(a trace.Atom) *trace.Array {
		switch a := a.(type) {
		case *trace.Var:
			return env[a]
		case *trace.Literal:
			return a.Value
		}
		return nil
	}
	isLinear := func(a trace.Atom) bool {
		v, ok := a.(*trace.Var)
		return ok && linear[v]
	}
	// Forward: evaluate the non-linear equations, mark the linear ones.
	var lin []*trace.Eqn
	for _, e := range p.Eqns {
		anyLin := false
		for _, a := range e.In {
			anyLin = anyLin || isLinear(a)
		}
		if !anyLin {
			args := make([]*trace.Array, len(e.In))
			for i, a := range e.In {
				args[i] = read(a)
			}
			for i, r := range trace.Bind(e.Op, e.Params, args...) {
				env[e.Out[i]] = r
			}
			continue
		}
		if !e.Op.Info().Linear {
			trace.Raise("vjp", nil, "primitive %s is applied to a tangent but is not linear, so it cannot be transposed "+
				"(a JVP rule must only apply linear primitives to tangents)", e.Op)
		}
		for _, v := range e.Out {
			linear[v] = true
		}
		lin = append(lin, e)
	}
	// Backward: seed the outputs, then transpose in reverse.
	ct := make(map[*trace.Var]*trace.Array, len(lin))
	accum := func(v *trace.Var, c *trace.Array) {
		if c == nil {
			return
		}
		if old := ct[v]; old != nil {
			c = trace.Add(old, c)
		}
		ct[v] = c
	}
	for i, a := range p.Out {
		if v, ok := a.(*trace.Var); ok && linear[v] {
			accum(v, cts[i])
		}
	}
	for i := len(lin) - 1; i >= 0; i-- {
		e := lin[i]
		outCts := make([]*trace.Array, len(e.Out))
		anyCt := false
		for j, v := range e.Out {
			outCts[j] = ct[v]
			anyCt = anyCt || outCts[j] != nil
			delete(ct, v)
		}
		if !anyCt {
			continue
		}
		args := make([]*trace.Array, len(e.In))
		isLin := make([]bool, len(e.In))
		avals := make([]trace.Aval, len(e.In))
		for j, a := range e.In {
			avals[j] = a.AtomAval()
			if isLinear(a) {
				isLin[j] = true
			} else {
				args[j] = read(a)
			}
		}
		res := transposeRules[e.Op](e.Params, outCts, args, isLin, avals)
		for j, a := range e.In {
			if isLin[j] && res[j] != nil {
				accum(a.(*trace.Var), res[j])
			}
		}
	}
	out := make([]*trace.Array, len(p.In))
	for i, v := range p.In {
		out[i] = ct[v]
	}
	return out
}
