package trace

// Eval runs p on args (one per input variable, matching its shape and dtype)
// and returns the outputs. Each equation is applied with [Bind], so Eval works
// on concrete arrays and, inside a transform, on tracers alike: evaluating a
// program under a transform transforms it.
func Eval(p *Program, args ...*Array) (outs []*Array, err error) {
	err = Try(func() { outs = EvalMust(p, args...) })
	return outs, err
}

// EvalMust is [Eval] for use inside transforms: misuse panics with an *Error.
func EvalMust(p *Program, args ...*Array) []*Array {
	if p == nil {
		Raise("Eval", nil, "the program is nil")
	}
	if len(args) != len(p.In) {
		Raise("Eval", nil, "the program takes %d inputs, got %d", len(p.In), len(args))
	}
	env := make(map[*Var]*Array, len(p.In)+len(p.Consts)+len(p.Eqns))
	for i, v := range p.In {
		a := args[i]
		if a == nil {
			Raise("Eval", nil, "input %d is a nil *Array", i)
		}
		if !a.aval.Equal(v.Aval) {
			Raise("Eval", []Aval{a.aval}, "input %d is %v, the program expects %v", i, a.aval, v.Aval)
		}
		env[v] = a
	}
	for i, v := range p.Consts {
		env[v] = p.ConstVals[i]
	}
	read := func(a Atom) *Array {
		switch a := a.(type) {
		case *Var:
			return env[a]
		case *Literal:
			return a.Value
		}
		return nil
	}
	var buf []*Array
	for _, e := range p.Eqns {
		buf = buf[:0]
		for _, a := range e.In {
			buf = append(buf, read(a))
		}
		res := Bind(e.Op, e.Params, buf...)
		for j, v := range e.Out {
			env[v] = res[j]
		}
	}
	outs := make([]*Array, len(p.Out))
	for i, a := range p.Out {
		outs[i] = read(a)
	}
	return outs
}
