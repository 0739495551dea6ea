// Package jvp is forward-mode automatic differentiation: [JVP] evaluates a
// function and its Jacobian-vector product in one pass, and [Linearize]
// returns the linear map itself as a staged program.
//
// Forward mode runs an interpreter whose tracers pair each primal value with
// its tangent. Every primitive has a JVP rule in the table of rules.go (a
// completeness test keeps it so); the rules live in family files
// (elementwise.go, reduce.go, shape.go) and most are one line through the
// helpers of family.go. Non-differentiable primitives (comparisons, rounding,
// argmax, stop_gradient) have an explicit zero rule. Tangents may be the
// symbolic zero (nil inside the package), which rules propagate without
// allocating; zeros are instantiated only where an operation needs an array.
//
// A rule's tangent is built from primitives through trace's functions, so it
// can be traced again by any enclosing transform: that is what makes
// derivatives of any order, forward-over-reverse and reverse-over-forward work.
// Interpreters nest by creation order (see trace's package doc), which keeps
// the tangents of nested JVPs apart (no perturbation confusion).
//
// Reverse mode (package vjp) is built on [LinearizeFlat]: it linearizes, then
// transposes the linear program.
package jvp
