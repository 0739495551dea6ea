package vmap

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Family helpers and axis bookkeeping shared by the rules.

// unaryBatch: an elementwise op on one operand keeps its batch axis.
func unaryBatch(_ batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	return trace.Bind1(op, p, vals[0]), dims[0]
}

// naryBatch: elementwise ops on several operands (and select) need all
// operands batched along the same axis: the first batched operand's axis is
// kept, the others are moved there, and unbatched ones are broadcast.
func naryBatch(c batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	d := firstBatched(dims)
	c.ctx = vals[slices.Index(dims, d)]
	args := make([]*trace.Array, len(vals))
	for i, v := range vals {
		args[i] = moveAxis(c, v, dims[i], d)
	}
	return trace.Bind1(op, p, args...), d
}

func firstBatched(dims []int) int {
	for _, d := range dims {
		if d != notMapped {
			return d
		}
	}
	return notMapped
}

// moveAxis returns x with its batch along axis to: transposed when it is
// batched along another axis, broadcast when it is unbatched.
func moveAxis(c batchCtx, x *trace.Array, from, to int) *trace.Array {
	switch from {
	case to:
		return x
	case notMapped:
		shape := slices.Insert(slices.Clone(x.Shape()), to, c.size)
		dims := make([]int, 0, x.Rank())
		for i := range x.Rank() {
			dims = append(dims, shiftAxis(i, to))
		}
		return trace.BindIn(c.ctx, trace.OpBroadcastInDim, trace.BroadcastParams{Shape: shape, Dims: dims}, x)[0]
	}
	perm := make([]int, 0, x.Rank())
	for i := range x.Rank() {
		if i != from {
			perm = append(perm, i)
		}
	}
	perm = slices.Insert(perm, to, from)
	return trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: perm}, x)
}

// shiftAxis maps axis a of an unbatched value to the batched value that has
// its batch along axis bdim.
func shiftAxis(a, bdim int) int {
	if a < bdim {
		return a
	}
	return a + 1
}

func shiftAxes(axes []int, bdim int) []int {
	out := make([]int, len(axes))
	for i, a := range axes {
		out[i] = shiftAxis(a, bdim)
	}
	return out
}

// unbatchedShape is the per-example shape of a value batched along bdim.
func unbatchedShape(x *trace.Array, bdim int) []int {
	s := slices.Clone(x.Shape())
	return slices.Delete(s, bdim, bdim+1)
}

func ones(n int) []int { return slices.Repeat([]int{1}, n) }
