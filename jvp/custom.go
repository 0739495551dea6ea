package jvp

import "github.com/leibniz-go/leibniz/trace"

// CustomJVP returns f with a user-defined forward-mode derivative: rule
// receives the primals and tangents (same structure as f's input; a zero
// tangent is passed as zeros) and returns f's output and its tangent. The rule
// must be linear in the tangents; it is used by JVP and, through
// linearization, by reverse mode, to any order when the rule itself is
// differentiable. Typical uses are numerically stable derivatives, e.g. of
// log(1 + eˣ). Staging and batching see f's body.
func CustomJVP[In, Out any](f func(In) Out, rule func(primals, tangents In) (Out, Out)) func(In) Out {
	return func(x In) Out {
		leaves, inTree := trace.Flatten(x)
		var outTree *trace.TreeDef
		c := &trace.Custom{Name: "custom_jvp"}
		c.Fun = func(args []*trace.Array) []*trace.Array {
			out, tree := trace.Flatten(f(trace.Unflatten[In](inTree, args)))
			outTree = tree
			return out
		}
		c.JVP = func(primals, tangents []*trace.Array) ([]*trace.Array, []*trace.Array) {
			y, t := rule(trace.Unflatten[In](inTree, primals), trace.Unflatten[In](inTree, tangents))
			out, tree := trace.Flatten(y)
			touts, _ := trace.Flatten(t)
			if len(touts) != len(out) {
				trace.Raise("CustomJVP", nil, "the rule returned %d tangent leaves for %d outputs", len(touts), len(out))
			}
			outTree = tree
			return out, touts
		}
		outs := trace.CallCustom(c, leaves)
		return trace.Unflatten[Out](outTree, outs)
	}
}

// ProcessCustom applies a function's custom rules under forward mode: its
// JVP rule if it has one; inside reverse mode, its custom VJP (as a
// custom_lin primitive that reverse mode transposes); otherwise it
// differentiates the function's body.
func (in *interp) ProcessCustom(c *trace.Custom, args []*trace.Array) []*trace.Array {
	primals := make([]*trace.Array, len(args))
	tangents := make([]*trace.Array, len(args))
	anyTangent := false
	for i, a := range args {
		primals[i], tangents[i] = in.unwrap(a)
		anyTangent = anyTangent || tangents[i] != nil
	}
	switch {
	case !anyTangent:
		return trace.CallCustom(c, primals)
	case c.JVP != nil:
		outs, touts := c.JVP(primals, instantiate(primals, tangents))
		return in.wrapAll(outs, touts)
	case c.Fwd != nil && in.reverse:
		outs, res := c.Fwd(primals)
		avals := make([]trace.Aval, len(outs))
		for i, o := range outs {
			avals[i] = o.Aval()
		}
		params := trace.CustomLinParams{Name: c.Name, NumRes: len(res), Outs: avals, Bwd: c.Bwd}
		touts := trace.Bind(trace.OpCustomLin, params, append(res, instantiate(primals, tangents)...)...)
		return in.wrapAll(outs, touts)
	}
	return c.Fun(args)
}

func (in *interp) wrapAll(outs, touts []*trace.Array) []*trace.Array {
	res := make([]*trace.Array, len(outs))
	for i, o := range outs {
		res[i] = o
		if touts[i] != nil && o.DType().IsFloat() {
			res[i] = in.wrap(o, touts[i], o.Aval())
		}
	}
	return res
}

// customLinJVP: custom_lin stands for a tangent map known only through its
// transpose, so it has no forward derivative of its own.
func customLinJVP(_ trace.Op, p trace.Params, _, _ []*trace.Array) (*trace.Array, *trace.Array) {
	trace.Raise("custom_lin", nil, "the linearized form of %s (a custom_vjp function) cannot be differentiated in forward mode",
		p.(trace.CustomLinParams).Name)
	return nil, nil
}
