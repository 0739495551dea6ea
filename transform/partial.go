package transform

import "github.com/leibniz-go/leibniz/trace"

// PartialEval evaluates the part of p that depends only on known inputs and
// returns the rest as a residual program.
//
// known has one entry per input of p: its value, or nil when the input is
// unknown. An equation whose operands are all known (literals, p's
// constants, known inputs, or outputs of known equations) is evaluated now
// with [trace.Bind]; known values may be concrete or tracers of an enclosing
// transform, in which case the evaluation is recorded by that transform. The
// other equations form residual, in their original order:
//
//   - residual.In are exactly the unknown inputs of p, in order (the same
//     *trace.Var values);
//   - residual.Consts are the known values the residual equations use (the
//     "residuals"): outputs of known equations, known inputs and p's
//     constants, in order of first use;
//   - residual.Out are the outputs of p that depend on unknown inputs, in
//     order; unknownOut[i] reports whether output i of p is one of them.
//     An output that is an unknown input passes through as that input.
//   - residual.InTree and residual.OutTree are nil: callers deal in flat lists.
//
// knownOuts has one entry per output of p: its value when it is known, nil
// when unknownOut[i]. Dead code in p is dropped first, so it is neither
// evaluated nor kept. A known value whose type differs from its input's, or a
// known slice of the wrong length, panics with a *trace.Error. p is not
// modified.
func PartialEval(p *trace.Program, known []*trace.Array) (knownOuts []*trace.Array, residual *trace.Program, unknownOut []bool) {
	if len(known) != len(p.In) {
		trace.Raise("PartialEval", nil, "the program takes %d inputs, got %d known values", len(p.In), len(known))
	}
	p = DCE(p)
	val := make(map[*trace.Var]*trace.Array, len(p.In)+len(p.Consts)+len(p.Eqns))
	residual = &trace.Program{}
	for i, v := range p.In {
		k := known[i]
		if k == nil {
			residual.In = append(residual.In, v)
			continue
		}
		if !k.Aval().Equal(v.Aval) {
			trace.Raise("PartialEval", []trace.Aval{k.Aval()}, "known value %d is %v, the program expects %v", i, k.Aval(), v.Aval)
		}
		val[v] = k
	}
	for i, v := range p.Consts {
		val[v] = p.ConstVals[i]
	}

	// lifted records the known variables the residual uses as constants.
	lifted := make(map[*trace.Var]bool)
	use := func(a trace.Atom) {
		v, ok := a.(*trace.Var)
		if !ok || lifted[v] {
			return
		}
		if c, ok := val[v]; ok {
			lifted[v] = true
			residual.Consts = append(residual.Consts, v)
			residual.ConstVals = append(residual.ConstVals, c)
		}
	}
	// value returns the known value of a, or false.
	value := func(a trace.Atom) (*trace.Array, bool) {
		switch a := a.(type) {
		case *trace.Literal:
			return a.Value, true
		case *trace.Var:
			c, ok := val[a]
			return c, ok
		}
		return nil, false
	}

	args := make([]*trace.Array, 0, 4)
	for _, e := range p.Eqns {
		args = args[:0]
		for _, a := range e.In {
			c, ok := value(a)
			if !ok {
				break
			}
			args = append(args, c)
		}
		if len(args) == len(e.In) {
			res := trace.Bind(e.Op, e.Params, args...)
			for j, v := range e.Out {
				val[v] = res[j]
			}
			continue
		}
		for _, a := range e.In {
			use(a)
		}
		residual.Eqns = append(residual.Eqns, e)
	}

	knownOuts = make([]*trace.Array, len(p.Out))
	unknownOut = make([]bool, len(p.Out))
	for i, a := range p.Out {
		if c, ok := value(a); ok {
			knownOuts[i] = c
			continue
		}
		unknownOut[i] = true
		residual.Out = append(residual.Out, a)
	}
	return knownOuts, residual, unknownOut
}
