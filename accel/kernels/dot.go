package kernels

import (
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Gemm sets c = alpha*op(a)*op(b) + beta*c, where op(a) is m×k, op(b) is
// k×n and c is m×n, all row-major with leading dimensions lda, ldb and ldc;
// op(x) is xᵀ when the corresponding trans flag is set:
//
//	c[i*ldc+j] = alpha * Σ_p op(a)[i, p]*op(b)[p, j] + beta*c[i*ldc+j].
//
// It dispatches to OpenBLAS when that is loaded (see BLASBackend) and to
// gonum's blas32/blas64 implementation otherwise; element types whose
// underlying type is float32 or float64 (such as type myF float32) take the
// same path, their slices viewed as []float32 or []float64. When beta is 0,
// c is overwritten without being read. m, n or k may be 0 (k == 0 or
// alpha == 0 only scales c by beta), in which case the leading dimensions
// are not checked. Following BLAS, terms whose op(a) element is exactly 0
// may be skipped, so 0 * Inf in b need not produce NaN.
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

// builtinGemm is the gonum path of gemm for m, n, k > 0.
func builtinGemm[T Num](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if transA {
		ta = blas.Trans
	}
	if transB {
		tb = blas.Trans
	}
	if is32[T]() {
		blas32.Implementation().Sgemm(ta, tb, m, n, k, float32(alpha), reinterpret[float32](a), lda,
			reinterpret[float32](b), ldb, float32(beta), reinterpret[float32](c), ldc)
		return
	}
	blas64.Implementation().Dgemm(ta, tb, m, n, k, float64(alpha), reinterpret[float64](a), lda,
		reinterpret[float64](b), ldb, float64(beta), reinterpret[float64](c), ldc)
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
// transposed into a scratch buffer. Floats then call Gemm once per batch;
// integers use a plain triple loop.
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
	float := isFloat[T]()
	for i := 0; i < batches; i++ {
		ai, bi, ci := a[i*m*k:], b[i*k*n:], dst[i*m*n:]
		if float {
			gemm(transA, transB, m, n, k, 1, ai, lda, bi, ldb, 0, ci, n)
		} else {
			gemmLoops(transA, transB, m, n, k, ai, lda, bi, ldb, ci, n)
		}
	}
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
