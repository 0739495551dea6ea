// Package vmath holds the scalar definition of the vectorised math functions
// of package kernels: the range reductions, polynomial coefficients and
// special-value rules that the avo generator (package asmgen) turns into
// AVX2+FMA assembly, written once more as plain Go on one element.
//
// Every function here performs, on one lane, exactly the operations that the
// generated assembly performs on 4 or 8 lanes, in the same order and with the
// same roundings (each FMA rounds once; float32 FMAs are emulated exactly by
// FMA32). The assembly must therefore agree with these functions bit for bit,
// which the tests of package kernels check; the accuracy of both against the
// math package is documented in package kernels.
//
// Special inputs (NaN, ±Inf, ±0, negative logarithm arguments, huge sine
// arguments) are handled by explicit checks here where the assembly uses
// compare masks and blends; the results are the same.
//
// The package is imported by the generator and by tests; the kernels use
// only FMA32 (the pure-Go float32 FMA) and the ln2 split.
package vmath

import "math"

// Thresholds shared with the generator.
const (
	// ExpLo and ExpHi clamp the argument of exp: below ExpLo the result
	// underflows to 0 and above ExpHi it overflows to +Inf anyway.
	ExpLo32, ExpHi32 = -104, 89
	ExpLo64, ExpHi64 = -746, 710

	// SinBound is the largest |x| reduced by the vector sin and cos; larger
	// arguments (and ±Inf) are computed by math.Sin and math.Cos.
	SinBound32 = 0x1.86ap16 // 1e5
	SinBound64 = 0x1p28

	// TanhSmall is where tanh switches from its odd polynomial to
	// expm1(2|x|)/(expm1(2|x|)+2); TanhClamp bounds |x| above which
	// tanh(x) rounds to ±1.
	TanhSmall      = 0.55
	TanhClamp32    = 10
	TanhClamp64    = 20
	ErfSmall       = 1.5 // erf switches from x·P(x²) to 1 - exp(-x²)·Q(1/x)
	ErfClamp32     = 4   // erf(x) rounds to ±1 above this |x|
	ErfClamp64     = 6
	SqrtHalf32Bits = 0x3f3504f3         // float32 √½
	SqrtHalf64Bits = 0x3fe6a09e667f3bcd // float64 √½
)

// minps and maxps are the x86 MINPS/MAXPS (MINPD/MAXPD) operations: they
// return b when the operands compare equal or either is NaN.
func minps[T float32 | float64](a, b T) T {
	if a < b {
		return a
	}
	return b
}

func maxps[T float32 | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// FMA32 returns a*b + c rounded once to float32.
func FMA32(a, b, c float32) float32 {
	p := float64(a) * float64(b) // exact
	s := p + float64(c)
	r := float32(s)
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return r
	}
	// err is the exact rounding error of s (TwoSum).
	bb := s - p
	err := (p - (s - bb)) + (float64(c) - bb)
	if err == 0 || float64(r) == s {
		return r
	}
	// Rounding s to float32 rounds the exact sum twice; that differs from
	// rounding it once only when s is exactly halfway between two float32
	// values, where err decides the direction.
	up := s > float64(r)
	var other float64
	if math.IsInf(float64(r), 0) {
		other = math.Copysign(math.MaxFloat32, s)
		up = !up
	} else {
		o := math.Nextafter32(r, float32(math.Copysign(math.Inf(1), s-float64(r))))
		other = float64(o)
		if math.IsInf(other, 0) {
			other = math.Copysign(0x1p128, other)
		}
	}
	rv := float64(r)
	if math.IsInf(rv, 0) {
		rv = math.Copysign(0x1p128, rv)
	}
	if (rv+other)/2 != s {
		return r
	}
	// s is a tie: the exact value lies on err's side of it.
	if (err > 0) == (other > rv) {
		return float32(other)
	}
	return r
}

func horner32(x float32, c []float32) float32 {
	p := c[len(c)-1]
	for i := len(c) - 2; i >= 0; i-- {
		p = FMA32(p, x, c[i])
	}
	return p
}

func horner64(x float64, c []float64) float64 {
	p := c[len(c)-1]
	for i := len(c) - 2; i >= 0; i-- {
		p = math.FMA(p, x, c[i])
	}
	return p
}

const sign32, sign64 = 1 << 31, 1 << 63

func abs32(x float32) (ax float32, sign uint32) {
	b := math.Float32bits(x)
	return math.Float32frombits(b &^ sign32), b & sign32
}

func abs64(x float64) (ax float64, sign uint64) {
	b := math.Float64bits(x)
	return math.Float64frombits(b &^ sign64), b & sign64
}

// --- exp -------------------------------------------------------------------

// expm1Poly returns expm1(r) for |r| ≤ ln2/2 as r + r²·E(r).
func expm1Poly32(r float32) float32 { return FMA32(r*r, horner32(r, CoefExp32[:]), r) }
func expm1Poly64(r float64) float64 { return math.FMA(r*r, horner64(r, CoefExp64[:]), r) }

// reduceExp returns n = round(x/ln2) and r = x - n·ln2.
func reduceExp32(x float32) (n int32, r float32) {
	t := x * Log2e32
	n = int32(math.RoundToEven(float64(t))) // VCVTPS2DQ
	nf := float32(n)
	r = FMA32(-nf, Ln2Hi32, x)
	r = FMA32(-nf, Ln2Lo32, r)
	return n, r
}

func reduceExp64(x float64) (n, r float64) {
	n = math.RoundToEven(x * Log2e64)
	r = math.FMA(-n, Ln2Hi64, x)
	r = math.FMA(-n, Ln2Lo64, r)
	return n, r
}

// Exp32 is exp for float32.
func Exp32(x float32) float32 {
	if x != x {
		return x
	}
	x = minps(ExpHi32, maxps(ExpLo32, x))
	n, r := reduceExp32(x)
	p := 1 + expm1Poly32(r)
	// Scale by 2^n in two steps so that subnormal results round once.
	n1 := n >> 1
	n2 := n - n1
	s1 := math.Float32frombits(uint32(n1+127) << 23)
	s2 := math.Float32frombits(uint32(n2+127) << 23)
	return p * s1 * s2
}

// Exp64 is exp for float64.
func Exp64(x float64) float64 {
	if x != x {
		return x
	}
	x = minps(ExpHi64, maxps(ExpLo64, x))
	n, r := reduceExp64(x)
	p := 1 + expm1Poly64(r)
	n1 := math.Floor(n * 0.5)
	n2 := n - n1
	return p * pow2(n1) * pow2(n2)
}

// pow2 returns 2^n for an integral n in [-1022, 1023] by building the bits
// from n + 1.5·2^52 + 1023.
func pow2(n float64) float64 {
	return math.Float64frombits(math.Float64bits(n+(0x1.8p52+1023)) << 52)
}

func pow2f(n int32) float32 { return math.Float32frombits(uint32(n+127) << 23) }

// expm1Pos32 returns expm1(y) for 0 ≤ y ≤ 2·TanhClamp32.
func expm1Pos32(y float32) float32 {
	n, r := reduceExp32(y)
	p := expm1Poly32(r)
	s := pow2f(n)
	return FMA32(s, p, s-1)
}

func expm1Pos64(y float64) float64 {
	n, r := reduceExp64(y)
	p := expm1Poly64(r)
	s := pow2(n)
	return math.FMA(s, p, s-1)
}

// --- log -------------------------------------------------------------------

// logCore32 returns log(x) + cu for a positive normal x whose exponent is
// to be corrected by e0 (x was scaled by 2^-e0).
func logCore32(x float32, e0 int32, cu float32) float32 {
	u := math.Float32bits(x) + (0x3f800000 - SqrtHalf32Bits)
	e := float32(int32(u>>23) - 127 + e0)
	m := math.Float32frombits(u&(1<<23-1) + SqrtHalf32Bits) // in [√½, √2)
	f := m - 1
	f2 := f * f
	p := horner32(f, CoefLog32[:])
	inner := FMA32(f, p, -0.5)
	y := f + FMA32(f2, inner, FMA32(e, Ln2Lo32, cu))
	return FMA32(e, Ln2Hi32, y)
}

func logCore64(x, e0, cu float64) float64 {
	u := math.Float64bits(x) + (0x3ff0000000000000 - SqrtHalf64Bits)
	e := math.Float64frombits(u>>52|0x4330000000000000) - (0x1p52 + 1023) + e0
	m := math.Float64frombits(u&(1<<52-1) + SqrtHalf64Bits)
	f := m - 1
	s := f / (2 + f)
	z := s * s
	r := z * horner64(z, CoefLog64[:])
	hfsq := 0.5 * (f * f)
	t := math.FMA(s, hfsq+r, math.FMA(e, Ln2Lo64, cu))
	return math.FMA(e, Ln2Hi64, -((hfsq - t) - f))
}

// Log32 is log for float32.
func Log32(x float32) float32 {
	switch {
	case !(x >= 0):
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	case math.IsInf(float64(x), 1):
		return x
	}
	var e0 int32
	if x < 0x1p-126 {
		x *= 0x1p23
		e0 = -23
	}
	return logCore32(x, e0, 0)
}

// Log64 is log for float64.
func Log64(x float64) float64 {
	switch {
	case !(x >= 0):
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	var e0 float64
	if x < 0x1p-1022 {
		x *= 0x1p52
		e0 = -52
	}
	return logCore64(x, e0, 0)
}

// Log1p32 is log1p for float32: log(u) + c/u with u = 1+x rounded and c the
// rounding error of that sum.
func Log1p32(x float32) float32 {
	switch {
	case !(x >= -1):
		return float32(math.NaN())
	case x == -1:
		return float32(math.Inf(-1))
	case math.IsInf(float64(x), 1), x == 0:
		return x
	}
	u := 1 + x
	bb := u - 1
	c := (1 - (u - bb)) + (x - bb)
	return logCore32(u, 0, c/u)
}

// Log1p64 is log1p for float64.
func Log1p64(x float64) float64 {
	switch {
	case !(x >= -1):
		return math.NaN()
	case x == -1:
		return math.Inf(-1)
	case math.IsInf(x, 1), x == 0:
		return x
	}
	u := 1 + x
	bb := u - 1
	c := (1 - (u - bb)) + (x - bb)
	return logCore64(u, 0, c/u)
}

// --- sin, cos --------------------------------------------------------------

// sinCos32 returns sin(x) (or cos(x) if cos) for |x| ≤ SinBound32: Cody–Waite
// reduction by π/2 in three FMA steps, then the sine or cosine polynomial of
// the quadrant.
func sinCos32(x float32, cos bool) float32 {
	ax, sign := abs32(x)
	q := float32(math.RoundToEven(float64(ax * TwoOverPi32)))
	r := FMA32(-q, PiOver2Hi32, ax)
	r = FMA32(-q, PiOver2Mid32, r)
	r = FMA32(-q, PiOver2Lo32, r)
	z := r * r
	sinp := FMA32(r*z, horner32(z, CoefSin32[:]), r)
	hz := 0.5 * z
	w := 1 - hz
	cosp := w + FMA32(z*z, horner32(z, CoefCos32[:]), (1-w)-hz)
	j := math.Float32bits(q + 0x1.8p23)
	if cos {
		j++
		sign = 0
	}
	res := sinp
	if j&1 != 0 {
		res = cosp
	}
	return math.Float32frombits(math.Float32bits(res) ^ (j&2)<<30 ^ sign)
}

func sinCos64(x float64, cos bool) float64 {
	ax, sign := abs64(x)
	q := math.RoundToEven(ax * TwoOverPi64)
	r := math.FMA(-q, PiOver2Hi64, ax)
	r = math.FMA(-q, PiOver2Mid64, r)
	r = math.FMA(-q, PiOver2Lo64, r)
	z := r * r
	sinp := math.FMA(r*z, horner64(z, CoefSin64[:]), r)
	hz := 0.5 * z
	w := 1 - hz
	cosp := w + math.FMA(z*z, horner64(z, CoefCos64[:]), (1-w)-hz)
	j := math.Float64bits(q + 0x1.8p52)
	if cos {
		j++
		sign = 0
	}
	res := sinp
	if j&1 != 0 {
		res = cosp
	}
	return math.Float64frombits(math.Float64bits(res) ^ (j&2)<<62 ^ sign)
}

// Sin32 is sin for float32; |x| > SinBound32 goes to math.Sin.
func Sin32(x float32) float32 {
	if x != x {
		return x
	}
	if !(float32(math.Abs(float64(x))) <= SinBound32) {
		return float32(math.Sin(float64(x)))
	}
	return sinCos32(x, false)
}

// Cos32 is cos for float32; |x| > SinBound32 goes to math.Cos.
func Cos32(x float32) float32 {
	if x != x {
		return x
	}
	if !(float32(math.Abs(float64(x))) <= SinBound32) {
		return float32(math.Cos(float64(x)))
	}
	return sinCos32(x, true)
}

// Sin64 is sin for float64; |x| > SinBound64 goes to math.Sin.
func Sin64(x float64) float64 {
	if x != x {
		return x
	}
	if !(math.Abs(x) <= SinBound64) {
		return math.Sin(x)
	}
	return sinCos64(x, false)
}

// Cos64 is cos for float64; |x| > SinBound64 goes to math.Cos.
func Cos64(x float64) float64 {
	if x != x {
		return x
	}
	if !(math.Abs(x) <= SinBound64) {
		return math.Cos(x)
	}
	return sinCos64(x, true)
}

// --- tanh, logistic, erf ---------------------------------------------------

// Tanh32 is tanh for float32: x + x³·T(x²) for |x| < TanhSmall, otherwise
// e/(e+2) with e = expm1(2|x|); the sign is copied from x.
func Tanh32(x float32) float32 {
	if x != x {
		return x
	}
	ax, sign := abs32(x)
	var res float32
	if ax < TanhSmall {
		z := ax * ax
		res = FMA32(ax*z, horner32(z, CoefTanh32[:]), ax)
	} else {
		e := expm1Pos32(2 * minps(TanhClamp32, ax))
		res = e / (e + 2)
	}
	return math.Float32frombits(math.Float32bits(res) | sign)
}

// Tanh64 is tanh for float64.
func Tanh64(x float64) float64 {
	if x != x {
		return x
	}
	ax, sign := abs64(x)
	var res float64
	if ax < TanhSmall {
		z := ax * ax
		res = math.FMA(ax*z, horner64(z, CoefTanh64[:]), ax)
	} else {
		e := expm1Pos64(2 * minps(TanhClamp64, ax))
		res = e / (e + 2)
	}
	return math.Float64frombits(math.Float64bits(res) | sign)
}

// Logistic32 is 1/(1+exp(-x)) for float32, evaluated as n/(1+t) with
// t = exp(-|x|) and n = 1 for x ≥ +0, n = t for x ≤ -0.
func Logistic32(x float32) float32 {
	if x != x {
		return x
	}
	ax, sign := abs32(x)
	t := Exp32(-ax)
	n := float32(1)
	if sign != 0 {
		n = t
	}
	return n / (1 + t)
}

// Logistic64 is 1/(1+exp(-x)) for float64.
func Logistic64(x float64) float64 {
	if x != x {
		return x
	}
	ax, sign := abs64(x)
	t := Exp64(-ax)
	n := 1.0
	if sign != 0 {
		n = t
	}
	return n / (1 + t)
}

// Erf32 is erf for float32: x + x·P(x²) for |x| < ErfSmall, otherwise
// 1 - exp(-x²)·Q(1/x) with |x| clamped to ErfClamp32; the sign is copied
// from x.
func Erf32(x float32) float32 {
	if x != x {
		return x
	}
	ax, sign := abs32(x)
	var res float32
	if ax < ErfSmall {
		res = FMA32(ax, horner32(ax*ax, CoefErfSmall32[:]), ax)
	} else {
		xc := minps(ErfClamp32, ax)
		q := horner32(1/xc, CoefErfLarge32[:])
		res = FMA32(-Exp32(-(xc * xc)), q, 1)
	}
	return math.Float32frombits(math.Float32bits(res) | sign)
}

// Erf64 is erf for float64.
func Erf64(x float64) float64 {
	if x != x {
		return x
	}
	ax, sign := abs64(x)
	var res float64
	if ax < ErfSmall {
		res = math.FMA(ax, horner64(ax*ax, CoefErfSmall64[:]), ax)
	} else {
		xc := minps(ErfClamp64, ax)
		q := horner64(1/xc, CoefErfLarge64[:])
		res = math.FMA(-Exp64(-(xc * xc)), q, 1)
	}
	return math.Float64frombits(math.Float64bits(res) | sign)
}
