package vmap

import (
	"sync/atomic"

	"github.com/leibniz-go/leibniz/trace"
)

// notMapped marks an unbatched value inside the interpreter.
const notMapped = -1

// interp is the batching interpreter of one Map invocation. Its tracers hold
// a value that carries the batch along axis bdim.
type interp struct {
	level uint64
	size  int
	done  atomic.Bool
}

type tracer struct {
	in   *interp
	val  *trace.Array
	bdim int
}

func (t *tracer) Interpreter() trace.Interpreter { return t.in }

func newInterp(size int) *interp { return &interp{level: trace.NewLevel(), size: size} }

func (in *interp) Level() uint64 { return in.level }
func (in *interp) Name() string  { return "vmap" }
func (in *interp) Active() bool  { return !in.done.Load() }

// Process applies op's batching rule. Values that are not this interpreter's
// tracers are unbatched; when no operand is batched the op is applied as is.
func (in *interp) Process(op trace.Op, params trace.Params, args []*trace.Array, _ []trace.Aval) []*trace.Array {
	vals := make([]*trace.Array, len(args))
	dims := make([]int, len(args))
	batched := false
	for i, a := range args {
		vals[i], dims[i] = in.unwrap(a)
		batched = batched || dims[i] != notMapped
	}
	if !batched {
		return trace.Bind(op, params, vals...)
	}
	rule := batchRules[op]
	out, bdim := rule(batchCtx{size: in.size}, op, params, vals, dims)
	if bdim == notMapped {
		return []*trace.Array{out}
	}
	return []*trace.Array{in.wrap(out, bdim)}
}

func (in *interp) wrap(val *trace.Array, bdim int) *trace.Array {
	shape := make([]int, 0, val.Rank()-1)
	shape = append(shape, val.Shape()[:bdim]...)
	shape = append(shape, val.Shape()[bdim+1:]...)
	aval := trace.Aval{Shape: shape, DType: val.DType(), Weak: val.Weak()}
	return trace.NewTracer(&tracer{in: in, val: val, bdim: bdim}, aval)
}

func (in *interp) unwrap(a *trace.Array) (*trace.Array, int) {
	if t, ok := a.Tracer().(*tracer); ok && t.in == in {
		return t.val, t.bdim
	}
	return a, notMapped
}
