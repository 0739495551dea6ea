package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// requireOpenBLAS skips the test when OpenBLAS cannot be loaded.
func requireOpenBLAS(t testing.TB) {
	t.Helper()
	if err := loadOpenBLAS(); err != nil {
		t.Skipf("OpenBLAS unavailable, skipping its tests (%s did not load: %v)", openblasLibName, err)
	}
}

// setGemmBackendForTest makes every Gemm and DotGeneral of the test use be,
// at all sizes, until the test ends.
func setGemmBackendForTest(t testing.TB, be gemmBackend) {
	t.Helper()
	if be == backendOpenBLAS {
		requireOpenBLAS(t)
	}
	prev := backendOverride.Swap(uint32(be))
	t.Cleanup(func() { backendOverride.Store(prev) })
}

var gemmBackends = []gemmBackend{backendBuiltin, backendOpenBLAS}

// forEachGemmBackend runs f in a subtest per backend, "backend=builtin" and
// "backend=openblas"; the latter skips when OpenBLAS is not installed.
func forEachGemmBackend(t *testing.T, f func(t *testing.T)) {
	for _, be := range gemmBackends {
		t.Run("backend="+be.String(), func(t *testing.T) {
			setGemmBackendForTest(t, be)
			f(t)
		})
	}
}

// TestDotGeneralBackends runs the DotGeneral and Gemm tests of dot_test.go
// (and the allocation test) with each backend forced at every size.
func TestDotGeneralBackends(t *testing.T) {
	forEachGemmBackend(t, func(t *testing.T) {
		t.Run("Random", TestDotGeneralRandom)
		t.Run("Matmul", TestDotGeneralMatmul)
		t.Run("Layouts", TestDotGeneralLayouts)
		t.Run("KZeroOverwrites", TestDotGeneralKZeroOverwrites)
		t.Run("Gemm", TestGemm)
		t.Run("NoAllocs", TestNoAllocs)
	})
}

// gemmCase is one Gemm problem with padded leading dimensions.
type gemmCase struct {
	transA, transB bool
	m, n, k        int
	lda, ldb, ldc  int
	alpha, beta    float64
}

func (g gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%g beta=%g",
		g.transA, g.transB, g.m, g.n, g.k, g.lda, g.ldb, g.ldc, g.alpha, g.beta)
}

// dims returns the stored shapes of a and b.
func (g gemmCase) dims() (rowsA, colsA, rowsB, colsB int) {
	rowsA, colsA = g.m, g.k
	if g.transA {
		rowsA, colsA = g.k, g.m
	}
	rowsB, colsB = g.k, g.n
	if g.transB {
		rowsB, colsB = g.n, g.k
	}
	return
}

func randGemmCase(r *rand.Rand, m, n, k int, transA, transB bool) gemmCase {
	g := gemmCase{transA: transA, transB: transB, m: m, n: n, k: k}
	_, colsA, _, colsB := g.dims()
	g.lda, g.ldb, g.ldc = colsA+r.IntN(3), colsB+r.IntN(3), n+r.IntN(3)
	g.alpha = []float64{1, -1, 0.75, 2.5}[r.IntN(4)]
	g.beta = []float64{0, 0, 1, -0.5}[r.IntN(4)]
	return g
}

// naiveGemm evaluates the problem in float64 with a triple loop and returns
// the expected c and an error scale per element.
func naiveGemm[T Float](g gemmCase, a, b, c []T) (want, scale []float64) {
	want, scale = make([]float64, len(c)), make([]float64, len(c))
	for i := range c {
		want[i] = float64(c[i])
	}
	// opA is op(a) as a dense m×k matrix, opB is op(b) as a dense k×n one.
	opA, opB := make([]float64, g.m*g.k), make([]float64, g.k*g.n)
	for i := 0; i < g.m; i++ {
		for p := 0; p < g.k; p++ {
			if g.transA {
				opA[i*g.k+p] = float64(a[p*g.lda+i])
			} else {
				opA[i*g.k+p] = float64(a[i*g.lda+p])
			}
		}
	}
	for p := 0; p < g.k; p++ {
		for j := 0; j < g.n; j++ {
			if g.transB {
				opB[p*g.n+j] = float64(b[j*g.ldb+p])
			} else {
				opB[p*g.n+j] = float64(b[p*g.ldb+j])
			}
		}
	}
	row, abs := make([]float64, g.n), make([]float64, g.n)
	for i := 0; i < g.m; i++ {
		clear(row)
		clear(abs)
		for p, aip := range opA[i*g.k : (i+1)*g.k] {
			for j, bv := range opB[p*g.n : (p+1)*g.n] {
				v := aip * bv
				row[j] += v
				abs[j] += math.Abs(v)
			}
		}
		for j := 0; j < g.n; j++ {
			o := i*g.ldc + j
			cv := 0.0
			if g.beta != 0 {
				cv = g.beta * float64(c[o])
			}
			want[o] = g.alpha*row[j] + cv
			scale[o] = math.Abs(g.alpha)*abs[j] + math.Abs(cv) + 1e-300
		}
	}
	return want, scale
}

// checkGemmCase runs g on every available backend through gemmWith and
// compares the results with the naive triple loop, including that the
// padding of c and the guards around it are untouched and that beta == 0
// overwrites NaNs.
func checkGemmCase[T Float](t *testing.T, g gemmCase, r *rand.Rand, backends []gemmBackend) {
	t.Helper()
	rowsA, colsA, rowsB, colsB := g.dims()
	a := randFloats[T](r, (rowsA-1)*g.lda+colsA, -1, 1)
	b := randFloats[T](r, (rowsB-1)*g.ldb+colsB, -1, 1)
	nc := (g.m-1)*g.ldc + g.n
	c0 := randFloats[T](r, nc, -1, 1)
	if g.beta == 0 {
		for i := range c0 {
			c0[i] = T(math.NaN())
		}
	}
	want, scale := naiveGemm(g, a, b, c0)
	eps := 0x1p-52
	if is32[T]() {
		eps = 0x1p-23
	}
	tol := 2 * float64(g.k+2) * eps
	origA, origB := cloneOf(a), cloneOf(b)
	for _, be := range backends {
		c, full := guarded(nc, sentinel[T]())
		copy(c, c0)
		gemmWith(be, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a, g.lda, b, g.ldb, T(g.beta), c, g.ldc)
		requireGuards(t, full, nc, sentinel[T]())
		requireSameSlice(t, origA, a)
		requireSameSlice(t, origB, b)
		for i := 0; i < g.m; i++ {
			for j := g.n; j < g.ldc && i*g.ldc+j < nc; j++ {
				o := i*g.ldc + j
				require.Truef(t, sameBits(c0[o], c[o]), "%v %v: padding c[%d] changed to %v", be, g, o, c[o])
				want[o], scale[o] = float64(c[o]), 1
			}
		}
		requireClose(t, want, c, tol, scale, be.String(), g.String())
	}
}

// availableGemmBackends lists builtin and, when it loads, openblas.
func availableGemmBackends(t *testing.T) []gemmBackend {
	if err := loadOpenBLAS(); err != nil {
		t.Logf("OpenBLAS unavailable, checking the builtin backend only (%s did not load: %v)", openblasLibName, err)
		return []gemmBackend{backendBuiltin}
	}
	return []gemmBackend{backendBuiltin, backendOpenBLAS}
}

// TestGemmConformance compares every backend with a naive triple loop for
// all transposes, f32 and f64: every m, n, k in 1..17 and in 63..65, and
// for 255..257 every permutation of (255, 256, 257) plus 256³ (only 256³
// with -short).
func TestGemmConformance(t *testing.T) {
	backends := availableGemmBackends(t)
	r := newRNG()
	var triples [][3]int
	for _, rg := range [][2]int{{1, 17}, {63, 65}} {
		for m := rg[0]; m <= rg[1]; m++ {
			for n := rg[0]; n <= rg[1]; n++ {
				for k := rg[0]; k <= rg[1]; k++ {
					triples = append(triples, [3]int{m, n, k})
				}
			}
		}
	}
	triples = append(triples, [3]int{256, 256, 256})
	if !testing.Short() {
		triples = append(triples, [3]int{255, 256, 257}, [3]int{255, 257, 256}, [3]int{256, 255, 257},
			[3]int{256, 257, 255}, [3]int{257, 255, 256}, [3]int{257, 256, 255})
	}
	for _, s := range triples {
		for tr := range 4 {
			tA, tB := tr&1 == 1, tr&2 == 2
			checkGemmCase[float32](t, randGemmCase(r, s[0], s[1], s[2], tA, tB), r, backends)
			checkGemmCase[float64](t, randGemmCase(r, s[0], s[1], s[2], tA, tB), r, backends)
		}
	}
}

type myDouble float64

// TestGemmNamedTypes checks that element types defined on float32 and
// float64 reach every backend correctly.
func TestGemmNamedTypes(t *testing.T) {
	backends := availableGemmBackends(t)
	r := newRNG()
	for _, g := range []gemmCase{
		randGemmCase(r, 40, 33, 35, false, true),
		randGemmCase(r, 3, 2, 4, true, false),
	} {
		checkGemmCase[myFloat](t, g, r, backends)
		checkGemmCase[myDouble](t, g, r, backends)
	}
}

// TestGemmDegenerateBackends checks that the zero-size and alpha == 0 cases
// behave on every backend exactly as documented: no leading
// dimension checks, c only scaled.
func TestGemmDegenerateBackends(t *testing.T) {
	forEachGemmBackend(t, func(t *testing.T) {
		c := []float32{1, 2, 3, 4}
		Gemm(false, false, 2, 2, 0, 1, nil, 0, nil, 0, 2, c, 2)
		require.Equal(t, []float32{2, 4, 6, 8}, c)
		Gemm(false, false, 0, 2, 3, 1, nil, 0, nil, 0, 0, c, 0)
		Gemm[float32](false, true, 2, 0, 3, 1, nil, 0, nil, 0, 0, nil, 0)
		require.Equal(t, []float32{2, 4, 6, 8}, c)
		inf := float32(math.Inf(1))
		Gemm(false, false, 2, 2, 1, 0, []float32{inf, inf}, 1, []float32{inf, inf}, 2, 0.5, c, 2)
		require.Equal(t, []float32{1, 2, 3, 4}, c)
		Gemm(false, false, 2, 2, 1, 0, []float32{inf, inf}, 1, []float32{inf, inf}, 2, 0, c, 2)
		require.Equal(t, []float32{0, 0, 0, 0}, c)
	})
}

// TestGemmInvalidArgs checks that inconsistent leading dimensions or short
// slices never reach OpenBLAS: they panic on the built-in path instead.
func TestGemmInvalidArgs(t *testing.T) {
	forEachGemmBackend(t, func(t *testing.T) {
		a, b, c := make([]float64, 6), make([]float64, 6), make([]float64, 4)
		require.NotPanics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2) })
		require.Panics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2) }, "lda < k")
		require.Panics(t, func() { Gemm(false, false, 2, 2, 3, 1, a[:5], 3, b, 2, 0, c, 2) }, "short a")
		require.Panics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b[:5], 2, 0, c, 2) }, "short b")
		require.Panics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c[:3], 2) }, "short c")
		require.Panics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 1) }, "ldc < n")
		require.Panics(t, func() { Gemm(true, false, 2, 2, 3, 1, a, 1, b, 2, 0, c, 2) }, "lda < m")
	})
}

// TestGemmConcurrent runs GEMMs from several goroutines at once on each
// backend and compares them with a sequential built-in run.
func TestGemmConcurrent(t *testing.T) {
	const n, workers, rounds = 72, 8, 10
	r := newRNG()
	a := randFloats[float32](r, n*n, -1, 1)
	b := randFloats[float32](r, n*n, -1, 1)
	want := make([]float32, n*n)
	gemmWith(backendBuiltin, false, true, n, n, n, 1, a, n, b, n, 0, want, n)
	forEachGemmBackend(t, func(t *testing.T) {
		got := make([][]float32, workers)
		var wg sync.WaitGroup
		for w := range workers {
			got[w] = make([]float32, n*n)
			wg.Go(func() {
				for range rounds {
					Gemm(false, true, n, n, n, 1, a, n, b, n, 0, got[w], n)
				}
			})
		}
		wg.Wait()
		for _, g := range got {
			for i := range want {
				require.InDelta(t, want[i], g[i], 1e-4)
			}
		}
	})
}

func TestGemmArgsValid(t *testing.T) {
	// m=2, n=3, k=4: a is 2×4 (4×2 transposed), b is 4×3 (3×4 transposed).
	require.True(t, gemmArgsValid(false, false, 2, 3, 4, 8, 4, 12, 3, 6, 3))
	require.True(t, gemmArgsValid(true, true, 2, 3, 4, 8, 2, 12, 4, 6, 3))
	require.True(t, gemmArgsValid(false, false, 2, 3, 4, 9, 5, 15, 4, 7, 4)) // padded, last row unpadded
	require.False(t, gemmArgsValid(false, false, 2, 3, 4, 8, 5, 12, 3, 6, 3))
	require.False(t, gemmArgsValid(true, false, 2, 3, 4, 8, 4, 12, 3, 6, 3))
	require.False(t, gemmArgsValid(false, true, 2, 3, 4, 8, 4, 12, 3, 6, 3))
	require.False(t, gemmArgsValid(false, false, 2, 3, 4, 8, 4, 12, 3, 5, 3))
	require.False(t, gemmArgsValid(false, false, 2, 3, 4, 8, 4, 12, 3, 6, 2))
}

func TestUseOpenBLAS(t *testing.T) {
	for _, env := range []string{"builtin", "BUILTIN", " Builtin "} {
		require.False(t, useOpenBLAS(env, func() bool { panic("must not load OpenBLAS") }), env)
	}
	for _, env := range []string{"", "openblas", "auto", "gonum?"} {
		require.True(t, useOpenBLAS(env, func() bool { return true }), env)
		require.False(t, useOpenBLAS(env, func() bool { return false }), env)
	}
}

func TestBLASBackend(t *testing.T) {
	got := BLASBackend()
	t.Logf("BLASBackend() = %q", got)
	want := "builtin"
	if !strings.EqualFold(strings.TrimSpace(os.Getenv(blasEnv)), "builtin") && loadOpenBLAS() == nil {
		want = "openblas"
	}
	require.Equal(t, want, got)
	require.Equal(t, got, BLASBackend())
}

func TestPickBackend(t *testing.T) {
	def := defaultBackend()
	require.Equal(t, backendBuiltin, pickBackend(2, 3, 2))
	require.Equal(t, def, pickBackend(512, 512, 512))
	for _, be := range gemmBackends {
		t.Run(be.String(), func(t *testing.T) {
			setGemmBackendForTest(t, be)
			require.Equal(t, be, pickBackend(2, 3, 2))
			require.Equal(t, be, pickBackend(512, 512, 512))
		})
	}
	require.Equal(t, backendBuiltin, pickBackend(2, 3, 2))
}

// BenchmarkGemm measures a square 512³ GEMM per backend and precision:
// builtin is the packed driver, gonum the previous built-in path. See
// BenchmarkGemmThreads for fixed thread counts and % of peak.
func BenchmarkGemm(b *testing.B) {
	for _, be := range []gemmBackend{backendBuiltin, backendGonum, backendOpenBLAS} {
		b.Run("backend="+be.String(), func(b *testing.B) {
			if be == backendOpenBLAS {
				requireOpenBLAS(b)
			}
			b.Run("f32/512x512x512", func(b *testing.B) { benchGemm[float32](b, be, 512) })
			b.Run("f64/512x512x512", func(b *testing.B) { benchGemm[float64](b, be, 512) })
		})
	}
}

func benchGemm[T Float](b *testing.B, be gemmBackend, n int) {
	r := newRNG()
	x := randFloats[T](r, n*n, -1, 1)
	y := randFloats[T](r, n*n, -1, 1)
	z := make([]T, n*n)
	for b.Loop() {
		gemmWith(be, false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
