package vmap_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func ramp(dt trace.DType, shape ...int) *trace.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return trace.Reshape(trace.Linspace(dt, -1, 1, n), shape...)
}

// loopStack is the oracle: apply f to each example along axis and stack.
func loopStack(f func(*trace.Array) *trace.Array, x *trace.Array, axis int) *trace.Array {
	n := x.Shape()[axis]
	outs := make([]*trace.Array, n)
	for i := range n {
		start := make([]int, x.Rank())
		limit := append([]int(nil), x.Shape()...)
		start[axis], limit[axis] = i, i+1
		outs[i] = f(trace.Squeeze(trace.Slice(x, start, limit, nil), axis))
	}
	return trace.Stack(0, outs...)
}

type layer struct{ W, B *trace.Array }

type example struct{ X, Y *trace.Array }

func loss(p layer, e example) *trace.Array {
	return trace.Sum(trace.Square(trace.Sub(trace.Tanh(trace.Add(trace.MatMul(e.X, p.W), p.B)), e.Y)))
}

func TestPerExampleGradients(t *testing.T) {
	p := layer{W: ramp(trace.Float64, 3, 2), B: ramp(trace.Float64, 2)}
	batch := example{X: ramp(trace.Float64, 5, 3), Y: ramp(trace.Float64, 5, 2)}
	perEx := vmap.Map(func(p layer, e example) layer {
		return vjp.Grad(func(p layer) *trace.Array { return loss(p, e) })(p)
	}, vmap.InAxes(vmap.NotMapped, 0))
	g := perEx(p, batch)
	require.Equal(t, []int{5, 3, 2}, g.W.Shape())
	for i := range 5 {
		e := example{X: trace.Index(batch.X, i), Y: trace.Index(batch.Y, i)}
		want := vjp.Grad(func(p layer) *trace.Array { return loss(p, e) })(p)
		assert.InDeltaSlice(t, want.W.Float64s(), trace.Index(g.W, i).Float64s(), 1e-15)
		assert.InDeltaSlice(t, want.B.Float64s(), trace.Index(g.B, i).Float64s(), 1e-15)
	}
}

func TestCompositions(t *testing.T) {
	w := ramp(trace.Float64, 3, 3)
	f := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Sin(trace.MatMul(w, x))) }
	xs := ramp(trace.Float64, 4, 3)
	// vmap∘grad vs loop.
	assert.InDeltaSlice(t, loopStack(vjp.Grad(f), xs, 0).Float64s(), vmap.Map(vjp.Grad(f))(xs).Float64s(), 1e-15)
	// grad∘vmap: the gradient of the summed batch is the per-example gradients.
	gv := vjp.Grad(func(xs *trace.Array) *trace.Array { return trace.Sum(vmap.Map(f)(xs)) })(xs)
	assert.InDeltaSlice(t, loopStack(vjp.Grad(f), xs, 0).Float64s(), gv.Float64s(), 1e-15)
	// jvp∘vmap.
	v := trace.OnesLike(xs)
	_, tv := jvp.JVP(vmap.Map(f), xs, v)
	loopT := loopStack(func(x *trace.Array) *trace.Array {
		_, t := jvp.JVP(f, x, trace.OnesLike(x))
		return t
	}, xs, 0)
	assert.InDeltaSlice(t, loopT.Float64s(), tv.Float64s(), 1e-15)
	// vmap∘vmap over a [2,4,3] batch of batches.
	xss := ramp(trace.Float64, 2, 4, 3)
	nested := vmap.Map(vmap.Map(f))(xss)
	assert.Equal(t, []int{2, 4}, nested.Shape())
	assert.InDeltaSlice(t, loopStack(func(x *trace.Array) *trace.Array { return loopStack(f, x, 0) }, xss, 0).Float64s(), nested.Float64s(), 1e-15)
}

func TestAxes(t *testing.T) {
	x := ramp(trace.Float32, 3, 4, 5)
	f := func(a *trace.Array) *trace.Array { return trace.Softmax(trace.Mul(a, a), 0) }
	for _, axis := range []int{0, 1, 2, -1} {
		got := vmap.Map(f, vmap.InAxes(axis))(x)
		want := loopStack(f, x, (axis+3)%3)
		assert.Equal(t, want.Shape(), got.Shape(), "axis %d", axis)
		assert.InDeltaSlice(t, want.Float64s(), got.Float64s(), 1e-6, "axis %d", axis)
	}
	// OutAxes puts the batch last.
	got := vmap.Map(trace.Sin, vmap.OutAxes(-1))(ramp(trace.Float32, 3, 2))
	assert.Equal(t, []int{2, 3}, got.Shape())
	// AxisSize with nothing mapped broadcasts the result.
	c := vmap.Map(func() *trace.Array { return trace.Scalar32(2) }, vmap.AxisSize(3))()
	assert.Equal(t, []float32{2, 2, 2}, c.Float32s())
}

func TestChunkedEqualsUnchunked(t *testing.T) {
	w := ramp(trace.Float64, 3, 3)
	g := vjp.Grad(func(x *trace.Array) *trace.Array { return trace.Sum(trace.Tanh(trace.MatMul(w, x))) })
	xs := ramp(trace.Float64, 10, 3)
	assert.Equal(t, vmap.Map(g)(xs).Float64s(), vmap.Map(g, vmap.Chunk(3))(xs).Float64s())
}

// A batch of matrix-vector products against one (NotMapped) matrix stages to
// one dot_general, with the matrix used as it is.
func TestGoldenBatchedPrograms(t *testing.T) {
	w := ramp(trace.Float32, 3, 4)
	cases := []struct {
		name  string
		stage func() (*trace.Program, error)
	}{
		{"batched_matvec", func() (*trace.Program, error) {
			mv := func(w, x *trace.Array) *trace.Array { return trace.MatMul(w, x) }
			return trace.Stage(func(xs *trace.Array) *trace.Array {
				return vmap.Map(mv, vmap.InAxes(vmap.NotMapped, 0))(w, xs)
			}, ramp(trace.Float32, 8, 4))
		}},
		{"per_example_grad", func() (*trace.Program, error) {
			g := vjp.Grad(func(x *trace.Array) *trace.Array { return trace.Sum(trace.Tanh(trace.MatMul(w, x))) })
			return trace.Stage(vmap.Map(g), ramp(trace.Float32, 8, 4))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.stage()
			require.NoError(t, err)
			require.NoError(t, trace.Check(p))
			got := fmt.Sprintf("%+v\n", p)
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), got)
		})
	}
}

func TestBadInput(t *testing.T) {
	add := func(a, b *trace.Array) *trace.Array { return trace.Add(a, b) }
	cases := []struct {
		name string
		run  func()
		want string
	}{
		{"different sizes", func() { vmap.Map(add)(trace.Zeros(trace.Float32, 3), trace.Zeros(trace.Float32, 4)) }, "different batch sizes: 3 for leaf (the argument itself) of argument 0"},
		{"axis out of range", func() { vmap.Map(trace.Sin, vmap.InAxes(2))(trace.Zeros(trace.Float32, 3)) }, "batch axis 2 is out of range"},
		{"empty batch", func() { vmap.Map(trace.Sin)(trace.Zeros(trace.Float32, 0, 2)) }, "the batch is empty"},
		{"nothing mapped", func() {
			vmap.Map(trace.Sin, vmap.InAxes(vmap.NotMapped))(trace.Zeros(trace.Float32, 3))
		}, "no argument of func(*trace.Array) *trace.Array is mapped"},
		{"not a function", func() { vmap.Map(42) }, "needs a non-nil function, got int"},
		{"in axes count", func() { vmap.Map(add, vmap.InAxes(0)) }, "InAxes has 1 entries for 2 arguments"},
		{"scalar leaf", func() { vmap.Map(trace.Sin)(trace.Scalar(1)) }, "batch axis 0 is out of range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := trace.Try(c.run)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
