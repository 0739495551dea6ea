package vjp

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Transpose rules of reduce_sum and the structural primitives.

func reduceSumTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	axes := p.(trace.ReduceParams).Axes
	dims := make([]int, 0, in[0].Rank()-len(axes))
	for i := range in[0].Rank() {
		if !slices.Contains(axes, i) {
			dims = append(dims, i)
		}
	}
	return []*trace.Array{trace.Bind1(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: in[0].Shape, Dims: dims}, ct)}
}

// broadcastTranspose sums the cotangent over the broadcast axes: the new ones
// and those that had size 1.
func broadcastTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	bp := p.(trace.BroadcastParams)
	var sum []int
	for i := range bp.Shape {
		j := slices.Index(bp.Dims, i)
		if j < 0 || (in[0].Shape[j] == 1 && bp.Shape[i] != 1) {
			sum = append(sum, i)
		}
	}
	r := ct
	if len(sum) > 0 {
		r = trace.Bind1(trace.OpReduceSum, trace.ReduceParams{Axes: sum}, ct)
	}
	if !slices.Equal(r.Shape(), in[0].Shape) {
		r = trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: in[0].Shape}, r)
	}
	return []*trace.Array{r}
}

func reshapeTranspose(_ trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	return []*trace.Array{trace.Bind1(trace.OpReshape, trace.ReshapeParams{Shape: in[0].Shape}, ct)}
}

func transposeTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	perm := p.(trace.TransposeParams).Perm
	inv := make([]int, len(perm))
	for i, a := range perm {
		inv[a] = i
	}
	return []*trace.Array{trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: inv}, ct)}
}

// sliceTranspose pads the cotangent with zeros back to the operand's shape.
func sliceTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	sp := p.(trace.SliceParams)
	r := in[0].Rank()
	lo, hi, interior := make([]int, r), make([]int, r), make([]int, r)
	for i, n := range in[0].Shape {
		m := ct.Shape()[i]
		if m == 0 {
			hi[i] = n
			continue
		}
		lo[i] = sp.Start[i]
		interior[i] = sp.Strides[i] - 1
		hi[i] = n - (sp.Start[i] + (m-1)*sp.Strides[i] + 1)
	}
	zero := trace.Full(ct.DType(), 0)
	return []*trace.Array{trace.Bind1(trace.OpPad, trace.PadParams{Lo: lo, Hi: hi, Interior: interior}, ct, zero)}
}

// padTranspose slices the operand's cotangent out of the padded one; the
// padding value receives the sum of the rest.
func padTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, linear []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	pp := p.(trace.PadParams)
	r := in[0].Rank()
	start, limit, strides := make([]int, r), make([]int, r), make([]int, r)
	for i, n := range in[0].Shape {
		start[i], strides[i] = pp.Lo[i], pp.Interior[i]+1
		limit[i] = pp.Lo[i]
		if n > 0 {
			limit[i] = pp.Lo[i] + (n-1)*strides[i] + 1
		}
	}
	x := trace.Bind1(trace.OpSlice, trace.SliceParams{Start: start, Limit: limit, Strides: strides}, ct)
	out := []*trace.Array{when(linear[0], x), nil}
	if linear[1] {
		all := func(a *trace.Array) *trace.Array {
			if a.Rank() == 0 {
				return a
			}
			return trace.Bind1(trace.OpReduceSum, trace.ReduceParams{Axes: allAxes(a.Rank())}, a)
		}
		out[1] = trace.Bind1(trace.OpSub, nil, all(ct), all(x))
	}
	return out
}

// concatenateTranspose slices each linear operand's part out of the cotangent.
func concatenateTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, linear []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	axis := p.(trace.AxisParams).Axis
	out := make([]*trace.Array, len(in))
	off := 0
	for j, a := range in {
		n := a.Shape[axis]
		if linear[j] {
			start := make([]int, ct.Rank())
			limit := slices.Clone(ct.Shape())
			start[axis], limit[axis] = off, off+n
			strides := slices.Repeat([]int{1}, ct.Rank())
			out[j] = trace.Bind1(trace.OpSlice, trace.SliceParams{Start: start, Limit: limit, Strides: strides}, ct)
		}
		off += n
	}
	return out
}

func revTranspose(p trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	return []*trace.Array{trace.Bind1(trace.OpRev, p, ct)}
}

// gatherTranspose scatters the cotangent back (adding at repeated indices).
func gatherTranspose(p trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	if linear[1] {
		trace.Raise("vjp", nil, "gather indices cannot be tangents")
	}
	zeros := trace.FillIn(ct, in[0], 0)
	return []*trace.Array{trace.Bind1(trace.OpScatterAdd, p, zeros, args[1], ct), nil}
}

// scatterAddTranspose: the operand's cotangent passes through, the updates'
// cotangent is gathered.
func scatterAddTranspose(p trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	out := []*trace.Array{when(linear[0], ct), nil, nil}
	if linear[2] {
		out[2] = trace.Bind1(trace.OpGather, p, ct, args[1])
	}
	return out
}

func allAxes(r int) []int {
	axes := make([]int, r)
	for i := range axes {
		axes[i] = i
	}
	return axes
}
