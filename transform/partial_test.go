package transform_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform"
)

// partialProgram is f(x, y) = (sin x · cos x + y · exp x, sin x, y, x): some
// equations depend only on x, some on y, and two outputs are inputs.
func partialProgram(t testing.TB) *trace.Program {
	return stageMulti(t, func(xy x2) []x1 {
		x, y := xy[0], xy[1]
		return []x1{
			trace.Add(trace.Mul(trace.Sin(x), trace.Cos(x)), trace.Mul(y, trace.Exp(x))),
			trace.Sin(x), y, x,
		}
	}, x2{f32s(3), f32s(3)})
}

func TestPartialEval(t *testing.T) {
	cases := []struct {
		name  string
		known []bool // per input
	}{
		{"known_x", []bool{true, false}},
		{"known_y", []bool{false, true}},
		{"all_known", []bool{true, true}},
		{"all_unknown", []bool{false, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := partialProgram(t)
			before := p.String()
			args := randomArgs(newRand(), p)
			want, err := trace.Eval(p, args...)
			require.NoError(t, err)

			known := make([]*trace.Array, len(args))
			var unknownArgs []*trace.Array
			var unknownIn []*trace.Var
			for i, k := range c.known {
				if k {
					known[i] = args[i]
				} else {
					unknownArgs = append(unknownArgs, args[i])
					unknownIn = append(unknownIn, p.In[i])
				}
			}
			knownOuts, residual, unknownOut := transform.PartialEval(p, known)
			require.NoError(t, trace.Check(residual))
			require.Equal(t, before, p.String(), "the input program was modified")
			require.Equal(t, unknownIn, residual.In, "the residual's inputs are the unknown inputs, in order")
			require.Nil(t, residual.InTree)
			require.Nil(t, residual.OutTree)
			golden(t, "partial_"+c.name, fmt.Sprintf("%+v\n=>\nunknown outputs %v\n%+v\n", p, unknownOut, masked(residual)))

			require.Len(t, knownOuts, len(p.Out))
			require.Len(t, unknownOut, len(p.Out))
			got, err := trace.Eval(residual, unknownArgs...)
			require.NoError(t, err)
			var wantUnknown []*trace.Array
			for i := range p.Out {
				if unknownOut[i] {
					assert.Nil(t, knownOuts[i], "output %d", i)
					wantUnknown = append(wantUnknown, want[i])
					continue
				}
				require.NotNil(t, knownOuts[i], "output %d", i)
				requireSameArrays(t, want[i:i+1], knownOuts[i:i+1], fmt.Sprintf("known output %d", i))
			}
			requireSameArrays(t, wantUnknown, got, "residual outputs")
		})
	}
}

// The residual holds only the y-dependent equations, and its constants are
// the x-dependent values it needs.
func TestPartialEvalResiduals(t *testing.T) {
	p := partialProgram(t)
	args := randomArgs(newRand(), p)
	knownOuts, residual, unknownOut := transform.PartialEval(p, []*trace.Array{args[0], nil})
	require.Equal(t, []bool{true, false, true, false}, unknownOut)
	ops := make([]string, len(residual.Eqns))
	for i, e := range residual.Eqns {
		ops[i] = e.Op.String()
	}
	assert.Equal(t, []string{"mul", "add"}, ops)
	require.Len(t, residual.ConstVals, 2) // sin x · cos x and exp x
	for _, c := range residual.ConstVals {
		assert.True(t, c.IsConcrete())
	}
	// A known output that is an input is that very input.
	assert.Same(t, args[0], knownOuts[3])
	// An unknown output that is an input passes through.
	assert.Same(t, p.In[1], residual.Out[1])
}

func TestPartialEvalMisuse(t *testing.T) {
	p := partialProgram(t)
	err := trace.Try(func() { transform.PartialEval(p, []*trace.Array{nil}) })
	var lerr *trace.Error
	require.ErrorAs(t, err, &lerr)
	assert.Contains(t, err.Error(), "takes 2 inputs")
	err = trace.Try(func() { transform.PartialEval(p, []*trace.Array{f32s(4), nil}) })
	require.ErrorAs(t, err, &lerr)
	assert.Contains(t, err.Error(), "known value 0")
}

// Known values may be tracers of an enclosing transform: the known equations
// are then recorded by that transform, and Inline replays the residual
// through it. Simplify must not fold constants that are tracers.
func TestPartialEvalUnderTransform(t *testing.T) {
	p := partialProgram(t)
	outer, err := trace.Stage(func(xy x2) []x1 {
		knownOuts, residual, unknownOut := transform.PartialEval(p, []*trace.Array{xy[0], nil})
		for _, c := range residual.ConstVals {
			require.False(t, c.IsConcrete())
		}
		simplified := transform.Optimize(residual)
		require.NoError(t, trace.Check(simplified))
		require.Len(t, simplified.Eqns, len(residual.Eqns))
		res := transform.Inline(simplified, xy[1])
		outs := make([]x1, len(knownOuts))
		for i := range outs {
			if unknownOut[i] {
				outs[i], res = res[0], res[1:]
			} else {
				outs[i] = knownOuts[i]
			}
		}
		return outs
	}, x2{f32s(3), f32s(3)})
	require.NoError(t, err)
	require.NoError(t, trace.Check(outer))
	requireSameFunction(t, p, outer)
}

// Simplify does not fold an equation whose constant operand is a tracer.
func TestSimplifyTracerConstants(t *testing.T) {
	_, err := trace.Stage(func(x x1) x1 {
		var b builder
		c := b.constant(x)
		s := b.op(trace.OpReduceSum, trace.ReduceParams{Axes: []int{0}}, c)
		n := b.op(trace.OpNeg, nil, c)
		p := b.build(s, n, b.op(trace.OpMul, nil, c, b.bcast(f32(1), 3)))
		q := transform.DCE(transform.Simplify(p))
		require.NoError(t, trace.Check(q))
		require.Len(t, q.Eqns, 2)
		assert.Same(t, x, q.ConstVals[0])
		return x
	}, f32s(3))
	require.NoError(t, err)
}

func TestInline(t *testing.T) {
	p := partialProgram(t)
	args := randomArgs(newRand(), p)
	want, err := trace.Eval(p, args...)
	require.NoError(t, err)
	requireSameArrays(t, want, transform.Inline(p, args...), "inline")

	// Inlining under Stage re-traces the program.
	again, err := trace.Stage(func(xy x2) []x1 { return transform.Inline(p, xy[0], xy[1]) }, x2{f32s(3), f32s(3)})
	require.NoError(t, err)
	assert.Equal(t, p.String(), again.String())

	err = trace.Try(func() { transform.Inline(p, args[0]) })
	var lerr *trace.Error
	require.ErrorAs(t, err, &lerr)
}

// masked returns a copy of p whose constants print as zeros: the golden file
// records the residual's structure, while the values (computed by kernels
// whose last bit differs between the SIMD and pure-Go paths) are checked by
// evaluation against the full program.
func masked(p *trace.Program) *trace.Program {
	q := *p
	q.ConstVals = make([]*trace.Array, len(p.ConstVals))
	for i, c := range p.ConstVals {
		q.ConstVals[i] = trace.Zeros(c.DType(), c.Shape()...)
	}
	return &q
}
