package jacobian_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// benchNormal32 returns n seeded normal float32 values times scale.
func benchNormal32(r *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * r.NormFloat64())
	}
	return v
}

// BenchmarkW3 is workload W3 of BENCHMARKS.md: the full 256×256 Jacobian of
// f(x) = tanh(W·x + b), f32, in reverse mode (one linearization, the VJP
// batched over the output basis), in forward mode (the JVP batched over the
// input basis), and by the baseline the batched modes must beat by ≥ 10×:
// one VJP, then a Go loop over the 256 basis cotangents. Bytes are those of
// the Jacobian produced (256 KiB).
func BenchmarkW3(b *testing.B) {
	const n = 256
	r := rand.New(rand.NewPCG(3, 3))
	W := trace.FromFloat32s(benchNormal32(r, n*n, 1/math.Sqrt(n)), n, n)
	bias := trace.FromFloat32s(benchNormal32(r, n, 0.1))
	x := trace.FromFloat32s(benchNormal32(r, n, 1))
	f := func(x *trace.Array) *trace.Array { return trace.Tanh(trace.Add(trace.MatMul(W, x), bias)) }
	eye := trace.Eye(trace.Float32, n)
	basis := make([]*trace.Array, n)
	for i := range basis {
		basis[i] = trace.Index(eye, i)
	}
	variants := []struct {
		name string
		fn   func() *trace.Array
	}{
		{"Rev", func() *trace.Array { return jacobian.Rev(f)(x) }},
		{"Fwd", func() *trace.Array { return jacobian.Fwd(f)(x) }},
		{"LoopVJP", func() *trace.Array {
			_, back := vjp.VJP(f, x)
			rows := make([]*trace.Array, n)
			for i, e := range basis {
				rows[i] = back(e)
			}
			return trace.Stack(0, rows...)
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			if s := v.fn().Shape(); len(s) != 2 || s[0] != n || s[1] != n {
				b.Fatalf("Jacobian shape %v, want [%d %d]", s, n, n)
			}
			b.SetBytes(n * n * 4)
			for b.Loop() {
				v.fn()
			}
		})
	}
}

// BenchmarkW5Hessian is workload W5: the full Hessian of
// f(x) = Σ sin(x) ⊙ (A·x), x ∈ R^128, A 128×128, f64, by jacobian.Hessian
// (forward over reverse). Bytes are those of the Hessian (128 KiB).
func BenchmarkW5Hessian(b *testing.B) {
	const n = 128
	r := rand.New(rand.NewPCG(5, 5))
	a := make([]float64, n*n)
	for i := range a {
		a[i] = r.NormFloat64() / math.Sqrt(n)
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.NormFloat64()
	}
	A, x := trace.FromFloat64s(a, n, n), trace.FromFloat64s(xs)
	hess := jacobian.Hessian(func(x *trace.Array) *trace.Array {
		return trace.Sum(trace.Mul(trace.Sin(x), trace.MatMul(A, x)))
	})
	// One entry against the closed form H_00 = 2·cos(x_0)·A_00 − sin(x_0)·(A·x)_0.
	u := 0.0
	for j := range n {
		u += a[j] * xs[j]
	}
	if got, want := hess(x).Float64s()[0], 2*math.Cos(xs[0])*a[0]-math.Sin(xs[0])*u; math.Abs(got-want) > 1e-12 {
		b.Fatalf("H[0][0] = %v, want %v", got, want)
	}
	b.SetBytes(n * n * 8)
	for b.Loop() {
		hess(x)
	}
}
