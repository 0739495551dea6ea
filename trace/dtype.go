package trace

import "fmt"

// DType is the element type of an [Array].
type DType uint8

// The element types. Float32 is the default for machine learning, Float64 for science.
const (
	Bool DType = iota + 1
	Int32
	Int64
	Float32
	Float64
)

var dtypeNames = [...]string{Bool: "bool", Int32: "i32", Int64: "i64", Float32: "f32", Float64: "f64"}

// String returns the short name used in printed programs: "f32", "f64", "i32", "i64", "bool".
func (d DType) String() string {
	if int(d) < len(dtypeNames) && dtypeNames[d] != "" {
		return dtypeNames[d]
	}
	return fmt.Sprintf("dtype(%d)", uint8(d))
}

// IsFloat reports whether d is Float32 or Float64.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// IsInt reports whether d is Int32 or Int64.
func (d DType) IsInt() bool { return d == Int32 || d == Int64 }

// valid reports whether d is one of the five element types.
func (d DType) valid() bool { return d >= Bool && d <= Float64 }

// Size returns the size of one element in bytes.
func (d DType) Size() int {
	switch d {
	case Bool:
		return 1
	case Int32, Float32:
		return 4
	default:
		return 8
	}
}

// promote returns the dtype that two operands of types a and b meet at, following
// the lattice Bool < Int32 < Int64 < Float32 < Float64 (see the package doc). A
// weakly typed operand (a Go number given through [Scalar]) defers to the other
// operand's dtype when both are floats or both are ints, and when the strong
// operand is an integer and the weak one a float, the result is the weak operand's
// float type. The result is weak only when both operands are.
func promote(a DType, aWeak bool, b DType, bWeak bool) (DType, bool) {
	switch {
	case aWeak && bWeak:
		return join(a, b), true
	case aWeak:
		return promoteWeak(a, b), false
	case bWeak:
		return promoteWeak(b, a), false
	default:
		return join(a, b), false
	}
}

// promoteWeak promotes the weak dtype w against the strong dtype s.
func promoteWeak(w, s DType) DType {
	if w.IsFloat() && !s.IsFloat() {
		return w
	}
	if w.IsInt() && s == Bool {
		return w
	}
	return s
}

// join is the least upper bound of two dtypes in the promotion lattice.
func join(a, b DType) DType {
	if a > b {
		return a
	}
	return b
}

// floatOf is the float type an integer or boolean operand converts to for a
// float-only function: Int64 becomes Float64, Int32 and Bool become Float32;
// floats are unchanged.
func floatOf(d DType) DType {
	switch d {
	case Int64:
		return Float64
	case Int32, Bool:
		return Float32
	}
	return d
}
