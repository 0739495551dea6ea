package transformtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform/transformtest"
)

// stagedOps returns the primitives of f's staged program at xs, and those of
// its derivative programs: the staged JVP and the linear program reverse mode
// transposes (where custom_lin appears).
func stagedOps(t *testing.T, f func([]*trace.Array) *trace.Array, xs []*trace.Array) (fwd, deriv map[trace.Op]bool) {
	t.Helper()
	collect := func(p *trace.Program) map[trace.Op]bool {
		m := map[trace.Op]bool{}
		for _, e := range p.Eqns {
			m[e.Op] = true
		}
		return m
	}
	lin := jvp.LinearizeForVJP(func(xs []*trace.Array) ([]*trace.Array, *trace.TreeDef) {
		return trace.Flatten(f(xs))
	}, xs)
	p, err := trace.Stage(f, xs)
	require.NoError(t, err)
	require.NoError(t, trace.Check(p))
	d, err := trace.Stage(func(xs []*trace.Array) *trace.Array {
		_, tan := jvp.JVP(f, xs, xs)
		return tan
	}, xs)
	require.NoError(t, err)
	deriv = collect(d)
	for op := range collect(lin.Program) {
		deriv[op] = true
	}
	return collect(p), deriv
}

func TestSpecsCoverEveryOp(t *testing.T) {
	covered := map[trace.Op][]string{}
	for _, s := range transformtest.Specs() {
		fwd, deriv := map[trace.Op]bool{}, map[trace.Op]bool{}
		for _, dt := range s.Types() {
			f, d := stagedOps(t, s.Fn, s.Inputs(dt, nil))
			for op := range f {
				fwd[op] = true
			}
			for op := range d {
				deriv[op] = true
			}
		}
		for _, op := range s.Ops {
			if !fwd[op] && !deriv[op] {
				t.Errorf("spec %s lists %v, but neither its staged program nor its JVP's contains it", s.Name, op)
				continue
			}
			covered[op] = append(covered[op], s.Name)
		}
	}
	for _, op := range trace.AllOps() {
		assert.NotEmpty(t, covered[op], "no spec exercises primitive %v", op)
	}
}

func TestSpecsWellFormed(t *testing.T) {
	names := map[string]bool{}
	for _, s := range transformtest.Specs() {
		assert.False(t, names[s.Name], "duplicate spec name %q", s.Name)
		names[s.Name] = true
		assert.NotEmpty(t, s.Shapes, "%s has no inputs", s.Name)
		if s.Values != nil {
			require.Len(t, s.Values, len(s.Shapes), s.Name)
			for i, sh := range s.Shapes {
				n := 1
				for _, d := range sh {
					n *= d
				}
				assert.Len(t, s.Values[i], n, "%s: values of input %d", s.Name, i)
			}
		}
		if s.Tol.F32 != 0 || s.Tol.F64 != 0 {
			assert.NotEmpty(t, s.Tol.Why, "%s overrides the tolerance without a reason", s.Name)
		}
		for _, dt := range s.Types() {
			assert.True(t, dt.IsFloat(), "%s: dtype %v", s.Name, dt)
			for _, x := range s.Inputs(dt, nil) {
				assert.Equal(t, dt, x.DType(), s.Name)
			}
		}
	}
}
