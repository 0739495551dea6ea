package kernels

//go:generate go run ./internal/gemmgen -out gemm_amd64.s

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// This file is the built-in GEMM: a BLIS-style packed driver around a
// register-blocked micro-kernel.
//
// For C = alpha·op(A)·op(B) + beta·C (row-major, m×n, depth k) the loops are
//
//	for jc over n in steps of nc:             B block kc×nc → pack B (L3)
//	  for pc over k in steps of kc:
//	    pack op(B)[pc:pc+kc, jc:jc+nc] into NR-wide panels
//	    for ic over m in steps of mc:         A block mc×kc → pack A (L2)
//	      pack op(A)[ic:ic+mc, pc:pc+kc] into MR-tall panels
//	      for jr over the block's NR panels:  B micro-panel kc×NR (L1)
//	        for ir over the block's MR panels:
//	          micro-kernel: C[ir.., jr..] = alpha·Apanel·Bpanel + beta'·C
//
// where beta' is the caller's beta for the first k block and 1 after it.
// The packed panels are zero-padded to whole MR×NR tiles; a tile that
// sticks out of C is computed in a scratch tile (holding a copy of C's
// part) and only its valid part is copied back, so C's padding (columns
// n..ldc-1) is never touched.
// An epilogue (bias and activation, see GemmBiasAct) runs on each tile right
// after its last k block, while the tile is still in L1.
//
// The micro-kernel is, on amd64 with AVX2 and FMA, the avo-generated
// sgemmKernel6x16 or dgemmKernel6x8 (gemm_amd64.s); elsewhere and under
// -tags noasm one of the pure-Go kernels (gemmKernelRows, gemmKernelRegs),
// which share its contract.
//
// Pack buffers are reused (getGemmBufs: a free list for small products, a
// sync.Pool for large ones), so a steady stream of GEMMs allocates nothing. Large products are split over
// the shared worker pool of parallel.go (see gemmParallelMinFlops and
// gemmSplit): the calling goroutine and idle workers claim batch ranges,
// row ranges or column ranges of C, each packing its own operands.
//
// Every element of C is computed the same way whatever m, n, the batch,
// its position in a tile or the split over goroutines: one micro-kernel
// sum over k in order, k blocked only by kc. So a product evaluated in row
// chunks (vmap.Chunk) gives bitwise the same result as in one piece. (Tiny
// products therefore take the packed path too, about 0.1µs, rather than
// plain loops with different rounding.)

// gemmMR is the micro-tile height for both element types.
const gemmMR = 6

// gemmBlocking holds the cache block sizes of one element type: kc is the
// depth of a packed block, mc its height (a multiple of gemmMR) and nc its
// width (a multiple of nr, the micro-tile width).
type gemmBlocking struct {
	nr, mc, kc, nc int
}

// The block sizes. A kc×NR B micro-panel (16 KiB) stays in L1 (32 KiB on
// Zen3), an mc×kc A block (96–192 KiB) in L2 (512 KiB–1 MiB) and the kc×nc
// B block in L2/L3. Measured on the reference 2-core Zen VM at 512³ and
// 1024³ (BenchmarkGemmBlocking), kc = 256 was best and every mc in
// {72, 96, 120} and nc in {1024, 2048, 4096} within about 3% of it; kc =
// 128 lost up to 10%.
var (
	sgemmBlocking = gemmBlocking{nr: 16, mc: 96, kc: 256, nc: 2048}
	dgemmBlocking = gemmBlocking{nr: 8, mc: 96, kc: 256, nc: 2048}
)

// gemmParallelMinFlops is the smallest 2·m·n·k (per batch, float64; a
// float32 product counts half, being twice as fast) that is split over
// goroutines. Waking a parked worker takes 70–300µs on the reference VM,
// so two goroutines only pay from about 200³ (float64) or 256³ (float32)
// on; see BenchmarkGemmSplit.
var gemmParallelMinFlops = 1 << 24

// gemmMaxThreads, when positive, caps the number of goroutines one GEMM
// uses (tests and benchmarks set it); 0 means GOMAXPROCS.
var gemmMaxThreads atomic.Int32

// gemmKernel is the signature of a micro-kernel: it sets the gemmMR×NR tile
// at c (row stride ldc) to alpha·A·B + beta·c, where a holds kc columns of
// gemmMR values and b holds kc rows of NR values. c is not read when
// beta == 0. kc ≥ 1.
type gemmKernel[E float32 | float64] func(kc int, a, b, c *E, ldc int, alpha, beta E)

// Kernel selection. Tests clear gemmUseAsm to run a pure-Go kernel on
// machines that have the assembly one, and flip gemmGoRegs to run either
// pure-Go kernel.
var (
	sgemmAsm, dgemmAsm = gemmAsmKernels()
	gemmUseAsm         atomic.Bool
	gemmGoRegs         atomic.Bool
)

func init() {
	gemmUseAsm.Store(gemmAsmAvailable)
	// With 16 floating-point registers (amd64, 386) the register-blocked
	// pure-Go kernel spills; the row-update one is faster there (5.8
	// against 3.4 GFLOP/s on the reference machine). Elsewhere (arm64 and
	// the other 32-register architectures) the register-blocked one keeps
	// all 24 accumulators in registers.
	gemmGoRegs.Store(runtime.GOARCH != "amd64" && runtime.GOARCH != "386")
}

// gemmPlan returns the blocking and the micro-kernel for E.
func gemmPlan[E float32 | float64]() (gemmBlocking, gemmKernel[E]) {
	useAsm, regs := gemmUseAsm.Load(), gemmGoRegs.Load()
	var kern any
	var bl gemmBlocking
	if is32[E]() {
		bl = sgemmBlocking
		switch {
		case useAsm && sgemmAsm != nil:
			kern = gemmKernel[float32](sgemmAsm)
		case regs:
			kern = gemmKernel[float32](gemmKernelRegs16)
		default:
			kern = gemmKernel[float32](gemmKernelRows16)
		}
	} else {
		bl = dgemmBlocking
		switch {
		case useAsm && dgemmAsm != nil:
			kern = gemmKernel[float64](dgemmAsm)
		case regs:
			kern = gemmKernel[float64](gemmKernelRegs8)
		default:
			kern = gemmKernel[float64](gemmKernelRows8)
		}
	}
	return bl, kern.(gemmKernel[E])
}

// The pure-Go micro-kernels, float32 (6×16) and float64 (6×8). Both
// compute, with A the packed gemmMR×kc micro-panel a (a[p*gemmMR+i] =
// A[i, p]) and B the packed kc×nr micro-panel b (b[p*nr+j] = B[p, j]), for
// i < gemmMR and j < nr,
//
//	c[i*ldc+j] = alpha * Σ_p A[i, p]*B[p, j] + beta*c[i*ldc+j]
//
// reading c only when beta != 0; the assembly kernels have the same
// contract. gemmKernelRows updates a 6×16 accumulator array in memory row
// by row; gemmKernelRegs keeps 6×4 accumulators in registers.
func gemmKernelRows16(kc int, a, b, c *float32, ldc int, alpha, beta float32) {
	gemmKernelRows(16, kc, a, b, c, ldc, alpha, beta)
}

func gemmKernelRows8(kc int, a, b, c *float64, ldc int, alpha, beta float64) {
	gemmKernelRows(8, kc, a, b, c, ldc, alpha, beta)
}

func gemmKernelRegs16(kc int, a, b, c *float32, ldc int, alpha, beta float32) {
	gemmKernelRegs(16, kc, a, b, c, ldc, alpha, beta)
}

func gemmKernelRegs8(kc int, a, b, c *float64, ldc int, alpha, beta float64) {
	gemmKernelRegs(8, kc, a, b, c, ldc, alpha, beta)
}

// gemmKernelRows is the row-update pure-Go micro-kernel for nr = 8 or 16.
// The panels are read through unsafe pointers: the driver guarantees kc
// steps of gemmMR and nr elements.
func gemmKernelRows[E float32 | float64](nr, kc int, a, b, c *E, ldc int, alpha, beta E) {
	var acc [gemmMR][16]E
	sz := unsafe.Sizeof(acc[0][0])
	// Every pointer formed stays inside the panels (checkptr).
	for p := 0; p < kc; p++ {
		pb := unsafe.Add(unsafe.Pointer(b), uintptr(p*nr)*sz)
		ap := (*[gemmMR]E)(unsafe.Add(unsafe.Pointer(a), uintptr(p*gemmMR)*sz))
		bp := (*[8]E)(pb)
		for i := range gemmMR {
			ai, r := ap[i], &acc[i]
			r[0] += ai * bp[0]
			r[1] += ai * bp[1]
			r[2] += ai * bp[2]
			r[3] += ai * bp[3]
			r[4] += ai * bp[4]
			r[5] += ai * bp[5]
			r[6] += ai * bp[6]
			r[7] += ai * bp[7]
		}
		if nr == 16 {
			bp := (*[8]E)(unsafe.Add(pb, 8*sz))
			for i := range gemmMR {
				ai, r := ap[i], &acc[i]
				r[8] += ai * bp[0]
				r[9] += ai * bp[1]
				r[10] += ai * bp[2]
				r[11] += ai * bp[3]
				r[12] += ai * bp[4]
				r[13] += ai * bp[5]
				r[14] += ai * bp[6]
				r[15] += ai * bp[7]
			}
		}
	}
	cs := unsafe.Slice(c, (gemmMR-1)*ldc+nr)
	for i := range gemmMR {
		storeTileRow(cs[i*ldc:i*ldc+nr], acc[i][:nr], alpha, beta)
	}
}

// gemmKernelRegs is the register-blocked pure-Go micro-kernel for nr a
// multiple of 4: each group of four columns is accumulated in 24 scalars.
func gemmKernelRegs[E float32 | float64](nr, kc int, a, b, c *E, ldc int, alpha, beta E) {
	var zero E
	sz := unsafe.Sizeof(zero)
	cs := unsafe.Slice(c, (gemmMR-1)*ldc+nr)
	for jb := 0; jb < nr; jb += 4 {
		var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23 E
		var c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53 E
		for p := 0; p < kc; p++ {
			// Every pointer formed stays inside the panels (checkptr).
			ap := (*[gemmMR]E)(unsafe.Add(unsafe.Pointer(a), uintptr(p*gemmMR)*sz))
			bp := (*[4]E)(unsafe.Add(unsafe.Pointer(b), uintptr(p*nr+jb)*sz))
			b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
			a0, a1, a2 := ap[0], ap[1], ap[2]
			c00, c01, c02, c03 = c00+a0*b0, c01+a0*b1, c02+a0*b2, c03+a0*b3
			c10, c11, c12, c13 = c10+a1*b0, c11+a1*b1, c12+a1*b2, c13+a1*b3
			c20, c21, c22, c23 = c20+a2*b0, c21+a2*b1, c22+a2*b2, c23+a2*b3
			a3, a4, a5 := ap[3], ap[4], ap[5]
			c30, c31, c32, c33 = c30+a3*b0, c31+a3*b1, c32+a3*b2, c33+a3*b3
			c40, c41, c42, c43 = c40+a4*b0, c41+a4*b1, c42+a4*b2, c43+a4*b3
			c50, c51, c52, c53 = c50+a5*b0, c51+a5*b1, c52+a5*b2, c53+a5*b3
		}
		acc := [gemmMR][4]E{{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23},
			{c30, c31, c32, c33}, {c40, c41, c42, c43}, {c50, c51, c52, c53}}
		for i := range gemmMR {
			storeTileRow(cs[i*ldc+jb:i*ldc+jb+4], acc[i][:], alpha, beta)
		}
	}
}

// storeTileRow sets crow[j] = alpha*acc[j] + beta*crow[j], reading crow only
// when beta != 0.
func storeTileRow[E float32 | float64](crow, acc []E, alpha, beta E) {
	acc = acc[:len(crow)]
	if beta == 0 {
		for j, v := range acc {
			crow[j] = alpha * v
		}
		return
	}
	for j, v := range acc {
		crow[j] = alpha*v + beta*crow[j]
	}
}

// gemmOp is one (possibly batched) packed GEMM with its epilogue:
//
//	C_b = alpha·op(A_b)·op(B_b) + beta·C_b,  then  C_b[i, j] = act(C_b[i, j] + bias[j])
//
// for b < batch, where X_b starts at x[b*strideX]. strideB == 0 means one B
// shared by the whole batch: each of its blocks is packed once and used for
// every batch member. The epilogue is skipped when bias is nil and act is
// ActNone.
type gemmOp[E float32 | float64] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    E
	a              []E
	lda, strideA   int
	b              []E
	ldb, strideB   int
	c              []E
	ldc, strideC   int
	batch          int
	bias           []E
	act            Activation
}

// hasEpilogue reports whether a bias or an activation follows the product.
func (g *gemmOp[E]) hasEpilogue() bool { return g.bias != nil || g.act != ActNone }

// gemmBufs are one goroutine's pack buffers and scratch tile.
type gemmBufs[E float32 | float64] struct {
	a, b  []E
	tile  [gemmMR * 16]E
	small bool // from the small free list, not the pool
}

// Pack buffers for products whose packed blocks hold at most
// gemmSmallBufElems elements are kept on a free list; larger ones live in a
// sync.Pool, so that the garbage collector can reclaim megabytes of idle
// buffers. The free list makes small products allocation-free even where
// a sync.Pool drops items (under the race detector), and it only ever
// holds as many small buffers as there were small GEMMs running at once.
const gemmSmallBufElems = 16 << 10

var (
	gemmBufs32 = sync.Pool{New: func() any { return new(gemmBufs[float32]) }}
	gemmBufs64 = sync.Pool{New: func() any { return new(gemmBufs[float64]) }}

	gemmSmallBufs32 gemmFreeList[gemmBufs[float32]]
	gemmSmallBufs64 gemmFreeList[gemmBufs[float64]]
)

// gemmFreeList is a mutex-guarded stack of reusable objects.
type gemmFreeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// get pops an object, or returns nil when the list is empty.
func (l *gemmFreeList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.free)
	if n == 0 {
		return nil
	}
	x := l.free[n-1]
	l.free[n-1] = nil
	l.free = l.free[:n-1]
	return x
}

func (l *gemmFreeList[T]) put(x *T) {
	l.mu.Lock()
	l.free = append(l.free, x)
	l.mu.Unlock()
}

// getGemmBufs returns pack buffers for a product whose packed A and B
// blocks hold elems elements together (see gemmPackElems).
func getGemmBufs[E float32 | float64](elems int) *gemmBufs[E] {
	if elems <= gemmSmallBufElems {
		var l any = &gemmSmallBufs64
		if is32[E]() {
			l = &gemmSmallBufs32
		}
		if b := l.(*gemmFreeList[gemmBufs[E]]).get(); b != nil {
			return b
		}
		return &gemmBufs[E]{small: true}
	}
	if is32[E]() {
		return any(gemmBufs32.Get()).(*gemmBufs[E])
	}
	return any(gemmBufs64.Get()).(*gemmBufs[E])
}

// putGemmBufs returns buffers taken with getGemmBufs.
func putGemmBufs[E float32 | float64](b *gemmBufs[E]) {
	switch {
	case b.small:
		var l any = &gemmSmallBufs64
		if is32[E]() {
			l = &gemmSmallBufs32
		}
		l.(*gemmFreeList[gemmBufs[E]]).put(b)
	case is32[E]():
		gemmBufs32.Put(b)
	default:
		gemmBufs64.Put(b)
	}
}

// gemmPackElems is the most pack-buffer space (A block plus B block, in
// elements) that any part of g needs.
func gemmPackElems[E float32 | float64](g *gemmOp[E], bl gemmBlocking) int {
	kc := min(bl.kc, g.k)
	return (min(bl.mc, roundUp(g.m, gemmMR)) + min(bl.nc, roundUp(g.n, bl.nr))) * kc
}

// grow returns s with length n, reallocating only when its capacity is
// too small.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// packedGemm runs g (m, n, k, batch > 0, alpha != 0, arguments already
// validated) on the packed driver, splitting it over goroutines when it is
// large enough.
func packedGemm[E float32 | float64](g *gemmOp[E]) {
	bl, kern := gemmPlan[E]()
	mode, threads, parts := gemmSplit(g, bl)
	if mode == gemmSerial {
		bufs := getGemmBufs[E](gemmPackElems(g, bl))
		gemmRange(g, bl, kern, bufs, 0, g.batch, 0, g.m, 0, g.n)
		putGemmBufs(bufs)
		return
	}
	gemmParallel(g, bl, kern, mode, threads, parts)
}

// gemmMode is how a GEMM is spread over goroutines.
type gemmMode uint8

const (
	gemmSerial  gemmMode = iota // one goroutine
	gemmByRows                  // row ranges of C
	gemmByCols                  // column ranges of C (for few rows)
	gemmByBatch                 // ranges of batch members
)

// gemmSplit decides whether and how g is split: the mode, the number of
// goroutines and the number of parts. Every part packs its own blocks of
// A and B (each goroutine keeps its B block in its own L2, which measured
// faster than sharing one packed B block between the cores), so row
// splits, which repack all of B per part, use one part per goroutine;
// column splits (chosen only for few rows, so A is small) and batch splits
// use more parts, for balance.
func gemmSplit[E float32 | float64](g *gemmOp[E], bl gemmBlocking) (mode gemmMode, threads, parts int) {
	// float32 runs about twice the flops of float64 per second; the
	// threshold is in float64 flops.
	flops := 2 * float64(g.m) * float64(g.n) * float64(g.k) * float64(g.batch)
	if is32[E]() {
		flops /= 2
	}
	if flops < float64(gemmParallelMinFlops) {
		return gemmSerial, 1, 1
	}
	threads = runtime.GOMAXPROCS(0)
	if mt := int(gemmMaxThreads.Load()); mt > 0 {
		threads = min(threads, mt)
	}
	if threads <= 1 {
		return gemmSerial, 1, 1
	}
	// Workers starts the shared pool (sized by GOMAXPROCS) on first use.
	if threads = min(threads, Workers()); threads <= 1 {
		return gemmSerial, 1, 1
	}
	rowTiles := (g.m + gemmMR - 1) / gemmMR
	colTiles := (g.n + bl.nr - 1) / bl.nr
	switch {
	case g.batch >= threads:
		mode, parts = gemmByBatch, min(g.batch, gemmPartsPerThread*threads)
	case rowTiles >= 2*threads || rowTiles >= colTiles:
		mode, parts = gemmByRows, min(rowTiles, threads)
	default:
		mode, parts = gemmByCols, min(colTiles, gemmPartsPerThread*threads)
	}
	if parts < 2 {
		return gemmSerial, 1, 1
	}
	return mode, min(threads, parts), parts
}

// gemmPartsPerThread is how many parts per goroutine a column or batch
// split is cut into, so that a helper that starts late (waking a parked
// goroutine takes 70–300µs on the reference VM) still finds work.
const gemmPartsPerThread = 4

// gemmRange computes batch members [b0, b1) of g, restricted to rows
// [m0, m1) and columns [n0, n1) of each C_b.
func gemmRange[E float32 | float64](g *gemmOp[E], bl gemmBlocking, kern gemmKernel[E], bufs *gemmBufs[E], b0, b1, m0, m1, n0, n1 int) {
	nr := bl.nr
	mcMax := min(bl.mc, roundUp(m1-m0, gemmMR))
	ncMax := min(bl.nc, roundUp(n1-n0, nr))
	kcMax := min(bl.kc, g.k)
	bufs.a = grow(bufs.a, mcMax*kcMax)
	bufs.b = grow(bufs.b, ncMax*kcMax)
	epi := g.hasEpilogue()
	sharedB := g.strideB == 0 && b1-b0 > 1
	for jc := n0; jc < n1; jc += bl.nc {
		nb := min(bl.nc, n1-jc)
		for pc := 0; pc < g.k; pc += bl.kc {
			kb := min(bl.kc, g.k-pc)
			beta := g.beta
			if pc > 0 {
				beta = 1
			}
			last := epi && pc+kb == g.k
			if sharedB {
				packB(bufs.b, g.b, g.ldb, g.transB, pc, jc, kb, nb, nr)
			}
			for bi := b0; bi < b1; bi++ {
				if !sharedB {
					packB(bufs.b, g.b[bi*g.strideB:], g.ldb, g.transB, pc, jc, kb, nb, nr)
				}
				a, c := g.a[bi*g.strideA:], g.c[bi*g.strideC:]
				for ic := m0; ic < m1; ic += bl.mc {
					mb := min(bl.mc, m1-ic)
					packA(bufs.a, a, g.lda, g.transA, ic, pc, mb, kb)
					macroKernel(g, kern, bufs.a, bufs.b, &bufs.tile, nr, c[ic*g.ldc+jc:], mb, nb, kb, g.alpha, beta, last, jc)
				}
			}
		}
	}
}

// macroKernel multiplies the packed mb×kb block of A (pa) by the packed
// kb×nb block of B (pb) into c (the block's top-left element; row stride
// g.ldc), using tile as the scratch tile for ragged edges, then
// runs the epilogue on each finished tile when last is set. jc is the
// block's first column in C, for the bias.
func macroKernel[E float32 | float64](g *gemmOp[E], kern gemmKernel[E], pa, pb []E, tile *[gemmMR * 16]E, nr int, c []E, mb, nb, kb int, alpha, beta E, last bool, jc int) {
	ldc := g.ldc
	t := tile[:gemmMR*nr]
	for jr := 0; jr < nb; jr += nr {
		nrr := min(nr, nb-jr)
		bp := &pb[jr*kb]
		for ir := 0; ir < mb; ir += gemmMR {
			mrr := min(gemmMR, mb-ir)
			ap := &pa[ir*kb]
			if mrr == gemmMR && nrr == nr {
				// Bounds check for the whole tile before handing its
				// address to the kernel.
				_ = c[(ir+gemmMR-1)*ldc+jr+nr-1]
				kern(kb, ap, bp, &c[ir*ldc+jr], ldc, alpha, beta)
			} else {
				// A ragged tile goes through the scratch tile, with the
				// same arithmetic as a full one: C's part is copied in
				// (unless beta == 0, when the kernel does not read it) and
				// back out.
				if beta != 0 {
					for i := range mrr {
						copy(t[i*nr:i*nr+nrr], c[(ir+i)*ldc+jr:(ir+i)*ldc+jr+nrr])
					}
				}
				kern(kb, ap, bp, &t[0], nr, alpha, beta)
				for i := range mrr {
					copy(c[(ir+i)*ldc+jr:(ir+i)*ldc+jr+nrr], t[i*nr:i*nr+nrr])
				}
			}
			if last {
				var bias []E
				if g.bias != nil {
					bias = g.bias[jc+jr : jc+jr+nrr]
				}
				for i := range mrr {
					epilogueRow(c[(ir+i)*ldc+jr:(ir+i)*ldc+jr+nrr], bias, g.act)
				}
			}
		}
	}
}

// packA copies op(A)[ic:ic+mb, pc:pc+kb] into dst as ⌈mb/gemmMR⌉ panels of
// kb columns of gemmMR values, the panel starting at row ir at dst[ir*kb:];
// rows past mb are zero.
func packA[E float32 | float64](dst, a []E, lda int, trans bool, ic, pc, mb, kb int) {
	const mr = gemmMR
	for ir := 0; ir < mb; ir += mr {
		mrr := min(mr, mb-ir)
		d := dst[ir*kb : ir*kb+mr*kb]
		if trans {
			// op(A)[i, p] = a[p*lda + i]: each p is a contiguous run.
			off := pc*lda + ic + ir
			if mrr == mr {
				for p := 0; p < kb; p++ {
					*(*[mr]E)(d[p*mr : p*mr+mr]) = *(*[mr]E)(a[off : off+mr])
					off += lda
				}
				continue
			}
			for p := 0; p < kb; p++ {
				dp := d[p*mr : p*mr+mr]
				copy(dp, a[off:off+mrr])
				clear(dp[mrr:])
				off += lda
			}
			continue
		}
		// op(A)[i, p] = a[i*lda + p]: gather mr rows column by column.
		off := (ic+ir)*lda + pc
		if mrr == mr {
			r0 := a[off : off+kb]
			r1 := a[off+lda : off+lda+kb]
			r2 := a[off+2*lda : off+2*lda+kb]
			r3 := a[off+3*lda : off+3*lda+kb]
			r4 := a[off+4*lda : off+4*lda+kb]
			r5 := a[off+5*lda : off+5*lda+kb]
			for p := range r0 {
				dp := d[p*mr : p*mr+mr : p*mr+mr]
				dp[0], dp[1], dp[2], dp[3], dp[4], dp[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
			}
			continue
		}
		clear(d)
		for i := range mrr {
			row := a[off+i*lda : off+i*lda+kb]
			for p, v := range row {
				d[p*mr+i] = v
			}
		}
	}
}

// packB copies op(B)[pc:pc+kb, jc:jc+nb] into dst as ⌈nb/nr⌉ panels of kb
// rows of nr values, the panel starting at column jr at dst[jr*kb:];
// columns past nb are zero.
func packB[E float32 | float64](dst, b []E, ldb int, trans bool, pc, jc, kb, nb, nr int) {
	for jr := 0; jr < nb; jr += nr {
		nrr := min(nr, nb-jr)
		d := dst[jr*kb : jr*kb+nr*kb]
		if !trans {
			// op(B)[p, j] = b[p*ldb + j]: each p is a contiguous run.
			off := pc*ldb + jc + jr
			switch {
			case nrr == 16 && nr == 16:
				for p := 0; p < kb; p++ {
					*(*[16]E)(d[p*16 : p*16+16]) = *(*[16]E)(b[off : off+16])
					off += ldb
				}
				continue
			case nrr == 8 && nr == 8:
				for p := 0; p < kb; p++ {
					*(*[8]E)(d[p*8 : p*8+8]) = *(*[8]E)(b[off : off+8])
					off += ldb
				}
				continue
			}
			for p := 0; p < kb; p++ {
				dp := d[p*nr : p*nr+nr]
				copy(dp, b[off:off+nrr])
				clear(dp[nrr:])
				off += ldb
			}
			continue
		}
		// op(B)[p, j] = b[j*ldb + p]: gather nr rows of b, eight at a time.
		off := (jc+jr)*ldb + pc
		if nrr == nr && nr%8 == 0 {
			for j0 := 0; j0 < nr; j0 += 8 {
				o := off + j0*ldb
				r0, r1 := b[o:o+kb], b[o+ldb:o+ldb+kb]
				r2, r3 := b[o+2*ldb:o+2*ldb+kb], b[o+3*ldb:o+3*ldb+kb]
				r4, r5 := b[o+4*ldb:o+4*ldb+kb], b[o+5*ldb:o+5*ldb+kb]
				r6, r7 := b[o+6*ldb:o+6*ldb+kb], b[o+7*ldb:o+7*ldb+kb]
				for p := range r0 {
					dp := d[p*nr+j0 : p*nr+j0+8 : p*nr+j0+8]
					dp[0], dp[1], dp[2], dp[3] = r0[p], r1[p], r2[p], r3[p]
					dp[4], dp[5], dp[6], dp[7] = r4[p], r5[p], r6[p], r7[p]
				}
			}
			continue
		}
		if nrr < nr {
			clear(d)
		}
		for j := range nrr {
			row := b[off+j*ldb : off+j*ldb+kb]
			for p, v := range row {
				d[p*nr+j] = v
			}
		}
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// gemmJob is one GEMM spread over the calling goroutine and helpers of the
// shared worker pool (parallel.go). Parts are claimed from an atomic
// counter, so a helper that starts late (or never: when no worker is idle
// the caller keeps everything) only finds less work, and nobody waits for a
// goroutine that has not started.
//
// The caller takes every participant's pack buffers from the pool and puts
// them back at the end, so they stay with the caller's P. Jobs are recycled
// through a small free list rather than a sync.Pool, because the last
// goroutine to drop one may be a late helper on another P, where a
// sync.Pool would strand it.
type gemmJob[E float32 | float64] struct {
	op      gemmOp[E]
	bl      gemmBlocking
	kern    gemmKernel[E]
	mode    gemmMode
	parts   int
	bufs    []*gemmBufs[E] // per participant: 0 is the caller
	helpers atomic.Int32   // participant indices handed out to helpers
	refs    atomic.Int32   // goroutines still holding the job
	next    atomic.Int32   // next unclaimed part
	left    atomic.Int32   // parts not finished yet
	helper  func()         // j.help, bound once so that handing it out allocates nothing
}

// Jobs are recycled through free lists (they hold at most as many jobs as
// there were parallel GEMMs in flight at once).
var (
	gemmJobs32 gemmFreeList[gemmJob[float32]]
	gemmJobs64 gemmFreeList[gemmJob[float64]]
)

func gemmJobs[E float32 | float64]() *gemmFreeList[gemmJob[E]] {
	var l any = &gemmJobs64
	if is32[E]() {
		l = &gemmJobs32
	}
	return l.(*gemmFreeList[gemmJob[E]])
}

// getGemmJob returns a recycled or new job.
func getGemmJob[E float32 | float64]() *gemmJob[E] {
	if j := gemmJobs[E]().get(); j != nil {
		return j
	}
	j := &gemmJob[E]{}
	j.helper = j.help
	return j
}

// gemmParallel runs g over threads goroutines (the caller and up to
// threads-1 idle workers of the shared pool) in the given mode.
func gemmParallel[E float32 | float64](g *gemmOp[E], bl gemmBlocking, kern gemmKernel[E], mode gemmMode, threads, parts int) {
	j := getGemmJob[E]()
	j.op, j.bl, j.kern, j.mode, j.parts = *g, bl, kern, mode, parts
	elems := gemmPackElems(g, bl)
	j.bufs = j.bufs[:0]
	for range threads {
		j.bufs = append(j.bufs, getGemmBufs[E](elems))
	}
	j.helpers.Store(0)
	j.refs.Store(1)
	j.next.Store(0)
	j.left.Store(int32(parts))
	for range threads - 1 {
		j.refs.Add(1)
		if !handOff(&j.helper, false) {
			// No idle worker (for example inside a parallel fusion
			// group): the caller does that share itself.
			j.refs.Add(-1)
		}
	}
	j.workParts(0)
	gemmAwait(&j.left)
	// Every piece is done: no helper touches the buffers any more.
	for i, b := range j.bufs {
		putGemmBufs(b)
		j.bufs[i] = nil
	}
	j.release()
}

// help is a helper's share of the job.
func (j *gemmJob[E]) help() {
	j.workParts(int(j.helpers.Add(1)))
	j.release()
}

// release drops one reference; the last one recycles the job.
func (j *gemmJob[E]) release() {
	if j.refs.Add(-1) == 0 {
		j.op = gemmOp[E]{}
		j.kern = nil
		gemmJobs[E]().put(j)
	}
}

// gemmSpin is how many times a goroutine waiting for the others yields
// (runtime.Gosched, well under a microsecond each) before it sleeps
// between checks. Blocking would cost a 70–100µs wake-up on the
// reference VM, as long as a whole piece of a small split GEMM.
const gemmSpin = 4000

// gemmAwait returns once *left is 0. It yields its P meanwhile (which also
// lets a helper still queued on that P run).
func gemmAwait(left *atomic.Int32) {
	for i := 0; left.Load() != 0; i++ {
		if i < gemmSpin {
			runtime.Gosched()
		} else {
			time.Sleep(20 * time.Microsecond)
		}
	}
}

// workParts claims and runs parts until none are left; me is the
// participant index (for the buffers), which are only touched after a
// successful claim: until that part is done the caller waits, so they are
// still there.
func (j *gemmJob[E]) workParts(me int) {
	g := &j.op
	for {
		p := int(j.next.Add(1)) - 1
		if p >= j.parts {
			return
		}
		bufs := j.bufs[me]
		switch j.mode {
		case gemmByBatch:
			b0, b1 := splitRange(g.batch, j.parts, p, 1)
			gemmRange(g, j.bl, j.kern, bufs, b0, b1, 0, g.m, 0, g.n)
		case gemmByRows:
			m0, m1 := splitRange(g.m, j.parts, p, gemmMR)
			gemmRange(g, j.bl, j.kern, bufs, 0, g.batch, m0, m1, 0, g.n)
		default:
			n0, n1 := splitRange(g.n, j.parts, p, j.bl.nr)
			gemmRange(g, j.bl, j.kern, bufs, 0, g.batch, 0, g.m, n0, n1)
		}
		j.left.Add(-1)
	}
}

// splitRange returns part p of [0, n) split into parts pieces whose
// boundaries are multiples of align (the last piece takes the rest).
func splitRange(n, parts, p, align int) (lo, hi int) {
	units := (n + align - 1) / align
	lo = min(n, units*p/parts*align)
	hi = min(n, units*(p+1)/parts*align)
	return lo, hi
}

// checkGemmArgs panics with a descriptive message when the leading
// dimensions or slice lengths of a row-major GEMM with m, n, k > 0 are
// inconsistent.
func checkGemmArgs(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if gemmArgsValid(transA, transB, m, n, k, lenA, lda, lenB, ldb, lenC, ldc) {
		return
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	switch {
	case lda < colsA:
		panic(fmt.Sprintf("kernels: Gemm: lda %d < %d", lda, colsA))
	case lenA < (rowsA-1)*lda+colsA:
		panic(fmt.Sprintf("kernels: Gemm: len(a) %d < %d", lenA, (rowsA-1)*lda+colsA))
	case ldb < colsB:
		panic(fmt.Sprintf("kernels: Gemm: ldb %d < %d", ldb, colsB))
	case lenB < (rowsB-1)*ldb+colsB:
		panic(fmt.Sprintf("kernels: Gemm: len(b) %d < %d", lenB, (rowsB-1)*ldb+colsB))
	case ldc < n:
		panic(fmt.Sprintf("kernels: Gemm: ldc %d < %d", ldc, n))
	default:
		panic(fmt.Sprintf("kernels: Gemm: len(c) %d < %d", lenC, (m-1)*ldc+n))
	}
}
