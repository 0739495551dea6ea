package vjp

import "github.com/leibniz-go/leibniz/trace"

// CustomVJP returns f with a user-defined reverse-mode derivative: fwd
// computes f's output and residuals (a pytree of arrays saved for the
// backward pass), and bwd maps the residuals and the output's cotangent to the
// input's cotangent. Typical uses are numerically stable gradients, gradient
// clipping and straight-through estimators.
//
// Reverse mode (Grad, VJP, ...) calls fwd and bwd. Forward mode falls back to
// differentiating f's body rather than refusing, and staging and batching see
// f's body. Leaves of the input that are integers or bools, and struct fields
// tagged `leibniz:"static"`, pass through undifferentiated; bwd's results for
// them are ignored.
func CustomVJP[In, Out, Res any](f func(In) Out, fwd func(In) (Out, Res), bwd func(Res, Out) In) func(In) Out {
	return func(x In) Out {
		leaves, inTree := trace.Flatten(x)
		var outTree, resTree *trace.TreeDef
		c := &trace.Custom{Name: "custom_vjp"}
		c.Fun = func(args []*trace.Array) []*trace.Array {
			out, tree := trace.Flatten(f(trace.Unflatten[In](inTree, args)))
			outTree = tree
			return out
		}
		c.Fwd = func(args []*trace.Array) ([]*trace.Array, []*trace.Array) {
			y, r := fwd(trace.Unflatten[In](inTree, args))
			out, tree := trace.Flatten(y)
			res, rt := trace.Flatten(r)
			outTree, resTree = tree, rt
			return out, res
		}
		c.Bwd = func(res, cts []*trace.Array) []*trace.Array {
			g, _ := trace.Flatten(bwd(trace.Unflatten[Res](resTree, res), trace.Unflatten[Out](outTree, cts)))
			if len(g) != len(leaves) {
				trace.Raise("CustomVJP", nil, "bwd returned %d leaves for an input of %d", len(g), len(leaves))
			}
			return g
		}
		outs := trace.CallCustom(c, leaves)
		return trace.Unflatten[Out](outTree, outs)
	}
}

// customLinTranspose calls the user's backward function (with zero
// cotangents instantiated): custom_lin's operands are the residuals followed
// by the input tangents.
func customLinTranspose(p trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	cp := p.(trace.CustomLinParams)
	for i, c := range cts {
		if c == nil {
			cts[i] = trace.FillIn(nil, cp.Outs[i], 0)
		}
	}
	g := cp.Bwd(args[:cp.NumRes], cts)
	out := make([]*trace.Array, len(args))
	for i, gi := range g {
		if j := cp.NumRes + i; linear[j] {
			out[j] = gi
		}
	}
	return out
}
