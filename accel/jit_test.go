package accel_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

func seed(x *trace.Array) *trace.Array {
	return trace.Sum(trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x)))
}

func TestCacheBySignature(t *testing.T) {
	var st accel.CacheStats
	f := accel.Jit(seed, accel.Stats(&st), accel.CacheSize(2))
	x3 := trace.FromFloat64s([]float64{1, 2, 3})
	assert.Equal(t, seed(x3).Item(), f(x3).Item())
	f(x3)
	assert.Equal(t, int64(1), st.Misses.Load())
	assert.Equal(t, int64(1), st.Hits.Load())
	// A new shape, a new dtype and a weak scalar are new signatures.
	f(trace.FromFloat64s([]float64{1, 2}))
	f(trace.FromFloat32s([]float32{1, 2, 3}))
	assert.Equal(t, int64(3), st.Misses.Load())
	assert.Equal(t, int64(1), st.Evictions.Load(), "the cache holds two signatures")
	f(x3) // evicted (least recently used), so compiled again
	assert.Equal(t, int64(4), st.Misses.Load())
	f(trace.Scalar(2))
	f(trace.FromFloat64s([]float64{2}, []int{}...))
	assert.Equal(t, int64(6), st.Misses.Load(), "a weak scalar and a strong one differ")
}

func TestJitPytreesAndResults(t *testing.T) {
	type params struct{ W, B *trace.Array }
	x := trace.FromFloat64s([]float64{1, 2})
	loss := func(p params) *trace.Array { return trace.Square(trace.Add(trace.Sum(trace.Mul(p.W, x)), p.B)) }
	p := params{W: trace.FromFloat64s([]float64{0.5, 0.25}), B: trace.Scalar(1)}
	step := accel.Jit(vjp.ValueAndGrad(loss))
	l, g := step(p)
	wl, wg := vjp.ValueAndGrad(loss)(p)
	assert.Equal(t, wl.Item(), l.Item())
	assert.Equal(t, wg.W.Float64s(), g.W.Float64s())
	assert.Equal(t, wg.B.Float64s(), g.B.Float64s())
	// Several arguments and results.
	two := accel.Jit(func(a, b *trace.Array) (*trace.Array, []*trace.Array) {
		return trace.Add(a, b), []*trace.Array{a, trace.Mul(a, b)}
	})
	s, rest := two(x, x)
	assert.Equal(t, []float64{2, 4}, s.Float64s())
	assert.Equal(t, []float64{1, 2}, rest[0].Float64s())
	assert.Equal(t, []float64{1, 4}, rest[1].Float64s())
}

// Jit composes: inside a transform it is inlined.
func TestJitComposes(t *testing.T) {
	x := trace.FromFloat64s([]float64{1, 2, 3})
	jf := accel.Jit(seed)
	assert.Equal(t, vjp.Grad(seed)(x).Float64s(), vjp.Grad(jf)(x).Float64s())
	xs := trace.Reshape(trace.Linspace(trace.Float64, 0.5, 2, 6), 2, 3)
	want := vmap.Map(seed)(xs).Float64s()
	assert.Equal(t, want, vmap.Map(jf)(xs).Float64s())
	assert.Equal(t, want, accel.Jit(vmap.Map(seed))(xs).Float64s())
	p, err := trace.Stage(jf, x)
	require.NoError(t, err)
	assert.Contains(t, p.String(), "log")
}

func TestJitBadInput(t *testing.T) {
	err := trace.Try(func() { accel.Jit(42) })
	assert.ErrorContains(t, err, "needs a non-nil function, got int")
	f := accel.Jit(func(a, b *trace.Array) *trace.Array { return trace.MatMul(a, b) })
	err = trace.Try(func() { f(trace.Zeros(trace.Float32, 2, 3), trace.Zeros(trace.Float32, 4, 2)) })
	assert.ErrorContains(t, err, "MatMul")
	err = trace.Try(func() { accel.Jit(seed, accel.CacheSize(0)) })
	assert.ErrorContains(t, err, "CacheSize(0)")
}

// One jitted function called from 8 goroutines at once (run with -race).
func TestJitConcurrent(t *testing.T) {
	var st accel.CacheStats
	f := accel.Jit(vjp.Grad(seed), accel.Stats(&st))
	inputs := make([]*trace.Array, 8)
	want := make([][]float64, 8)
	for i := range inputs {
		inputs[i] = trace.Linspace(trace.Float64, 0.5, float64(i+2), 3000+i%2)
		want[i] = vjp.Grad(seed)(inputs[i]).Float64s()
	}
	var wg sync.WaitGroup
	got := make([][]float64, 8)
	for i := range inputs {
		wg.Go(func() {
			for range 20 {
				got[i] = f(inputs[i]).Float64s()
			}
		})
	}
	wg.Wait()
	for i := range inputs {
		assert.Equal(t, want[i], got[i], "goroutine %d", i)
	}
	assert.LessOrEqual(t, st.Misses.Load(), int64(8), "two signatures, each compiled at most once per racing goroutine")
}

func TestCompileShowsFusion(t *testing.T) {
	p, err := trace.Stage(vjp.Grad(seed), trace.Zeros(trace.Float32, 4096))
	require.NoError(t, err)
	exe, err := accel.Compile(p)
	require.NoError(t, err)
	s := exe.String()
	assert.Contains(t, s, "fused[4096]")
	assert.Equal(t, 1, strings.Count(s, "fused["), "one fusion group:\n%s", s)
	outs, err := exe.Run(trace.Linspace(trace.Float32, 0.5, 2, 4096))
	require.NoError(t, err)
	assert.Equal(t, []int{4096}, outs[0].Shape())
	_, err = exe.Run(trace.Zeros(trace.Float64, 4096))
	assert.ErrorContains(t, err, "input 0 is f64[4096], the program expects f32[4096]")
}
