package kernels

// Reductions over row-major arrays.
//
// src has shape `shape`; axes lists the reduced axes, sorted ascending and
// unique. dst has shape `shape` with the reduced axes removed: it has one
// element when every axis is reduced and is a copy of src when axes is
// empty. When a reduced axis has size 0, every element of dst is the
// identity of the reduction.
//
// The layout is first simplified: size-1 axes are dropped and adjacent axes
// that are both reduced or both kept are merged. The patterns
// [kept?, reduced, kept?] are then reduced in place without temporaries,
// row-wise when nothing is kept after the reduced group and by accumulating
// whole rows into dst otherwise. Any other pattern first transposes src
// into a scratch buffer so that the kept axes lead.
//
// Float sums use pairwise summation in the element type (NumPy's scheme):
// runs of at most 128 elements are summed with 8 interleaved accumulators
// and the partial sums are combined in a balanced binary tree, for both
// row-wise and row-accumulating reductions. The rounding error is
// O(eps*(16 + log2(n/128))) rather than O(eps*n) for naive summation, which
// keeps a float32 sum of 1e7 elements within about 1e-7 relative error in
// practice.

type reduceOp int

const (
	opSum reduceOp = iota
	opProd
	opMax
	opMin
)

// pairwiseBlock is the run length below which sums are accumulated directly.
const pairwiseBlock = 128

// ReduceSum sets dst[o] = Σ src[i] over all i that map to o (see the
// file comment), using pairwise summation. An empty reduction gives 0.
func ReduceSum[T Num](dst, src []T, shape, axes []int) {
	reduce(opSum, dst, src, shape, axes)
}

// Sum returns Σ x[i] by the same pairwise summation as ReduceSum over all
// axes (bit for bit), without its shape handling: the form for the many
// short sums of a fused reduction. An empty sum is 0.
func Sum[T Num](x []T) T { return pairwiseSum(x) }

// ReduceProd sets dst[o] = Π src[i] over all i that map to o. An empty
// reduction gives 1.
func ReduceProd[T Num](dst, src []T, shape, axes []int) {
	reduce(opProd, dst, src, shape, axes)
}

// ReduceMax sets dst[o] = max src[i] over all i that map to o, with the
// built-in max semantics (NaN propagates, max(-0, +0) = +0). An empty
// reduction gives -Inf for floats and the minimum value for integers.
func ReduceMax[T Num](dst, src []T, shape, axes []int) {
	reduce(opMax, dst, src, shape, axes)
}

// ReduceMin sets dst[o] = min src[i] over all i that map to o, with the
// built-in min semantics (NaN propagates, min(-0, +0) = -0). An empty
// reduction gives +Inf for floats and the maximum value for integers.
func ReduceMin[T Num](dst, src []T, shape, axes []int) {
	reduce(opMin, dst, src, shape, axes)
}

func identity[T Num](op reduceOp) T {
	switch op {
	case opProd:
		return 1
	case opMax:
		return lowest[T]()
	case opMin:
		return highest[T]()
	}
	return 0
}

func reduce[T Num](op reduceOp, dst, src []T, shape, axes []int) {
	if len(dst) == 0 {
		return
	}
	if len(src) == 0 {
		Fill(dst, identity[T](op))
		return
	}
	// Collapse into alternating kept/reduced groups, dropping size-1 axes.
	r := len(shape)
	var buf [3 * stackRank]int
	b := intScratch(buf[:], 3*r)
	gn, gr := b[:0:r], b[r:r:2*r] // group size, group reduced (0/1)
	ai, nred := 0, 0
	for k, n := range shape {
		red := 0
		if ai < len(axes) && axes[ai] == k {
			red = 1
			ai++
		}
		if n == 1 {
			continue
		}
		if m := len(gn) - 1; m >= 0 && gr[m] == red {
			gn[m] *= n
			continue
		}
		gn = append(gn, n)
		gr = append(gr, red)
		nred += red
	}
	switch {
	case nred == 0:
		copy(dst, src)
		return
	case nred == 1:
		outer, inner, rn := 1, 1, 0
		for g, n := range gn {
			switch {
			case gr[g] == 1:
				rn = n
			case rn == 0:
				outer = n
			default:
				inner = n
			}
		}
		reduceBlock(op, dst, src, outer, rn, inner)
		return
	}
	// General pattern: move the kept groups to the front, then reduce rows.
	g := len(gn)
	perm := b[2*r : 2*r+g]
	p := 0
	for _, want := range [2]int{0, 1} {
		for k := range gn {
			if gr[k] == want {
				perm[p] = k
				p++
			}
		}
	}
	tmp := make([]T, len(src))
	Transpose(tmp, src, gn, perm)
	reduceBlock(op, dst, tmp, len(dst), len(src)/len(dst), 1)
}

// reduceBlock reduces src of shape [outer, rn, inner] over its middle axis
// into dst of shape [outer, inner].
func reduceBlock[T Num](op reduceOp, dst, src []T, outer, rn, inner int) {
	if inner == 1 {
		for o := range dst[:outer] {
			dst[o] = reduceRow(op, src[o*rn:o*rn+rn])
		}
		return
	}
	var scratch []T
	if op == opSum && rn > pairwiseBlock && isFloat[T]() {
		depth := 0
		for n := rn; n > pairwiseBlock; n = (n + 1) / 2 {
			depth++
		}
		scratch = make([]T, depth*inner)
	}
	blk := rn * inner
	for o := 0; o < outer; o++ {
		reduceRows(op, dst[o*inner:o*inner+inner], src[o*blk:o*blk+blk], rn, inner, scratch)
	}
}

// reduceRow reduces a non-empty slice to one value.
func reduceRow[T Num](op reduceOp, x []T) T {
	switch op {
	case opSum:
		return pairwiseSum(x)
	case opProd:
		p := x[0]
		for _, v := range x[1:] {
			p *= v
		}
		return p
	case opMax:
		m := x[0]
		for _, v := range x[1:] {
			m = max(m, v)
		}
		return m
	default:
		m := x[0]
		for _, v := range x[1:] {
			m = min(m, v)
		}
		return m
	}
}

// pairwiseSum returns Σ x[i] by pairwise summation (see the file comment):
// pairwiseSumGo, which float sums of more than one leaf compute with the
// AVX2 leaf kernels when they are available (pairwise.go), with the same
// result bit for bit.
func pairwiseSum[T Num](x []T) T {
	if len(x) > pairwiseBlock && haveSIMD && isFloat[T]() {
		if is32[T]() {
			s := pairwiseSumTree(reinterpret[float32](x), 8)
			return T(s)
		}
		s := pairwiseSumTree(reinterpret[float64](x), 4)
		return T(s)
	}
	return pairwiseSumGo(x)
}

// pairwiseSumGo is the definition of pairwiseSum: the recursion splits at
// half the length rounded down to a multiple of 8, and leaves of at most
// pairwiseBlock elements are summed with 8 accumulators over the elements
// i ≡ 0..7 (mod 8), combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then
// the elements of the last partial block are added in order.
func pairwiseSumGo[T Num](x []T) T {
	if len(x) > pairwiseBlock {
		h := len(x) / 2
		h -= h % 8
		return pairwiseSumGo(x[:h]) + pairwiseSumGo(x[h:])
	}
	var s0, s1, s2, s3, s4, s5, s6, s7 T
	i := 0
	for ; i+8 <= len(x); i += 8 {
		v := x[i : i+8 : i+8]
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
		s4 += v[4]
		s5 += v[5]
		s6 += v[6]
		s7 += v[7]
	}
	s := ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
	for ; i < len(x); i++ {
		s += x[i]
	}
	return s
}

// reduceRows reduces src of shape [rn, inner] (rn >= 1) over its first axis
// into dst of length inner. Float sums with rn > pairwiseBlock split the rows
// in halves recursively, using scratch (ceil(log2(rn/128)) rows) for the
// partial sums of the second halves.
func reduceRows[T Num](op reduceOp, dst, src []T, rn, inner int, scratch []T) {
	if op == opSum && scratch != nil && rn > pairwiseBlock {
		h := rn / 2
		reduceRows(op, dst, src[:h*inner], h, inner, scratch[inner:])
		tmp := scratch[:inner]
		reduceRows(op, tmp, src[h*inner:], rn-h, inner, scratch[inner:])
		Add(dst, dst, tmp)
		return
	}
	copy(dst, src[:inner])
	for k := 1; k < rn; k++ {
		row := src[k*inner : k*inner+inner]
		switch op {
		case opSum:
			Add(dst, dst, row)
		case opProd:
			Mul(dst, dst, row)
		case opMax:
			Max(dst, dst, row)
		default:
			Min(dst, dst, row)
		}
	}
}

// ArgMax sets dst[o, j] to the smallest index k along axis with
// src[o, k, j] = max_k src[o, k, j], where o ranges over the axes before
// axis and j over those after it; dst has shape `shape` with axis removed.
// The first NaN along the axis wins (NumPy semantics). shape[axis] >= 1.
func ArgMax[T Num, I Int](dst []I, src []T, shape []int, axis int) {
	argReduce(false, dst, src, shape, axis)
}

// ArgMin sets dst[o, j] to the smallest index k along axis with
// src[o, k, j] = min_k src[o, k, j], where o ranges over the axes before
// axis and j over those after it; dst has shape `shape` with axis removed.
// The first NaN along the axis wins (NumPy semantics). shape[axis] >= 1.
func ArgMin[T Num, I Int](dst []I, src []T, shape []int, axis int) {
	argReduce(true, dst, src, shape, axis)
}

// better reports whether v replaces the current best b: v is strictly
// greater (or smaller) than b, or v is the first NaN.
func better[T Num](isMin bool, v, b T) bool {
	if b != b {
		return false
	}
	if v != v {
		return true
	}
	if isMin {
		return v < b
	}
	return v > b
}

func argReduce[T Num, I Int](isMin bool, dst []I, src []T, shape []int, axis int) {
	if len(dst) == 0 {
		return
	}
	outer := numElements(shape[:axis])
	n := shape[axis]
	inner := numElements(shape[axis+1:])
	if inner == 1 {
		for o := range dst[:outer] {
			row := src[o*n : o*n+n]
			bi, bv := 0, row[0]
			for k, v := range row[1:] {
				if better(isMin, v, bv) {
					bi, bv = k+1, v
				}
			}
			dst[o] = I(bi)
		}
		return
	}
	best := make([]T, inner)
	for o := 0; o < outer; o++ {
		blk := src[o*n*inner : (o+1)*n*inner]
		d := dst[o*inner : o*inner+inner]
		copy(best, blk[:inner])
		clear(d)
		for k := 1; k < n; k++ {
			row := blk[k*inner : k*inner+inner]
			for j, v := range row {
				if better(isMin, v, best[j]) {
					best[j] = v
					d[j] = I(k)
				}
			}
		}
	}
}
