package trace

import (
	"slices"

	"gonum.org/v1/gonum/mat"
)

// FromFloat64s returns a Float64 array holding a copy of data with the given
// shape (row-major). With no shape, the array is one-dimensional of len(data).
// It panics with an *Error when len(data) does not match the shape.
func FromFloat64s(data []float64, shape ...int) *Array {
	return fromSlice("FromFloat64s", data, shape)
}

// FromFloat32s is [FromFloat64s] for a Float32 array.
func FromFloat32s(data []float32, shape ...int) *Array {
	return fromSlice("FromFloat32s", data, shape)
}

// FromInt64s is [FromFloat64s] for an Int64 array.
func FromInt64s(data []int64, shape ...int) *Array {
	return fromSlice("FromInt64s", data, shape)
}

// FromInt32s is [FromFloat64s] for an Int32 array.
func FromInt32s(data []int32, shape ...int) *Array {
	return fromSlice("FromInt32s", data, shape)
}

// FromBools is [FromFloat64s] for a Bool array.
func FromBools(data []bool, shape ...int) *Array {
	return fromSlice("FromBools", data, shape)
}

func fromSlice[T float32 | float64 | int32 | int64 | bool](fn string, data []T, shape []int) *Array {
	if shape == nil {
		shape = []int{len(data)}
	}
	shape = validShape(fn, shape)
	if n := prod(shape); n != len(data) {
		Raise(fn, nil, "%d values cannot fill shape %v, which holds %d", len(data), shape, n)
	}
	return fromData(slices.Clone(data)[:len(data):len(data)], shape, false)
}

// validShape copies shape after checking that no dimension is negative.
func validShape(fn string, shape []int) []int {
	for _, d := range shape {
		if d < 0 {
			Raise(fn, nil, "shape %v has a negative dimension", shape)
		}
	}
	return cloneShape(shape)
}

// Scalar returns a weakly typed Float64 scalar. Weak typing means it adopts the
// dtype of the array it meets: Add(x, Scalar(0.5)) has x's dtype, whether that
// is Float32 or Float64 (see the package doc on promotion).
func Scalar(v float64) *Array {
	return &Array{aval: Aval{Shape: []int{}, DType: Float64, Weak: true}, data: []float64{v}}
}

// Scalar32 returns a weakly typed Float32 scalar.
func Scalar32(v float32) *Array {
	return &Array{aval: Aval{Shape: []int{}, DType: Float32, Weak: true}, data: []float32{v}}
}

// Zeros returns an array of zeros.
func Zeros(dt DType, shape ...int) *Array { return Full(dt, 0, shape...) }

// Ones returns an array of ones.
func Ones(dt DType, shape ...int) *Array { return Full(dt, 1, shape...) }

// Full returns an array with every element v converted to dt (for Bool, v != 0).
func Full(dt DType, v float64, shape ...int) *Array {
	checkDType("Full", dt)
	shape = validShape("Full", shape)
	n := prod(shape)
	data := allocData(dt, n)
	// Convert v as the convert primitive does (NaN → 0, saturation), then fill.
	anyImpl(dt).fill(data, convertData([]float64{v}, dt, 1))
	return fromData(data, shape, false)
}

// Arange returns the one-dimensional array 0, 1, ..., n-1 of dtype dt.
func Arange(dt DType, n int) *Array {
	checkDType("Arange", dt)
	if n < 0 {
		Raise("Arange", nil, "n = %d is negative", n)
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i)
	}
	return fromData(convertData(v, dt, n), []int{n}, false)
}

// Linspace returns n evenly spaced values from start to stop inclusive, like
// NumPy's linspace. dt must be a float dtype.
func Linspace(dt DType, start, stop float64, n int) *Array {
	checkDType("Linspace", dt)
	if !dt.IsFloat() {
		Raise("Linspace", nil, "dtype %v is not a float dtype", dt)
	}
	if n < 0 {
		Raise("Linspace", nil, "n = %d is negative", n)
	}
	v := make([]float64, n)
	for i := range v {
		if n == 1 {
			v[i] = start
			break
		}
		v[i] = start + (stop-start)*float64(i)/float64(n-1)
	}
	if n > 1 {
		v[n-1] = stop
	}
	return fromData(convertData(v, dt, n), []int{n}, false)
}

// Eye returns the n×n identity matrix.
func Eye(dt DType, n int) *Array {
	checkDType("Eye", dt)
	if n < 0 {
		Raise("Eye", nil, "n = %d is negative", n)
	}
	v := make([]float64, n*n)
	for i := range n {
		v[i*n+i] = 1
	}
	return fromData(convertData(v, dt, n*n), []int{n, n}, false)
}

// FromDense returns a Float64 array of shape [rows, cols] holding a copy of m.
func FromDense(m *mat.Dense) *Array {
	if m == nil {
		Raise("FromDense", nil, "the matrix is nil")
	}
	r, c := m.Dims()
	data := make([]float64, 0, r*c)
	for i := range r {
		data = append(data, m.RawRowView(i)...)
	}
	return fromData(data, []int{r, c}, false)
}

// Dense returns a copy of a as a gonum matrix of float64: a rank-2 array keeps
// its shape, a rank-1 array of n elements becomes an n×1 column. Other ranks
// and size-0 arrays (which gonum cannot represent) panic with an *Error.
func (a *Array) Dense() *mat.Dense {
	c := a.concrete("Dense")
	var r, k int
	switch c.Rank() {
	case 1:
		r, k = c.aval.Shape[0], 1
	case 2:
		r, k = c.aval.Shape[0], c.aval.Shape[1]
	default:
		Raise("Dense", []Aval{c.aval}, "a gonum matrix needs a rank-1 or rank-2 array, got rank %d", c.Rank())
	}
	if r == 0 || k == 0 {
		Raise("Dense", []Aval{c.aval}, "gonum matrices cannot have a zero dimension")
	}
	return mat.NewDense(r, k, c.Float64s())
}

func checkDType(fn string, dt DType) {
	if !dt.valid() {
		Raise(fn, nil, "invalid dtype %v", dt)
	}
}

// FullLike returns an array of x's shape and dtype with every element v. When
// x is a tracer, the fill is bound in x's transform (a broadcast of a scalar
// literal) instead of being materialized as a constant.
func FullLike(x *Array, v float64) *Array {
	operand("FullLike", 0, x)
	return FillIn(x, x.aval, v)
}

// ZerosLike returns zeros of x's shape and dtype (see [FullLike]).
func ZerosLike(x *Array) *Array { return FullLike(x, 0) }

// OnesLike returns ones of x's shape and dtype (see [FullLike]).
func OnesLike(x *Array) *Array { return FullLike(x, 1) }

// FillIn returns an array of type a with every element v, bound in the
// transform of ctx when ctx is a tracer (ctx may be nil or concrete, and then
// the result is concrete). Transforms use it to instantiate symbolic zeros next
// to the tracers they belong with.
func FillIn(ctx *Array, a Aval, v float64) *Array {
	c := Full(a.DType, v)
	var it Interpreter
	if ctx != nil && ctx.tracer != nil {
		it = ctx.tracer.Interpreter()
	}
	if len(a.Shape) == 0 {
		c.aval.Weak = a.Weak
		return c
	}
	return broadcastIn(it, c, a.Shape)
}
