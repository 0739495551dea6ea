package kernels

import "math"

// Element-wise binary kernels. For every kernel
// len(dst) == len(a) == len(b) and dst may be the same slice as a or b.

// Add sets dst[i] = a[i] + b[i] for every i.
func Add[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// Sub sets dst[i] = a[i] - b[i] for every i.
func Sub[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// Mul sets dst[i] = a[i] * b[i] for every i.
func Mul[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// Max sets dst[i] = max(a[i], b[i]) for every i, with Go's built-in max
// semantics (NumPy maximum): a NaN in either operand gives NaN, and
// max(-0, +0) = +0.
func Max[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = max(a[i], b[i])
	}
}

// Min sets dst[i] = min(a[i], b[i]) for every i, with Go's built-in min
// semantics (NumPy minimum): a NaN in either operand gives NaN, and
// min(-0, +0) = -0.
func Min[T Num](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = min(a[i], b[i])
	}
}

// Div sets dst[i] = a[i] / b[i] for every i.
func Div[T Float](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] / b[i]
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
