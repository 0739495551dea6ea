package jvp

import (
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform"
)

// JVP evaluates f at primals and its directional derivative along tangents
// (the Jacobian-vector product), in one forward pass. primals and tangents are
// pytrees of the same structure, shapes and dtypes; the results are f's output
// and the output's tangent, both of f's result type. Tangents of integer and
// bool leaves are ignored (their derivatives are zero).
//
// JVP composes with every other transform: f may itself be transformed, and
// JVP may run inside another transform (forward-over-reverse gives
// Hessian-vector products).
func JVP[In, Out any](f func(In) Out, primals, tangents In) (Out, Out) {
	pLeaves, pTree := trace.Flatten(primals)
	tLeaves, tTree := trace.Flatten(tangents)
	checkTangents("JVP", pLeaves, pTree, tLeaves, tTree)
	outs, touts, outTree := jvpFlat(func(args []*trace.Array) ([]*trace.Array, *trace.TreeDef) {
		out := f(trace.Unflatten[In](pTree, args))
		leaves, tree := trace.Flatten(out)
		return leaves, tree
	}, pLeaves, tLeaves, false)
	for i, t := range touts {
		if t == nil {
			touts[i] = trace.ZerosLike(outs[i])
		}
	}
	return trace.Unflatten[Out](outTree, outs), trace.Unflatten[Out](outTree, touts)
}

// flatFunc is a function on flat leaf lists that also reports its output tree.
type flatFunc func([]*trace.Array) ([]*trace.Array, *trace.TreeDef)

// jvpFlat runs f under a fresh JVP interpreter. The returned tangents are nil
// where they are symbolically zero.
func jvpFlat(f flatFunc, primals, tangents []*trace.Array, reverse bool) (outs, touts []*trace.Array, tree *trace.TreeDef) {
	in := newInterp(reverse)
	defer in.done.Store(true)
	args := make([]*trace.Array, len(primals))
	for i, p := range primals {
		args[i] = p
		if t := tangents[i]; t != nil && p.DType().IsFloat() {
			args[i] = in.wrap(p, t, p.Aval())
		}
	}
	res, tree := f(args)
	outs = make([]*trace.Array, len(res))
	touts = make([]*trace.Array, len(res))
	for i, r := range res {
		outs[i], touts[i] = in.unwrap(r)
	}
	return outs, touts, tree
}

func checkTangents(fn string, p []*trace.Array, pTree *trace.TreeDef, t []*trace.Array, tTree *trace.TreeDef) {
	if !pTree.Equal(tTree) {
		trace.Raise(fn, nil, "tangents have structure %v, primals have %v; they must match", tTree, pTree)
	}
	paths := pTree.Paths()
	for i := range p {
		if !p[i].Aval().Equal(t[i].Aval()) {
			trace.Raise(fn, []trace.Aval{p[i].Aval(), t[i].Aval()}, "the tangent of leaf %q is %v, its primal is %v; they must have the same shape and dtype",
				paths[i], t[i].Aval(), p[i].Aval())
		}
	}
}

// Linearize evaluates f at primals and returns its output and its linear
// approximation there: a function from input tangents to output tangents
// (the Jacobian-vector product at primals). The linear function evaluates a
// staged, simplified linear program whose constants are the residuals of the
// forward pass; it does not run f again.
func Linearize[In, Out any](f func(In) Out, primals In) (Out, func(In) Out) {
	pLeaves, pTree := trace.Flatten(primals)
	lin := LinearizeFlat(func(args []*trace.Array) ([]*trace.Array, *trace.TreeDef) {
		leaves, tree := trace.Flatten(f(trace.Unflatten[In](pTree, args)))
		return leaves, tree
	}, pLeaves)
	out := trace.Unflatten[Out](lin.OutTree, lin.Outs)
	return out, func(t In) Out {
		tLeaves, tTree := trace.Flatten(t)
		checkTangents("Linearize", pLeaves, pTree, tLeaves, tTree)
		return trace.Unflatten[Out](lin.OutTree, trace.EvalMust(lin.Program, tLeaves...))
	}
}

// Linear is the result of [LinearizeFlat]: the primal outputs and the linear
// program mapping input tangents to output tangents.
type Linear struct {
	// Outs are the primal outputs (concrete, or tracers of an enclosing
	// transform).
	Outs []*trace.Array
	// OutTree is the structure of the function's result.
	OutTree *trace.TreeDef
	// Program takes one tangent per primal input and returns one tangent per
	// output. Its constants are the residuals. It contains only linear
	// primitives applied to tangents.
	Program *trace.Program
}

// LinearizeFlat is [Linearize] on flat leaf lists, for transforms built on it
// (reverse mode transposes the returned program). f returns its output leaves
// and their tree.
func LinearizeFlat(f func([]*trace.Array) ([]*trace.Array, *trace.TreeDef), primals []*trace.Array) Linear {
	return linearize(f, primals, false)
}

// LinearizeForVJP is [LinearizeFlat] for reverse mode: functions with a custom
// VJP contribute custom_lin equations that only their transpose can evaluate.
func LinearizeForVJP(f func([]*trace.Array) ([]*trace.Array, *trace.TreeDef), primals []*trace.Array) Linear {
	return linearize(f, primals, true)
}

func linearize(f flatFunc, primals []*trace.Array, reverse bool) Linear {
	var lin Linear
	// Staging the tangent computation with the primals captured splits known
	// from unknown: primal work involves no staged tracer, so it runs now (or
	// in an enclosing transform), while everything touching a tangent is
	// recorded, with the primal values it needs as constants.
	prog, err := trace.Stage(func(tangents []*trace.Array) []*trace.Array {
		outs, touts, tree := jvpFlat(f, primals, tangents, reverse)
		lin.Outs, lin.OutTree = outs, tree
		for i, t := range touts {
			if t == nil {
				touts[i] = trace.FillIn(tangents0(tangents), outs[i].Aval(), 0)
			}
		}
		return touts
	}, primals)
	if err != nil {
		panic(err)
	}
	lin.Program = transform.Optimize(prog)
	return lin
}

// tangents0 returns some staged tangent to bind zero fills next to, or nil.
func tangents0(ts []*trace.Array) *trace.Array {
	if len(ts) > 0 {
		return ts[0]
	}
	return nil
}
