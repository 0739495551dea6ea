package kernels

import (
	"fmt"
	"unsafe"
)

// Gemm sets c = alpha*op(a)*op(b) + beta*c, where op(a) is m×k, op(b) is
// k×n and c is m×n, all row-major with leading dimensions lda, ldb and ldc;
// op(x) is xᵀ when the corresponding trans flag is set:
//
//	c[i*ldc+j] = alpha * Σ_p op(a)[i, p]*op(b)[p, j] + beta*c[i*ldc+j].
//
// It dispatches to OpenBLAS when that is loaded (see BLASBackend) and to
// the package's own packed GEMM otherwise (and for products too small for
// OpenBLAS to pay): BLIS-style packing around AVX2+FMA micro-kernels on
// amd64, a pure-Go micro-kernel elsewhere and under -tags noasm, split over
// the worker pool (see Parallel) when large. Element types whose underlying
// type is float32 or float64 (such as type myF float32) take the same path,
// their slices viewed as []float32 or []float64. Inconsistent leading
// dimensions or short slices panic. When beta is 0, c is overwritten
// without being read. m, n or k may be 0 (k == 0 or alpha == 0 only scales
// c by beta), in which case the leading dimensions are not checked.
// Following BLAS, terms whose op(a) element is exactly 0 may be skipped, so
// 0 * Inf in b need not produce NaN.
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemm implements Gemm for a float T under the wider Num constraint.
func gemm[T Num](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	be := backendBuiltin
	if m > 0 && n > 0 && k > 0 && alpha != 0 {
		be = pickBackend(m, n, k)
	}
	gemmWith(be, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// builtinGemm is the built-in path of gemm for m, n, k > 0 and alpha != 0:
// the packed driver of gemm_packed.go. It panics when the leading
// dimensions or slice lengths are inconsistent.
func builtinGemm[T Num](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	builtinGemmBatched(transA, transB, 1, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0)
}

// builtinGemmBatched runs a validated, non-degenerate batched GEMM (see
// GemmBatched) on the packed driver.
func builtinGemmBatched[T Num](transA, transB bool, batch, m, n, k int, alpha T, a []T, lda, strideA int, b []T, ldb, strideB int, beta T, c []T, ldc, strideC int) {
	checkGemmArgs(transA, transB, m, n, k, len(a)-(batch-1)*strideA, lda, len(b)-(batch-1)*strideB, ldb, len(c)-(batch-1)*strideC, ldc)
	if is32[T]() {
		g := gemmOp[float32]{transA: transA, transB: transB, m: m, n: n, k: k,
			alpha: float32(alpha), beta: float32(beta),
			a: reinterpret[float32](a), lda: lda, strideA: strideA,
			b: reinterpret[float32](b), ldb: ldb, strideB: strideB,
			c: reinterpret[float32](c), ldc: ldc, strideC: strideC, batch: batch}
		packedGemm(&g)
		return
	}
	g := gemmOp[float64]{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: float64(alpha), beta: float64(beta),
		a: reinterpret[float64](a), lda: lda, strideA: strideA,
		b: reinterpret[float64](b), ldb: ldb, strideB: strideB,
		c: reinterpret[float64](c), ldc: ldc, strideC: strideC, batch: batch}
	packedGemm(&g)
}

// gemmReference, when set (only tests set it), serves backendGonum: it
// runs a validated, non-degenerate single GEMM given as a *gemmOp[float32]
// or *gemmOp[float64] on a reference BLAS (gonum's). The production
// binary carries no second GEMM.
var gemmReference func(op any)

// referenceGemm runs gemm (m, n, k > 0) through gemmReference.
func referenceGemm[T Num](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemmArgs(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if is32[T]() {
		gemmReference(&gemmOp[float32]{transA: transA, transB: transB, m: m, n: n, k: k,
			alpha: float32(alpha), beta: float32(beta),
			a: reinterpret[float32](a), lda: lda, b: reinterpret[float32](b), ldb: ldb,
			c: reinterpret[float32](c), ldc: ldc, batch: 1})
		return
	}
	gemmReference(&gemmOp[float64]{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: float64(alpha), beta: float64(beta),
		a: reinterpret[float64](a), lda: lda, b: reinterpret[float64](b), ldb: ldb,
		c: reinterpret[float64](c), ldc: ldc, batch: 1})
}

// GemmBatched runs batch independent GEMMs,
//
//	C_i = alpha*op(A_i)*op(B_i) + beta*C_i   for i < batch,
//
// where X_i is the matrix starting at x[i*strideX], with the layout, leading
// dimensions and conventions of Gemm. A stride of 0 makes every member use
// the same A or B (a broadcast operand, as vmap produces for an unbatched
// weight): the built-in backend then packs each block of a shared B once
// for the whole batch, and when A_i and C_i are the consecutive rows of one
// matrix (no transA, strideA = m*lda, strideC = m*ldc) the batch is run as
// a single m·batch-row GEMM. Strides must be non-negative and the C_i
// must not overlap (strideC ≥ (m-1)*ldc+n); GemmBatched panics otherwise.
// Large batches of small products are split over goroutines by batch
// member.
func GemmBatched[T Float](transA, transB bool, batch, m, n, k int, alpha T, a []T, lda, strideA int, b []T, ldb, strideB int, beta T, c []T, ldc, strideC int) {
	gemmBatched(transA, transB, batch, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC)
}

// gemmBatched implements GemmBatched under the Num constraint.
func gemmBatched[T Num](transA, transB bool, batch, m, n, k int, alpha T, a []T, lda, strideA int, b []T, ldb, strideB int, beta T, c []T, ldc, strideC int) {
	if batch <= 0 || m == 0 || n == 0 {
		return
	}
	if strideA < 0 || strideB < 0 || batch > 1 && strideC < (m-1)*ldc+n {
		panic(fmt.Sprintf("kernels: GemmBatched: strides (%d, %d, %d) must be ≥ 0, and C's members (%d×%d, ldc %d) must not overlap",
			strideA, strideB, strideC, m, n, ldc))
	}
	if batch == 1 {
		gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if strideB == 0 && !transA && strideA == m*lda && strideC == m*ldc {
		// The members are consecutive row blocks of one A and one C.
		gemm(transA, transB, batch*m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	be := backendBuiltin
	if k > 0 && alpha != 0 {
		be = pickBackend(m, n, k)
	}
	if be == backendBuiltin && k > 0 && alpha != 0 {
		builtinGemmBatched(transA, transB, batch, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC)
		return
	}
	for i := 0; i < batch; i++ {
		gemmWith(be, transA, transB, m, n, k, alpha, a[i*strideA:], lda, b[i*strideB:], ldb, beta, c[i*strideC:], ldc)
	}
}

// reinterpret views s as a []E. The caller guarantees that T's underlying
// type is E.
func reinterpret[E, T any](s []T) []E {
	return unsafe.Slice((*E)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// DotGeneral computes XLA's dot_general of lhs (shape lhsShape) and rhs
// (shape rhsShape). lc[i] and rc[i] are paired contracting axes, lb[i] and
// rb[i] paired batch axes; every other axis is free. dst has shape
//
//	[lhsShape[lb[0]], ...] ++ [lhs free dims in order] ++ [rhs free dims in order]
//
// and is fully overwritten:
//
//	dst[b, m, n] = Σ_k lhs[b, m, k] * rhs[b, k, n]
//
// where b, m, n and k are the multi-indices over the batch, lhs free, rhs
// free and contracting axes. An empty contraction gives zeros.
//
// Each operand is viewed as a batch of matrices: lhs as [B, M, K] and rhs as
// [B, K, N]. When an operand's axes are already ordered (batch, free,
// contracting) or (batch, contracting, free), ignoring size-1 axes, it is
// used in place, with the matching transpose flag; otherwise it is first
// transposed into a scratch buffer. Floats then run as one GemmBatched;
// integers use a plain triple loop. A single contracting element (outer
// products, as in per-example weight gradients) skips the GEMM: each output
// row is a scaled row of rhs.
func DotGeneral[T Num](dst, lhs []T, lhsShape []int, rhs []T, rhsShape []int, lc, rc, lb, rb []int) {
	if len(dst) == 0 {
		return
	}
	k := 1
	for _, ax := range lc {
		k *= lhsShape[ax]
	}
	if k == 0 {
		clear(dst)
		return
	}
	a, transA, m := matrixView(lhs, lhsShape, lb, lc, true)
	b, transB, n := matrixView(rhs, rhsShape, rb, rc, false)
	batches := len(dst) / (m * n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	if k == 1 {
		outer(dst, a, b, batches, m, n)
		return
	}
	if isFloat[T]() {
		gemmBatched(transA, transB, batches, m, n, k, 1, a, lda, m*k, b, ldb, k*n, 0, dst, n, m*n)
		return
	}
	for i := 0; i < batches; i++ {
		gemmLoops(transA, transB, m, n, k, a[i*m*k:], lda, b[i*k*n:], ldb, dst[i*m*n:], n)
	}
}

// outer sets each batch member of dst to the outer product of a's and b's
// members (m and n elements each, whatever the transpose flags: with one
// contracting element both layouts are the same): a row of dst is a row of
// b scaled by one element of a, the single product a GEMM would form.
// Large products are split by rows over the worker pool.
func outer[T Num](dst, a, b []T, batches, m, n int) {
	Parallel(batches*m*n, n, func(_, lo, hi int) {
		for r := lo / n; r < hi/n; r++ {
			bi := r / m
			Scale(dst[r*n:(r+1)*n], b[bi*n:(bi+1)*n], a[r])
		}
	})
}

// matrixView returns x viewed as a batch of matrices, the transpose flag for
// that view and the product of the free dims. For the lhs (lhs == true) the
// untransposed layout is (batch, free, contract); for the rhs it is (batch,
// contract, free). The data is transposed into a new buffer in that layout
// when neither it nor its transpose matches.
func matrixView[T Num](x []T, shape, batch, contract []int, lhs bool) (data []T, trans bool, free int) {
	r := len(shape)
	var buf [4 * stackRank]int
	bb := intScratch(buf[:], 4*r)
	role, freeAx := bb[:r], bb[r:r:2*r]
	for _, ax := range batch {
		role[ax] = 1
	}
	for _, ax := range contract {
		role[ax] = 2
	}
	free = 1
	for ax, ro := range role {
		if ro == 0 {
			freeAx = append(freeAx, ax)
			free *= shape[ax]
		}
	}
	// bfc = batch ++ free ++ contract, bcf = batch ++ contract ++ free.
	bfc := append(append(append(bb[2*r:2*r:3*r], batch...), freeAx...), contract...)
	bcf := append(append(append(bb[3*r:3*r:4*r], batch...), contract...), freeAx...)
	plain, swapped := bfc, bcf
	if !lhs {
		plain, swapped = bcf, bfc
	}
	switch {
	case inOrder(plain, shape):
		return x, false, free
	case inOrder(swapped, shape):
		return x, true, free
	}
	t := make([]T, len(x))
	Transpose(t, x, shape, plain)
	return t, false, free
}

// inOrder reports whether the axes of perm whose size is not 1 appear in
// increasing order, i.e. whether transposing by perm moves no data.
func inOrder(perm, shape []int) bool {
	last := -1
	for _, p := range perm {
		if shape[p] == 1 {
			continue
		}
		if p < last {
			return false
		}
		last = p
	}
	return true
}

// gemmLoops sets c = op(a)*op(b) (overwriting c) with plain loops; it is
// used for integer types.
func gemmLoops[T Num](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		if !transB {
			clear(crow)
			for p := 0; p < k; p++ {
				var aip T
				if transA {
					aip = a[p*lda+i]
				} else {
					aip = a[i*lda+p]
				}
				brow := b[p*ldb : p*ldb+n]
				for j, bv := range brow {
					crow[j] += aip * bv
				}
			}
			continue
		}
		for j := range crow {
			brow := b[j*ldb : j*ldb+k]
			var s T
			if transA {
				for p, bv := range brow {
					s += a[p*lda+i] * bv
				}
			} else {
				arow := a[i*lda : i*lda+k]
				for p, bv := range brow {
					s += arow[p] * bv
				}
			}
			crow[j] = s
		}
	}
}
