package kernels

import (
	"math"
	"unsafe"
)

// Float is the set of floating-point element types.
type Float interface{ ~float32 | ~float64 }

// Int is the set of integer element types.
type Int interface{ ~int32 | ~int64 }

// Num is the set of numeric element types.
type Num interface{ Float | Int }

// isFloat reports whether T is a floating-point type. The compiler folds it
// to a constant for every instantiation shape.
func isFloat[T Num]() bool {
	var x T = 1
	x /= 2
	return x != 0
}

// is32 reports whether T occupies 4 bytes.
func is32[T any]() bool {
	var x T
	return unsafe.Sizeof(x) == 4
}

// lowest returns -Inf for floats and the minimum value for integers.
func lowest[T Num]() T {
	if isFloat[T]() {
		inf := math.Inf(-1)
		return T(inf)
	}
	if is32[T]() {
		v := int64(math.MinInt32)
		return T(v)
	}
	v := int64(math.MinInt64)
	return T(v)
}

// highest returns +Inf for floats and the maximum value for integers.
func highest[T Num]() T {
	if isFloat[T]() {
		inf := math.Inf(1)
		return T(inf)
	}
	if is32[T]() {
		v := int64(math.MaxInt32)
		return T(v)
	}
	v := int64(math.MaxInt64)
	return T(v)
}

// numElements returns the product of shape (1 for rank 0).
func numElements(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
