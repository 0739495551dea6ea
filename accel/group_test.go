package accel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// mixed is one fusion group that exercises every kind of location: inputs,
// a scalar fill, row and column broadcasts, a sin/cos pair (one sincos
// instruction), values used long after they are made (so registers must
// not be reused too early), comparisons, select, converts, an
// intermediate that is also an output (written straight to its buffer),
// and three full-reduction sinks.
func mixed(x, y, row, col *trace.Array) []*trace.Array {
	s, c := trace.Sin(x), trace.Cos(x)
	a := trace.Add(trace.Mul(s, y), trace.Scalar32(0.5))
	b := trace.Sub(trace.Mul(c, row), col)
	m := trace.Where(trace.Less(a, b), a, trace.Exp(trace.Neg(trace.Abs(b))))
	k := trace.Convert(trace.Convert(trace.Mul(m, trace.Scalar32(8)), trace.Int32), trace.Float32)
	out := trace.Add(trace.Div(k, trace.Add(trace.Abs(y), trace.Scalar32(1))), trace.Mul(s, c))
	return []*trace.Array{out, a, trace.Sum(out), trace.Max(b), trace.Min(m)}
}

// firstDiff returns the first index where a and b differ (NaNs equal), or -1.
func firstDiff(a, b []float64) int {
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}

func randArray(r *rand.Rand, shape ...int) *trace.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.Float64()*6 - 3)
	}
	return trace.Reshape(trace.FromFloat32s(v), shape...)
}

// The chunked group equals eager evaluation on shapes below one chunk,
// around chunk multiples, and large enough to be split across workers.
// Elementwise values agree bitwise (the same kernels run on the same
// values); the sum differs only in the order of additions (chunks summed
// in float64), bounded by 4 ulps of the largest |value| per element summed.
func TestGroupEqualsEager(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, rows := range []int{1, 3, 64, 97, 2500, 20011} {
		const cols = 33
		t.Run(fmt.Sprint("rows=", rows), func(t *testing.T) {
			x, y := randArray(r, rows, cols), randArray(r, rows, cols)
			row, col := randArray(r, cols), randArray(r, rows, 1)
			f := func(in [4]*trace.Array) []*trace.Array { return mixed(in[0], in[1], in[2], in[3]) }
			in := [4]*trace.Array{x, y, row, col}
			want := f(in)
			got := accel.Jit(f)(in)
			for i := range want {
				require.Equal(t, want[i].Aval(), got[i].Aval(), "output %d", i)
				if i == 2 {
					assert.InDelta(t, want[i].Item(), got[i].Item(), float64(rows*cols)*4*0x1p-23*8, "sum")
					continue
				}
				w, g := want[i].Float64s(), got[i].Float64s()
				if k := firstDiff(w, g); k >= 0 {
					t.Errorf("output %d differs first at %d: eager %v, jit %v", i, k, w[k], g[k])
				}
			}
		})
	}
}

// Groups over arrays too large for the caches prefetch from their first
// transcendental instruction, which then runs each chunk in pieces; a last
// chunk of fewer elements than a piece (here 5) must still run whole and
// once. Results equal eager evaluation bit for bit.
func TestGroupPrefetchingEqualsEager(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{300*1024 + 5, 300*1024 + 16, 300*1024 + 700} {
		x, y := randArray(r, n), randArray(r, n)
		f := func(in [2]*trace.Array) []*trace.Array {
			s := trace.Sin(in[0])
			return []*trace.Array{trace.Add(trace.Mul(s, in[1]), trace.Exp(in[1])), trace.Sub(in[0], s)}
		}
		want, got := f([2]*trace.Array{x, y}), accel.Jit(f)([2]*trace.Array{x, y})
		for i := range want {
			if k := firstDiff(want[i].Float64s(), got[i].Float64s()); k >= 0 {
				t.Fatalf("n=%d, output %d differs first at %d", n, i, k)
			}
		}
	}
}

// Large groups run in blocks handed out to whichever worker is free, and
// sinks combine per-block results in block order: repeated calls give
// bitwise the same sums, maxima and minima, whatever the scheduling.
func TestGroupSinksDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const rows, cols = 30011, 33 // about 60 blocks, the last one partial
	in := [4]*trace.Array{randArray(r, rows, cols), randArray(r, rows, cols), randArray(r, cols), randArray(r, rows, 1)}
	f := accel.Jit(func(in [4]*trace.Array) []*trace.Array { return mixed(in[0], in[1], in[2], in[3])[2:] })
	first := f(in)
	for call := range 30 {
		got := f(in)
		for i := range got {
			require.Equal(t, math.Float64bits(first[i].Item()), math.Float64bits(got[i].Item()), "call %d, sink %d: %v then %v", call, i, first[i].Item(), got[i].Item())
		}
	}
}

// A sink reads its argument where the program reduces it: the argument's
// register, dead after the sink, is reused by a later instruction of the
// same group, which must not change the sum (it once did: sinks ran after
// every instruction of the chunk and summed x+x instead of x·x).
func TestGroupSinkBeforeRegisterReuse(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{5, 4096, kernels.ParallelMin + 37} {
		x := randArray(r, n)
		f := func(x *trace.Array) []*trace.Array {
			s := trace.Sum(trace.Mul(x, x))
			return []*trace.Array{s, trace.Mul(trace.Add(x, x), x), trace.Max(trace.Sin(x))}
		}
		p, err := trace.Stage(f, x)
		require.NoError(t, err)
		exe, err := accel.Compile(p)
		require.NoError(t, err)
		require.Contains(t, exe.String(), "1 registers", "the sum's register is reused: %s", exe)
		want, got := f(x), accel.Jit(f)(x)
		// The sum differs from eager's only in the order of additions.
		assert.InDelta(t, want[0].Item(), got[0].Item(), float64(n)*9*4*0x1p-23*8, "n=%d: sum of x·x", n)
		assert.Equal(t, want[2].Item(), got[2].Item(), "n=%d: max of sin x", n)
		if k := firstDiff(want[1].Float64s(), got[1].Float64s()); k >= 0 {
			t.Errorf("n=%d: (x+x)·x differs first at %d", n, k)
		}
	}
}

// The compiled group reads the lazily broadcast operands, merges the
// sin/cos pair and reuses dead registers: a chain of 40 unary operations
// needs two registers, not forty.
func TestGroupPlan(t *testing.T) {
	x := trace.Zeros(trace.Float32, 4096)
	p, err := trace.Stage(func(x *trace.Array) *trace.Array {
		y := x
		for i := range 40 {
			if i%2 == 0 {
				y = trace.Tanh(y)
			} else {
				y = trace.Neg(y)
			}
		}
		return trace.Add(y, x)
	}, x)
	require.NoError(t, err)
	exe, err := accel.Compile(p)
	require.NoError(t, err)
	assert.Contains(t, exe.String(), "(1 in, 0 fills, 0 broadcasts, 1 out, 2 registers)")

	p, err = trace.Stage(func(in [4]*trace.Array) []*trace.Array { return mixed(in[0], in[1], in[2], in[3]) },
		[4]*trace.Array{trace.Zeros(trace.Float32, 8, 5), trace.Zeros(trace.Float32, 8, 5), trace.Zeros(trace.Float32, 5), trace.Zeros(trace.Float32, 8, 1)})
	require.NoError(t, err)
	exe, err = accel.Compile(p)
	require.NoError(t, err)
	s := exe.String()
	assert.Contains(t, s, "sincos", s)
	assert.NotContains(t, s, " sin ", s)
	assert.Contains(t, s, "2 broadcasts", s)
}

// With ReuseOutputs a call returns arrays in the function's own buffers,
// which the next call overwrites; without it every call's results are its
// own.
func TestReuseOutputs(t *testing.T) {
	f := func(x *trace.Array) *trace.Array { return trace.Add(trace.Sin(x), trace.Cos(x)) }
	n := kernels.ParallelMin + 5
	x1, x2 := trace.Linspace(trace.Float32, -1, 1, n), trace.Linspace(trace.Float32, 2, 3, n)
	want1, want2 := f(x1).Float32s(), f(x2).Float32s()
	first := func(a *trace.Array) *float32 { return &a.Data().([]float32)[0] }

	reuse := accel.Jit(f, accel.ReuseOutputs())
	a := reuse(x1)
	assert.True(t, slices.Equal(want1, a.Float32s()))
	b := reuse(x2)
	assert.True(t, slices.Equal(want2, b.Float32s()))
	assert.Same(t, first(a), first(b), "one buffer, reused")
	assert.True(t, slices.Equal(want2, a.Float32s()), "the first result was overwritten")

	fresh := accel.Jit(f)
	a, b = fresh(x1), fresh(x2)
	assert.NotSame(t, first(a), first(b))
	assert.True(t, slices.Equal(want1, a.Float32s()), "results without ReuseOutputs stay valid")
	assert.True(t, slices.Equal(want2, b.Float32s()))
}
