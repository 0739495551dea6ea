// Package vmap is automatic vectorization: [Map] turns a function on one
// example into a function on a batch, with the same Go type.
//
//	batched := vmap.Map(f)                                   // axis 0 of every leaf, results stacked on axis 0
//	perEx := vmap.Map(vjp.Grad(loss), vmap.InAxes(vmap.NotMapped, 0)) // per-example gradients
//
// Map runs f once under a batching interpreter whose tracers carry a value
// with an extra batch axis. Every primitive has a batching rule in the table
// of rules.go (a completeness test keeps it so), in family files
// (family.go, reduce.go, shape.go, gather.go, dot.go). Rules move the batch
// axis only when the primitive needs it elsewhere, and unbatched (NotMapped)
// operands stay unbatched where the primitive allows it: a batch of
// matrix-vector products against one matrix is a single dot_general, with no
// copy of the matrix. Elementwise primitives need equal shapes, so there an
// unbatched operand is broadcast.
//
// Map is a transform like the others: nested Map, Map of Grad, Grad of Map
// and JVP of Map all compose, by interpreter levels. Functions with custom
// derivative rules (jvp.CustomJVP, vjp.CustomVJP) keep them: the function
// and its rules are batched together (custom.go).
//
// Misuse is a *trace.Error at call time: mapped leaves of different batch
// sizes, an axis out of range, an empty batch, or no mapped argument without
// [AxisSize]; a function type Map cannot wrap panics when Map is called.
package vmap
