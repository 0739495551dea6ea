package kernels

import (
	"math"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// Element-wise unary kernels. For every kernel len(dst) == len(x) and dst may
// be the same slice as x. In the pure-Go loops below, float32 transcendental
// functions are evaluated in float64 and rounded once to float32; the SIMD
// kernels (simd.go) of Exp, Log, Log1p, Sin, Cos, Tanh, Logistic and Erf are
// within the error bounds documented in the package doc.

// Neg sets dst[i] = -x[i] for every i.
func Neg[T Num](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opNeg, dst, x); i < len(x); i++ {
		dst[i] = -x[i]
	}
}

// Abs sets dst[i] = |x[i]| for every i. For floats the sign bit is cleared,
// so Abs(-0) = +0 and Abs(NaN) = NaN; for integers Abs(min) wraps to min.
func Abs[T Num](dst, x []T) {
	x = x[:len(dst)]
	if isFloat[T]() {
		for i := simdUnary(opAbs, dst, x); i < len(x); i++ {
			dst[i] = T(math.Abs(float64(x[i])))
		}
		return
	}
	for i, v := range x {
		if v < 0 {
			v = -v
		}
		dst[i] = v
	}
}

// Sign sets dst[i] = sign(x[i]) for every i: -1 if x[i] < 0, +1 if x[i] > 0
// and x[i] otherwise (so ±0 maps to ±0 and NaN to NaN).
func Sign[T Num](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		switch {
		case v > 0:
			v = 1
		case v < 0:
			v = -1
		}
		dst[i] = v
	}
}

// Exp sets dst[i] = exp(x[i]) for every i.
func Exp[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opExp, dst, x); i < len(x); i++ {
		dst[i] = T(exp64(float64(x[i])))
	}
}

// Log sets dst[i] = log(x[i]) for every i.
func Log[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opLog, dst, x); i < len(x); i++ {
		dst[i] = T(log64(float64(x[i])))
	}
}

// exp64 is math.Exp, except for 709.43 < x < 709.79, where math.Exp on
// amd64 (its assembly, Go 1.26) returns +Inf although exp(x) ≤ MaxFloat64
// up to 709.78. There it computes 2^1023·exp(hi)·(1+lo) with
// hi + lo = x - 1023·ln2 (hi exact).
func exp64(x float64) float64 {
	if x > 709 && x < 709.79 {
		hi := math.FMA(-1023, vmath.Ln2Hi64, x)
		e := math.Exp(hi)
		return math.FMA(e, -1023*vmath.Ln2Lo64, e) * 0x1p1023
	}
	return math.Exp(x)
}

// log64 is math.Log, except for subnormal x, where math.Log on amd64 (its
// assembly, Go 1.26) returns about -709.09 whatever x: there it computes
// log(x·2^52) - 52·ln2.
func log64(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.FMA(-52, vmath.Ln2Hi64, math.Log(x*0x1p52)) - 52*vmath.Ln2Lo64
	}
	return math.Log(x)
}

// Log1p sets dst[i] = log(1 + x[i]) for every i, accurate for small x[i].
func Log1p[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opLog1p, dst, x); i < len(x); i++ {
		dst[i] = T(math.Log1p(float64(x[i])))
	}
}

// Expm1 sets dst[i] = exp(x[i]) - 1 for every i, accurate for small x[i].
func Expm1[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Expm1(float64(v)))
	}
}

// Sin sets dst[i] = sin(x[i]) for every i.
func Sin[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opSin, dst, x); i < len(x); i++ {
		dst[i] = T(math.Sin(float64(x[i])))
	}
}

// Cos sets dst[i] = cos(x[i]) for every i.
func Cos[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opCos, dst, x); i < len(x); i++ {
		dst[i] = T(math.Cos(float64(x[i])))
	}
}

// SinCos sets sin[i] = sin(x[i]) and cos[i] = cos(x[i]) for every i, with
// the results of Sin and Cos bit for bit, in one pass that shares the range
// reduction of the two (about the cost of Sin alone with the SIMD kernels).
// len(sin) == len(cos) == len(x); sin or cos may be the same slice as x,
// but sin and cos must not overlap.
func SinCos[T Float](sin, cos, x []T) {
	x = x[:len(sin)]
	cos = cos[:len(sin)]
	for i := simdSinCos(sin, cos, x); i < len(x); i++ {
		v := float64(x[i])
		sin[i] = T(math.Sin(v))
		cos[i] = T(math.Cos(v))
	}
}

// Tan sets dst[i] = tan(x[i]) for every i.
func Tan[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Tan(float64(v)))
	}
}

// Tanh sets dst[i] = tanh(x[i]) for every i.
func Tanh[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opTanh, dst, x); i < len(x); i++ {
		dst[i] = T(math.Tanh(float64(x[i])))
	}
}

// Logistic sets dst[i] = 1 / (1 + exp(-x[i])) for every i.
//
// It is evaluated as 1/(1+exp(-x)) for x >= 0 and exp(x)/(1+exp(x)) for
// x < 0, so it never overflows and never produces NaN for non-NaN input:
// Logistic(+Inf) = 1 and Logistic(-Inf) = 0.
func Logistic[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opLogistic, dst, x); i < len(x); i++ {
		dst[i] = T(logistic(float64(x[i])))
	}
}

func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Sqrt sets dst[i] = sqrt(x[i]) for every i.
func Sqrt[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opSqrt, dst, x); i < len(x); i++ {
		dst[i] = T(math.Sqrt(float64(x[i])))
	}
}

// Rsqrt sets dst[i] = 1 / sqrt(x[i]) for every i.
func Rsqrt[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(1 / math.Sqrt(float64(v)))
	}
}

// Floor sets dst[i] = floor(x[i]) for every i.
func Floor[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opFloor, dst, x); i < len(x); i++ {
		dst[i] = T(math.Floor(float64(x[i])))
	}
}

// Ceil sets dst[i] = ceil(x[i]) for every i.
func Ceil[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opCeil, dst, x); i < len(x); i++ {
		dst[i] = T(math.Ceil(float64(x[i])))
	}
}

// Round sets dst[i] = x[i] rounded to the nearest integer for every i, with
// ties rounded to even (NumPy's round semantics, math.RoundToEven).
func Round[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opRound, dst, x); i < len(x); i++ {
		dst[i] = T(math.RoundToEven(float64(x[i])))
	}
}

// Erf sets dst[i] = erf(x[i]) for every i.
func Erf[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i := simdUnary(opErf, dst, x); i < len(x); i++ {
		dst[i] = T(math.Erf(float64(x[i])))
	}
}
