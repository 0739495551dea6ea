package vjp_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func normal32(r *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * r.NormFloat64())
	}
	return v
}

// BenchmarkW2ValueAndGrad is workload W2 of BENCHMARKS.md, eager: the value
// and gradient of an MLP loss (X 256×512, W1 512×512, W2 512×10), f32.
func BenchmarkW2ValueAndGrad(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	x := trace.FromFloat32s(normal32(r, 256*512, 1), 256, 512)
	y := trace.FromFloat32s(normal32(r, 256*10, 1), 256, 10)
	p := mlp{
		W1: trace.FromFloat32s(normal32(r, 512*512, 1/math.Sqrt(512)), 512, 512),
		B1: trace.FromFloat32s(normal32(r, 512, 0.1), 512),
		W2: trace.FromFloat32s(normal32(r, 512*10, 1/math.Sqrt(512)), 512, 10),
		B2: trace.FromFloat32s(normal32(r, 10, 0.1), 10),
	}
	vg := vjp.ValueAndGrad(mlpLoss(x, y))
	for b.Loop() {
		vg(p)
	}
}

// BenchmarkW6FourthDerivative is workload W6, eager: the 4th derivative of
// tanh at 10,000 points by four nested gradients of the sum, f64.
func BenchmarkW6FourthDerivative(b *testing.B) {
	x := trace.Linspace(trace.Float64, -3, 3, 10_000)
	sgrad := func(f func(*trace.Array) *trace.Array) func(*trace.Array) *trace.Array {
		return vjp.Grad(func(z *trace.Array) *trace.Array { return trace.Sum(f(z)) })
	}
	d4 := sgrad(sgrad(sgrad(sgrad(trace.Tanh))))
	b.SetBytes(8 * 10_000)
	for b.Loop() {
		d4(x)
	}
}
