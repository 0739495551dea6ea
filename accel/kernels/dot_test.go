package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// dotProblem describes a dot_general: each operand's axes are a permutation
// of its (batch, free, contracting) axes.
type dotProblem struct {
	lhsShape, rhsShape []int
	lc, rc, lb, rb     []int
}

func (p dotProblem) String() string {
	return fmt.Sprintf("lhs%v rhs%v lc%v rc%v lb%v rb%v", p.lhsShape, p.rhsShape, p.lc, p.rc, p.lb, p.rb)
}

// freeAxes returns the axes of a rank-r operand that are neither batch nor
// contracting, in increasing order.
func freeAxes(r int, batch, contract []int) []int {
	var f []int
	for ax := 0; ax < r; ax++ {
		if !containsInt(batch, ax) && !containsInt(contract, ax) {
			f = append(f, ax)
		}
	}
	return f
}

func (p dotProblem) outShape() []int {
	var out []int
	for _, ax := range p.lb {
		out = append(out, p.lhsShape[ax])
	}
	for _, ax := range freeAxes(len(p.lhsShape), p.lb, p.lc) {
		out = append(out, p.lhsShape[ax])
	}
	for _, ax := range freeAxes(len(p.rhsShape), p.rb, p.rc) {
		out = append(out, p.rhsShape[ax])
	}
	return out
}

// naiveDot evaluates the problem with multi-index loops in float64 (exact
// for the small integers used with integer types) and also returns
// Σ|lhs*rhs| for every output element as an error scale.
func naiveDot[T Num](p dotProblem, lhs, rhs []T) (want, scale []float64) {
	outShape := p.outShape()
	lf := freeAxes(len(p.lhsShape), p.lb, p.lc)
	rf := freeAxes(len(p.rhsShape), p.rb, p.rc)
	cShape := make([]int, len(p.lc))
	for i, ax := range p.lc {
		cShape[i] = p.lhsShape[ax]
	}
	want = make([]float64, numElements(outShape))
	scale = make([]float64, len(want))
	li, ri := make([]int, len(p.lhsShape)), make([]int, len(p.rhsShape))
	forEachIndex(outShape, func(oi []int) {
		o := ravel(oi, outShape)
		for i := range p.lb {
			li[p.lb[i]], ri[p.rb[i]] = oi[i], oi[i]
		}
		for i, ax := range lf {
			li[ax] = oi[len(p.lb)+i]
		}
		for i, ax := range rf {
			ri[ax] = oi[len(p.lb)+len(lf)+i]
		}
		forEachIndex(cShape, func(ci []int) {
			for i := range ci {
				li[p.lc[i]], ri[p.rc[i]] = ci[i], ci[i]
			}
			v := float64(lhs[ravel(li, p.lhsShape)]) * float64(rhs[ravel(ri, p.rhsShape)])
			want[o] += v
			scale[o] += max(v, -v)
		})
	})
	return want, scale
}

// randDotProblem draws batch, free and contracting sizes and places the
// axes of each operand in random order.
func randDotProblem(r *rand.Rand) dotProblem {
	sizes := []int{0, 1, 1, 2, 3, 4}
	nb, nc := r.IntN(3), r.IntN(3)
	bs := randShape(r, nb, sizes)
	cs := randShape(r, nc, sizes)
	place := func(nfree int) (shape, batch, contract []int) {
		fs := randShape(r, nfree, sizes)
		rank := nb + nc + nfree
		perm := r.Perm(rank)
		shape = make([]int, rank)
		batch, contract = make([]int, nb), make([]int, nc)
		for i := range nb {
			batch[i] = perm[i]
			shape[perm[i]] = bs[i]
		}
		for i := range nc {
			contract[i] = perm[nb+i]
			shape[perm[nb+i]] = cs[i]
		}
		for i := range nfree {
			shape[perm[nb+nc+i]] = fs[i]
		}
		return shape, batch, contract
	}
	var p dotProblem
	p.lhsShape, p.lb, p.lc = place(r.IntN(3))
	p.rhsShape, p.rb, p.rc = place(r.IntN(3))
	return p
}

func checkDot[T Num](t *testing.T, p dotProblem, r *rand.Rand) {
	t.Helper()
	checkDotWith(t, p, r, naiveDot[T])
}

// matmulRef is a fast reference for the rank-2 problems of matmulProblem.
func matmulRef[T Num](p dotProblem, lhs, rhs []T) (want, scale []float64) {
	m, k := p.lhsShape[0], p.lhsShape[1]
	ai, ap := k, 1 // strides of lhs along m and k
	if p.lc[0] == 0 {
		k, m = p.lhsShape[0], p.lhsShape[1]
		ai, ap = 1, m
	}
	n := p.rhsShape[1]
	bp, bj := n, 1
	if p.rc[0] == 1 {
		n = p.rhsShape[0]
		bp, bj = 1, k
	}
	want, scale = make([]float64, m*n), make([]float64, m*n)
	for i := 0; i < m; i++ {
		for q := 0; q < k; q++ {
			a := float64(lhs[i*ai+q*ap])
			for j := 0; j < n; j++ {
				v := a * float64(rhs[q*bp+j*bj])
				want[i*n+j] += v
				scale[i*n+j] += max(v, -v)
			}
		}
	}
	return want, scale
}

func checkDotWith[T Num](t *testing.T, p dotProblem, r *rand.Rand, ref func(dotProblem, []T, []T) ([]float64, []float64)) {
	t.Helper()
	lhs := randNums[T](r, numElements(p.lhsShape))
	rhs := randNums[T](r, numElements(p.rhsShape))
	want, scale := ref(p, lhs, rhs)
	origL, origR := cloneOf(lhs), cloneOf(rhs)
	dst, full := guarded(len(want), sentinel[T]())
	DotGeneral(dst, lhs, p.lhsShape, rhs, p.rhsShape, p.lc, p.rc, p.lb, p.rb)
	requireGuards(t, full, len(want), sentinel[T]())
	requireSameSlice(t, origL, lhs)
	requireSameSlice(t, origR, rhs)
	eps := 0.0
	if isFloat[T]() {
		eps = 0x1p-52
		if is32[T]() {
			eps = 0x1p-23
		}
	}
	k := 1
	for _, ax := range p.lc {
		k *= p.lhsShape[ax]
	}
	for i := range scale {
		scale[i] += 1e-300
	}
	requireClose(t, want, dst, 2*float64(k+1)*eps, scale, p.String())
}

func TestDotGeneralRandom(t *testing.T) {
	r := newRNG()
	for range 300 {
		p := randDotProblem(r)
		checkDot[float32](t, p, r)
		checkDot[float64](t, p, r)
		checkDot[int32](t, p, r)
		checkDot[int64](t, p, r)
	}
}

// matmulProblem returns [m,k]x[k,n] with either operand optionally stored
// transposed.
func matmulProblem(m, n, k int, transA, transB bool) dotProblem {
	p := dotProblem{lhsShape: []int{m, k}, rhsShape: []int{k, n}, lc: []int{1}, rc: []int{0}, lb: []int{}, rb: []int{}}
	if transA {
		p.lhsShape, p.lc = []int{k, m}, []int{0}
	}
	if transB {
		p.rhsShape, p.rc = []int{n, k}, []int{1}
	}
	return p
}

func TestDotGeneralMatmul(t *testing.T) {
	r := newRNG()
	small := []int{1, 2, 3, 7, 8, 9, 16, 17}
	for _, m := range small {
		for _, n := range small {
			for _, k := range small {
				tA, tB := r.IntN(2) == 1, r.IntN(2) == 1
				checkDotWith(t, matmulProblem(m, n, k, tA, tB), r, matmulRef[float32])
				checkDotWith(t, matmulProblem(m, n, k, !tA, tB), r, matmulRef[float64])
			}
		}
	}
	for _, m := range []int{63, 64, 65} {
		for _, n := range []int{63, 64, 65} {
			for _, k := range []int{63, 65} {
				tA, tB := r.IntN(2) == 1, r.IntN(2) == 1
				checkDotWith(t, matmulProblem(m, n, k, tA, tB), r, matmulRef[float32])
				checkDotWith(t, matmulProblem(m, n, k, tA, !tB), r, matmulRef[int32])
			}
		}
	}
	if testing.Short() {
		return
	}
	big := [][3]int{{255, 256, 257}, {257, 255, 256}}
	for i, s := range big {
		for _, tr := range [][2]bool{{false, false}, {true, true}, {i == 0, i == 1}} {
			checkDotWith(t, matmulProblem(s[0], s[1], s[2], tr[0], tr[1]), r, matmulRef[float32])
		}
		checkDotWith(t, matmulProblem(s[0], s[1], s[2], false, true), r, matmulRef[float64])
	}
}

func TestDotGeneralLayouts(t *testing.T) {
	r := newRNG()
	problems := []dotProblem{
		// Batched, batch leading: in place.
		{lhsShape: []int{3, 4, 5}, rhsShape: []int{3, 5, 6}, lb: []int{0}, rb: []int{0}, lc: []int{2}, rc: []int{1}},
		// Batched, both operands transposed in place.
		{lhsShape: []int{3, 5, 4}, rhsShape: []int{3, 6, 5}, lb: []int{0}, rb: []int{0}, lc: []int{1}, rc: []int{2}},
		// Batch in the middle and last: needs transposes.
		{lhsShape: []int{4, 3, 5}, rhsShape: []int{5, 6, 3}, lb: []int{1}, rb: []int{2}, lc: []int{2}, rc: []int{0}},
		// Two batch dims in swapped order and two contracting dims.
		{lhsShape: []int{2, 3, 4, 5, 6}, rhsShape: []int{6, 3, 2, 7, 5}, lb: []int{1, 0}, rb: []int{1, 2}, lc: []int{4, 3}, rc: []int{0, 4}},
		// Contracting dims listed out of storage order.
		{lhsShape: []int{4, 2, 3}, rhsShape: []int{3, 2, 5}, lb: []int{}, rb: []int{}, lc: []int{2, 1}, rc: []int{0, 1}},
		// Size-1 axes interleaved.
		{lhsShape: []int{1, 4, 1, 5}, rhsShape: []int{5, 1, 6}, lb: []int{}, rb: []int{}, lc: []int{3}, rc: []int{0}},
		// K = 0, M = 0, N = 0, B = 0.
		{lhsShape: []int{3, 0}, rhsShape: []int{0, 4}, lb: []int{}, rb: []int{}, lc: []int{1}, rc: []int{0}},
		{lhsShape: []int{0, 3}, rhsShape: []int{3, 4}, lb: []int{}, rb: []int{}, lc: []int{1}, rc: []int{0}},
		{lhsShape: []int{2, 3}, rhsShape: []int{3, 0}, lb: []int{}, rb: []int{}, lc: []int{1}, rc: []int{0}},
		{lhsShape: []int{0, 2, 3}, rhsShape: []int{0, 3, 4}, lb: []int{0}, rb: []int{0}, lc: []int{2}, rc: []int{1}},
		// Scalars and outer/inner products.
		{lhsShape: []int{}, rhsShape: []int{}, lb: []int{}, rb: []int{}, lc: []int{}, rc: []int{}},
		{lhsShape: []int{3}, rhsShape: []int{4}, lb: []int{}, rb: []int{}, lc: []int{}, rc: []int{}},
		{lhsShape: []int{5}, rhsShape: []int{5}, lb: []int{}, rb: []int{}, lc: []int{0}, rc: []int{0}},
		{lhsShape: []int{5}, rhsShape: []int{5}, lb: []int{0}, rb: []int{0}, lc: []int{}, rc: []int{}},
		// Many small batches.
		{lhsShape: []int{100, 2, 3}, rhsShape: []int{100, 3, 2}, lb: []int{0}, rb: []int{0}, lc: []int{2}, rc: []int{1}},
	}
	for _, p := range problems {
		t.Run(p.String(), func(t *testing.T) {
			checkDot[float32](t, p, r)
			checkDot[float64](t, p, r)
			checkDot[int32](t, p, r)
			checkDot[int64](t, p, r)
		})
	}
}

func TestDotGeneralKZeroOverwrites(t *testing.T) {
	dst := []float32{5, 5, 5, 5, 5, 5}
	DotGeneral(dst, nil, []int{2, 0}, nil, []int{0, 3}, []int{1}, []int{0}, nil, nil)
	require.Equal(t, []float32{0, 0, 0, 0, 0, 0}, dst)
}

func TestGemm(t *testing.T) {
	// c = 2*a*b + 0.5*c with padded leading dimensions.
	a := []float64{1, 2, 9, 3, 4, 9} // 2x2, lda 3
	b := []float64{5, 6, 9, 7, 8, 9} // 2x2, ldb 3
	c := []float64{1, 1, 9, 1, 1, 9} // 2x2, ldc 3
	Gemm(false, false, 2, 2, 2, 2, a, 3, b, 3, 0.5, c, 3)
	require.Equal(t, []float64{2*19 + 0.5, 2*22 + 0.5, 9, 2*43 + 0.5, 2*50 + 0.5, 9}, c)
	// aᵀ with float32.
	a32 := []float32{1, 3, 2, 4}
	b32 := []float32{5, 6, 7, 8}
	c32 := make([]float32, 4)
	Gemm(true, false, 2, 2, 2, 1, a32, 2, b32, 2, 0, c32, 2)
	require.Equal(t, []float32{19, 22, 43, 50}, c32)
	// k = 0 scales c; m = 0 and n = 0 are no-ops even with zero leading dimensions.
	Gemm(false, false, 2, 2, 0, 1, nil, 0, nil, 0, 2, c32, 2)
	require.Equal(t, []float32{38, 44, 86, 100}, c32)
	Gemm(false, false, 0, 2, 3, 1, nil, 0, nil, 0, 0, c32, 0)
	Gemm(false, true, 2, 0, 3, 1, a32, 3, nil, 0, 0, nil, 0)
	require.Equal(t, []float32{38, 44, 86, 100}, c32)
	// Named float types.
	am, bm, cm := []myFloat{1, 2}, []myFloat{3, 4}, make([]myFloat, 1)
	Gemm(false, true, 1, 1, 2, 1, am, 2, bm, 2, 0, cm, 1)
	require.Equal(t, myFloat(11), cm[0])
}

// With one contracting element DotGeneral forms outer products without the
// GEMM (outer); each element is then the single rounded product, exactly,
// for every layout, around the vector widths and above ParallelMin.
func TestDotGeneralOuter(t *testing.T) {
	r := newRNG()
	type dims struct{ b, m, n int }
	cases := []dims{{1, 1, 1}, {1, 3, 7}, {2, 5, 8}, {3, 9, 9}, {4, 2, 17}, {7, 8, 33}, {64, 64, 128}}
	for _, c := range cases {
		for _, contracted := range []bool{false, true} {
			// lhs [B, M(, 1)] and rhs [B(, 1), N], or with the size-1
			// contracting axis leading in each operand.
			p := dotProblem{lhsShape: []int{c.b, c.m}, rhsShape: []int{c.b, c.n}, lb: []int{0}, rb: []int{0}, lc: []int{}, rc: []int{}}
			if contracted {
				p = dotProblem{lhsShape: []int{c.b, 1, c.m}, rhsShape: []int{1, c.b, c.n}, lb: []int{0}, rb: []int{1}, lc: []int{1}, rc: []int{0}}
			}
			t.Run(p.String(), func(t *testing.T) {
				checkOuter[float32](t, p, c.b, c.m, c.n, r)
				checkOuter[float64](t, p, c.b, c.m, c.n, r)
				checkOuter[int32](t, p, c.b, c.m, c.n, r)
			})
		}
	}
}

func checkOuter[T Num](t *testing.T, p dotProblem, b, m, n int, r *rand.Rand) {
	t.Helper()
	lhs, rhs := randNums[T](r, b*m), randNums[T](r, b*n)
	dst, full := guarded(b*m*n, sentinel[T]())
	DotGeneral(dst, lhs, p.lhsShape, rhs, p.rhsShape, p.lc, p.rc, p.lb, p.rb)
	requireGuards(t, full, b*m*n, sentinel[T]())
	for bi := range b {
		for i := range m {
			for j := range n {
				want := lhs[bi*m+i] * rhs[bi*n+j]
				if got := dst[(bi*m+i)*n+j]; got != want {
					t.Fatalf("%T %v: dst[%d,%d,%d] = %v, want %v", got, p, bi, i, j, got, want)
				}
			}
		}
	}
}
