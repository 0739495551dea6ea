package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// leafGroup returns the number of pairwise-sum leaves that avxLeafSums<T>
// accumulates together: 8 for float32 (one 8-lane accumulator per leaf),
// 4 for float64 (two 4-lane accumulators per leaf), so that 8 independent
// addition chains hide the latency of VADDPS.
func leafGroup(d dt) int {
	if d.is32 {
		return 8
	}
	return 4
}

// leafSumsKernel emits
//
//	func avxLeafSums<T>(dst, x []T, desc []int, m int, tree bool)
//
// which computes leaf sums of pairwiseSumGo (package kernels) for groups of
// G = leafGroup(d) leaves. Group j is described by desc[j*(G+1) :
// (j+1)*(G+1)]: a bit mask of its leaves that have m+1 blocks of 8
// elements (the others have m >= 1 blocks), then the element offset in x
// of each of its G leaves. The sum of a leaf is that of its 8 accumulators
// s0..s7 over the elements k ≡ 0..7 (mod 8), combined as
// ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)). Without tree, dst[j*G+k] is set to
// the sum of leaf k of group j; with tree, dst[j] is set to the sum of the
// G leaf sums r0..r(G-1) of group j combined as a balanced binary tree
// (((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) for float32, (r0+r1)+(r2+r3) for
// float64). desc holds at least one group.
//
// The block after the m common ones is added to every accumulator, read
// from a block of zeros for the leaves that have only m blocks: adding +0
// changes no accumulator, which starts at +0 and so is never -0.
func (g *gen) leafSumsKernel(d dt) {
	G := leafGroup(d)
	vecs := 8 / d.lanes() // accumulators per leaf
	bb := 8 * d.size()    // bytes per block of 8 elements
	g.Function("avxLeafSums" + d.suffix())
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(dst, x []%s, desc []int, m int, tree bool)", d.goType()))
	out := g.GP64()
	g.Load(g.Param("dst").Base(), out)
	left := g.GP64()
	g.Load(g.Param("desc").Len(), left)
	dp := g.GP64()
	g.Load(g.Param("desc").Base(), dp)

	g.Label("group")
	// p[k] points just past the m common blocks of leaf k.
	p := make([]reg.GPVirtual, G)
	for k := range p {
		xb := g.GP64()
		g.Load(g.Param("x").Base(), xb)
		p[k] = g.GP64()
		g.MOVQ(operand.Mem{Base: dp, Disp: 8 * (k + 1)}, p[k])
		g.LEAQ(operand.Mem{Base: xb, Index: p[k], Scale: uint8(d.size())}, p[k])
	}
	mb := g.GP64()
	g.Load(g.Param("m"), mb)
	g.SHLQ(operand.U8(map[bool]uint8{true: 5, false: 6}[d.is32]), mb)
	for k := range p {
		g.ADDQ(mb, p[k])
	}
	acc := make([]vec, G*vecs)
	for k := range acc {
		acc[k] = g.YMM()
		g.VXORPS(acc[k], acc[k], acc[k])
	}
	i := g.GP64()
	g.MOVQ(mb, i)
	g.NEGQ(i)
	g.Label("block")
	for k := range p {
		for v := 0; v < vecs; v++ {
			g.addInto(d, acc[k*vecs+v], operand.Mem{Base: p[k], Index: i, Scale: 1, Disp: 32 * v})
		}
	}
	g.ADDQ(operand.U32(uint32(bb)), i)
	g.JNE(operand.LabelRef("block"))
	// The extra block, or zeros.
	for k := range p {
		z := g.GP64()
		g.LEAQ(g.zeroBlock(), z)
		g.TESTQ(operand.U32(uint32(1)<<k), operand.Mem{Base: dp})
		g.CMOVQEQ(z, p[k])
		for v := 0; v < vecs; v++ {
			g.addInto(d, acc[k*vecs+v], operand.Mem{Base: p[k], Disp: 32 * v})
		}
	}
	r := g.leafCombine(d, acc)
	tree := g.GP8()
	g.Load(g.Param("tree"), tree)
	g.TESTB(tree, tree)
	g.JNE(operand.LabelRef("tree"))
	g.store(d, r, operand.Mem{Base: out})
	g.ADDQ(operand.U32(uint32(32)), out)
	g.JMP(operand.LabelRef("next"))
	g.Label("tree")
	g.treeCombine(d, r, operand.Mem{Base: out})
	g.ADDQ(operand.U32(uint32(d.size())), out)
	g.Label("next")
	g.ADDQ(operand.U32(uint32(8*(G+1))), dp)
	g.SUBQ(operand.U32(uint32(G+1)), left)
	g.JNE(operand.LabelRef("group"))
	g.VZEROUPPER()
	g.RET()
}

// addInto sets acc = acc + b.
func (g *gen) addInto(d dt, acc vec, b op) {
	if d.is32 {
		g.VADDPS(b, acc, acc)
	} else {
		g.VADDPD(b, acc, acc)
	}
}

// leafCombine returns the vector of the G leaf sums
// ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)) of the accumulators acc (one per
// float32 leaf holding s0..s7; two per float64 leaf, s0..s3 and s4..s7).
// Horizontal additions add the same pairs as the scalar expression
// (a+b = b+a exactly).
func (g *gen) leafCombine(d dt, acc []vec) vec {
	hadd := func(a, b vec) vec { // per 128-bit lane: a0+a1, a2+a3, b0+b1, b2+b3 (f32); a0+a1, b0+b1 (f64)
		r := g.YMM()
		if d.is32 {
			g.VHADDPS(b, a, r)
		} else {
			g.VHADDPD(b, a, r)
		}
		return r
	}
	perm := func(imm uint8, a, b vec) vec { // 0x20: a.lo, b.lo; 0x31: a.hi, b.hi
		r := g.YMM()
		g.VPERM2F128(operand.U8(imm), b, a, r)
		return r
	}
	if d.is32 {
		// t = [k.01 k.23 k+1.01 k+1.23 | k.45 k.67 k+1.45 k+1.67];
		// u = [0.0123 1.0123 2.0123 3.0123 | 0.4567 ... 3.4567] (and 4..7).
		u0 := hadd(hadd(acc[0], acc[1]), hadd(acc[2], acc[3]))
		u1 := hadd(hadd(acc[4], acc[5]), hadd(acc[6], acc[7]))
		return g.add(d, perm(0x20, u0, u1), perm(0x31, u0, u1))
	}
	// h_k = [a.01 b.01 | a.23 b.23] for leaf k with accumulators a, b;
	// s = h_k.lo + h_k.hi, two leaves per register: [a.0123 b.0123 ...];
	// then [r0 r2 | r1 r3], put in order.
	var s [2]vec
	for j := range s {
		h0 := hadd(acc[4*j], acc[4*j+1])
		h1 := hadd(acc[4*j+2], acc[4*j+3])
		s[j] = g.add(d, perm(0x20, h0, h1), perm(0x31, h0, h1))
	}
	r := hadd(s[0], s[1])
	o := g.YMM()
	g.VPERMPD(operand.U8(0xd8), r, o)
	return o
}

// treeCombine stores to m the sum of the lanes r0.. of r combined as a
// balanced binary tree: ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) for float32,
// (r0+r1)+(r2+r3) for float64.
func (g *gen) treeCombine(d dt, r vec, m operand.Mem) {
	lo, hi := g.XMM(), g.XMM()
	if d.is32 {
		t := g.YMM()
		g.VHADDPS(r, r, t) // [r01 r23 r01 r23 | r45 r67 r45 r67]
		g.VHADDPS(t, t, t) // [r0123 ... | r4567 ...]
		g.VEXTRACTF128(operand.U8(1), t, hi)
		g.VADDSS(hi, t.AsX(), lo)
		g.VMOVSS(lo, m)
		return
	}
	t := g.YMM()
	g.VHADDPD(r, r, t) // [r01 r01 | r23 r23]
	g.VEXTRACTF128(operand.U8(1), t, hi)
	g.VADDSD(hi, t.AsX(), lo)
	g.VMOVSD(lo, m)
}

// zeroBlock is 64 bytes of zeros.
func (g *gen) zeroBlock() operand.Mem {
	return g.rodata("zeroBlock", func() {
		for range 8 {
			g.AppendDatum(operand.U64(0))
		}
	})
}
