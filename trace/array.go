package trace

import (
	"fmt"
	"slices"
)

// Array is an immutable n-dimensional array: a shape, a [DType], and either
// concrete data (a contiguous row-major slice) or a [Tracer] that an interpreter
// (a transform in progress) owns. Functions that leibniz transforms take and
// return *Array values; whether an argument is concrete or traced is invisible to
// them.
type Array struct {
	aval Aval
	// data is []float32, []float64, []int32, []int64 or []bool of length
	// aval.Size(); nil for a tracer.
	data   any
	tracer Tracer
}

// Shape returns the dimensions. The caller must not modify the returned slice.
func (a *Array) Shape() []int { return a.must("Shape").aval.Shape }

// DType returns the element type.
func (a *Array) DType() DType { return a.must("DType").aval.DType }

// Rank returns the number of dimensions (0 for a scalar).
func (a *Array) Rank() int { return len(a.must("Rank").aval.Shape) }

// Size returns the number of elements.
func (a *Array) Size() int { return a.must("Size").aval.Size() }

// Aval returns the shape and dtype of a.
func (a *Array) Aval() Aval { return a.must("Aval").aval }

// Weak reports whether a is weakly typed (made by [Scalar] or [Scalar32]).
func (a *Array) Weak() bool { return a.must("Weak").aval.Weak }

// Tracer returns the tracer of a traced array, or nil for a concrete one.
func (a *Array) Tracer() Tracer { return a.must("Tracer").tracer }

// IsConcrete reports whether a holds data (rather than a tracer).
func (a *Array) IsConcrete() bool { return a.must("IsConcrete").tracer == nil }

// Data returns the concrete data slice ([]float32, []float64, []int32, []int64 or
// []bool). It panics with an *Error for a tracer. The caller must not modify it.
func (a *Array) Data() any { return a.concrete("Data").data }

// Float64s returns a copy of the elements converted to float64, in row-major order.
func (a *Array) Float64s() []float64 {
	c := a.concrete("Float64s")
	return convertData(c.data, Float64, c.aval.Size()).([]float64)
}

// Float32s returns a copy of the elements converted to float32, in row-major order.
func (a *Array) Float32s() []float32 {
	c := a.concrete("Float32s")
	return convertData(c.data, Float32, c.aval.Size()).([]float32)
}

// Int64s returns a copy of the elements converted to int64 as by [Convert]
// (floats truncate toward zero, NaN becomes 0, out-of-range values saturate).
func (a *Array) Int64s() []int64 {
	c := a.concrete("Int64s")
	return convertData(c.data, Int64, c.aval.Size()).([]int64)
}

// Bools returns a copy of the elements as booleans (non-zero is true).
func (a *Array) Bools() []bool {
	c := a.concrete("Bools")
	return convertData(c.data, Bool, c.aval.Size()).([]bool)
}

// Item returns the single element of a size-1 array as a float64.
func (a *Array) Item() float64 {
	c := a.concrete("Item")
	if c.aval.Size() != 1 {
		Raise("Item", []Aval{c.aval}, "Item needs an array with exactly one element, got %d", c.aval.Size())
	}
	return convertData(c.data, Float64, 1).([]float64)[0]
}

// must panics with an *Error when a is nil.
func (a *Array) must(method string) *Array {
	if a == nil {
		Raise(method, nil, "called on a nil *Array")
	}
	return a
}

// concrete panics with an *Error when a is nil or a tracer.
func (a *Array) concrete(method string) *Array {
	a.must(method)
	if a.tracer != nil {
		Raise(method, []Aval{a.aval}, "the array is a tracer of %s, which has no concrete value while the function is being transformed; "+
			"return it from the function and read it after the transform finishes", describeInterp(a.tracer.Interpreter()))
	}
	return a
}

// NewTracer returns a traced array of the given aval owned by t. Interpreters
// call it to wrap their tracers.
func NewTracer(t Tracer, aval Aval) *Array {
	return &Array{aval: aval, tracer: t}
}

// fromData wraps a data slice of the right length without copying.
func fromData(data any, shape []int, weak bool) *Array {
	return &Array{aval: Aval{Shape: shape, DType: dtypeOfData(data), Weak: weak}, data: data}
}

func dtypeOfData(data any) DType {
	switch data.(type) {
	case []float32:
		return Float32
	case []float64:
		return Float64
	case []int32:
		return Int32
	case []int64:
		return Int64
	case []bool:
		return Bool
	}
	panic(fmt.Sprintf("leibniz: internal error: unsupported data %T", data))
}

// allocData allocates a zeroed data slice of dtype d and n elements.
func allocData(d DType, n int) any {
	switch d {
	case Float32:
		return make([]float32, n)
	case Float64:
		return make([]float64, n)
	case Int32:
		return make([]int32, n)
	case Int64:
		return make([]int64, n)
	case Bool:
		return make([]bool, n)
	}
	panic(fmt.Sprintf("leibniz: internal error: invalid dtype %v", d))
}

// cloneShape copies a user-supplied shape so later changes by the caller do not
// reach the array.
func cloneShape(s []int) []int {
	if len(s) == 0 {
		return []int{}
	}
	return slices.Clone(s)
}
