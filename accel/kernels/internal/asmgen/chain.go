package main

import (
	"fmt"
	"strings"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// arith is an element-wise operation of two operands: its name in the
// kernels' names and the helper that emits it (a register a, a register
// or memory operand b).
type arith struct {
	name string
	f    func(a vec, b op) vec
}

// ariths returns the four arithmetic operations, each rounded on its own,
// in the order of kernels.Arith: Add, Sub, Mul, Div.
func (g *gen) ariths(d dt) []arith {
	return []arith{
		{"Add", func(a vec, b op) vec { return g.add(d, a, b) }},
		{"Sub", func(a vec, b op) vec { return g.sub(d, a, b) }},
		{"Mul", func(a vec, b op) vec { return g.mul(d, a, b) }},
		{"Div", func(a vec, b op) vec { return g.div(d, a, b) }},
	}
}

// chainKernels emits, for every pair of arithmetic operations op1 and op2,
//
//	func avxChain<Op1><Op2><T>(dst, a, b, c []T)      // (a op1 b) op2 c
//	func avxChain<Op1><Op2>Swap<T>(dst, a, b, c []T)  // c op2 (a op1 b)
//
// the kernels of kernels.Chain. Each operation is a separate instruction,
// rounded to T (no FMA), so the result is that of two passes bit for bit,
// the order of the operands of op2 included. Every vector is loaded before
// it is stored, so dst may be a, b or c.
func (g *gen) chainKernels(d dt) {
	for _, o1 := range g.ariths(d) {
		for _, o2 := range g.ariths(d) {
			for _, swap := range []bool{false, true} {
				name := "avxChain" + o1.name + o2.name
				if swap {
					name += "Swap"
				}
				g.Function(name + d.suffix())
				g.Attributes(attr.NOSPLIT)
				g.SignatureExpr(fmt.Sprintf("func(dst, a, b, c []%s)", d.goType()))
				dst, a, b, c, n := g.params3()
				g.loop(n, d.lanes(), 4, func(i reg.GPVirtual, off int) {
					t := o1.f(g.load(d, elem(a, i, d.size(), off)), elem(b, i, d.size(), off))
					var r vec
					if swap {
						r = o2.f(g.load(d, elem(c, i, d.size(), off)), t)
					} else {
						r = o2.f(t, elem(c, i, d.size(), off))
					}
					g.store(d, r, elem(dst, i, d.size(), off))
				}, nil)
			}
		}
	}
}

// laneSumAccs is the number of vector accumulators of the lane sums: a
// block of laneSumAccs vectors adds one vector to each.
const laneSumAccs = 8

// laneSumKernels emits
//
//	func avxLaneSum<T>(x []T) T
//	func avxLaneSum<Op><T>(a, b []T) T  // for Op in Add, Sub, Mul, Div
//
// the kernels of kernels.LaneSum and LaneSumOf: the lane sum (laneSumGo)
// of the elements of x, or of the values a[i] op b[i], each rounded to T
// before it is added. len(x) (len(a)) is a multiple of the lane count and
// at least one vector; len(b) is at least len(a).
func (g *gen) laneSumKernels(d dt) {
	g.laneSum(d, "avxLaneSum"+d.suffix(), []string{"x"}, func(at func(k int) operand.Mem) op {
		return at(0)
	})
	for _, o := range g.ariths(d) {
		g.laneSum(d, "avxLaneSum"+o.name+d.suffix(), []string{"a", "b"}, func(at func(k int) operand.Mem) op {
			return o.f(g.load(d, at(0)), at(1))
		})
	}
}

// laneSum emits func name(params []T) T, which returns the lane sum of the
// vectors that value computes from at(k), the memory operand of the
// current vector of params[k] (len(params[0]) elements), in the order of
// laneSumGo:
//
//   - laneSumAccs accumulators start at −0 (the sign bit in every lane);
//   - each block of laneSumAccs vectors adds vector k into accumulator k;
//   - the whole vectors after the last block add vector j into
//     accumulator j;
//   - the accumulators combine as ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7));
//   - the lanes of the result add by halves, lane i plus lane i+V/2, until
//     lane 0 holds the sum.
//
// Every addition keeps the accumulator (or the left subtree) as its first
// operand, as the Go definition writes it.
func (g *gen) laneSum(d dt, name string, params []string, value func(at func(k int) operand.Mem) op) {
	g.Function(name)
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr(fmt.Sprintf("func(%s []%s) %s", strings.Join(params, ", "), d.goType(), d.goType()))
	ps := make([]reg.GPVirtual, len(params))
	for k, p := range params {
		ps[k] = g.GP64()
		g.Load(g.Param(p).Base(), ps[k])
	}
	n := g.GP64()
	g.Load(g.Param(params[0]).Len(), n)
	var acc [laneSumAccs]vec
	for k := range acc {
		acc[k] = g.load(d, g.signMask(d))
	}
	i := g.GP64()
	g.XORQ(i, i)
	vector := func(off int) op {
		return value(func(k int) operand.Mem { return elem(ps[k], i, d.size(), off) })
	}

	block := laneSumAccs * d.lanes()
	m := g.GP64()
	g.MOVQ(n, m)
	g.ANDQ(operand.I32(int32(-block)), m)
	g.Label("block")
	g.CMPQ(i, m)
	g.JAE(operand.LabelRef("vectors"))
	for k := range acc {
		g.addInto(d, acc[k], vector(k*d.lanes()))
	}
	g.ADDQ(operand.U32(uint32(block)), i)
	g.JMP(operand.LabelRef("block"))

	// At most laneSumAccs-1 whole vectors are left.
	g.Label("vectors")
	for k := range acc[:laneSumAccs-1] {
		g.CMPQ(i, n)
		g.JAE(operand.LabelRef("combine"))
		g.addInto(d, acc[k], vector(0))
		g.ADDQ(operand.U32(uint32(d.lanes())), i)
	}

	g.Label("combine")
	s := g.add(d,
		g.add(d, g.add(d, acc[0], acc[1]), g.add(d, acc[2], acc[3])),
		g.add(d, g.add(d, acc[4], acc[5]), g.add(d, acc[6], acc[7])))
	r := g.laneHalves(d, s)
	// VZEROUPPER first: Store's MOVSS/MOVSD is a legacy SSE instruction.
	g.VZEROUPPER()
	g.Store(r, g.ReturnIndex(0))
	g.RET()
}

// laneHalves returns an XMM register whose lane 0 is the sum of the lanes
// of s added by halves: lane i plus lane i+V/2 for i < V/2, then likewise
// on the V/2 lanes so obtained, until one is left (V the lane count).
func (g *gen) laneHalves(d dt, s vec) reg.VecVirtual {
	hi, h := g.XMM(), g.XMM()
	g.VEXTRACTF128(operand.U8(1), s, hi)
	if !d.is32 {
		g.VADDPD(hi, s.AsX(), h) // lane i + lane i+2
		t, r := g.XMM(), g.XMM()
		g.VPERMILPD(operand.U8(1), h, t) // lane 1 into lane 0
		g.VADDSD(t, h, r)
		return r
	}
	g.VADDPS(hi, s.AsX(), h) // lane i + lane i+4
	t, q := g.XMM(), g.XMM()
	g.VMOVHLPS(h, h, t) // lanes 2, 3 into lanes 0, 1
	g.VADDPS(t, h, q)
	u, r := g.XMM(), g.XMM()
	g.VMOVSHDUP(q, u) // lane 1 into lane 0
	g.VADDSS(u, q, r)
	return r
}
