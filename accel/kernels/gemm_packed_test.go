package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// The tests' backendGonum: gonum's blas32/blas64.
func init() { gemmReference = gonumGemm }

func gonumGemm(op any) {
	switch g := op.(type) {
	case *gemmOp[float32]:
		blas32.Implementation().Sgemm(blasTrans(g.transA), blasTrans(g.transB), g.m, g.n, g.k,
			g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c, g.ldc)
	case *gemmOp[float64]:
		blas64.Implementation().Dgemm(blasTrans(g.transA), blasTrans(g.transB), g.m, g.n, g.k,
			g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c, g.ldc)
	default:
		panic(fmt.Sprintf("gonumGemm: %T", op))
	}
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// packedConfig is one way of running the packed driver: which micro-kernel,
// which block sizes, and whether every product is split over goroutines.
type packedConfig struct {
	name    string
	kernel  string // "asm" (skipped when unavailable), "rows" or "regs" (pure Go)
	tiny    bool   // tiny block sizes, so that every block loop and edge runs
	split   bool   // split every product over 2 goroutines
	reduced bool   // also run in reduced mode (see reducedGemmTests)
}

var packedConfigs = []packedConfig{
	{name: "asm", kernel: "asm", reduced: true},
	{name: "rows", kernel: "rows"},
	{name: "regs", kernel: "regs"},
	{name: "asm/tiny", kernel: "asm", tiny: true},
	{name: "rows/tiny", kernel: "rows", tiny: true, reduced: true},
	{name: "asm/tiny/split", kernel: "asm", tiny: true, split: true, reduced: true},
	{name: "regs/split", kernel: "regs", split: true, reduced: true},
}

// reducedGemmTests reports whether the GEMM tests run a reduced set of
// configurations and sizes: with -short and under the race detector (which
// makes them about ten times slower and only needs the parallel paths).
func reducedGemmTests() bool { return testing.Short() || raceDetectorOn() }

// raceDetectorOn reports whether the race detector is on, which makes
// sync.Pool drop items at random.
var raceDetectorOn = sync.OnceValue(poolDropsItems)

// forEachPackedConfig runs f in a subtest per packed configuration, with
// the built-in backend forced.
func forEachPackedConfig(t *testing.T, f func(t *testing.T)) {
	for _, cfg := range packedConfigs {
		if reducedGemmTests() && !cfg.reduced {
			continue
		}
		t.Run(cfg.name, func(t *testing.T) {
			if cfg.kernel == "asm" && !gemmAsmAvailable {
				t.Skip("no assembly micro-kernel in this build or on this CPU")
			}
			setPackedConfigForTest(t, cfg)
			setGemmBackendForTest(t, backendBuiltin)
			f(t)
		})
	}
}

func setPackedConfigForTest(t testing.TB, cfg packedConfig) {
	t.Helper()
	prevAsm := gemmUseAsm.Swap(cfg.kernel == "asm")
	prevRegs := gemmGoRegs.Swap(cfg.kernel == "regs")
	t.Cleanup(func() {
		gemmUseAsm.Store(prevAsm)
		gemmGoRegs.Store(prevRegs)
	})
	if cfg.tiny {
		// kc, mc and nc far below the test sizes, and not multiples of
		// each other.
		setGemmBlockingForTest(t, &sgemmBlocking, gemmBlocking{nr: 16, mc: 12, kc: 7, nc: 32})
		setGemmBlockingForTest(t, &dgemmBlocking, gemmBlocking{nr: 8, mc: 18, kc: 5, nc: 24})
	}
	if cfg.split {
		prev := gemmParallelMinFlops
		gemmParallelMinFlops = 0
		t.Cleanup(func() { gemmParallelMinFlops = prev })
		setGemmThreadsForTest(t, 2)
	}
}

// gemmBlockingIsTiny reports whether setPackedConfigForTest installed the
// tiny block sizes.
func gemmBlockingIsTiny() bool { return sgemmBlocking.kc < 16 }

// packedTriples returns the (m, n, k) checked for every packed
// configuration: every m, n in 1..17 with a k that cycles through 1..17,
// every k in 1..17 for a full and a ragged tile, all of 63..65 (its
// permutations only, when reduced), and unless reduced or big is false a
// few around 256 (all three differ).
func packedTriples(reduced, big bool) [][3]int {
	var ts [][3]int
	for m := 1; m <= 17; m++ {
		for n := 1; n <= 17; n++ {
			ts = append(ts, [3]int{m, n, 1 + (7*m+3*n)%17})
		}
	}
	for k := 1; k <= 17; k++ {
		ts = append(ts, [3]int{6, 16, k}, [3]int{13, 9, k})
	}
	for m := 63; m <= 65; m++ {
		for n := 63; n <= 65; n++ {
			for k := 63; k <= 65; k++ {
				if !reduced || m != n && n != k && m != k {
					ts = append(ts, [3]int{m, n, k})
				}
			}
		}
	}
	if reduced || !big {
		return ts
	}
	return append(ts, [3]int{255, 256, 257}, [3]int{257, 255, 256}, [3]int{256, 257, 255})
}

// TestPackedGemm checks the packed driver in every configuration against
// the naive float64 triple loop: all transposes, padded leading
// dimensions, alpha/beta combinations, NaN-filled c for beta == 0, NaN
// guards around c and untouched padding (see checkGemmCase).
func TestPackedGemm(t *testing.T) {
	forEachPackedConfig(t, func(t *testing.T) {
		// The ~256³ products only with the real block sizes: with the tiny
		// ones they would take long and add no new edge case.
		triples := packedTriples(reducedGemmTests(), !gemmBlockingIsTiny())
		r := newRNG()
		for _, s := range triples {
			for tr := range 4 {
				tA, tB := tr&1 == 1, tr&2 == 2
				checkGemmCase[float32](t, randGemmCase(r, s[0], s[1], s[2], tA, tB), r, []gemmBackend{backendBuiltin})
				checkGemmCase[float64](t, randGemmCase(r, s[0], s[1], s[2], tA, tB), r, []gemmBackend{backendBuiltin})
			}
		}
	})
}

// TestPackedGemmAlphaBeta runs every alpha/beta combination, including a
// NaN beta (which must poison c like any other value), on full and ragged
// tiles.
func TestPackedGemmAlphaBeta(t *testing.T) {
	forEachPackedConfig(t, func(t *testing.T) {
		r := newRNG()
		for _, s := range [][3]int{{6, 16, 9}, {12, 32, 20}, {7, 19, 5}, {40, 33, 70}} {
			for _, alpha := range []float64{1, -1, 0.5, 3} {
				for _, beta := range []float64{0, 1, -1, 0.25, math.NaN()} {
					for tr := range 4 {
						g := randGemmCase(r, s[0], s[1], s[2], tr&1 == 1, tr&2 == 2)
						g.alpha, g.beta = alpha, beta
						checkGemmCase[float32](t, g, r, []gemmBackend{backendBuiltin})
						checkGemmCase[float64](t, g, r, []gemmBackend{backendBuiltin})
					}
				}
			}
		}
	})
}

// TestGemmMicroKernels checks every micro-kernel (the pure-Go ones, and
// the assembly ones when available) against a float64 evaluation of its
// contract on random panels: every beta case, padded ldc, and the
// elements between the tile's rows left alone.
func TestGemmMicroKernels(t *testing.T) {
	t.Run("rows/f32", func(t *testing.T) { checkMicroKernel(t, gemmKernelRows16, 16) })
	t.Run("rows/f64", func(t *testing.T) { checkMicroKernel(t, gemmKernelRows8, 8) })
	t.Run("regs/f32", func(t *testing.T) { checkMicroKernel(t, gemmKernelRegs16, 16) })
	t.Run("regs/f64", func(t *testing.T) { checkMicroKernel(t, gemmKernelRegs8, 8) })
	if !gemmAsmAvailable {
		t.Log("no assembly micro-kernel in this build or on this CPU")
		return
	}
	t.Run("asm/f32", func(t *testing.T) { checkMicroKernel(t, sgemmAsm, 16) })
	t.Run("asm/f64", func(t *testing.T) { checkMicroKernel(t, dgemmAsm, 8) })
}

func checkMicroKernel[E float32 | float64](t *testing.T, kern gemmKernel[E], nr int) {
	r := newRNG()
	eps := 0x1p-52
	if is32[E]() {
		eps = 0x1p-23
	}
	for _, kc := range []int{1, 2, 3, 4, 5, 7, 8, 9, 31, 256, 257} {
		for _, beta := range []float64{0, 1, -0.5, math.NaN()} {
			for _, alpha := range []float64{1, -2} {
				ldc := nr + 3
				a := randFloats[E](r, kc*gemmMR, -1, 1)
				b := randFloats[E](r, kc*nr, -1, 1)
				c0 := randFloats[E](r, gemmMR*ldc, -1, 1)
				if beta == 0 {
					for i := range c0 {
						c0[i] = E(math.NaN())
					}
				}
				got := cloneOf(c0)
				kern(kc, &a[0], &b[0], &got[0], ldc, E(alpha), E(beta))
				for i := range gemmMR {
					for j := range ldc {
						o := i*ldc + j
						if j >= nr {
							require.Truef(t, sameBits(c0[o], got[o]), "kc=%d: padding c[%d] changed", kc, o)
							continue
						}
						s, sabs := 0.0, 0.0
						for p := range kc {
							v := float64(a[p*gemmMR+i]) * float64(b[p*nr+j])
							s += v
							sabs += math.Abs(v)
						}
						want := alpha * s
						if beta != 0 {
							want += beta * float64(c0[o])
						}
						g := float64(got[o])
						if math.IsNaN(want) || math.IsNaN(g) {
							require.Truef(t, math.IsNaN(want) && math.IsNaN(g), "kc=%d alpha=%g beta=%g c[%d]: want %v, got %v", kc, alpha, beta, o, want, g)
							continue
						}
						tol := 2 * float64(kc+2) * eps * (math.Abs(alpha)*sabs + 1)
						require.InDeltaf(t, want, g, tol, "kc=%d alpha=%g beta=%g c[%d]", kc, alpha, beta, o)
					}
				}
			}
		}
	}
}

// batchCase is one GemmBatched problem.
type batchCase struct {
	gemmCase
	batch                     int
	strideA, strideB, strideC int
}

func (bc batchCase) String() string {
	return fmt.Sprintf("%v batch=%d strides=(%d,%d,%d)", bc.gemmCase, bc.batch, bc.strideA, bc.strideB, bc.strideC)
}

// randBatchCase builds a batched problem whose operands are either
// broadcast (stride 0), packed back to back, or spaced with a gap.
func randBatchCase(r *rand.Rand, batch, m, n, k int, tA, tB bool, sharedA, sharedB bool) batchCase {
	bc := batchCase{gemmCase: randGemmCase(r, m, n, k, tA, tB), batch: batch}
	rowsA, colsA, rowsB, colsB := bc.dims()
	sizeA, sizeB := (rowsA-1)*bc.lda+colsA, (rowsB-1)*bc.ldb+colsB
	sizeC := (m-1)*bc.ldc + n
	gap := func() int { return []int{0, 0, 1, 5}[r.IntN(4)] }
	if !sharedA {
		bc.strideA = sizeA + gap()
	}
	if !sharedB {
		bc.strideB = sizeB + gap()
	}
	bc.strideC = sizeC + gap()
	return bc
}

// checkBatchCase runs bc through GemmBatched on the current backend and
// compares every member with the naive triple loop; c's gaps and guards
// must be untouched.
func checkBatchCase[T Float](t *testing.T, bc batchCase, r *rand.Rand) {
	t.Helper()
	rowsA, colsA, rowsB, colsB := bc.dims()
	sizeA, sizeB := (rowsA-1)*bc.lda+colsA, (rowsB-1)*bc.ldb+colsB
	sizeC := (bc.m-1)*bc.ldc + bc.n
	a := randFloats[T](r, (bc.batch-1)*bc.strideA+sizeA, -1, 1)
	b := randFloats[T](r, (bc.batch-1)*bc.strideB+sizeB, -1, 1)
	nc := (bc.batch-1)*bc.strideC + sizeC
	c0 := randFloats[T](r, nc, -1, 1)
	if bc.beta == 0 {
		for i := range c0 {
			c0[i] = T(math.NaN())
		}
	}
	c, full := guarded(nc, sentinel[T]())
	copy(c, c0)
	GemmBatched(bc.transA, bc.transB, bc.batch, bc.m, bc.n, bc.k, T(bc.alpha), a, bc.lda, bc.strideA,
		b, bc.ldb, bc.strideB, T(bc.beta), c, bc.ldc, bc.strideC)
	requireGuards(t, full, nc, sentinel[T]())
	eps := 0x1p-52
	if is32[T]() {
		eps = 0x1p-23
	}
	want, scale := make([]float64, nc), make([]float64, nc)
	for i := range c0 {
		want[i], scale[i] = float64(c0[i]), 1
	}
	for i := 0; i < bc.batch; i++ {
		w, s := naiveGemm(bc.gemmCase, a[i*bc.strideA:], b[i*bc.strideB:], c0[i*bc.strideC:i*bc.strideC+sizeC])
		for row := 0; row < bc.m; row++ {
			for j := 0; j < bc.n; j++ {
				o := row*bc.ldc + j
				want[i*bc.strideC+o], scale[i*bc.strideC+o] = w[o], s[o]
			}
		}
	}
	requireClose(t, want, c, 2*float64(bc.k+2)*eps, scale, bc.String())
}

// TestGemmBatched checks GemmBatched with independent, broadcast A and
// broadcast B operands on every backend and packed configuration.
func TestGemmBatched(t *testing.T) {
	run := func(t *testing.T) {
		r := newRNG()
		shapes := [][4]int{{1, 5, 7, 3}, {2, 6, 16, 9}, {3, 13, 17, 11}, {5, 7, 33, 20}, {2, 1, 1, 1}, {4, 64, 65, 63}}
		if reducedGemmTests() {
			shapes = shapes[:len(shapes)-1]
		}
		for _, s := range shapes {
			for tr := range 4 {
				for shared := range 4 {
					tA, tB := tr&1 == 1, tr&2 == 2
					sA, sB := shared&1 == 1, shared&2 == 2
					checkBatchCase[float32](t, randBatchCase(r, s[0], s[1], s[2], s[3], tA, tB, sA, sB), r)
					checkBatchCase[float64](t, randBatchCase(r, s[0], s[1], s[2], s[3], tA, tB, sA, sB), r)
				}
			}
			// The foldable layout: consecutive row blocks of one A and C.
			for _, ldc := range []int{s[2], s[2] + 2} {
				bc := batchCase{gemmCase: gemmCase{m: s[1], n: s[2], k: s[3], lda: s[3] + 1, ldb: s[2], ldc: ldc, alpha: 1, beta: 0.5}, batch: s[0]}
				bc.strideA, bc.strideC = bc.m*bc.lda, bc.m*bc.ldc
				checkBatchCase[float32](t, bc, r)
				checkBatchCase[float64](t, bc, r)
			}
		}
		// Degenerate members: k == 0 and alpha == 0 only scale c.
		bc := randBatchCase(r, 3, 4, 5, 1, false, false, false, true)
		bc.k, bc.beta = 0, 2
		checkBatchCase[float32](t, bc, r)
		bc = randBatchCase(r, 3, 4, 5, 6, false, true, true, false)
		bc.alpha, bc.beta = 0, 0
		checkBatchCase[float64](t, bc, r)
	}
	t.Run("packed", func(t *testing.T) { forEachPackedConfig(t, run) })
	for _, be := range []gemmBackend{backendOpenBLAS, backendGonum} {
		if be == backendGonum && reducedGemmTests() {
			continue
		}
		t.Run("backend="+be.String(), func(t *testing.T) {
			setGemmBackendForTest(t, be)
			run(t)
		})
	}
}

// TestPackedGemmChunkInvariant checks that the packed driver gives bitwise
// the same element whatever the shape around it: a product computed in row
// chunks, column chunks, as a batch, or split over goroutines equals the
// whole product.
func TestPackedGemmChunkInvariant(t *testing.T) {
	forEachPackedConfig(t, func(t *testing.T) {
		r := newRNG()
		shapes := [][3]int{{10, 3, 3}, {37, 21, 45}, {130, 70, 300}}
		if reducedGemmTests() {
			shapes = shapes[:2]
		}
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			for tr := range 4 {
				tA, tB := tr&1 == 1, tr&2 == 2
				lda, ldb := k, n
				if tA {
					lda = m
				}
				if tB {
					ldb = k
				}
				a := randFloats[float32](r, m*k, -1, 1)
				b := randFloats[float32](r, k*n, -1, 1)
				whole := make([]float32, m*n)
				Gemm(tA, tB, m, n, k, 1.5, a, lda, b, ldb, 0, whole, n)
				for _, rows := range []int{1, 2, 3, 7} {
					part := make([]float32, m*n)
					for i0 := 0; i0 < m; i0 += rows {
						mb := min(rows, m-i0)
						aOff := i0 * lda
						if tA {
							aOff = i0
						}
						Gemm(tA, tB, mb, n, k, 1.5, a[aOff:], lda, b, ldb, 0, part[i0*n:], n)
					}
					require.Truef(t, slicesSameBits(whole, part), "m=%d n=%d k=%d tA=%v tB=%v in chunks of %d rows", m, n, k, tA, tB, rows)
				}
				for _, cols := range []int{1, 5, 16} {
					part := make([]float32, m*n)
					for j0 := 0; j0 < n; j0 += cols {
						nb := min(cols, n-j0)
						bOff := j0
						if tB {
							bOff = j0 * ldb
						}
						Gemm(tA, tB, m, nb, k, 1.5, a, lda, b[bOff:], ldb, 0, part[j0:], n)
					}
					require.Truef(t, slicesSameBits(whole, part), "m=%d n=%d k=%d tA=%v tB=%v in chunks of %d columns", m, n, k, tA, tB, cols)
				}
			}
		}
	})
}

func slicesSameBits[T Num](a, b []T) bool {
	for i := range a {
		if !sameBits(a[i], b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// TestGemmBatchedArgs checks the stride checks and the empty cases.
func TestGemmBatchedArgs(t *testing.T) {
	a, b, c := make([]float32, 12), make([]float32, 12), make([]float32, 8)
	require.NotPanics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a, 3, 6, b, 2, 6, 0, c, 2, 4) })
	require.NotPanics(t, func() { GemmBatched[float32](false, false, 0, 2, 2, 3, 1, nil, 3, 6, nil, 2, 6, 0, nil, 2, 4) })
	require.Panics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a, 3, -6, b, 2, 6, 0, c, 2, 4) }, "negative strideA")
	require.Panics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a, 3, 6, b, 2, -1, 0, c, 2, 4) }, "negative strideB")
	require.Panics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a, 3, 6, b, 2, 6, 0, c, 2, 3) }, "overlapping C")
	require.Panics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a[:11], 3, 6, b, 2, 6, 0, c, 2, 4) }, "short a")
	require.Panics(t, func() { GemmBatched(false, false, 2, 2, 2, 3, 1, a, 3, 6, b, 2, 6, 0, c[:7], 2, 4) }, "short c")
}

// TestGemmBackendsAgree compares the packed driver with gonum on a product
// large enough to be split over goroutines by default.
func TestGemmBackendsAgree(t *testing.T) {
	r := newRNG()
	shapes := [][3]int{{300, 200, 150}, {97, 513, 64}}
	if reducedGemmTests() {
		shapes = shapes[1:]
	}
	for _, s := range shapes {
		for tr := range 4 {
			checkGemmCase[float32](t, randGemmCase(r, s[0], s[1], s[2], tr&1 == 1, tr&2 == 2), r, []gemmBackend{backendBuiltin, backendGonum})
			checkGemmCase[float64](t, randGemmCase(r, s[0], s[1], s[2], tr&1 == 1, tr&2 == 2), r, []gemmBackend{backendBuiltin, backendGonum})
		}
	}
}

func TestSplitRange(t *testing.T) {
	for _, n := range []int{1, 5, 6, 7, 64, 100} {
		for _, parts := range []int{1, 2, 3} {
			for _, align := range []int{1, 6, 16} {
				next := 0
				for p := range parts {
					lo, hi := splitRange(n, parts, p, align)
					require.Equal(t, next, lo)
					require.LessOrEqual(t, lo, hi)
					if hi < n {
						require.Zero(t, hi%align)
					}
					next = hi
				}
				require.Equal(t, n, next)
			}
		}
	}
}

// poolDropsItems reports whether sync.Pool randomly drops what is put in
// it, as it does under the race detector.
func poolDropsItems() bool {
	var p sync.Pool
	x := new(int)
	for range 100 {
		p.Put(x)
		if p.Get() == nil {
			return true
		}
	}
	return false
}

// TestPackedGemmNoAllocs checks that steady-state packed GEMMs allocate
// nothing, on one goroutine and split over two.
func TestPackedGemmNoAllocs(t *testing.T) {
	if raceDetectorOn() {
		t.Skip("sync.Pool drops items under the race detector")
	}
	Workers() // size the pool before AllocsPerRun sets GOMAXPROCS to 1
	setGemmBackendForTest(t, backendBuiltin)
	const n = 96
	r := newRNG()
	a := randFloats[float32](r, n*n, -1, 1)
	b := randFloats[float32](r, n*n, -1, 1)
	c := make([]float32, n*n)
	bias := randFloats[float32](r, n, -1, 1)
	a64, b64, c64 := randFloats[float64](r, n*n, -1, 1), randFloats[float64](r, n*n, -1, 1), make([]float64, n*n)
	cases := map[string]func(){
		"Gemm32":       func() { Gemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n) },
		"Gemm64":       func() { Gemm(true, false, n, n, n, 1, a64, n, b64, n, 0.5, c64, n) },
		"GemmBiasAct":  func() { GemmBiasAct(n, n, n, a, n, b, n, bias, ActReLU, c, n) },
		"GemmBatched":  func() { GemmBatched(false, false, 4, 24, n, n, 1, a, n, 0, b, n, 0, 0, c, n, 24*n) },
		"GemmBatchedB": func() { GemmBatched(false, false, 2, n/2, n, n/2, 1, a, n, n*n/2, b, n, n*n/2, 0, c, n, n*n/2) },
		"DotGeneral3D": func() {
			DotGeneral(c[:2*(n/2)*(n/2)], a, []int{2, n / 2, n}, b, []int{2, n, n / 2}, []int{2}, []int{1}, []int{0}, []int{0})
		},
		"GemmEdgeTiles": func() { Gemm(false, false, n-1, n-3, n-5, 1, a, n, b, n, 0, c, n) },
	}
	for name, f := range cases {
		f()
		require.Zero(t, testing.AllocsPerRun(20, f), name)
	}
	// AllocsPerRun runs with GOMAXPROCS 1; check the split path by hand.
	if runtime.GOMAXPROCS(0) < 2 || Workers() < 2 {
		t.Skip("GOMAXPROCS < 2: nothing is split")
	}
	// Split over goroutines, the pack buffers still come from a sync.Pool,
	// and the caller may resume on another P after waiting for a helper,
	// so a Get can miss now and then (and a GC empties the pools). Check
	// that this stays rare: amortised, far below one allocation per call.
	kernel := "rows"
	if gemmAsmAvailable {
		kernel = "asm"
	}
	setPackedConfigForTest(t, packedConfig{kernel: kernel, split: true})
	for name, f := range cases {
		runtime.GC()
		for range 30 {
			f()
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 50 {
			f()
		}
		runtime.ReadMemStats(&after)
		if after.NumGC != before.NumGC {
			continue // the pools were emptied
		}
		require.LessOrEqualf(t, after.Mallocs-before.Mallocs, uint64(10), "%s split over goroutines", name)
	}
}

// gemmPeak is the FMA peak of one core of the reference machine (Zen3 at
// 2.93 GHz, two 256-bit FMAs per cycle), GFLOP/s.
func gemmPeak[T Float]() float64 {
	if is32[T]() {
		return 94
	}
	return 47
}

// setGemmThreadsForTest caps the goroutines of one GEMM for the test.
func setGemmThreadsForTest(t testing.TB, n int) {
	t.Helper()
	prev := gemmMaxThreads.Swap(int32(n))
	t.Cleanup(func() { gemmMaxThreads.Store(prev) })
}

// setThreadsForBench limits the packed driver to n goroutines and sets
// GOMAXPROCS to n (which limits gonum too) until the benchmark ends.
// OpenBLAS keeps its own thread count (OPENBLAS_NUM_THREADS).
func setThreadsForBench(b *testing.B, n int) {
	Workers() // size the shared pool from the real GOMAXPROCS first
	setGemmThreadsForTest(b, n)
	prev := runtime.GOMAXPROCS(n)
	b.Cleanup(func() { runtime.GOMAXPROCS(prev) })
}

// BenchmarkGemmThreads measures 512³ per backend, precision and thread
// count, in GFLOP/s and % of the per-core FMA peak of the reference Zen3
// (94 GFLOP/s f32, 47 f64) times the threads. OpenBLAS runs on its own
// threads: its sub-benchmark is threads=lib, and OPENBLAS_NUM_THREADS=1
// gives the one-thread figure.
func BenchmarkGemmThreads(b *testing.B) {
	for _, be := range []gemmBackend{backendBuiltin, backendGonum} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("backend=%v/threads=%d", be, threads), func(b *testing.B) {
				setThreadsForBench(b, threads)
				b.Run("f32/512", func(b *testing.B) { benchGemmPeak[float32](b, be, 512, threads) })
				b.Run("f64/512", func(b *testing.B) { benchGemmPeak[float64](b, be, 512, threads) })
			})
		}
	}
	b.Run("backend=openblas/threads=lib", func(b *testing.B) {
		requireOpenBLAS(b)
		threads := runtime.NumCPU()
		if n, err := strconv.Atoi(os.Getenv("OPENBLAS_NUM_THREADS")); err == nil && n > 0 {
			threads = min(n, threads)
		}
		b.Run("f32/512", func(b *testing.B) { benchGemmPeak[float32](b, backendOpenBLAS, 512, threads) })
		b.Run("f64/512", func(b *testing.B) { benchGemmPeak[float64](b, backendOpenBLAS, 512, threads) })
	})
}

// BenchmarkGemmTrans measures the packed driver on one thread for every
// transpose combination (packing op(A) and op(B) costs differ).
func BenchmarkGemmTrans(b *testing.B) {
	for tr := range 4 {
		tA, tB := tr&1 == 1, tr&2 == 2
		b.Run(fmt.Sprintf("tA=%v/tB=%v", tA, tB), func(b *testing.B) {
			setThreadsForBench(b, 1)
			b.Run("f32/512", func(b *testing.B) { benchGemmTrans[float32](b, 512, tA, tB) })
			b.Run("f64/512", func(b *testing.B) { benchGemmTrans[float64](b, 512, tA, tB) })
		})
	}
}

func benchGemmTrans[T Float](b *testing.B, n int, tA, tB bool) {
	r := newRNG()
	x := randFloats[T](r, n*n, -1, 1)
	y := randFloats[T](r, n*n, -1, 1)
	z := make([]T, n*n)
	for b.Loop() {
		gemmWith(backendBuiltin, tA, tB, n, n, n, 1, x, n, y, n, 0, z, n)
	}
	gf := 2 * float64(n) * float64(n) * float64(n) * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(gf, "GFLOP/s")
	b.ReportMetric(100*gf/gemmPeak[T](), "%peak")
}

// BenchmarkGemmBatchedShared compares a batch of 64 products 64×256 · 256×256
// with one shared B (strideB = 0, A transposed so the batch cannot fold
// into one product): GemmBatched packs each B block once for the whole
// batch, the loop of Gemm calls packs it 64 times.
func BenchmarkGemmBatchedShared(b *testing.B) {
	const batch, m, n, k = 64, 64, 256, 256
	r := newRNG()
	x := randFloats[float32](r, batch*k*m, -1, 1)
	w := randFloats[float32](r, k*n, -1, 1)
	z := make([]float32, batch*m*n)
	report := func(b *testing.B) {
		gf := 2 * float64(batch*m*n*k) * float64(b.N) / b.Elapsed().Seconds() / 1e9
		b.ReportMetric(gf, "GFLOP/s")
	}
	b.Run("GemmBatched", func(b *testing.B) {
		setThreadsForBench(b, 1)
		setGemmBackendForTest(b, backendBuiltin)
		for b.Loop() {
			GemmBatched(true, false, batch, m, n, k, 1, x, m, k*m, w, n, 0, 0, z, n, m*n)
		}
		report(b)
	})
	b.Run("loop", func(b *testing.B) {
		setThreadsForBench(b, 1)
		setGemmBackendForTest(b, backendBuiltin)
		for b.Loop() {
			for i := range batch {
				Gemm(true, false, m, n, k, 1, x[i*k*m:], m, w, n, 0, z[i*m*n:], n)
			}
		}
		report(b)
	})
}

func benchGemmPeak[T Float](b *testing.B, be gemmBackend, n, threads int) {
	r := newRNG()
	x := randFloats[T](r, n*n, -1, 1)
	y := randFloats[T](r, n*n, -1, 1)
	z := make([]T, n*n)
	for b.Loop() {
		gemmWith(be, false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	}
	gf := 2 * float64(n) * float64(n) * float64(n) * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(gf, "GFLOP/s")
	b.ReportMetric(100*gf/(gemmPeak[T]()*float64(threads)), "%peak")
}

// BenchmarkGemmMicroKernel runs the micro-kernel alone on L1-resident
// panels (kc = 256): the upper bound for the packed driver.
func BenchmarkGemmMicroKernel(b *testing.B) {
	b.Run("f32", func(b *testing.B) { benchMicroKernel[float32](b) })
	b.Run("f64", func(b *testing.B) { benchMicroKernel[float64](b) })
}

func benchMicroKernel[E float32 | float64](b *testing.B) {
	const kc = 256
	bl, kern := gemmPlan[E]()
	r := newRNG()
	a := randFloats[E](r, kc*gemmMR, -1, 1)
	bb := randFloats[E](r, kc*bl.nr, -1, 1)
	c := make([]E, gemmMR*bl.nr)
	for b.Loop() {
		kern(kc, &a[0], &bb[0], &c[0], bl.nr, 1, 0)
	}
	gf := 2 * float64(kc*gemmMR*bl.nr) * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(gf, "GFLOP/s")
	b.ReportMetric(100*gf/gemmPeak[E](), "%peak")
}

var clockSink uint64

// BenchmarkClock estimates the core clock from a chain of dependent
// shift+add pairs (two cycles per iteration): GHz = 2 × Giter/s.
func BenchmarkClock(b *testing.B) {
	const n = 1 << 20
	x := uint64(1)
	for b.Loop() {
		for i := uint64(0); i < n; i++ {
			x += x >> 7
		}
	}
	clockSink = x
	b.ReportMetric(float64(n)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "Giter/s")
}

// BenchmarkGemmBlocking sweeps the cache block sizes of the packed driver on
// one thread (the numbers behind sgemmBlocking and dgemmBlocking). On the
// reference VM every kc ≥ 256 choice was within about 3% of the best.
func BenchmarkGemmBlocking(b *testing.B) {
	for _, n := range []int{512, 1024} {
		for _, kc := range []int{128, 256, 384} {
			for _, mc := range []int{72, 96, 120} {
				for _, nc := range []int{1024, 2048, 4096} {
					name := fmt.Sprintf("n=%d/kc=%d/mc=%d/nc=%d", n, kc, mc, nc)
					b.Run("f32/"+name, func(b *testing.B) {
						setGemmBlockingForTest(b, &sgemmBlocking, gemmBlocking{nr: 16, mc: mc, kc: kc, nc: nc})
						setThreadsForBench(b, 1)
						benchGemmPeak[float32](b, backendBuiltin, n, 1)
					})
					b.Run("f64/"+name, func(b *testing.B) {
						setGemmBlockingForTest(b, &dgemmBlocking, gemmBlocking{nr: 8, mc: mc, kc: kc, nc: nc})
						setThreadsForBench(b, 1)
						benchGemmPeak[float64](b, backendBuiltin, n, 1)
					})
				}
			}
		}
	}
}

// setGemmBlockingForTest replaces *dst by bl until the test ends.
func setGemmBlockingForTest(t testing.TB, dst *gemmBlocking, bl gemmBlocking) {
	prev := *dst
	*dst = bl
	t.Cleanup(func() { *dst = prev })
}

// BenchmarkGemmSmall compares the backends on small square products, where
// fixed costs dominate (the numbers behind openblasMinWork).
func BenchmarkGemmSmall(b *testing.B) {
	for _, n := range []int{2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256} {
		for _, be := range []gemmBackend{backendBuiltin, backendGonum, backendOpenBLAS} {
			b.Run(fmt.Sprintf("f32/n=%d/backend=%v", n, be), func(b *testing.B) {
				if be == backendOpenBLAS {
					requireOpenBLAS(b)
				}
				benchGemmPeak[float32](b, be, n, 1)
			})
			b.Run(fmt.Sprintf("f64/n=%d/backend=%v", n, be), func(b *testing.B) {
				if be == backendOpenBLAS {
					requireOpenBLAS(b)
				}
				benchGemmPeak[float64](b, be, n, 1)
			})
		}
	}
}

// BenchmarkGemmSplit compares one goroutine with two around the split
// threshold (the numbers behind gemmParallelMinFlops).
func BenchmarkGemmSplit(b *testing.B) {
	for _, n := range []int{48, 64, 96, 128, 160, 192, 256} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("f32/n=%d/threads=%d", n, threads), func(b *testing.B) {
				prev := gemmParallelMinFlops
				gemmParallelMinFlops = 0
				b.Cleanup(func() { gemmParallelMinFlops = prev })
				setGemmThreadsForTest(b, threads)
				benchGemmPeak[float32](b, backendBuiltin, n, threads)
			})
			b.Run(fmt.Sprintf("f64/n=%d/threads=%d", n, threads), func(b *testing.B) {
				prev := gemmParallelMinFlops
				gemmParallelMinFlops = 0
				b.Cleanup(func() { gemmParallelMinFlops = prev })
				setGemmThreadsForTest(b, threads)
				benchGemmPeak[float64](b, backendBuiltin, n, threads)
			})
		}
	}
}
