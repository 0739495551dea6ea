package accel_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func uniform32(r *rand.Rand, n int, lo, hi float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(lo + (hi-lo)*r.Float64())
	}
	return v
}

func w1Fn(x [2]*trace.Array) *trace.Array {
	return trace.Sum(trace.Sub(trace.Add(trace.Log(x[0]), trace.Mul(x[0], x[1])), trace.Sin(x[1])))
}

// BenchmarkW1 is workload W1 (value and gradient of sum(ln x1 + x1·x2 −
// sin x2), f32, N = 1e6), eager and jitted.
func BenchmarkW1(b *testing.B) {
	const n = 1_000_000
	r := rand.New(rand.NewPCG(1, 1))
	x := [2]*trace.Array{trace.FromFloat32s(uniform32(r, n, 0.5, 2)), trace.FromFloat32s(uniform32(r, n, -3, 3))}
	vg := vjp.ValueAndGrad(w1Fn)
	jit := accel.Jit(vg)
	b.Run("impl=eager", func(b *testing.B) {
		b.SetBytes(8 * n)
		for b.Loop() {
			vg(x)
		}
	})
	b.Run("impl=jit", func(b *testing.B) {
		b.SetBytes(8 * n)
		jit(x)
		for b.Loop() {
			jit(x)
		}
	})
}

type mlp struct{ W1, B1, W2, B2 *trace.Array }

func normal32(r *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * r.NormFloat64())
	}
	return v
}

// BenchmarkW2 is workload W2 (MLP value and gradient), eager and jitted.
func BenchmarkW2(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	x := trace.FromFloat32s(normal32(r, 256*512, 1), 256, 512)
	y := trace.FromFloat32s(normal32(r, 256*10, 1), 256, 10)
	p := mlp{
		W1: trace.FromFloat32s(normal32(r, 512*512, 1/math.Sqrt(512)), 512, 512),
		B1: trace.FromFloat32s(normal32(r, 512, 0.1), 512),
		W2: trace.FromFloat32s(normal32(r, 512*10, 1/math.Sqrt(512)), 512, 10),
		B2: trace.FromFloat32s(normal32(r, 10, 0.1), 10),
	}
	loss := func(p mlp) *trace.Array {
		h := trace.Tanh(trace.Add(trace.MatMul(x, p.W1), p.B1))
		return trace.Mean(trace.Square(trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), y)))
	}
	vg := vjp.ValueAndGrad(loss)
	jit := accel.Jit(vg)
	b.Run("impl=eager", func(b *testing.B) {
		for b.Loop() {
			vg(p)
		}
	})
	b.Run("impl=jit", func(b *testing.B) {
		jit(p)
		for b.Loop() {
			jit(p)
		}
	})
}

// BenchmarkJitOverhead is the per-call overhead of a jitted function on a
// cached signature (target ≤ 5 µs): flattening, the signature key, the cache
// lookup and running a one-primitive executable on 4 elements.
func BenchmarkJitOverhead(b *testing.B) {
	x := trace.FromFloat32s([]float32{1, 2, 3, 4})
	f := accel.Jit(trace.Sin)
	f(x)
	for b.Loop() {
		f(x)
	}
}

// BenchmarkStageAndCompile1000 stages a 1,000-equation function and compiles
// it (target ≤ 50 ms).
func BenchmarkStageAndCompile1000(b *testing.B) {
	f := func(x *trace.Array) *trace.Array {
		y := x
		for i := range 1000 {
			switch i % 4 {
			case 0:
				y = trace.Sin(y)
			case 1:
				y = trace.Mul(y, x)
			case 2:
				y = trace.Add(y, x)
			default:
				y = trace.Tanh(y)
			}
		}
		return y
	}
	x := trace.Zeros(trace.Float32, 16)
	for b.Loop() {
		p, err := trace.Stage(f, x)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := accel.Compile(p); err != nil {
			b.Fatal(err)
		}
	}
}
