package jvp

import "github.com/leibniz-go/leibniz/trace"

// Family helpers: most rules in rules.go are one of these.

// zeroJVP is the rule of primitives whose output does not change under small
// changes of the input (comparisons, rounding, integer outputs, stop_gradient).
func zeroJVP(op trace.Op, p trace.Params, primals, _ []*trace.Array) (*trace.Array, *trace.Array) {
	return trace.Bind1(op, p, primals...), nil
}

// linearJVP is the rule of primitives that are jointly linear in all their
// operands (add, sub, neg, reduce_sum and the structural ops): the tangent is
// the op applied to the tangents, with zero tangents instantiated.
func linearJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	out := trace.Bind1(op, p, primals...)
	return out, trace.Bind1(op, p, instantiate(primals, tangents)...)
}

// unary is the rule of an elementwise function with derivative d(x, y), where
// y = f(x): the tangent is d(x, y) · ẋ.
func unary(d func(x, y *trace.Array) *trace.Array) jvpRule {
	return func(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
		y := trace.Bind1(op, p, primals[0])
		return y, trace.Mul(tangents[0], d(primals[0], y))
	}
}

// unaryDiv is the rule of an elementwise function whose derivative is
// 1 / q(x, y): the tangent is ẋ / q(x, y), which is more accurate than
// multiplying by a reciprocal.
func unaryDiv(q func(x, y *trace.Array) *trace.Array) jvpRule {
	return func(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
		y := trace.Bind1(op, p, primals[0])
		return y, trace.Div(tangents[0], q(primals[0], y))
	}
}

// instantiate returns the tangents with each symbolic zero replaced by a zero
// fill of its primal's type, bound next to a non-zero tangent.
func instantiate(primals, tangents []*trace.Array) []*trace.Array {
	var ctx *trace.Array
	for _, t := range tangents {
		if t != nil {
			ctx = t
			break
		}
	}
	out := make([]*trace.Array, len(tangents))
	for i, t := range tangents {
		out[i] = t
		if t == nil {
			out[i] = trace.FillIn(ctx, primals[i].Aval(), 0)
		}
	}
	return out
}

// addTangents adds two tangents, either of which may be the symbolic zero.
func addTangents(a, b *trace.Array) *trace.Array {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return trace.Add(a, b)
}
