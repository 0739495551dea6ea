// Package transform is the IR→IR toolkit that leibniz's transforms share:
// passes that clean up a [trace.Program], partial evaluation, and inlining.
//
// # Invariants
//
// Every pass obeys three rules, and the tests check all of them:
//
//   - The input program is never mutated. A pass returns a new
//     *trace.Program; it may share *trace.Var, *trace.Eqn, params and constant
//     arrays with its input (they are immutable by convention), but the input
//     stays valid and prints and evaluates as before.
//   - The output passes [trace.Check].
//   - The output computes the same function: the same inputs (the signature
//     never changes), the same number, types and values of outputs. The
//     rewrites are exact in IEEE arithmetic, bit for bit, except where noted
//     below (only the sign of a zero result can change).
//
// # Passes
//
// [DCE] (dead code elimination) drops the equations none of whose outputs
// reach the program's outputs, and the constants nothing uses. All primitives
// are pure, so this is always safe. Inputs are kept even when unused.
//
// [CSE] (common subexpression elimination) merges equations with the same
// primitive, equal params (same Go type and same canonical String) and the
// same operands: the same *trace.Var, or literals of equal dtype, weakness
// and bit pattern. Operands of the commutative primitives (add, mul, max,
// min, eq, ne, and, or) are compared as unordered pairs. Constants bound to
// the same *trace.Array are merged too.
//
// [Simplify] rewrites the program algebraically until no rule applies. It
// leaves the equations it bypasses in place (run [DCE] to drop them). In the
// rules, "1" and "0" stand for a fill: a literal, a constant whose elements
// are all that value, or a broadcast_in_dim of such a literal or constant.
// A rewrite whose replacement differs from the result in dtype or weakness is
// not made; one that differs only in shape is completed with a
// broadcast_in_dim. The rules (the table in simplify_rules.go):
//
//	x·1, 1·x, x/1          → x
//	x+0, 0+x, x−0          → x   (see below: the sign of a zero may change)
//	neg(neg x)             → x
//	x − neg y              → x + y
//	x + neg y, neg y + x   → x − y
//	and(x, true), or(x, false)   → x   (operands in either order)
//	and(x, false), or(x, true)   → false, true
//	select(p, x, x)        → x;  select(true, x, y) → x;  select(false, x, y) → y
//	transpose[identity] x  → x;  transpose(transpose x) → one transpose (or x)
//	reshape to x's shape   → x;  reshape(reshape x) → one reshape
//	rev over no axes       → x;  rev(rev x) → one rev over the axes flipped an odd number of times (or x)
//	convert to x's dtype and weakness → x
//	broadcast_in_dim to x's shape with identity dims → x
//	broadcast_in_dim(broadcast_in_dim x) → one broadcast_in_dim
//	reduce_sum, reduce_max, reduce_min, reduce_prod over no axes → x
//
// The one inexact rule is x+0 → x (and 0+x, x−0): any zero fill counts, and
// for x = −0 the original computes −0 + (+0) = +0 (or −0 − (−0) = +0) where
// the rewrite gives −0. Every other bit of every result is preserved.
// Multiplication by 0 is not simplified (0·Inf is NaN), and stop_gradient is
// kept (it matters to differentiation). Two kinds of folding also run:
//
//   - Constant folding: an equation whose operands are all literals or
//     concrete constants, and whose result has at most one element or is no
//     larger than its largest operand, is evaluated at pass time with
//     [trace.Bind] and replaced by a literal (rank 0) or a new constant. So a
//     broadcast_in_dim to a larger shape is never materialized: fills stay
//     symbolic. Constants bound to tracers of an enclosing transform are not
//     concrete and are never folded.
//   - Fill folding: an elementwise primitive (unary, binary, select, convert)
//     whose operands are all fills, one of them broadcast, is computed once on
//     the scalars and replaced by a broadcast_in_dim of the result. This is
//     how 0·(fill) products vanish without touching 0·x.
//
// [Optimize] runs Simplify, CSE and DCE in turn until none of them changes the
// program any more (so the equation count has stopped shrinking), which makes
// it idempotent: Optimize(Optimize(p)) prints as Optimize(p).
//
// # Partial evaluation and inlining
//
// [PartialEval] splits a program, given the values of some of its inputs, into
// the outputs it can compute now and a residual program over the unknown
// inputs, whose constants are the known values it needs (the residuals). It
// evaluates with [trace.Bind], so known values may themselves be tracers of an
// enclosing transform.
//
// [Inline] evaluates a program with [trace.Bind]: called inside a transform,
// it re-traces the program through that transform.
//
// Variables are named by the printer in order of first binding, so passes need
// no renumbering: a printed result is always canonical.
package transform
