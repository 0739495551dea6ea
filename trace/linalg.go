package trace

import "slices"

// Contractions: MatMul with NumPy semantics, the general DotGeneral, Outer.

// MatMul is NumPy's matmul: for matrices, the matrix product; a 1-D first
// operand is a row vector and a 1-D second operand a column vector (the added
// axis is removed again); higher-rank operands are stacks of matrices in the
// last two axes, with the leading (batch) axes broadcast. Scalars are not
// allowed. It lowers to one dot_general.
func MatMul(a, b *Array) *Array {
	xs, dt := promoteAll("MatMul", a, b)
	x, y := xs[0], xs[1]
	if dt == Bool {
		Raise("MatMul", []Aval{a.aval, b.aval}, "bool matrices have no product; convert them first")
	}
	if x.Rank() == 0 || y.Rank() == 0 {
		Raise("MatMul", []Aval{a.aval, b.aval}, "operands must have rank ≥ 1 (use Mul for scalars)")
	}
	vecA, vecB := x.Rank() == 1, y.Rank() == 1
	if vecA {
		x = Bind1(OpReshape, ReshapeParams{Shape: []int{1, x.aval.Shape[0]}}, x)
	}
	if vecB {
		y = Bind1(OpReshape, ReshapeParams{Shape: []int{y.aval.Shape[0], 1}}, y)
	}
	ra, rb := x.Rank(), y.Rank()
	if k, kb := x.aval.Shape[ra-1], y.aval.Shape[rb-2]; k != kb {
		Raise("MatMul", []Aval{a.aval, b.aval}, "the last axis of the first operand (size %d) must equal the second-to-last axis of the second (size %d)", k, kb)
	}
	var out *Array
	switch {
	case rb == 2:
		// Stack of matrices times one matrix: contract directly, no copies.
		out = Bind1(OpDotGeneral, DotParams{LhsContract: []int{ra - 1}, RhsContract: []int{0}}, x, y)
	case ra == 2:
		// One matrix times a stack: the result is [m, batch..., n]; move m.
		out = Bind1(OpDotGeneral, DotParams{LhsContract: []int{1}, RhsContract: []int{rb - 2}}, x, y)
		perm := make([]int, 0, rb)
		for i := 1; i < rb-1; i++ {
			perm = append(perm, i)
		}
		perm = append(perm, 0, rb-1)
		out = Bind1(OpTranspose, TransposeParams{Perm: perm}, out)
	default:
		batch := broadcastShapeList("MatMul", []*Array{a, b}, [][]int{x.aval.Shape[:ra-2], y.aval.Shape[:rb-2]}, "the batch shapes (all but the last two axes)")
		x = broadcastTo(x, append(slices.Clone(batch), x.aval.Shape[ra-2:]...))
		y = broadcastTo(y, append(slices.Clone(batch), y.aval.Shape[rb-2:]...))
		nb := len(batch)
		bd := identityPerm(nb)
		out = Bind1(OpDotGeneral, DotParams{LhsContract: []int{nb + 1}, RhsContract: []int{nb}, LhsBatch: bd, RhsBatch: bd}, x, y)
	}
	if vecA || vecB {
		shape := slices.Clone(out.aval.Shape)
		r := len(shape)
		switch {
		case vecA && vecB:
			shape = shape[:r-2]
		case vecA:
			shape = append(shape[:r-2], shape[r-1])
		default:
			shape = shape[:r-1]
		}
		out = Bind1(OpReshape, ReshapeParams{Shape: shape}, out)
	}
	return out
}

// DotGeneral contracts a and b over paired axes (dims.LhsContract with
// dims.RhsContract), batched over paired axes (dims.LhsBatch with
// dims.RhsBatch). The result has the batch axes, then a's remaining axes, then
// b's, as XLA's DotGeneral. Axes may be negative; dtypes promote.
func DotGeneral(a, b *Array, dims DotParams) *Array {
	xs, _ := promoteAll("DotGeneral", a, b)
	x, y := xs[0], xs[1]
	norm := func(axes []int, z *Array) []int {
		out := make([]int, len(axes))
		for i, ax := range axes {
			out[i] = normAxis("DotGeneral", z, ax, z.Rank())
		}
		return out
	}
	d := DotParams{
		LhsContract: norm(dims.LhsContract, x), RhsContract: norm(dims.RhsContract, y),
		LhsBatch: norm(dims.LhsBatch, x), RhsBatch: norm(dims.RhsBatch, y),
	}
	return Bind1(OpDotGeneral, d, x, y)
}

// Outer returns the outer product of a and b flattened to vectors: an
// [a.Size(), b.Size()] matrix.
func Outer(a, b *Array) *Array {
	xs, dt := promoteAll("Outer", a, b)
	if dt == Bool {
		Raise("Outer", []Aval{a.aval, b.aval}, "bool operands have no product; convert them first")
	}
	x := Reshape(xs[0], -1)
	y := Reshape(xs[1], -1)
	return Bind1(OpDotGeneral, DotParams{}, x, y)
}
