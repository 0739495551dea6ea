package trace

import "sync/atomic"

// Interpreter is one transform in progress (staging, JVP, batching, ...). The
// protocol (see the package doc) is:
//
//   - Each transform invocation creates its own interpreter with a fresh level
//     from [NewLevel]; levels increase with creation order, so an inner
//     (nested) transform always has a higher level than an outer one.
//   - Every primitive application goes through bind, which validates the
//     operands with the op's shape rule once, then calls Process of the
//     interpreter with the highest level among the arguments' tracers. With no
//     tracers, the eager evaluator runs the op on concrete data.
//   - Process receives the arguments as given (concrete arrays and tracers of
//     lower levels included); it lifts those that are not its own tracers, as
//     constants, and returns one array per output aval.
//
// There is no global "current interpreter", so transforms run safely from many
// goroutines at once.
type Interpreter interface {
	// Level is the interpreter's unique, creation-ordered id.
	Level() uint64
	// Name names the transform for error messages, e.g. "stage" or "jvp".
	Name() string
	// Active reports whether the transform is still running. A tracer whose
	// interpreter is no longer active has escaped its transform.
	Active() bool
	// Process applies op to args. outs are the output avals the shape rule
	// computed; implementations return exactly len(outs) arrays.
	Process(op Op, params Params, args []*Array, outs []Aval) []*Array
}

// Tracer is the payload of a traced [Array]: a value that an interpreter
// tracks instead of concrete data.
type Tracer interface {
	// Interpreter returns the interpreter that owns the tracer.
	Interpreter() Interpreter
}

// levelCounter hands out interpreter levels. It is the only package-level
// mutable state in leibniz and is only ever incremented atomically.
var levelCounter atomic.Uint64

// NewLevel returns a fresh interpreter level, greater than every level handed
// out before.
func NewLevel() uint64 { return levelCounter.Add(1) }

func describeInterp(in Interpreter) string {
	if in == nil {
		return "an unknown transform"
	}
	return "the " + in.Name() + " transform"
}
