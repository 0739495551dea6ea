// Package vjp is reverse-mode automatic differentiation: [Grad],
// [ValueAndGrad], [GradAux], [VJP] and the linear [Transpose].
//
// Reverse mode is derived, not written twice: VJP = Linearize + Transpose.
// jvp.LinearizeFlat runs forward mode with the primal values known and the
// tangents staged, which yields a linear program whose constants are the
// residuals of the forward pass; this package transposes that program,
// walking its equations backwards with one transpose rule per Linear
// primitive (rules.go, family files elementwise.go, structural.go, dot.go).
// The transpose of a contraction is a contraction: dot_general becomes
// dot_general (and a transpose), never a broadcast product that would need a
// dense temporary.
//
// Transpose rules bind primitives through trace, so the backward pass can
// itself be traced: grad of grad, forward-over-reverse (jvp.JVP of
// vjp.Grad, a Hessian-vector product) and reverse-over-forward all work, to
// any order.
package vjp
