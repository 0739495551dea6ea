package trace_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

func TestCheckAcceptsStagedPrograms(t *testing.T) {
	for _, c := range stagedCases() {
		p, err := c.stage()
		require.NoError(t, err, c.name)
		assert.NoError(t, trace.Check(p), c.name)
	}
}

// seedProgram stages log(x) + x·x − sin(x) on f32[3].
func seedProgram(t *testing.T) *trace.Program {
	t.Helper()
	p, err := trace.Stage(func(x *trace.Array) *trace.Array {
		return trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x))
	}, trace.Zeros(trace.Float32, 3))
	require.NoError(t, err)
	require.NoError(t, trace.Check(p))
	return p
}

func TestCheckRejectsBrokenPrograms(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(p *trace.Program)
		want   string
	}{
		{"unbound variable", func(p *trace.Program) {
			p.Eqns[0].In[0] = &trace.Var{Aval: p.In[0].Aval}
		}, "before it is bound"},
		{"use before definition", func(p *trace.Program) {
			p.Eqns[0], p.Eqns[2] = p.Eqns[2], p.Eqns[0]
		}, "before it is bound"},
		{"output type mismatch", func(p *trace.Program) {
			p.Eqns[1].Out[0].Aval = trace.Aval{Shape: []int{3}, DType: trace.Float64}
		}, "declared f64[3] but the shape rule gives f32[3]"},
		{"operand type mismatch", func(p *trace.Program) {
			p.In[0].Aval = trace.Aval{Shape: []int{4}, DType: trace.Float32}
		}, "declared f32[3] but the shape rule gives f32[4]"},
		{"bound twice", func(p *trace.Program) {
			p.Eqns[1].Out[0] = p.Eqns[0].Out[0]
		}, "bound twice"},
		{"unbound output", func(p *trace.Program) {
			p.Out[0] = &trace.Var{Aval: p.In[0].Aval}
		}, "output 0 uses variable"},
		{"non-scalar literal", func(p *trace.Program) {
			p.Eqns[1].In[1] = &trace.Literal{Value: trace.Zeros(trace.Float32, 3)}
		}, "not a concrete scalar"},
		{"wrong params", func(p *trace.Program) {
			p.Eqns[0].Params = trace.ReduceParams{Axes: []int{0}}
		}, "ill-typed"},
		{"const count", func(p *trace.Program) {
			p.ConstVals = append(p.ConstVals, trace.Scalar(1))
		}, "constant values"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := seedProgram(t)
			c.mutate(p)
			err := trace.Check(p)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestCheckNil(t *testing.T) {
	assert.Error(t, trace.Check(nil))
}
