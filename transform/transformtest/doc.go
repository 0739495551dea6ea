// Package transformtest holds the numerical oracles that the tests of the
// transforms share, all driven by one op-spec table, [Specs].
//
// An [OpSpec] is a small function built from trace's user-level functions
// (Sin, MatMul, Softmax, Take, ...), the primitives it exercises, the shapes
// of its float inputs, the domain they are sampled from (away from poles and
// kinks), and whether it is differentiable there. Every primitive of
// trace.AllOps appears in some spec (a test checks it, by staging the specs),
// and every user-level function is used by some spec, with scalar,
// broadcasting and batched shapes.
//
// The checks, each for one spec and one float dtype:
//
//   - [CheckJVP]: jvp.JVP along seeded random directions against central
//     differences along the same directions. The reference evaluates the
//     spec's function on Float64 copies of the inputs (every spec is
//     dtype-generic unless it sets Internal32), so a Float32 check compares
//     the Float32 tangent with a reference accurate to ≈ 1e-10.
//   - [CheckVJP]: the inner-product identity ⟨u, J v⟩ = ⟨Jᵀu, v⟩ for random
//     u and v, with J v from jvp.JVP and Jᵀu from vjp.VJP. It needs no finite
//     differences, so its tolerance only covers rounding.
//   - [CheckSecondOrder]: the derivatives of the first-order functions
//     x ↦ JVP(f, x, v) and x ↦ VJP(f, x)(u), taken by jvp.JVP
//     (forward-over-forward, forward-over-reverse) and by vjp.VJP
//     (reverse-over-forward, reverse-over-reverse, through the inner-product
//     identity), against central differences of those functions.
//
// Specs with Smooth = false (rounding, comparisons, argmax, stop_gradient)
// are checked for exactly zero derivatives instead.
//
// Tolerances are per dtype, in the tables of tolerance.go, with the reasoning
// for each number; a spec may override them with a stated reason. With the
// environment variable LEIBNIZ_ORACLE_STATS=1, go test -v logs the ratio of
// error to tolerance of every comparison, to recalibrate them.
//
// Failures name the spec, the dtype, the check and direction, the largest
// error with its position and both values, and the tolerance; a panic inside
// the library is reported as a failure of that spec, so one broken rule does
// not hide the rest of the table.
package transformtest
