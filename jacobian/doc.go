// Package jacobian computes whole derivative matrices and checks derivatives.
// It has no differentiation rules of its own: everything is a composition of
// jvp, vjp and vmap.
//
//   - [Fwd] is vmap of jvp over the standard basis of the input space (cost
//     grows with the input size); [Rev] linearizes once and is vmap of the
//     VJP over the basis of the output space (cost grows with the output
//     size); [Auto] picks the cheaper one from the sizes. The Jacobian of
//     f: R^(in.shape) → R^(out.shape) has shape out.shape ++ in.shape, as in
//     JAX. [Chunk] bounds memory by pushing k basis vectors at a time.
//     [FwdTree] and [RevTree] take pytree arguments and results (e.g. a struct
//     of parameters) and return the blocks [output leaf][input leaf].
//   - [Hessian] is Fwd of the gradient (forward-over-reverse), shape
//     in.shape ++ in.shape; [HVP] is a Hessian-vector product without the
//     Hessian.
//
// The numerical oracles that every other derivative in leibniz is tested
// against:
//
//   - [Numerical] and [NumericalStep] compute the Jacobian of a function by
//     central differences, evaluating it eagerly on perturbed copies of its
//     argument. The result has the JAX layout: the output's shape followed by
//     the input's shape, so for f: R³ → R² it is a [2, 3] matrix. With the
//     default step h = cbrt(ε)·max(1, |xᵢ|) the truncation error (∝ h²) and
//     the round-off error (∝ ε/h) balance at about ε^(2/3) relative, ≈ 4e-11
//     for Float64 and ≈ 2e-5 for Float32; NumericalStep takes the step
//     explicitly, to show how a too large step loses to truncation and a too
//     small one to round-off.
//   - [CheckGrads] compares automatic differentiation with them: forward
//     mode (jvp.JVP along seeded random directions v against J·v) and
//     reverse mode (vjp.VJP against uᵀJ for random u), and with order 2 the
//     derivatives of those JVP and VJP functions themselves, which exercises
//     forward-over-forward, reverse-over-forward, forward-over-reverse and
//     reverse-over-reverse differentiation.
//
// Tolerances of CheckGrads, per dtype of the argument (JAX's gradient check
// tolerances), are applied elementwise as |ad − numerical| ≤ tol·(1 + |numerical|):
//
//	Float64  1e-5   the numerical reference errs by ≈ 1e-10 relative, so this
//	                leaves five orders of magnitude for ill-conditioning while
//	                any wrong derivative rule (off by O(1)) fails
//	Float32  2e-3   the function is differenced in Float32 itself: round-off
//	                ≈ ε₃₂·|f|/h ≈ 2.4e-5·|f| and truncation ≈ 4e-6·|f'''| on top of
//	                the Float32 rounding of the derivative; keep |f| moderate
//	                (≲ 10) for a meaningful check
package jacobian
