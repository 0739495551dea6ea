package transformtest

import (
	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// customSpecs are functions with user-defined derivative rules whose rules
// are correct, so the oracles hold for them as for any function.
func customSpecs() []OpSpec {
	// softplus(x) = log(1 + eˣ) with the stable derivative sigmoid(x).
	softplus := jvp.CustomJVP(func(x *arr) *arr { return trace.Log1p(trace.Exp(x)) },
		func(x, t *arr) (*arr, *arr) {
			return trace.Log1p(trace.Exp(x)), trace.Mul(t, trace.Sigmoid(x))
		})
	// sin with a custom VJP whose residual is cos(x): in reverse mode it is a
	// custom_lin equation transposed by bwd.
	sin := vjp.CustomVJP(trace.Sin,
		func(x *arr) (*arr, *arr) { return trace.Sin(x), trace.Cos(x) },
		func(cos, ct *arr) *arr { return trace.Mul(ct, cos) })
	// A two-input custom VJP: f(x, y) = x·exp(y), residuals (x, exp(y)).
	type pair struct{ X, Y *arr }
	mulExp := vjp.CustomVJP(func(p pair) *arr { return trace.Mul(p.X, trace.Exp(p.Y)) },
		func(p pair) (*arr, pair) {
			e := trace.Exp(p.Y)
			return trace.Mul(p.X, e), pair{p.X, e}
		},
		func(r pair, ct *arr) pair {
			g := trace.Mul(ct, r.Y)
			return pair{g, trace.Mul(g, r.X)}
		})
	return []OpSpec{
		{Name: "CustomJVP/softplus", Ops: ops(trace.OpLog1p, trace.OpLogistic), Shapes: shapes([]int{2, 3}), Smooth: true, Fn: unary(softplus)},
		{Name: "CustomVJP/sin", Ops: ops(trace.OpSin, trace.OpCustomLin), Shapes: shapes([]int{4}), Smooth: true,
			Fn: unary(func(x *arr) *arr { return trace.Mul(sin(x), x) })},
		{Name: "CustomVJP/two-inputs", Ops: ops(trace.OpExp, trace.OpCustomLin), Shapes: shapes([]int{3}, []int{3}), Smooth: true,
			Fn: func(xs []*arr) *arr { return mulExp(pair{xs[0], xs[1]}) }},
	}
}
