package vjp

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// dotGeneralTranspose: the cotangent of one operand of a contraction is the
// contraction of the output cotangent with the other operand over the other
// operand's free axes, laid out in the operand's axis order. Both steps are
// dot_general (and, when no operand order gives the layout directly, a
// transpose): never a broadcast product.
func dotGeneralTranspose(p trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	dp := p.(trace.DotParams)
	if linear[0] && linear[1] {
		trace.Raise("vjp", nil, "dot_general of two tangents is not linear")
	}
	nb := len(dp.LhsBatch)
	nfx := in[0].Rank() - nb - len(dp.LhsContract)
	ctBatch := seq(0, nb)
	if linear[0] {
		// ct[B, Fx, Fy] with y[By, Cy, Fy], contracted over Fy.
		ctFy := seq(nb+nfx, ct.Rank())
		yFree := freeAxes(in[1].Rank(), dp.RhsBatch, dp.RhsContract)
		g := operandGrad{rank: in[0].Rank(), batch: dp.LhsBatch, contract: dp.LhsContract, other: dp.RhsContract}
		return []*trace.Array{g.grad(ct, ctBatch, ctFy, args[1], dp.RhsBatch, yFree), nil}
	}
	// ct[B, Fx, Fy] with x[Bx, Cx, Fx], contracted over Fx.
	ctFx := seq(nb, nb+nfx)
	xFree := freeAxes(in[0].Rank(), dp.LhsBatch, dp.LhsContract)
	g := operandGrad{rank: in[1].Rank(), batch: dp.RhsBatch, contract: dp.RhsContract, other: dp.LhsContract}
	return []*trace.Array{nil, g.grad(ct, ctBatch, ctFx, args[0], dp.LhsBatch, xFree)}
}

// operandGrad describes the operand whose cotangent is computed: its rank,
// batch and contracting axes, and the other operand's contracting axes paired
// with them.
type operandGrad struct {
	rank            int
	batch, contract []int
	other           []int
}

// grad computes the cotangent as dot_general of ct and the other operand w
// over ctAxes/wAxes, batched over ctBatch/wBatch. Of the two operand orders it
// picks one whose result is already in the operand's axis order, and
// transposes otherwise.
func (g operandGrad) grad(ct *trace.Array, ctBatch, ctAxes []int, w *trace.Array, wBatch, wAxes []int) *trace.Array {
	// ct first: [batch, operand free, other's contracting (sorted)].
	if pos := g.layout(false); slices.Equal(pos, seq(0, g.rank)) {
		return dot(ct, w, ctAxes, wAxes, ctBatch, wBatch)
	}
	// w first: [batch, other's contracting (sorted), operand free].
	if pos := g.layout(true); slices.Equal(pos, seq(0, g.rank)) {
		return dot(w, ct, wAxes, ctAxes, wBatch, ctBatch)
	}
	r := dot(ct, w, ctAxes, wAxes, ctBatch, wBatch)
	return trace.Bind1(trace.OpTranspose, trace.TransposeParams{Perm: g.layout(false)}, r)
}

// layout returns pos with pos[a] = the axis of the contraction result that
// becomes operand axis a, when the contracting block comes first (after the
// batch axes) or after the operand's free axes.
func (g operandGrad) layout(contractFirst bool) []int {
	nb, nc := len(g.batch), len(g.contract)
	nf := g.rank - nb - nc
	cOff, fOff := nb+nf, nb
	if contractFirst {
		cOff, fOff = nb, nb+nc
	}
	sorted := slices.Sorted(slices.Values(g.other))
	pos := make([]int, g.rank)
	for i, a := range g.batch {
		pos[a] = i
	}
	for k, a := range g.contract {
		pos[a] = cOff + slices.Index(sorted, g.other[k])
	}
	for a := range g.rank {
		if !slices.Contains(g.batch, a) && !slices.Contains(g.contract, a) {
			pos[a] = fOff
			fOff++
		}
	}
	return pos
}

func dot(x, y *trace.Array, xc, yc, xb, yb []int) *trace.Array {
	return trace.Bind1(trace.OpDotGeneral, trace.DotParams{LhsContract: xc, RhsContract: yc, LhsBatch: xb, RhsBatch: yb}, x, y)
}

// freeAxes lists the axes of a rank-r operand that are neither batch nor
// contracting, in order.
func freeAxes(r int, batch, contract []int) []int {
	var out []int
	for a := range r {
		if !slices.Contains(batch, a) && !slices.Contains(contract, a) {
			out = append(out, a)
		}
	}
	return out
}

func seq(from, to int) []int {
	out := make([]int, 0, max(to-from, 0))
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
