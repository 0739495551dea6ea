package jvp

import (
	"sync/atomic"

	"github.com/leibniz-go/leibniz/trace"
)

// interp is the forward-mode interpreter of one JVP invocation. Its tracers
// pair a primal with a tangent; a nil tangent is the symbolic zero.
type interp struct {
	level uint64
	done  atomic.Bool
	// reverse is set when the JVP is linearized for reverse mode, which
	// lets functions with a custom VJP use it (see ProcessCustom).
	reverse bool
}

type tracer struct {
	in      *interp
	primal  *trace.Array
	tangent *trace.Array // nil: symbolic zero
}

func (t *tracer) Interpreter() trace.Interpreter { return t.in }

func newInterp(reverse bool) *interp { return &interp{level: trace.NewLevel(), reverse: reverse} }

func (in *interp) Level() uint64 { return in.level }
func (in *interp) Name() string  { return "jvp" }
func (in *interp) Active() bool  { return !in.done.Load() }

// Process applies op's JVP rule. Arguments that are not this interpreter's
// tracers are constants (zero tangent). When every tangent is zero the op is
// applied to the primals alone and its result is not a tracer of ours.
func (in *interp) Process(op trace.Op, params trace.Params, args []*trace.Array, outs []trace.Aval) []*trace.Array {
	primals := make([]*trace.Array, len(args))
	tangents := make([]*trace.Array, len(args))
	anyTangent := false
	for i, a := range args {
		primals[i] = a
		if t, ok := a.Tracer().(*tracer); ok && t.in == in {
			primals[i], tangents[i] = t.primal, t.tangent
			anyTangent = anyTangent || t.tangent != nil
		}
	}
	if !anyTangent {
		return trace.Bind(op, params, primals...)
	}
	out, tan := jvpRules[op](op, params, primals, tangents)
	if tan == nil {
		return []*trace.Array{out}
	}
	return []*trace.Array{in.wrap(out, tan, outs[0])}
}

func (in *interp) wrap(primal, tangent *trace.Array, aval trace.Aval) *trace.Array {
	return trace.NewTracer(&tracer{in: in, primal: primal, tangent: tangent}, aval)
}

// unwrap splits a result of the traced function into primal and tangent; a
// value that is not this interpreter's tracer has a zero tangent (nil).
func (in *interp) unwrap(a *trace.Array) (primal, tangent *trace.Array) {
	if t, ok := a.Tracer().(*tracer); ok && t.in == in {
		return t.primal, t.tangent
	}
	return a, nil
}
