package kernels

// Element-wise comparison and logical kernels. For every kernel all slices
// have the same length; a bool dst may be the same slice as a bool input.
// Comparisons follow Go (IEEE 754) semantics: every ordered comparison with
// a NaN operand is false, and NaN != NaN.

// Eq sets dst[i] = a[i] == b[i] for every i.
func Eq[T comparable](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpEq, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] == b[i]
	}
}

// Ne sets dst[i] = a[i] != b[i] for every i.
func Ne[T comparable](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpNe, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] != b[i]
	}
}

// Lt sets dst[i] = a[i] < b[i] for every i.
func Lt[T Num](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpLt, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] < b[i]
	}
}

// Le sets dst[i] = a[i] <= b[i] for every i.
func Le[T Num](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpLe, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] <= b[i]
	}
}

// Gt sets dst[i] = a[i] > b[i] for every i.
func Gt[T Num](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpGt, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] > b[i]
	}
}

// Ge sets dst[i] = a[i] >= b[i] for every i.
func Ge[T Num](dst []bool, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := simdCompare(cmpGe, dst, a, b); i < len(dst); i++ {
		dst[i] = a[i] >= b[i]
	}
}

// And sets dst[i] = a[i] && b[i] for every i.
func And(dst, a, b []bool) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] && b[i]
	}
}

// Or sets dst[i] = a[i] || b[i] for every i.
func Or(dst, a, b []bool) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] || b[i]
	}
}

// Not sets dst[i] = !x[i] for every i.
func Not(dst, x []bool) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = !v
	}
}

// Select sets dst[i] = onTrue[i] if pred[i] else onFalse[i] for every i.
// dst may be the same slice as onTrue or onFalse.
func Select[T any](dst []T, pred []bool, onTrue, onFalse []T) {
	pred = pred[:len(dst)]
	onTrue, onFalse = onTrue[:len(dst)], onFalse[:len(dst)]
	for i := simdSelect(dst, pred, onTrue, onFalse); i < len(dst); i++ {
		if pred[i] {
			dst[i] = onTrue[i]
		} else {
			dst[i] = onFalse[i]
		}
	}
}
