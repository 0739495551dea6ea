package kernels

import (
	"math"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// Element-wise binary kernels. For every kernel
// len(dst) == len(a) == len(b) and dst may be the same slice as a or b.

// Add sets dst[i] = a[i] + b[i] for every i.
func Add[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binAdd, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] + b[i]
	}
}

// Sub sets dst[i] = a[i] - b[i] for every i.
func Sub[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binSub, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] - b[i]
	}
}

// Mul sets dst[i] = a[i] * b[i] for every i.
func Mul[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binMul, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}

// Scale sets dst[i] = s * x[i] for every i. len(x) == len(dst) and dst may
// be the same slice as x.
func Scale[T Num](dst, x []T, s T) {
	x = x[:len(dst)]
	for i := simdScale(dst, x, s); i < len(dst); i++ {
		dst[i] = s * x[i]
	}
}

// Max sets dst[i] = max(a[i], b[i]) for every i, with Go's built-in max
// semantics (NumPy maximum): a NaN in either operand gives NaN, and
// max(-0, +0) = +0.
func Max[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binMax, dst, a, b); i < len(dst); i++ {
		dst[i] = max(a[i], b[i])
	}
}

// Min sets dst[i] = min(a[i], b[i]) for every i, with Go's built-in min
// semantics (NumPy minimum): a NaN in either operand gives NaN, and
// min(-0, +0) = -0.
func Min[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binMin, dst, a, b); i < len(dst); i++ {
		dst[i] = min(a[i], b[i])
	}
}

// Div sets dst[i] = a[i] / b[i] for every i.
func Div[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdBinary(binDiv, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] / b[i]
	}
}

// FMA sets dst[i] = a[i]*b[i] + c[i] for every i, rounded once (math.FMA;
// for float32 the fused float32 operation). len(c) == len(dst) and dst may
// be the same slice as a, b or c.
func FMA[T Float](dst, a, b, c []T) {
	a, b, c = a[:len(dst)], b[:len(dst)], c[:len(dst)]
	i := simdFMA(dst, a, b, c)
	if is32[T]() {
		for ; i < len(dst); i++ {
			dst[i] = T(vmath.FMA32(float32(a[i]), float32(b[i]), float32(c[i])))
		}
		return
	}
	for ; i < len(dst); i++ {
		dst[i] = T(math.FMA(float64(a[i]), float64(b[i]), float64(c[i])))
	}
}

// Pow sets dst[i] = pow(a[i], b[i]) for every i, with math.Pow semantics for
// special values.
func Pow[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = T(math.Pow(float64(a[i]), float64(b[i])))
	}
}

// Atan2 sets dst[i] = atan2(a[i], b[i]) for every i, with math.Atan2
// semantics for special values.
func Atan2[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = T(math.Atan2(float64(a[i]), float64(b[i])))
	}
}
