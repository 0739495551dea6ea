package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// all emits every kernel. The order fixes the layout of the output file.
func (g *gen) all() {
	for _, d := range []dt{f32, f64} {
		g.unaryKernels(d)
		g.binaryKernels(d)
		g.compareKernels(d)
		g.selectKernel(d)
		g.leafSumsKernel(d)
		g.chainKernels(d)
		g.laneSumKernels(d)
	}
	g.prefetchKernel()
}

// prefetchKernel emits func avxPrefetch(p []byte), which issues one
// PREFETCHT0 per 64 bytes of p (prefetches never fault).
func (g *gen) prefetchKernel() {
	g.Function("avxPrefetch")
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr("func(p []byte)")
	p := g.GP64()
	g.Load(g.Param("p").Base(), p)
	n := g.GP64()
	g.Load(g.Param("p").Len(), n)
	i := g.GP64()
	g.XORQ(i, i)
	g.Label("loop")
	g.CMPQ(i, n)
	g.JAE(operand.LabelRef("done"))
	g.PREFETCHT0(operand.Mem{Base: p, Index: i, Scale: 1})
	g.ADDQ(operand.U32(64), i)
	g.JMP(operand.LabelRef("loop"))
	g.Label("done")
	g.RET()
}

// loop emits `for i := 0; i < n; i += step` around body, unrolled by unroll
// while at least step*unroll elements remain; n must be a multiple of step.
// body is called with the element index register and an element offset.
// The function then returns after VZEROUPPER, with epilogue emitted before
// the RET.
func (g *gen) loop(n reg.GPVirtual, step, unroll int, body func(i reg.GPVirtual, off int), epilogue func()) {
	g.loopInterleaved(n, step, unroll, false, 0, body, epilogue)
}

// loopInterleaved is loop, with the unrolled bodies interleaved
// instruction by instruction when interleave is set (see interleave).
func (g *gen) loopInterleaved(n reg.GPVirtual, step, unroll int, interleave bool, lagPercent int, body func(i reg.GPVirtual, off int), epilogue func()) {
	i := g.GP64()
	g.XORQ(i, i)
	if unroll > 1 {
		m := g.GP64()
		g.MOVQ(n, m)
		g.ANDQ(operand.I32(int32(-(step * unroll))), m)
		g.Label("big")
		g.CMPQ(i, m)
		g.JAE(operand.LabelRef("one"))
		for k := 0; k < unroll; k++ {
			if interleave {
				g.markInterleave(lagPercent)
			}
			body(i, k*step)
		}
		if interleave {
			g.Comment(interleaveEnd)
		}
		g.ADDQ(operand.U32(uint32(step*unroll)), i)
		g.JMP(operand.LabelRef("big"))
	}
	g.Label("one")
	g.CMPQ(i, n)
	g.JAE(operand.LabelRef("done"))
	body(i, 0)
	g.ADDQ(operand.U32(uint32(step)), i)
	g.JMP(operand.LabelRef("one"))
	g.Label("done")
	if epilogue != nil {
		epilogue()
	}
	g.VZEROUPPER()
	g.RET()
}

func elem(base reg.GPVirtual, i reg.GPVirtual, size, off int) operand.Mem {
	return operand.Mem{Base: base, Index: i, Scale: uint8(size), Disp: off * size}
}

// unaryKernels emits func avx<Op><F32|F64>(dst, x []T) for every unary
// operation, and func avx{Sin,Cos}<T>(dst, x []T) int, which returns
// non-zero when some |x[i]| exceeded the reduction bound (those dst[i] hold
// x[i], for the caller to recompute).
func (g *gen) unaryKernels(d dt) {
	simple := []struct {
		name   string
		unroll int
		f      func(x vec) vec
	}{
		{"Neg", 4, func(x vec) vec { return g.xor(x, g.signMask(d)) }},
		{"Abs", 4, func(x vec) vec { return g.abs(d, x) }},
		{"Sqrt", 2, func(x vec) vec { return g.sqrt(d, x) }},
		{"Floor", 4, func(x vec) vec { return g.round(d, rndFloor, x) }},
		{"Ceil", 4, func(x vec) vec { return g.round(d, rndCeil, x) }},
		{"Round", 4, func(x vec) vec { return g.round(d, rndNearest, x) }},
		{"Exp", 1, func(x vec) vec { return g.exp(d, x) }},
		{"Log", 1, func(x vec) vec { return g.log(d, x) }},
		{"Log1p", 1, func(x vec) vec { return g.log1p(d, x) }},
		{"Tanh", 1, func(x vec) vec { return g.tanh(d, x) }},
		{"Logistic", 1, func(x vec) vec { return g.logistic(d, x) }},
		{"Erf", 1, func(x vec) vec { return g.erf(d, x) }},
	}
	for _, k := range simple {
		g.unary(d, k.name, k.unroll, k.f)
	}
	for _, cos := range []bool{false, true} {
		name := "Sin"
		if cos {
			name = "Cos"
		}
		g.Function(fmt.Sprintf("avx%s%s", name, d.suffix()))
		g.Attributes(attr.NOSPLIT)
		g.SignatureExpr(fmt.Sprintf("func(dst, x []%s) int", d.goType()))
		dst, x, n := g.params1()
		big := g.YMM()
		g.VPXOR(big, big, big)
		g.loopInterleaved(n, d.lanes(), 2, true, sinCosLag, func(i reg.GPVirtual, off int) {
			v := g.load(d, elem(x, i, d.size(), off))
			s := g.sinCosReduce(d, v, big)
			if cos {
				g.store(d, g.cosOf(d, v, s), elem(dst, i, d.size(), off))
			} else {
				g.store(d, g.sinOf(d, v, s), elem(dst, i, d.size(), off))
			}
		}, func() { g.returnMask(big) })
	}
	g.sinCosKernel(d)
	g.logNormalKernel(d)
}

// returnMask returns non-zero when some lane of the mask m is set.
func (g *gen) returnMask(m vec) {
	r := g.GP32()
	g.VPMOVMSKB(m, r)
	g.Store(r.As64(), g.ReturnIndex(0))
}

// sinCosKernel emits func avxSinCos<T>(sin, cos, x []T) int, which sets
// sin[i] and cos[i] from one shared reduction of x[i] and returns non-zero
// when some |x[i]| exceeded the reduction bound (those sin[i] and cos[i]
// hold x[i], for the caller to recompute). Both are stored after x[i] is
// loaded, so either may be the same slice as x.
func (g *gen) sinCosKernel(d dt) {
	g.Function("avxSinCos" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(sin, cos, x []%s) int", d.goType()))
	sin := g.GP64()
	g.Load(g.Param("sin").Base(), sin)
	cos := g.GP64()
	g.Load(g.Param("cos").Base(), cos)
	x := g.GP64()
	g.Load(g.Param("x").Base(), x)
	n := g.GP64()
	g.Load(g.Param("sin").Len(), n)
	big := g.YMM()
	g.VPXOR(big, big, big)
	g.loopInterleaved(n, d.lanes(), 2, true, sinCosLag, func(i reg.GPVirtual, off int) {
		v := g.load(d, elem(x, i, d.size(), off))
		s := g.sinCosReduce(d, v, big)
		g.store(d, g.sinOf(d, v, s), elem(sin, i, d.size(), off))
		g.store(d, g.cosOf(d, v, s), elem(cos, i, d.size(), off))
	}, func() { g.returnMask(big) })
}

// logNormalKernel emits func avxLogNormal<T>(dst, x []T) int, the fast path
// of log: it computes log(x) (vmath.Log32/Log64) for vectors whose lanes
// are all positive normal finite numbers and stops at the first vector that
// has another lane, before storing it. It returns the number of elements
// done (len(dst) when it did not stop).
//
// The main loop takes logUnroll vectors at a time: it loads and checks all
// of them first (the masks OR-ed, one VPTEST: on the reference machine a
// VPTEST takes the place of an FMA), then computes them with their
// instruction streams interleaved (logLag) and stores them. When a lane of
// the group is not normal, or fewer than logUnroll vectors remain, the
// one-vector loop goes on from the group's first vector, so the kernel stops at the same vector
// as without the main loop and stores nothing of it (dst may be x). The
// constants of logHoisted stay in registers for the whole call: the loop
// is bound by the FMA ports and by the two vector loads per cycle, and
// each constant left in memory is a load per vector.
func (g *gen) logNormalKernel(d dt) {
	g.Function("avxLogNormal" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst, x []%s) int", d.goType()))
	dst, x, n := g.params1()
	g.hoist(d, g.logHoisted(d)...)
	i := g.GP64()
	g.XORQ(i, i)
	m := g.GP64()
	g.MOVQ(n, m)
	g.ANDQ(operand.I32(int32(-(d.lanes() * logUnroll))), m)
	g.Label("big")
	g.CMPQ(i, m)
	g.JAE(operand.LabelRef("one"))
	var vs [logUnroll]vec
	var bad vec
	for k := range vs {
		vs[k] = g.load(d, elem(x, i, d.size(), k*d.lanes()))
		if b := g.logNotNormal(d, vs[k]); bad == nil {
			bad = b
		} else {
			g.VPOR(b, bad, bad)
		}
	}
	g.VPTEST(bad, bad)
	g.JNE(operand.LabelRef("one"))
	for k, v := range vs {
		g.markInterleave(logLag)
		g.store(d, g.logCore(d, v, nil, nil), elem(dst, i, d.size(), k*d.lanes()))
	}
	g.Comment(interleaveEnd)
	g.ADDQ(operand.U32(uint32(d.lanes()*logUnroll)), i)
	g.JMP(operand.LabelRef("big"))
	g.Label("one")
	g.CMPQ(i, n)
	g.JAE(operand.LabelRef("done"))
	v := g.load(d, elem(x, i, d.size(), 0))
	bad = g.logNotNormal(d, v)
	g.VPTEST(bad, bad)
	g.JNE(operand.LabelRef("done"))
	g.store(d, g.logCore(d, v, nil, nil), elem(dst, i, d.size(), 0))
	g.ADDQ(operand.U32(uint32(d.lanes())), i)
	g.JMP(operand.LabelRef("one"))
	g.Label("done")
	g.Store(i, g.ReturnIndex(0))
	g.VZEROUPPER()
	g.RET()
}

// logUnroll is the number of vectors of an iteration of the main loop of
// the log fast path (a power of two), and logLag the lag of their
// interleaved bodies in percent: with less lag, or with more constants in
// logHoisted, the loop runs out of the 16 YMM registers.
const (
	logUnroll = 2
	logLag    = 50
)

// logHoisted returns the constants that the log fast path holds in
// registers, as many as the registers allow: those of the check and of the
// reduction (√½'s bits serve twice for float32), then for float32 the
// polynomial's coefficients after the highest (which starts the Horner
// accumulator: from a register it would take a copy in place of a load).
func (g *gen) logHoisted(d dt) []op {
	if d.is32 {
		cs := vmath.CoefLog32
		return []op{g.ci(d, 0x7f800000), g.ci(d, -0x01000001), g.ci(d, vmath.SqrtHalf32Bits),
			g.ci(d, 1<<23-1), g.c(d, 1), g.c(d, float64(cs[len(cs)-2])), g.c(d, float64(cs[len(cs)-3]))}
	}
	return []op{g.cvec(d, 0x3ff0000000000000-vmath.SqrtHalf64Bits), g.cvec(d, 0x7ff0000000000000),
		g.ci(d, -0x0020000000000001), g.cvec(d, 0x4330000000000000), g.c(d, 0x1p52+1023),
		g.cvec(d, 1<<52-1), g.cvec(d, vmath.SqrtHalf64Bits)}
}

// sinCosLag is the lag of the interleaved sin and cos bodies, in percent:
// less runs out of the 16 YMM registers.
const sinCosLag = 50

// markInterleave starts a body to be interleaved with the next ones.
func (g *gen) markInterleave(lagPercent int) {
	g.Comment(fmt.Sprintf("%s %d", interleaveMark, lagPercent))
}

// params1 loads dst.ptr, x.ptr and len(dst).
func (g *gen) params1() (dst, x, n reg.GPVirtual) {
	dst = g.GP64()
	g.Load(g.Param("dst").Base(), dst)
	x = g.GP64()
	g.Load(g.Param("x").Base(), x)
	n = g.GP64()
	g.Load(g.Param("dst").Len(), n)
	return dst, x, n
}

func (g *gen) unary(d dt, name string, unroll int, f func(x vec) vec) {
	g.Function(fmt.Sprintf("avx%s%s", name, d.suffix()))
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst, x []%s)", d.goType()))
	dst, x, n := g.params1()
	g.loop(n, d.lanes(), unroll, func(i reg.GPVirtual, off int) {
		v := g.load(d, elem(x, i, d.size(), off))
		g.store(d, f(v), elem(dst, i, d.size(), off))
	}, nil)
}

// binaryKernels emits func avx<Op><T>(dst, a, b []T) for the arithmetic
// operations, func avxScale<T>(dst, x []T, s T) and func avxFMA<T>(dst, a,
// b, c []T).
func (g *gen) binaryKernels(d dt) {
	ops := append(g.ariths(d),
		// Go's min and max: NaN if either is NaN, min(-0, +0) = -0 and
		// max(-0, +0) = +0. MINPS returns b for equal operands (fixed by
		// OR-ing or AND-ing in a) and for NaNs (fixed by a blend of a NaN a).
		arith{"Min", func(a vec, b op) vec {
			bv := g.load(d, b)
			r := g.minps(d, a, bv)
			r = g.or(r, g.and(g.cmp(d, cmpEQ, a, bv), a))
			return g.blend(d, g.cmp(d, cmpUNORD, a, a), a, r)
		}},
		arith{"Max", func(a vec, b op) vec {
			bv := g.load(d, b)
			r := g.maxps(d, a, bv)
			r = g.blend(d, g.cmp(d, cmpEQ, a, bv), g.and(a, bv), r)
			return g.blend(d, g.cmp(d, cmpUNORD, a, a), a, r)
		}},
	)
	for _, o := range ops {
		g.Function(fmt.Sprintf("avx%s%s", o.name, d.suffix()))
		g.Attributes(attr.NOSPLIT)
		g.SignatureExpr(fmt.Sprintf("func(dst, a, b []%s)", d.goType()))
		dst, a, b, n := g.params2()
		g.loop(n, d.lanes(), 4, func(i reg.GPVirtual, off int) {
			va := g.load(d, elem(a, i, d.size(), off))
			g.store(d, o.f(va, elem(b, i, d.size(), off)), elem(dst, i, d.size(), off))
		}, nil)
	}

	// avxScale<T>(dst, x []T, s T): dst[i] = s * x[i], s broadcast once.
	g.Function("avxScale" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst, x []%s, s %s)", d.goType(), d.goType()))
	{
		dst, x, n := g.params1()
		sx, sv := g.XMM(), g.YMM()
		g.Load(g.Param("s"), sx)
		if d.is32 {
			g.VBROADCASTSS(sx, sv)
		} else {
			g.VBROADCASTSD(sx, sv)
		}
		g.loop(n, d.lanes(), 4, func(i reg.GPVirtual, off int) {
			g.store(d, g.mul(d, sv, elem(x, i, d.size(), off)), elem(dst, i, d.size(), off))
		}, nil)
	}

	g.Function("avxFMA" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst, a, b, c []%s)", d.goType()))
	dst, a, b, c, n := g.params3()
	g.loop(n, d.lanes(), 4, func(i reg.GPVirtual, off int) {
		acc := g.load(d, elem(c, i, d.size(), off))
		va := g.load(d, elem(a, i, d.size(), off))
		g.fmaInto(d, acc, va, elem(b, i, d.size(), off))
		g.store(d, acc, elem(dst, i, d.size(), off))
	}, nil)
}

// params2 loads dst.ptr, a.ptr, b.ptr and len(dst).
func (g *gen) params2() (dst, a, b, n reg.GPVirtual) {
	dst = g.GP64()
	g.Load(g.Param("dst").Base(), dst)
	a = g.GP64()
	g.Load(g.Param("a").Base(), a)
	b = g.GP64()
	g.Load(g.Param("b").Base(), b)
	n = g.GP64()
	g.Load(g.Param("dst").Len(), n)
	return dst, a, b, n
}

// params3 loads dst.ptr, a.ptr, b.ptr, len(dst) and c.ptr.
func (g *gen) params3() (dst, a, b, c, n reg.GPVirtual) {
	dst, a, b, n = g.params2()
	c = g.GP64()
	g.Load(g.Param("c").Base(), c)
	return dst, a, b, c, n
}

// compareKernels emits func avx<Cmp><T>(dst []bool, a, b []T), which sets
// dst[i] = a[i] <cmp> b[i] as 0 or 1 bytes, 8 elements per iteration; len(dst)
// must be a multiple of 8.
func (g *gen) compareKernels(d dt) {
	preds := []struct {
		name string
		pred uint8
	}{{"Eq", cmpEQ}, {"Ne", cmpNEQ}, {"Lt", cmpLT}, {"Le", cmpLE}, {"Gt", cmpGT}, {"Ge", cmpGE}}
	for _, p := range preds {
		g.Function(fmt.Sprintf("avx%s%s", p.name, d.suffix()))
		g.Attributes(attr.NOSPLIT)
		g.SignatureExpr(fmt.Sprintf("func(dst []bool, a, b []%s)", d.goType()))
		dst, a, b, n := g.params2()
		var idx vec
		if !d.is32 {
			// VPERMD index gathering the low dword of each 64-bit mask.
			idx = g.load(d, g.dwordIdx())
		}
		g.loop(n, 8, 1, func(i reg.GPVirtual, _ int) {
			var m reg.Register
			if d.is32 {
				va := g.load(d, elem(a, i, 4, 0))
				mk := g.cmp(d, p.pred, va, elem(b, i, 4, 0))
				lo, hi := mk.AsX(), g.XMM()
				g.VEXTRACTI128(operand.U8(1), mk, hi)
				m = g.XMM()
				g.VPACKSSDW(hi, lo, m) // 8 words
			} else {
				var halves [2]reg.Register
				for h := range halves {
					va := g.load(d, elem(a, i, 8, 4*h))
					mk := g.cmp(d, p.pred, va, elem(b, i, 8, 4*h))
					pm := g.YMM()
					g.VPERMD(mk, idx, pm) // low 128 bits: 4 dword masks
					halves[h] = pm.AsX()
				}
				m = g.XMM()
				g.VPACKSSDW(halves[1], halves[0], m)
			}
			g.VPACKSSWB(m, m, m)
			g.VPAND(g.cmem(f32, 0x01010101).Offset(0), m, m) // 16-byte load of the 32-byte constant
			g.VMOVQ(m, operand.Mem{Base: dst, Index: i, Scale: 1})
		}, nil)
	}
}

// dwordIdx is the VPERMD index 0,2,4,6,1,3,5,7.
func (g *gen) dwordIdx() operand.Mem {
	return g.rodata("permLowDwords", func() {
		for _, v := range []uint32{0, 2, 4, 6, 1, 3, 5, 7} {
			g.AppendDatum(operand.U32(v))
		}
	})
}

// selectKernel emits func avxSelect<T>(dst []T, pred []bool, onTrue, onFalse
// []T); len(dst) must be a multiple of the lane count.
func (g *gen) selectKernel(d dt) {
	g.Function("avxSelect" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst []%s, pred []bool, onTrue, onFalse []%s)", d.goType(), d.goType()))
	dst := g.GP64()
	g.Load(g.Param("dst").Base(), dst)
	pred := g.GP64()
	g.Load(g.Param("pred").Base(), pred)
	t := g.GP64()
	g.Load(g.Param("onTrue").Base(), t)
	f := g.GP64()
	g.Load(g.Param("onFalse").Base(), f)
	n := g.GP64()
	g.Load(g.Param("dst").Len(), n)
	g.loop(n, d.lanes(), 2, func(i reg.GPVirtual, off int) {
		m := g.YMM()
		pm := operand.Mem{Base: pred, Index: i, Scale: 1, Disp: off}
		if d.is32 {
			g.VPMOVZXBD(pm, m)
		} else {
			g.VPMOVZXBQ(pm, m)
		}
		m = g.shl(d, uint8(d.size()*8-1), m)
		vf := g.load(d, elem(f, i, d.size(), off))
		g.store(d, g.blend(d, m, elem(t, i, d.size(), off), vf), elem(dst, i, d.size(), off))
	}, nil)
}
