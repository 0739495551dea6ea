package vmap

import "github.com/leibniz-go/leibniz/trace"

// dotGeneralBatch: with both operands batched the batch becomes a new
// leading batch dimension of the contraction; with one batched, its batch
// axis is simply one more free axis, so an unbatched operand (e.g. a weight
// matrix) is used as it is — one dot_general for the whole batch, no copies.
func dotGeneralBatch(_ batchCtx, op trace.Op, p trace.Params, vals []*trace.Array, dims []int) (*trace.Array, int) {
	dp := p.(trace.DotParams)
	x, y := vals[0], vals[1]
	bx, by := dims[0], dims[1]
	shifted := func(axes []int, b int) []int {
		if b == notMapped {
			return append([]int(nil), axes...)
		}
		return shiftAxes(axes, b)
	}
	q := trace.DotParams{
		LhsContract: shifted(dp.LhsContract, bx), RhsContract: shifted(dp.RhsContract, by),
		LhsBatch: shifted(dp.LhsBatch, bx), RhsBatch: shifted(dp.RhsBatch, by),
	}
	nb := len(dp.LhsBatch)
	switch {
	case bx != notMapped && by != notMapped:
		q.LhsBatch = append([]int{bx}, q.LhsBatch...)
		q.RhsBatch = append([]int{by}, q.RhsBatch...)
		return trace.Bind1(op, q, x, y), 0
	case bx != notMapped:
		// The batch is a free axis of x: its place among x's free axes.
		return trace.Bind1(op, q, x, y), nb + freeBefore(bx, q.LhsBatch, q.LhsContract)
	}
	nfx := x.Rank() - len(q.LhsBatch) - len(q.LhsContract)
	return trace.Bind1(op, q, x, y), nb + nfx + freeBefore(by, q.RhsBatch, q.RhsContract)
}

// freeBefore counts the free axes (neither batch nor contracting) before b.
func freeBefore(b int, batch, contract []int) int {
	n := 0
	for a := range b {
		if !contains(batch, a) && !contains(contract, a) {
			n++
		}
	}
	return n
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
