package transform_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// newRand is the seeded generator every test uses.
func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// stage stages f on example and checks the result.
func stage[In any](t testing.TB, f func(In) *trace.Array, example In) *trace.Program {
	t.Helper()
	p, err := trace.Stage(f, example)
	require.NoError(t, err)
	require.NoError(t, trace.Check(p))
	return p
}

// stageMulti is stage for functions with several outputs.
func stageMulti[In any](t testing.TB, f func(In) []*trace.Array, example In) *trace.Program {
	t.Helper()
	p, err := trace.Stage(f, example)
	require.NoError(t, err)
	require.NoError(t, trace.Check(p))
	return p
}

// randomArray returns an array of type a with random elements: normal floats,
// small integers, or random booleans. Weakness is kept.
func randomArray(rng *rand.Rand, a trace.Aval) *trace.Array {
	n := a.Size()
	var x *trace.Array
	switch a.DType {
	case trace.Float32:
		d := make([]float32, n)
		for i := range d {
			d[i] = float32(rng.NormFloat64())
		}
		x = trace.FromFloat32s(d, a.Shape...)
	case trace.Float64:
		d := make([]float64, n)
		for i := range d {
			d[i] = rng.NormFloat64()
		}
		x = trace.FromFloat64s(d, a.Shape...)
	case trace.Int32:
		d := make([]int32, n)
		for i := range d {
			d[i] = int32(rng.IntN(11) - 5)
		}
		x = trace.FromInt32s(d, a.Shape...)
	case trace.Int64:
		d := make([]int64, n)
		for i := range d {
			d[i] = int64(rng.IntN(11) - 5)
		}
		x = trace.FromInt64s(d, a.Shape...)
	default:
		d := make([]bool, n)
		for i := range d {
			d[i] = rng.IntN(2) == 1
		}
		x = trace.FromBools(d, a.Shape...)
	}
	if a.Weak {
		// Only scalars are weak in practice; build one through Scalar and
		// convert, which keeps the weak flag.
		if a.Rank() != 0 {
			panic("weak inputs must be scalars in these tests")
		}
		return trace.Bind1(trace.OpConvert, trace.ConvertParams{DType: a.DType, Weak: true}, trace.Scalar(x.Item()))
	}
	return x
}

func randomArgs(rng *rand.Rand, p *trace.Program) []*trace.Array {
	args := make([]*trace.Array, len(p.In))
	for i, v := range p.In {
		args[i] = randomArray(rng, v.Aval)
	}
	return args
}

// bits returns the elements of a concrete array as bit patterns, so that
// comparisons are exact (NaN equals NaN, −0 differs from +0).
func bits(a *trace.Array) []uint64 {
	switch d := a.Data().(type) {
	case []float32:
		out := make([]uint64, len(d))
		for i, v := range d {
			out[i] = uint64(math.Float32bits(v))
		}
		return out
	case []float64:
		out := make([]uint64, len(d))
		for i, v := range d {
			out[i] = math.Float64bits(v)
		}
		return out
	case []int32:
		out := make([]uint64, len(d))
		for i, v := range d {
			out[i] = uint64(uint32(v))
		}
		return out
	case []int64:
		out := make([]uint64, len(d))
		for i, v := range d {
			out[i] = uint64(v)
		}
		return out
	case []bool:
		out := make([]uint64, len(d))
		for i, v := range d {
			if v {
				out[i] = 1
			}
		}
		return out
	}
	panic(fmt.Sprintf("unexpected data %T", a.Data()))
}

// requireSameArrays checks that two lists of arrays are bit-identical, with
// the same shapes, dtypes and weakness.
func requireSameArrays(t testing.TB, want, got []*trace.Array, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		require.Equal(t, want[i].Shape(), got[i].Shape(), "%s: output %d shape", msg, i)
		require.Equal(t, want[i].DType(), got[i].DType(), "%s: output %d dtype", msg, i)
		require.Equal(t, want[i].Weak(), got[i].Weak(), "%s: output %d weakness", msg, i)
		require.Equal(t, bits(want[i]), bits(got[i]), "%s: output %d values", msg, i)
	}
}

// requireSameFunction checks that got has p's signature and computes p's
// outputs bit for bit on random inputs.
func requireSameFunction(t testing.TB, p, got *trace.Program) {
	t.Helper()
	require.Equal(t, p.InAvals(), got.InAvals(), "inputs")
	require.Equal(t, p.OutAvals(), got.OutAvals(), "outputs")
	rng := newRand()
	for trial := range 3 {
		args := randomArgs(rng, p)
		want, err := trace.Eval(p, args...)
		require.NoError(t, err)
		have, err := trace.Eval(got, args...)
		require.NoError(t, err)
		requireSameArrays(t, want, have, fmt.Sprintf("trial %d", trial))
	}
}

// golden compares got with testdata/name.golden, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./transform -update to create the golden file")
	assert.Equal(t, string(want), got)
}

// builder assembles programs by hand, for shapes of IR that Stage does not
// produce (equations on constants only, duplicated constants, ...).
type builder struct{ p trace.Program }

func (b *builder) input(dt trace.DType, shape ...int) *trace.Var {
	v := &trace.Var{Aval: trace.Aval{Shape: slices.Clone(shape), DType: dt}}
	b.p.In = append(b.p.In, v)
	return v
}

func (b *builder) constant(c *trace.Array) *trace.Var {
	v := &trace.Var{Aval: c.Aval()}
	b.p.Consts = append(b.p.Consts, v)
	b.p.ConstVals = append(b.p.ConstVals, c)
	return v
}

func (b *builder) op(op trace.Op, params trace.Params, in ...trace.Atom) *trace.Var {
	avals := make([]trace.Aval, len(in))
	for i, a := range in {
		avals[i] = a.AtomAval()
	}
	outs, err := trace.ShapeRule(op, params, avals)
	if err != nil {
		panic(err)
	}
	v := &trace.Var{Aval: outs[0]}
	b.p.Eqns = append(b.p.Eqns, &trace.Eqn{Op: op, Params: params, In: in, Out: []*trace.Var{v}})
	return v
}

func (b *builder) bcast(x trace.Atom, shape ...int) *trace.Var {
	return b.op(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: shape, Dims: []int{}}, x)
}

func (b *builder) build(out ...trace.Atom) *trace.Program {
	p := b.p
	p.Out = out
	return &p
}

func lit(a *trace.Array) *trace.Literal { return &trace.Literal{Value: a} }

func f32(v float32) *trace.Literal { return lit(trace.FromFloat32s([]float32{v}, []int{}...)) }
