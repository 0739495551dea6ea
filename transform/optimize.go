package transform

import "github.com/leibniz-go/leibniz/trace"

// maxOptimizeRounds bounds Optimize's iteration; each round that changes the
// program makes it strictly simpler, so it is only a guard.
const maxOptimizeRounds = 32

// Optimize returns p simplified ([Simplify]), with common subexpressions
// merged ([CSE]) and dead code removed ([DCE]), the three repeated until a
// round changes nothing, at which point the equation count has stopped
// shrinking. Because it stops at a fixpoint, Optimize is idempotent:
// Optimize(Optimize(p)) prints the same as Optimize(p). p is not modified.
func Optimize(p *trace.Program) *trace.Program {
	// Start with DCE so that Simplify and CSE do not work on dead code.
	p, _ = dce(p)
	for range maxOptimizeRounds {
		var s, c, d bool
		p, s = simplify(p)
		p, c = cse(p)
		p, d = dce(p)
		if !s && !c && !d {
			break
		}
	}
	return p
}

// Inline evaluates p on args with [trace.Bind], one equation at a time, and
// returns its outputs. On concrete arrays it computes the outputs; inside a
// transform, where args are tracers, it replays p's equations through that
// transform, which is how a transform applies to a staged program. Misuse
// (wrong number or types of arguments) panics with a *trace.Error, as
// composable functions do; it is [trace.EvalMust].
func Inline(p *trace.Program, args ...*trace.Array) []*trace.Array {
	return trace.EvalMust(p, args...)
}
