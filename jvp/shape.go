package jvp

import "github.com/leibniz-go/leibniz/trace"

// Rules of the structural primitives and contractions that are linear in some
// operands only.

// gatherJVP: the indices have no tangent; the tangent is gathered likewise.
func gatherJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	return trace.Bind1(op, p, primals...), trace.Bind1(op, p, tangents[0], primals[1])
}

// scatterAddJVP: jointly linear in the operand and the updates.
func scatterAddJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	out := trace.Bind1(op, p, primals...)
	ts := instantiate([]*trace.Array{primals[0], primals[2]}, []*trace.Array{tangents[0], tangents[2]})
	return out, trace.Bind1(op, p, ts[0], primals[1], ts[1])
}

// dotGeneralJVP: the product rule, each term itself a dot_general.
func dotGeneralJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, y := primals[0], primals[1]
	var t *trace.Array
	if tangents[0] != nil {
		t = trace.Bind1(op, p, tangents[0], y)
	}
	if tangents[1] != nil {
		t = addTangents(t, trace.Bind1(op, p, x, tangents[1]))
	}
	return trace.Bind1(op, p, x, y), t
}
