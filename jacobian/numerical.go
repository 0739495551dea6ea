package jacobian

import (
	"math"
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Machine epsilons (the spacing of floats just above 1).
const (
	eps64 = 0x1p-52
	eps32 = 0x1p-23
)

// Numerical returns the Jacobian of f at x by central differences: an array
// of shape f(x).Shape() ++ x.Shape() (JAX's layout: output axes first) and of
// x's dtype, whose element [o..., i...] is ∂f(x)[o...]/∂x[i...].
//
// Component i is perturbed by h = cbrt(ε)·max(1, |xᵢ|), with ε = 2⁻⁵² for
// Float64 and 2⁻²³ for Float32, which balances truncation and round-off error
// (about ε^(2/3) relative). The perturbed values are rounded to x's dtype and
// the quotient divides by the step actually taken, computed in float64. f is
// called eagerly 2·x.Size() times (once, for the output shape, when x is
// empty), so x must be concrete and f must not depend on state that changes
// between calls. x must be a float array; f's output may have any dtype (it is
// read as float64).
func Numerical(f func(*trace.Array) *trace.Array, x *trace.Array) *trace.Array {
	checkFloat("Numerical", x)
	h := math.Cbrt(epsOf(x.DType()))
	return numerical("Numerical", f, x, func(xi float64) float64 { return h * math.Max(1, math.Abs(xi)) })
}

// NumericalStep is [Numerical] with the absolute step h for every component
// (h > 0), to show how the error depends on it: truncation error grows like h²,
// round-off error like ε/h.
func NumericalStep(f func(*trace.Array) *trace.Array, x *trace.Array, h float64) *trace.Array {
	checkFloat("NumericalStep", x)
	if !(h > 0) || math.IsInf(h, 0) {
		trace.Raise("NumericalStep", []trace.Aval{x.Aval()}, "the step h = %v must be positive and finite", h)
	}
	return numerical("NumericalStep", f, x, func(float64) float64 { return h })
}

// epsOf is the machine epsilon of a float dtype.
func epsOf(dt trace.DType) float64 {
	if dt == trace.Float32 {
		return eps32
	}
	return eps64
}

func checkFloat(fn string, x *trace.Array) {
	if x == nil {
		trace.Raise(fn, nil, "x is a nil *Array")
	}
	if !x.DType().IsFloat() {
		trace.Raise(fn, []trace.Aval{x.Aval()}, "x has dtype %v; differentiation needs a float array (use trace.Convert)", x.DType())
	}
}

func numerical(fn string, f func(*trace.Array) *trace.Array, x *trace.Array, step func(float64) float64) *trace.Array {
	base := x.Float64s() // panics with a clear *Error for a tracer
	dt, inShape := x.DType(), x.Shape()
	n := len(base)
	if n == 0 {
		y := f(x)
		return fromFloat64s(nil, dt, append(slices.Clone(y.Shape()), inShape...))
	}
	var outShape []int
	var jac []float64 // row-major [m, n]
	pert := slices.Clone(base)
	for i := range n {
		h := step(base[i])
		pert[i] = base[i] + h
		xp := fromFloat64s(pert, dt, inShape)
		hp := xp.Float64s()[i] // the perturbed value after rounding to dt
		pert[i] = base[i] - h
		xm := fromFloat64s(pert, dt, inShape)
		hm := xm.Float64s()[i]
		pert[i] = base[i]
		yp, ym := f(xp), f(xm)
		if i == 0 {
			outShape = slices.Clone(yp.Shape())
			jac = make([]float64, yp.Size()*n)
		}
		if !slices.Equal(yp.Shape(), outShape) || !slices.Equal(ym.Shape(), outShape) {
			trace.Raise(fn, []trace.Aval{yp.Aval(), ym.Aval()}, "f returned shapes %v and %v for perturbed inputs, %v before; the output shape must not depend on the values", yp.Shape(), ym.Shape(), outShape)
		}
		if hp == hm {
			trace.Raise(fn, []trace.Aval{x.Aval()}, "the step %v vanishes when x[%d] = %v is rounded to %v; use a larger step", h, i, base[i], dt)
		}
		vp, vm := yp.Float64s(), ym.Float64s()
		for o := range vp {
			jac[o*n+i] = (vp[o] - vm[o]) / (hp - hm)
		}
	}
	return fromFloat64s(jac, dt, append(outShape, inShape...))
}

// fromFloat64s makes an array of dtype dt (Float32 or Float64) from float64 data.
func fromFloat64s(data []float64, dt trace.DType, shape []int) *trace.Array {
	if data == nil {
		data = []float64{}
	}
	if shape == nil {
		shape = []int{} // a scalar, not FromFloat64s's default of a vector
	}
	if dt == trace.Float32 {
		d32 := make([]float32, len(data))
		for i, v := range data {
			d32[i] = float32(v)
		}
		return trace.FromFloat32s(d32, shape...)
	}
	return trace.FromFloat64s(data, shape...)
}
