package vmap_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

// benchMLP and benchExample are the parameters and one example (or a batch)
// of workload W4.
type benchMLP struct{ W1, B1, W2, B2 *trace.Array }

type benchExample struct{ X, Y *trace.Array }

// benchGrad is the gradient of one example's loss Σ(tanh(x·W1 + b1)·W2 + b2 − y)².
func benchGrad(p benchMLP, e benchExample) benchMLP {
	return vjp.Grad(func(p benchMLP) *trace.Array {
		h := trace.Tanh(trace.Add(trace.MatMul(e.X, p.W1), p.B1))
		return trace.Sum(trace.Square(trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), e.Y)))
	})(p)
}

// BenchmarkW4 is workload W4 of BENCHMARKS.md: per-example gradients of an
// MLP 64→128→10 (tanh) over a batch of 256, f32, by vmap of grad and by a Go
// loop of grad (the baseline vmap must beat by ≥ 10×). Bytes are those of
// the per-example gradients written (256 × 9,610 floats, 9.8 MB), the
// workload's physical floor.
func BenchmarkW4(b *testing.B) {
	const B, I, H, O = 256, 64, 128, 10
	r := rand.New(rand.NewPCG(4, 4))
	normal := func(scale float64, shape ...int) *trace.Array {
		size := 1
		for _, d := range shape {
			size *= d
		}
		v := make([]float32, size)
		for i := range v {
			v[i] = float32(scale * r.NormFloat64())
		}
		return trace.FromFloat32s(v, shape...)
	}
	batch := benchExample{X: normal(1, B, I), Y: normal(1, B, O)}
	p := benchMLP{W1: normal(1/math.Sqrt(I), I, H), B1: normal(0.1, H), W2: normal(1/math.Sqrt(H), H, O), B2: normal(0.1, O)}
	perEx := vmap.Map(benchGrad, vmap.InAxes(vmap.NotMapped, 0))
	loop := func() benchMLP {
		var w1, b1, w2, b2 []*trace.Array
		for i := range B {
			g := benchGrad(p, benchExample{trace.Index(batch.X, i), trace.Index(batch.Y, i)})
			w1, b1, w2, b2 = append(w1, g.W1), append(b1, g.B1), append(w2, g.W2), append(b2, g.B2)
		}
		return benchMLP{trace.Stack(0, w1...), trace.Stack(0, b1...), trace.Stack(0, w2...), trace.Stack(0, b2...)}
	}
	const outBytes = B * (I*H + H + H*O + O) * 4
	b.Run("VmapGrad", func(b *testing.B) {
		if s := perEx(p, batch).W1.Shape(); len(s) != 3 || s[0] != B {
			b.Fatalf("per-example W1 gradient has shape %v", s)
		}
		b.SetBytes(outBytes)
		for b.Loop() {
			perEx(p, batch)
		}
	})
	b.Run("LoopGrad", func(b *testing.B) {
		b.SetBytes(outBytes)
		for b.Loop() {
			loop()
		}
	})
}

// BenchmarkW6VmapGrad4 is workload W6 by vmap: the fourth derivative of tanh
// at 10,000 points, f64, as vmap of grad⁴ of the scalar function. Bytes are
// those of the input and output (2 × 80 KB).
func BenchmarkW6VmapGrad4(b *testing.B) {
	const n = 10_000
	r := rand.New(rand.NewPCG(6, 6))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 6*r.Float64() - 3
	}
	x := trace.FromFloat64s(xs)
	d4 := vmap.Map(vjp.Grad(vjp.Grad(vjp.Grad(vjp.Grad(trace.Tanh)))))
	t := math.Tanh(xs[0])
	if got, want := d4(x).Float64s()[0], 8*t*(2-3*t*t)*(1-t*t); math.Abs(got-want) > 1e-12 {
		b.Fatalf("tanh⁗(%v) = %v, want %v", xs[0], got, want)
	}
	b.SetBytes(2 * n * 8)
	for b.Loop() {
		d4(x)
	}
}
