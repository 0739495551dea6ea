package main

import (
	"fmt"
	"math"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// dt is an element type: float32 (8 lanes per YMM register) or float64 (4).
type dt struct {
	is32 bool
}

var (
	f32 = dt{true}
	f64 = dt{false}
)

func (d dt) lanes() int { return map[bool]int{true: 8, false: 4}[d.is32] }
func (d dt) size() int  { return map[bool]int{true: 4, false: 8}[d.is32] }
func (d dt) suffix() string {
	if d.is32 {
		return "F32"
	}
	return "F64"
}
func (d dt) goType() string {
	if d.is32 {
		return "float32"
	}
	return "float64"
}

// op is a vector register or a memory operand.
type op = operand.Op

// vec is a virtual YMM register.
type vec = reg.VecVirtual

// cvec returns the constant vector holding the lane pattern bits (the low
// 32 bits for float32) in every lane: the register that hoist loaded it
// into, or else its memory operand (cmem).
func (g *gen) cvec(d dt, bits uint64) op {
	m := g.cmem(d, bits)
	if r, ok := g.inReg[m.Symbol.Name]; ok {
		return r
	}
	return m
}

// hoist loads the constants ms (operands from cvec, c or ci) into registers
// for the rest of the function being emitted, from where cvec, c and ci
// then return the register in place of the memory operand: a loop that
// uses a constant once per iteration then loads it once in all. Each is a
// register held for the whole function, so only as many as the loop
// leaves free of the 16.
func (g *gen) hoist(d dt, ms ...op) {
	for _, m := range ms {
		if m, ok := m.(operand.Mem); ok {
			g.inReg[m.Symbol.Name] = g.load(d, m)
		}
	}
}

// cmem returns a 32-byte read-only constant holding the lane pattern bits
// (the low 32 bits for float32) in every lane.
func (g *gen) cmem(d dt, bits uint64) operand.Mem {
	name := fmt.Sprintf("k64_%016x", bits)
	if d.is32 {
		bits &= 0xffffffff
		name = fmt.Sprintf("k32_%08x", bits)
	}
	return g.rodata(name, func() {
		for i := 0; i < 32/d.size(); i++ {
			if d.is32 {
				g.AppendDatum(operand.U32(uint32(bits)))
			} else {
				g.AppendDatum(operand.U64(bits))
			}
		}
	})
}

// c returns a constant vector of the float value v (rounded to d).
func (g *gen) c(d dt, v float64) op {
	if d.is32 {
		return g.cvec(d, uint64(math.Float32bits(float32(v))))
	}
	return g.cvec(d, math.Float64bits(v))
}

// ci returns a constant vector of the integer v in every lane.
func (g *gen) ci(d dt, v int64) op { return g.cvec(d, uint64(v)) }

// load returns a new register holding the memory or register operand a.
func (g *gen) load(d dt, a op) vec {
	r := g.YMM()
	if d.is32 {
		g.VMOVUPS(a, r)
	} else {
		g.VMOVUPD(a, r)
	}
	return r
}

func (g *gen) store(d dt, r vec, m op) {
	if d.is32 {
		g.VMOVUPS(r, m)
	} else {
		g.VMOVUPD(r, m)
	}
}

// The arithmetic helpers return a new register holding the result; a must
// be a register, b may be a register or a memory operand.

func (g *gen) add(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VADDPS(b, a, r)
	} else {
		g.VADDPD(b, a, r)
	}
	return r
}

func (g *gen) sub(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VSUBPS(b, a, r)
	} else {
		g.VSUBPD(b, a, r)
	}
	return r
}

func (g *gen) mul(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VMULPS(b, a, r)
	} else {
		g.VMULPD(b, a, r)
	}
	return r
}

func (g *gen) div(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VDIVPS(b, a, r)
	} else {
		g.VDIVPD(b, a, r)
	}
	return r
}

// minps returns MIN(a, b): b when they compare equal or either is NaN.
func (g *gen) minps(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VMINPS(b, a, r)
	} else {
		g.VMINPD(b, a, r)
	}
	return r
}

// maxps returns MAX(a, b): b when they compare equal or either is NaN.
func (g *gen) maxps(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VMAXPS(b, a, r)
	} else {
		g.VMAXPD(b, a, r)
	}
	return r
}

func (g *gen) sqrt(d dt, a op) vec {
	r := g.YMM()
	if d.is32 {
		g.VSQRTPS(a, r)
	} else {
		g.VSQRTPD(a, r)
	}
	return r
}

// Rounding modes of VROUNDPS.
const (
	rndNearest = 0
	rndFloor   = 1
	rndCeil    = 2
)

func (g *gen) round(d dt, mode uint8, a op) vec {
	r := g.YMM()
	if d.is32 {
		g.VROUNDPS(operand.U8(mode), a, r)
	} else {
		g.VROUNDPD(operand.U8(mode), a, r)
	}
	return r
}

// fmaInto sets acc = a*b + acc (VFMADD231).
func (g *gen) fmaInto(d dt, acc, a vec, b op) {
	if d.is32 {
		g.VFMADD231PS(b, a, acc)
	} else {
		g.VFMADD231PD(b, a, acc)
	}
}

// fnmaInto sets acc = acc - a*b, rounded once (VFNMADD231).
func (g *gen) fnmaInto(d dt, acc, a vec, b op) {
	if d.is32 {
		g.VFNMADD231PS(b, a, acc)
	} else {
		g.VFNMADD231PD(b, a, acc)
	}
}

// fmsInto sets acc = a*b - acc, rounded once (VFMSUB231).
func (g *gen) fmsInto(d dt, acc, a vec, b op) {
	if d.is32 {
		g.VFMSUB231PS(b, a, acc)
	} else {
		g.VFMSUB231PD(b, a, acc)
	}
}

// fma213 sets p = p*a + c (VFMADD213).
func (g *gen) fma213(d dt, p, a vec, c op) {
	if d.is32 {
		g.VFMADD213PS(c, a, p)
	} else {
		g.VFMADD213PD(c, a, p)
	}
}

// fnma213 sets p = c - p*a (VFNMADD213).
func (g *gen) fnma213(d dt, p, a vec, c op) {
	if d.is32 {
		g.VFNMADD213PS(c, a, p)
	} else {
		g.VFNMADD213PD(c, a, p)
	}
}

// horner returns the polynomial with coefficients cs (lowest degree first)
// at x, as the chain p = p*x + c[i] of VFMADD213.
func (g *gen) horner(d dt, x vec, cs []float64) vec {
	p := g.load(d, g.c(d, cs[len(cs)-1]))
	for i := len(cs) - 2; i >= 0; i-- {
		g.fma213(d, p, x, g.c(d, cs[i]))
	}
	return p
}

// Comparison predicates of VCMPPS (ordered, quiet unless noted).
const (
	cmpEQ    = 0x00 // a == b
	cmpUNORD = 0x03 // a or b is NaN
	cmpNEQ   = 0x04 // a != b (unordered: true)
	cmpNGE   = 0x09 // !(a >= b) (unordered: true)
	cmpLT    = 0x11 // a < b
	cmpLE    = 0x12 // a <= b
	cmpGE    = 0x1d // a >= b
	cmpGT    = 0x1e // a > b
)

func (g *gen) cmp(d dt, pred uint8, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VCMPPS(operand.U8(pred), b, a, r)
	} else {
		g.VCMPPD(operand.U8(pred), b, a, r)
	}
	return r
}

// blend returns mask ? ifSet : ifClear per lane (by the sign bit of mask).
func (g *gen) blend(d dt, mask vec, ifSet op, ifClear vec) vec {
	r := g.YMM()
	if d.is32 {
		g.VBLENDVPS(mask, ifSet, ifClear, r)
	} else {
		g.VBLENDVPD(mask, ifSet, ifClear, r)
	}
	return r
}

func (g *gen) and(a vec, b op) vec { r := g.YMM(); g.VPAND(b, a, r); return r }
func (g *gen) or(a vec, b op) vec  { r := g.YMM(); g.VPOR(b, a, r); return r }
func (g *gen) xor(a vec, b op) vec { r := g.YMM(); g.VPXOR(b, a, r); return r }

// Integer lane operations (32-bit lanes for float32, 64-bit for float64).

func (g *gen) iadd(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VPADDD(b, a, r)
	} else {
		g.VPADDQ(b, a, r)
	}
	return r
}

func (g *gen) isub(d dt, a vec, b op) vec {
	r := g.YMM()
	if d.is32 {
		g.VPSUBD(b, a, r)
	} else {
		g.VPSUBQ(b, a, r)
	}
	return r
}

func (g *gen) shl(d dt, n uint8, a vec) vec {
	r := g.YMM()
	if d.is32 {
		g.VPSLLD(operand.U8(n), a, r)
	} else {
		g.VPSLLQ(operand.U8(n), a, r)
	}
	return r
}

func (g *gen) shr(d dt, n uint8, a vec) vec {
	r := g.YMM()
	if d.is32 {
		g.VPSRLD(operand.U8(n), a, r)
	} else {
		g.VPSRLQ(operand.U8(n), a, r)
	}
	return r
}

// sar32 shifts 32-bit lanes right arithmetically (AVX2 has no 64-bit form).
func (g *gen) sar32(n uint8, a vec) vec {
	r := g.YMM()
	g.VPSRAD(operand.U8(n), a, r)
	return r
}

// signMask and absMask are the sign bit and its complement.
func (g *gen) signMask(d dt) op {
	if d.is32 {
		return g.ci(d, 1<<31)
	}
	return g.cvec(d, 1<<63)
}

func (g *gen) absMask(d dt) op {
	if d.is32 {
		return g.ci(d, 1<<31-1)
	}
	return g.cvec(d, 1<<63-1)
}

func (g *gen) abs(d dt, x vec) vec { return g.and(x, g.absMask(d)) }

// rodata returns the read-only static symbol name, emitting it with the
// data that fill appends the first time the file asks for it.
func (g *gen) rodata(name string, fill func()) operand.Mem {
	m := operand.Mem{Symbol: operand.Symbol{Name: name, Static: true}, Base: reg.StaticBase}
	if g.consts[name] {
		return m
	}
	g.consts[name] = true
	g.StaticGlobal(name)
	g.DataAttributes(attr.RODATA | attr.NOPTR)
	fill()
	return m
}
