package vmap

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Rules of the structural primitives.

// broadcastBatch puts the batch first in the output; broadcast_in_dim needs
// increasing dims, so the operand's batch axis moves to the front first.
func broadcastBatch(c batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	bp := p.(trace.BroadcastParams)
	x := moveAxis(c, vals[0], dims[0], 0)
	nd := []int{0}
	for _, d := range bp.Dims {
		nd = append(nd, d+1)
	}
	shape := append([]int{c.size}, bp.Shape...)
	return trace.Bind1(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: shape, Dims: nd}, x), 0
}

func reshapeBatch(c batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	x := moveAxis(c, vals[0], dims[0], 0)
	shape := append([]int{c.size}, p.(trace.ReshapeParams).Shape...)
	return trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: shape}, x), 0
}

// transposeBatch folds the batch axis into the permutation (result batch
// first), so no extra copy is made.
func transposeBatch(_ batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	bdim := dims[0]
	perm := []int{bdim}
	for _, a := range p.(trace.TransposeParams).Perm {
		perm = append(perm, shiftAxis(a, bdim))
	}
	return trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: perm}, vals[0]), 0
}

func sliceBatch(c batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	sp := p.(trace.SliceParams)
	b := dims[0]
	q := trace.SliceParams{
		Start:   slices.Insert(slices.Clone(sp.Start), b, 0),
		Limit:   slices.Insert(slices.Clone(sp.Limit), b, c.size),
		Strides: slices.Insert(slices.Clone(sp.Strides), b, 1),
	}
	return trace.Bind1(trace.OpSlice, q, vals[0]), b
}

// padBatch pads along everything but the batch axis. A batched padding value
// (one per example) is applied with a select against a mask of the operand's
// positions.
func padBatch(c batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	pp := p.(trace.PadParams)
	x, v := vals[0], vals[1]
	b := dims[0]
	if b == notMapped {
		b = 0
		x = moveAxis(c, x, notMapped, 0)
	}
	q := trace.PadParams{
		Lo:       slices.Insert(slices.Clone(pp.Lo), b, 0),
		Hi:       slices.Insert(slices.Clone(pp.Hi), b, 0),
		Interior: slices.Insert(slices.Clone(pp.Interior), b, 0),
	}
	if dims[1] == notMapped {
		return trace.Bind1(trace.OpPad, q, x, v), b
	}
	zero := trace.Full(x.DType(), 0)
	padded := trace.Bind1(trace.OpPad, q, x, zero)
	mask := trace.Bind1(trace.OpPad, q, trace.Full(trace.Bool, 1, x.Shape()...), trace.Full(trace.Bool, 0))
	// v has shape [size] (batched scalar): broadcast it along axis b.
	vb := trace.Bind1(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: padded.Shape(), Dims: []int{b}}, v)
	return trace.Bind1(trace.OpSelect, nil, mask, padded, vb), b
}

// concatenateBatch moves every operand's batch to the front (broadcasting
// unbatched ones) and concatenates along the shifted axis.
func concatenateBatch(c batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	args := make([]*trace.Array, len(vals))
	for i, v := range vals {
		args[i] = moveAxis(c, v, dims[i], 0)
	}
	axis := p.(trace.AxisParams).Axis + 1
	return trace.Bind1(trace.OpConcatenate, trace.AxisParams{Axis: axis}, args...), 0
}

func revBatch(_ batchCtx, _ trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	axes := shiftAxes(p.(trace.RevParams).Axes, dims[0])
	return trace.Bind1(trace.OpRev, trace.RevParams{Axes: axes}, vals[0]), dims[0]
}

func customLinBatch(_ batchCtx, _ trace.Op, p trace.Params, _ []*trace.Array, _ []int) (*trace.Array, int) {
	trace.Raise("vmap", nil, "the linearized form of %s (a custom_vjp function) cannot be batched; apply vmap outside the gradient",
		p.(trace.CustomLinParams).Name)
	return nil, notMapped
}
