package vmap

import "github.com/leibniz-go/leibniz/trace"

// reduceBatch reduces over the shifted axes; the batch axis stays, moving
// left by the number of reduced axes before it.
func reduceBatch(_ batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	bdim := dims[0]
	axes := shiftAxes(p.(trace.ReduceParams).Axes, bdim)
	out := bdim
	for _, a := range axes {
		if a < bdim {
			out--
		}
	}
	return trace.Bind1(op, trace.ReduceParams{Axes: axes}, vals[0]), out
}

func argBatch(_ batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	ap := p.(trace.ArgParams)
	bdim := dims[0]
	ap.Axis = shiftAxis(ap.Axis, bdim)
	out := bdim
	if ap.Axis < bdim {
		out--
	}
	return trace.Bind1(op, ap, vals[0]), out
}
