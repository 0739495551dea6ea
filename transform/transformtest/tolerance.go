package transformtest

import (
	"math"

	"github.com/leibniz-go/leibniz/trace"
)

// Finite differences. The step along a direction w with |wᵢ| ≤ 1 is
// h = cbrt(ε)·max(1, ‖x‖∞), which balances the truncation error of central
// differences (h²/6·|f‴|) against the round-off (ε·|f|/h): both are about
// ε^(2/3) ≈ 4e-11 relative for the Float64 reference, 2e-5 for Float32.
const (
	eps64 = 0x1p-52 // spacing of float64 just above 1
	eps32 = 0x1p-23 // spacing of float32 just above 1
)

// fdTol is the tolerance of a derivative (at the checked dtype) against
// central differences of the Float64 reference, elementwise
// |ad − fd| ≤ tol·(1 + |fd|) as in JAX's assert_allclose with atol = rtol =
// tol. Inputs are O(1) by the domains, so the absolute part does not hide
// derivatives of ordinary size.
//
// The starting points were JAX's gradient tolerances (1e-5 for float64, 2e-3
// for float32). Both are tightened because the reference here is always
// differenced in Float64 (JAX differences the function at the checked dtype)
// and the oracles are meant to catch subtly wrong rules too (a truncated
// constant, a rule right to 1e-6 only). Over the whole table the largest
// errors measured, relative to 1 + |fd|, are 7e-9 for float64 (softmax of
// logits near 100, where the step grows with ‖x‖∞; 2.4e-10 for every spec
// with O(1) inputs) and 3e-7 for float32.
var fdTol = map[trace.DType]float64{
	// The reference errs by ≈ ε^(2/3)·(|f| + |f‴|·‖x‖²) ≈ 1e-10 for the O(1)
	// functions and domains of the table (up to ≈ 4e-9 for tan near its
	// domain edge; ≈ 7e-9 for the logits near 100 of Softmax/large-logits,
	// where h ≈ 6e-4), the tangent by a few ulps per primitive (1e-15): 1e-7
	// leaves 14× over the worst measured (400× for O(1) inputs), and is 100×
	// tighter than JAX's 1e-5.
	trace.Float64: 1e-7,
	// Against the Float64 reference the gap is the Float32 rounding of the
	// tangent: ≈ 6e-8 per primitive, amplified by cancellation (softmax,
	// logsumexp) and by sums over up to ~30 terms. 1e-4 ≈ 840 ulps leaves
	// 300× over the worst measured (3e-7) and is 20× tighter than JAX's 2e-3.
	trace.Float32: 1e-4,
}

// fdTol32 is the tolerance of Internal32 specs, whose reference is the
// function itself differenced with the Float32 step: round-off
// ≈ ε₃₂·|f|/h ≈ 2.4e-5·|f| and truncation ≈ h²/6·|f‴| ≈ 4e-6·|f‴| on top of
// the Float32 rounding. It is JAX's float32 gradient tolerance in JAX's own
// setting (differencing at float32); the worst measured error is 1.1e-5.
const fdTol32 = 2e-3

// identityTol bounds the inner-product identity ⟨u, J v⟩ = ⟨Jᵀu, v⟩ relative
// to Σ|uᵢ(J v)ᵢ| + Σ|(Jᵀu)ⱼvⱼ|. Both sides are autodiff results at the checked
// dtype, summed in float64: no finite differences, only the rounding of the
// two derivative computations, so it is far tighter than fdTol. The largest
// relative gaps measured over the table are 1.6e-16 (float64) and 5e-8
// (float32), about one ulp.
var identityTol = map[trace.DType]float64{
	// ≈ 4500 ulps of float64: 6000× the worst measured gap.
	trace.Float64: 1e-12,
	// ≈ 84 ulps of float32: 200× the worst measured gap.
	trace.Float32: 1e-5,
}

// identityTolFor is the inner-product identity tolerance of s at dt: an
// Internal32 function rounds its tangents and cotangents to Float32 inside,
// whatever dt is.
func (s OpSpec) identityTolFor(dt trace.DType) float64 {
	if s.Internal32 {
		return identityTol[trace.Float32]
	}
	return identityTol[dt]
}

// refEps is the machine epsilon of the finite-difference reference of s.
func (s OpSpec) refEps() float64 {
	if s.Internal32 {
		return eps32
	}
	return eps64
}

// refDType is the dtype the reference evaluates Fn at.
func (s OpSpec) refDType(dt trace.DType) trace.DType {
	if s.Internal32 {
		return dt
	}
	return trace.Float64
}

// fdTolFor is the finite-difference tolerance of s at dt.
func (s OpSpec) fdTolFor(dt trace.DType) float64 {
	switch {
	case dt == trace.Float32 && s.Tol.F32 > 0:
		return s.Tol.F32
	case dt == trace.Float64 && s.Tol.F64 > 0:
		return s.Tol.F64
	case s.Internal32:
		return fdTol32
	}
	return fdTol[dt]
}

// step is the central-difference step for inputs xs.
func (s OpSpec) step(xs [][]float64) float64 {
	m := 1.0
	for _, x := range xs {
		for _, v := range x {
			m = math.Max(m, math.Abs(v))
		}
	}
	return math.Cbrt(s.refEps()) * m
}
