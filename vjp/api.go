package vjp

import (
	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
)

// VJP evaluates f at primals and returns its output together with the
// vector-Jacobian product function: given a cotangent of f's output (same
// structure, shapes and dtypes), it returns the cotangent of the input, in the
// input's own type. It linearizes f once (forward mode plus partial
// evaluation) and transposes the linear program on each call.
func VJP[In, Out any](f func(In) Out, primals In) (Out, func(Out) In) {
	pLeaves, pTree := trace.Flatten(primals)
	lin := jvp.LinearizeForVJP(flatten(f, pTree), pLeaves)
	out := trace.Unflatten[Out](lin.OutTree, lin.Outs)
	return out, func(ct Out) In {
		ctLeaves, ctTree := trace.Flatten(ct)
		checkCotangents("VJP", lin.Outs, lin.OutTree, ctLeaves, ctTree)
		return trace.Unflatten[In](pTree, instantiate(pLeaves, backward(lin.Program, ctLeaves)))
	}
}

// Grad returns the gradient function of f, which must return a float scalar:
// the gradient has the type (and every leaf the shape) of f's argument, so the
// gradient of a loss over a struct of parameters is that struct.
func Grad[In any](f func(In) *trace.Array) func(In) In {
	vg := ValueAndGrad(f)
	return func(x In) In {
		_, g := vg(x)
		return g
	}
}

// ValueAndGrad returns a function computing both f(x) and its gradient, with
// one forward pass.
func ValueAndGrad[In any](f func(In) *trace.Array) func(In) (*trace.Array, In) {
	return func(x In) (*trace.Array, In) {
		pLeaves, pTree := trace.Flatten(x)
		lin := jvp.LinearizeForVJP(flatten(f, pTree), pLeaves)
		y := lin.Outs[0]
		checkScalar("Grad", y)
		ct := trace.OnesLike(y)
		return y, trace.Unflatten[In](pTree, instantiate(pLeaves, backward(lin.Program, []*trace.Array{ct})))
	}
}

// GradAux is [Grad] for a function that also returns auxiliary data (a pytree
// of arrays, e.g. metrics or new model state) that is not differentiated.
func GradAux[In, Aux any](f func(In) (*trace.Array, Aux)) func(In) (In, Aux) {
	return func(x In) (In, Aux) {
		pLeaves, pTree := trace.Flatten(x)
		var auxTree *trace.TreeDef
		var nAux int
		lin := jvp.LinearizeForVJP(func(args []*trace.Array) ([]*trace.Array, *trace.TreeDef) {
			y, aux := f(trace.Unflatten[In](pTree, args))
			leaves, tree := trace.Flatten(aux)
			auxTree, nAux = tree, len(leaves)
			return append([]*trace.Array{y}, leaves...), nil
		}, pLeaves)
		checkScalar("GradAux", lin.Outs[0])
		cts := make([]*trace.Array, 1+nAux) // zero cotangents for the aux outputs
		cts[0] = trace.OnesLike(lin.Outs[0])
		g := trace.Unflatten[In](pTree, instantiate(pLeaves, backward(lin.Program, cts)))
		return g, trace.Unflatten[Aux](auxTree, lin.Outs[1:])
	}
}

// Transpose returns the transpose of a linear function f (JAX's
// linear_transpose): for f(x) = A·x it returns ct ↦ Aᵀ·ct. example fixes the
// shapes and dtypes of f's argument. f must be linear in its argument; a
// non-linear f is an error naming the offending primitive.
func Transpose[In, Out any](f func(In) Out, example In) func(Out) In {
	pLeaves, pTree := trace.Flatten(example)
	prog, err := trace.Stage(f, example)
	if err != nil {
		panic(err)
	}
	return func(ct Out) In {
		ctLeaves, ctTree := trace.Flatten(ct)
		outs := make([]*trace.Array, len(prog.Out))
		for i, a := range prog.Out {
			outs[i] = trace.FillIn(nil, a.AtomAval(), 0)
		}
		checkCotangents("Transpose", outs, prog.OutTree, ctLeaves, ctTree)
		return trace.Unflatten[In](pTree, instantiate(pLeaves, backward(prog, ctLeaves)))
	}
}

func flatten[In, Out any](f func(In) Out, tree *trace.TreeDef) func([]*trace.Array) ([]*trace.Array, *trace.TreeDef) {
	return func(args []*trace.Array) ([]*trace.Array, *trace.TreeDef) {
		return trace.Flatten(f(trace.Unflatten[In](tree, args)))
	}
}

// instantiate replaces zero (nil) cotangents by zeros shaped like the primals.
func instantiate(primals, cts []*trace.Array) []*trace.Array {
	for i, c := range cts {
		if c == nil {
			cts[i] = trace.ZerosLike(primals[i])
		}
	}
	return cts
}

func checkScalar(fn string, y *trace.Array) {
	if y.Rank() != 0 || !y.DType().IsFloat() {
		trace.Raise(fn, []trace.Aval{y.Aval()}, "the function must return a float scalar (a loss), got %v; "+
			"reduce it first (e.g. trace.Sum or trace.Mean), use vjp.VJP for a vector-Jacobian product, or trace.Convert integer outputs", y.Aval())
	}
}

func checkCotangents(fn string, outs []*trace.Array, outTree *trace.TreeDef, cts []*trace.Array, ctTree *trace.TreeDef) {
	if outTree != nil && !outTree.Equal(ctTree) {
		trace.Raise(fn, nil, "the cotangent has structure %v, the function's output has %v; they must match", ctTree, outTree)
	}
	if len(cts) != len(outs) {
		trace.Raise(fn, nil, "got %d cotangent leaves for %d outputs", len(cts), len(outs))
	}
	for i := range outs {
		if !outs[i].Aval().Equal(cts[i].Aval()) {
			trace.Raise(fn, []trace.Aval{outs[i].Aval(), cts[i].Aval()}, "cotangent %d is %v, the output is %v; they must have the same shape and dtype",
				i, cts[i].Aval(), outs[i].Aval())
		}
	}
}
