package vmap

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// gatherBatch: with only the operand batched the indices apply to every
// example (gather along the shifted axis); with only the indices batched the
// batch lands where the indices' axes go; with both batched, each example
// gathers from its own slice, done as one gather from the operand with the
// batch merged into the indexed axis.
func gatherBatch(c batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	axis := p.(trace.AxisParams).Axis
	x, idx := vals[0], vals[1]
	switch {
	case dims[1] == notMapped:
		b := dims[0]
		a := shiftAxis(axis, b)
		if b < a {
			return trace.Bind1(op, trace.AxisParams{Axis: a}, x, idx), b
		}
		return trace.Bind1(op, trace.AxisParams{Axis: a}, x, idx), b - 1 + idx.Rank()
	case dims[0] == notMapped:
		return trace.Bind1(op, p, x, idx), axis + dims[1]
	}
	// Both batched: x [B, ..., n (axis), ...] → [B·n, rest...] with the batch
	// and the indexed axis merged; idx + b·n addresses example b's rows.
	xf, n, rest := mergeBatchAxis(c, x, dims[0], axis)
	idx = moveAxis(c, idx, dims[1], 0)
	flat := trace.Bind1(trace.OpGather, trace.AxisParams{Axis: 0}, xf, offsetIndices(c, idx, n))
	// flat: [B, idx..., rest...] where rest = x's per-example axes without
	// axis; move the idx axes after the leading `axis` axes of rest.
	ni := idx.Rank() - 1
	perm := []int{0}
	for i := range axis {
		perm = append(perm, 1+ni+i)
	}
	for i := range ni {
		perm = append(perm, 1+i)
	}
	for i := axis; i < len(rest); i++ {
		perm = append(perm, 1+ni+i)
	}
	return trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: perm}, flat), 0
}

// scatterAddBatch mirrors gatherBatch.
func scatterAddBatch(c batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	axis := p.(trace.AxisParams).Axis
	x, idx, u := vals[0], vals[1], vals[2]
	x = moveAxis(c, x, dims[0], 0)
	u = moveAxis(c, u, dims[2], 0)
	if dims[1] == notMapped {
		return trace.Bind1(op, trace.AxisParams{Axis: axis + 1}, x, idx, u), 0
	}
	xf, n, rest := mergeBatchAxis(c, x, 0, axis)
	idx = moveAxis(c, idx, dims[1], 0)
	ni := idx.Rank() - 1
	// u per example: x[:axis] ++ idx ++ x[axis+1:] → [B, idx..., x[:axis]..., x[axis+1:]...].
	perm := []int{0}
	for i := range ni {
		perm = append(perm, 1+axis+i)
	}
	for i := range axis {
		perm = append(perm, 1+i)
	}
	for i := axis; i < len(rest); i++ {
		perm = append(perm, 1+ni+i)
	}
	u = trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: perm}, u)
	out := trace.Bind1(trace.OpScatterAdd, trace.AxisParams{Axis: 0}, xf, offsetIndices(c, idx, n), u)
	// Undo the merge: [B·n, rest...] → [B, n, rest...] → x's layout.
	out = trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: append([]int{c.size, n}, rest...)}, out)
	back := []int{0}
	for i := range axis {
		back = append(back, 2+i)
	}
	back = append(back, 1)
	for i := axis; i < len(rest); i++ {
		back = append(back, 2+i)
	}
	return trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: back}, out), 0
}

// mergeBatchAxis moves x's batch (along bdim) to the front and the
// per-example axis next to it, and merges the two: [B·n, rest...]. It returns
// n and the rest of the per-example shape.
func mergeBatchAxis(c batchCtx, x *trace.Array, bdim, axis int) (*trace.Array, int, []int) {
	x = moveAxis(c, x, bdim, 0)
	per := unbatchedShape(x, 0)
	n := per[axis]
	rest := slices.Delete(slices.Clone(per), axis, axis+1)
	perm := []int{0, 1 + axis}
	for i := range per {
		if i != axis {
			perm = append(perm, 1+i)
		}
	}
	x = trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: perm}, x)
	return trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: append([]int{c.size * n}, rest...)}, x), n, rest
}

// offsetIndices normalizes idx ([B, ...]) into [0, n) as gather does (negative
// wraps once, then clamps) and adds b·n for example b.
func offsetIndices(c batchCtx, idx *trace.Array, n int) *trace.Array {
	dt := idx.DType()
	nn := trace.Full(dt, float64(n))
	idx = trace.Where(trace.Less(idx, trace.Full(dt, 0)), trace.Add(idx, nn), idx)
	idx = trace.Minimum(trace.Maximum(idx, trace.Full(dt, 0)), trace.Full(dt, float64(n-1)))
	off := trace.Mul(trace.Arange(dt, c.size), nn)
	shape := idx.Shape()
	off = trace.Bind1(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: shape, Dims: []int{0}}, off)
	return trace.Add(idx, off)
}
