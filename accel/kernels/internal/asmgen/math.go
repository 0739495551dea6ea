package main

import (
	"math"

	"github.com/mmcloughlin/avo/operand"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

var (
	posInf = math.Inf(1)
	negInf = math.Inf(-1)
	nan    = math.NaN()
)

// The bodies below emit, for one register of lanes, the operations of the
// scalar functions of package vmath in the same order (see its doc).

func coef(d dt, c32 []float32, c64 []float64) []float64 {
	if d.is32 {
		out := make([]float64, len(c32))
		for i, v := range c32 {
			out[i] = float64(v)
		}
		return out
	}
	return c64
}

// pick returns a for float32 and b for float64.
func pick(d dt, a, b float64) float64 {
	if d.is32 {
		return a
	}
	return b
}

// reduceExp returns nf = round(x/ln2) as a float vector, n as integer
// lanes (float32 only; nil for float64) and r = x - n·ln2.
func (g *gen) reduceExp(d dt, x vec) (nf, n, r vec) {
	t := g.mul(d, x, g.c(d, pick(d, vmath.Log2e32, vmath.Log2e64)))
	if d.is32 {
		n = g.YMM()
		g.VCVTPS2DQ(t, n)
		nf = g.YMM()
		g.VCVTDQ2PS(n, nf)
	} else {
		nf = g.round(d, rndNearest, t)
	}
	r = g.load(d, x)
	g.fnmaInto(d, r, nf, g.c(d, pick(d, vmath.Ln2Hi32, vmath.Ln2Hi64)))
	g.fnmaInto(d, r, nf, g.c(d, pick(d, vmath.Ln2Lo32, vmath.Ln2Lo64)))
	return nf, n, r
}

// expm1Poly returns r + r²·E(r).
func (g *gen) expm1Poly(d dt, r vec) vec {
	r2 := g.mul(d, r, r)
	e := g.horner(d, r, coef(d, vmath.CoefExp32[:], vmath.CoefExp64[:]))
	g.fma213(d, e, r2, r)
	return e
}

// pow2 returns 2^n for integral n (integer lanes for float32, float lanes
// for float64) in the normal exponent range.
func (g *gen) pow2(d dt, n vec) vec {
	if d.is32 {
		return g.shl(d, 23, g.iadd(d, n, g.ci(d, 127)))
	}
	return g.shl(d, 52, g.add(d, n, g.c(d, 0x1.8p52+1023)))
}

// exp returns exp(x) (vmath.Exp32/Exp64).
func (g *gen) exp(d dt, x vec) vec {
	lo := g.load(d, g.c(d, pick(d, vmath.ExpLo32, vmath.ExpLo64)))
	hi := g.load(d, g.c(d, pick(d, vmath.ExpHi32, vmath.ExpHi64)))
	x = g.minps(d, hi, g.maxps(d, lo, x))
	nf, n, r := g.reduceExp(d, x)
	p := g.add(d, g.expm1Poly(d, r), g.c(d, 1))
	var s1, s2 vec
	if d.is32 {
		n1 := g.YMM()
		g.VPSRAD(operand.U8(1), n, n1)
		n2 := g.isub(d, n, n1)
		s1, s2 = g.pow2(d, n1), g.pow2(d, n2)
	} else {
		n1 := g.round(d, rndFloor, g.mul(d, nf, g.c(d, 0.5)))
		n2 := g.sub(d, nf, n1)
		s1, s2 = g.pow2(d, n1), g.pow2(d, n2)
	}
	return g.mul(d, g.mul(d, p, s1), s2)
}

// expm1Pos returns expm1(y) for 0 ≤ y ≤ 2·TanhClamp.
func (g *gen) expm1Pos(d dt, y vec) vec {
	nf, n, r := g.reduceExp(d, y)
	p := g.expm1Poly(d, r)
	var s vec
	if d.is32 {
		s = g.pow2(d, n)
	} else {
		s = g.pow2(d, nf)
	}
	sm1 := g.sub(d, s, g.c(d, 1))
	g.fma213(d, p, s, sm1)
	return p
}

// logCore returns log(x) + cu for positive normal x lanes; e0 (integer lanes
// for float32, float lanes for float64; nil for none) corrects the exponent
// and cu may be nil for 0.
//
// For float32 it computes u = bits(x) - bits(√½), vmath's u less 127<<23,
// whose arithmetic shift right by 23 is vmath's int32(u>>23) - 127 (one
// operation and one constant less) and whose low 23 bits are vmath's. The
// exponent differs only in lanes where x is negative, which log and log1p
// replace by NaN.
func (g *gen) logCore(d dt, x, e0, cu vec) vec {
	if d.is32 {
		u := g.isub(d, x, g.ci(d, vmath.SqrtHalf32Bits))
		ei := g.sar32(23, u)
		if e0 != nil {
			ei = g.iadd(d, ei, e0)
		}
		e := g.YMM()
		g.VCVTDQ2PS(ei, e)
		m := g.iadd(d, g.and(u, g.ci(d, 1<<23-1)), g.ci(d, vmath.SqrtHalf32Bits))
		f := g.sub(d, m, g.c(d, 1))
		f2 := g.mul(d, f, f)
		p := g.horner(d, f, coef(d, vmath.CoefLog32[:], nil))
		g.fma213(d, p, f, g.c(d, -0.5)) // inner
		var small vec
		if cu != nil {
			small = g.load(d, cu)
			g.fmaInto(d, small, e, g.c(d, vmath.Ln2Lo32))
		} else {
			small = g.mul(d, e, g.c(d, vmath.Ln2Lo32))
		}
		g.fma213(d, p, f2, small)
		y := g.add(d, f, p)
		g.fmaInto(d, y, e, g.c(d, vmath.Ln2Hi32))
		return y
	}
	u := g.iadd(d, x, g.cvec(d, 0x3ff0000000000000-vmath.SqrtHalf64Bits))
	e := g.sub(d, g.or(g.shr(d, 52, u), g.cvec(d, 0x4330000000000000)), g.c(d, 0x1p52+1023))
	if e0 != nil {
		e = g.add(d, e, e0)
	}
	m := g.iadd(d, g.and(u, g.cvec(d, 1<<52-1)), g.cvec(d, vmath.SqrtHalf64Bits))
	f := g.sub(d, m, g.c(d, 1))
	s := g.div(d, f, g.add(d, f, g.c(d, 2)))
	z := g.mul(d, s, s)
	rr := g.mul(d, z, g.horner(d, z, vmath.CoefLog64[:]))
	hfsq := g.mul(d, g.mul(d, f, f), g.c(d, 0.5))
	var t vec
	if cu != nil {
		t = g.load(d, cu)
		g.fmaInto(d, t, e, g.c(d, vmath.Ln2Lo64))
	} else {
		t = g.mul(d, e, g.c(d, vmath.Ln2Lo64))
	}
	h := g.add(d, hfsq, rr)
	g.fma213(d, h, s, t)
	t3 := g.sub(d, g.sub(d, hfsq, h), f)
	g.fmsInto(d, t3, e, g.c(d, vmath.Ln2Hi64))
	return t3
}

// log returns log(x) (vmath.Log32/Log64).
func (g *gen) log(d dt, x vec) vec {
	sub := g.cmp(d, cmpLT, x, g.c(d, pick(d, 0x1p-126, 0x1p-1022)))
	xs := g.blend(d, sub, g.mul(d, x, g.c(d, pick(d, 0x1p23, 0x1p52))), x)
	var e0 vec
	if d.is32 {
		e0 = g.and(sub, g.ci(d, -23))
	} else {
		e0 = g.and(sub, g.c(d, -52))
	}
	res := g.logCore(d, xs, e0, nil)
	return g.logSpecials(d, x, res, 0)
}

// logNotNormal returns integer lanes that are all ones where x is not a
// positive normal finite number (±0, subnormal, negative, ±Inf or NaN) and
// zero elsewhere: with s = bits(x) + (sign bit - bits(smallest normal)),
// wrapping around, the positive normal finite x are exactly the lanes with
// s ≤ -(2·bits(smallest normal) + 1) as a signed integer (three integer
// operations in place of the compares and blends of log).
func (g *gen) logNotNormal(d dt, x vec) vec {
	r := g.YMM()
	if d.is32 {
		s := g.iadd(d, x, g.ci(d, 0x7f800000))
		g.VPCMPGTD(g.ci(d, -0x01000001), s, r)
		return r
	}
	s := g.iadd(d, x, g.cvec(d, 0x7ff0000000000000))
	g.VPCMPGTQ(g.ci(d, -0x0020000000000001), s, r)
	return r
}

// logSpecials fixes the lanes of res where the argument x of log(x - lo1)
// ... is not positive and finite: x = lo: -Inf; x < lo or NaN: NaN; x = +Inf:
// +Inf; and for log1p (lo = -1) x = ±0: x.
func (g *gen) logSpecials(d dt, x, res vec, lo float64) vec {
	inf := g.cmp(d, cmpEQ, x, g.c(d, posInf))
	res = g.blend(d, inf, x, res)
	if lo != 0 {
		zero := g.cmp(d, cmpEQ, x, g.c(d, 0))
		res = g.blend(d, zero, x, res)
	}
	atLo := g.cmp(d, cmpEQ, x, g.c(d, lo))
	res = g.blend(d, atLo, g.c(d, negInf), res)
	bad := g.cmp(d, cmpNGE, x, g.c(d, lo))
	return g.blend(d, bad, g.c(d, nan), res)
}

// log1p returns log1p(x) (vmath.Log1p32/Log1p64).
func (g *gen) log1p(d dt, x vec) vec {
	one := g.load(d, g.c(d, 1))
	u := g.add(d, x, one)
	bb := g.sub(d, u, one)
	c := g.add(d, g.sub(d, one, g.sub(d, u, bb)), g.sub(d, x, bb))
	cu := g.div(d, c, u)
	res := g.logCore(d, u, nil, cu)
	return g.logSpecials(d, x, res, -1)
}

// sinCosReduced holds what sin and cos share: the lanes beyond the
// reduction bound (big), the quadrant bits j (q + 1.5·2^mant as integer
// lanes), the two polynomials and the shifted quadrant bits j<<31 (j<<63)
// and j<<30 (j<<62).
type sinCosReduced struct {
	big, sinp, cosp, jOdd, jSh vec
}

// sinCosReduce performs the reduction and both polynomials of vmath.sinCos
// and ORs into big the lanes with |x| > SinBound (or ±Inf).
func (g *gen) sinCosReduce(d dt, x, big vec) sinCosReduced {
	ax := g.abs(d, x)
	b := g.cmp(d, cmpGT, ax, g.c(d, pick(d, vmath.SinBound32, vmath.SinBound64)))
	g.VPOR(b, big, big)
	q := g.round(d, rndNearest, g.mul(d, ax, g.c(d, pick(d, vmath.TwoOverPi32, vmath.TwoOverPi64))))
	r := ax // ax is not used again
	g.fnmaInto(d, r, q, g.c(d, pick(d, vmath.PiOver2Hi32, vmath.PiOver2Hi64)))
	g.fnmaInto(d, r, q, g.c(d, pick(d, vmath.PiOver2Mid32, vmath.PiOver2Mid64)))
	g.fnmaInto(d, r, q, g.c(d, pick(d, vmath.PiOver2Lo32, vmath.PiOver2Lo64)))
	z := g.mul(d, r, r)
	sinp := g.horner(d, z, coef(d, vmath.CoefSin32[:], vmath.CoefSin64[:]))
	g.fma213(d, sinp, g.mul(d, r, z), r)
	one := g.load(d, g.c(d, 1))
	hz := g.mul(d, z, g.c(d, 0.5))
	w := g.sub(d, one, hz)
	tail := g.sub(d, g.sub(d, one, w), hz)
	cosp := g.horner(d, z, coef(d, vmath.CoefCos32[:], vmath.CoefCos64[:]))
	g.fma213(d, cosp, g.mul(d, z, z), tail)
	cosp = g.add(d, w, cosp)
	j := g.add(d, q, g.c(d, pick(d, 0x1.8p23, 0x1.8p52)))
	bits := uint8(d.size()*8 - 1)
	return sinCosReduced{big: b, sinp: sinp, cosp: cosp, jOdd: g.shl(d, bits, j), jSh: g.shl(d, bits-1, j)}
}

// sinOf returns sin(x) from the shared reduction: the sine polynomial for
// even quadrants, the cosine one for odd ones, negated when bit 1 of the
// quadrant differs from the sign of x, and x itself in the big lanes.
func (g *gen) sinOf(d dt, x vec, s sinCosReduced) vec {
	res := g.blend(d, s.jOdd, s.cosp, s.sinp)
	res = g.xor(res, g.and(g.xor(s.jSh, x), g.signMask(d)))
	return g.blend(d, s.big, x, res)
}

// cosOf returns cos(x) from the shared reduction: the quadrant is j+1, whose
// bit 0 is the complement of j's and bit 1 is j's bit 1 XOR bit 0.
func (g *gen) cosOf(d dt, x vec, s sinCosReduced) vec {
	res := g.blend(d, s.jOdd, s.sinp, s.cosp)
	res = g.xor(res, g.and(g.xor(s.jSh, s.jOdd), g.signMask(d)))
	return g.blend(d, s.big, x, res)
}

// tanh returns tanh(x) (vmath.Tanh32/Tanh64).
func (g *gen) tanh(d dt, x vec) vec {
	ax := g.abs(d, x)
	z := g.mul(d, ax, ax)
	ts := g.horner(d, z, coef(d, vmath.CoefTanh32[:], vmath.CoefTanh64[:]))
	g.fma213(d, ts, g.mul(d, ax, z), ax)
	clamp := g.load(d, g.c(d, pick(d, vmath.TanhClamp32, vmath.TanhClamp64)))
	y := g.mul(d, g.minps(d, clamp, ax), g.c(d, 2))
	e := g.expm1Pos(d, y)
	tl := g.div(d, e, g.add(d, e, g.c(d, 2)))
	small := g.cmp(d, cmpLT, ax, g.c(d, vmath.TanhSmall))
	res := g.blend(d, small, ts, tl)
	return g.or(res, g.and(x, g.signMask(d)))
}

// logistic returns 1/(1+exp(-x)) (vmath.Logistic32/Logistic64).
func (g *gen) logistic(d dt, x vec) vec {
	t := g.exp(d, g.or(x, g.signMask(d)))
	one := g.load(d, g.c(d, 1))
	den := g.add(d, t, one)
	num := g.blend(d, x, t, one)
	return g.div(d, num, den)
}

// erf returns erf(x) (vmath.Erf32/Erf64).
func (g *gen) erf(d dt, x vec) vec {
	ax := g.abs(d, x)
	ps := g.horner(d, g.mul(d, ax, ax), coef(d, vmath.CoefErfSmall32[:], vmath.CoefErfSmall64[:]))
	g.fma213(d, ps, ax, ax)
	clamp := g.load(d, g.c(d, pick(d, vmath.ErfClamp32, vmath.ErfClamp64)))
	xc := g.minps(d, clamp, ax)
	one := g.load(d, g.c(d, 1))
	t := g.div(d, one, xc)
	q := g.horner(d, t, coef(d, vmath.CoefErfLarge32[:], vmath.CoefErfLarge64[:]))
	e := g.exp(d, g.xor(g.mul(d, xc, xc), g.signMask(d)))
	g.fnma213(d, q, e, one)
	small := g.cmp(d, cmpLT, ax, g.c(d, vmath.ErfSmall))
	res := g.blend(d, small, ps, q)
	return g.or(res, g.and(x, g.signMask(d)))
}
