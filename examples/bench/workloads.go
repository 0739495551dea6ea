package main

import (
	"math"
	"math/rand/v2"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

func uniform(r *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
	}
	return v
}

func normal(r *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * r.NormFloat64())
	}
	return v
}

func to32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// W1: f(x1, x2) = sum(ln x1 + x1·x2 − sin x2), value and gradient, f32.
func w1() {
	for _, n := range []int{1_000_000, 10_000_000} {
		r := rand.New(rand.NewPCG(1, 1))
		a, b := uniform(r, n, 0.5, 2), uniform(r, n, -3, 3)
		x := [2]*trace.Array{trace.FromFloat32s(to32(a)), trace.FromFloat32s(to32(b))}
		f := func(x [2]*trace.Array) *trace.Array {
			return trace.Sum(trace.Sub(trace.Add(trace.Log(x[0]), trace.Mul(x[0], x[1])), trace.Sin(x[1])))
		}
		vg := vjp.ValueAndGrad(f)
		_, g := vg(x)
		g1, g2 := g[0].Float64s(), g[1].Float64s()
		e1, e2 := 0.0, 0.0
		for i := range a {
			x1, x2 := float64(float32(a[i])), float64(float32(b[i]))
			e1 = math.Max(e1, math.Abs(g1[i]-(1/x1+x2)))
			e2 = math.Max(e2, math.Abs(g2[i]-(x1-math.Cos(x2))))
		}
		check("W1", "value_grad_eager_n"+itoa(n), "max_abs_err_g1", e1, "max_abs_err_g2", e2)
		jvg := accel.Jit(vg)
		_, jg := jvg(x)
		check("W1", "value_grad_jit_n"+itoa(n), "max_abs_diff_vs_eager_g1", maxAbsDiff(jg[0].Float64s(), g1), "max_abs_diff_vs_eager_g2", maxAbsDiff(jg[1].Float64s(), g2))
		// The reuse variant writes its gradients into the same buffers every
		// call (accel.ReuseOutputs), as the fused C reference does.
		rvg := accel.Jit(vg, accel.ReuseOutputs())
		_, rg := rvg(x)
		check("W1", "value_grad_jit_reuse_n"+itoa(n), "max_abs_diff_vs_eager_g1", maxAbsDiff(rg[0].Float64s(), g1), "max_abs_diff_vs_eager_g2", maxAbsDiff(rg[1].Float64s(), g2))
		measure("W1", "value_grad_eager", "n="+itoa(n), func() { vg(x) })
		measure("W1", "value_grad_jit", "n="+itoa(n), func() { jvg(x) })
		measure("W1", "value_grad_jit_reuse", "n="+itoa(n), func() { rvg(x) })
	}
}

type mlp struct{ W1, B1, W2, B2 *trace.Array }

// W2: MLP loss = mean((tanh(X·W1 + b1)·W2 + b2 − Y)²), value and gradient, f32.
func w2() {
	r := rand.New(rand.NewPCG(2, 2))
	X := trace.FromFloat32s(normal(r, 256*512, 1), 256, 512)
	Y := trace.FromFloat32s(normal(r, 256*10, 1), 256, 10)
	p := mlp{
		W1: trace.FromFloat32s(normal(r, 512*512, 1/math.Sqrt(512)), 512, 512),
		B1: trace.FromFloat32s(normal(r, 512, 0.1), 512),
		W2: trace.FromFloat32s(normal(r, 512*10, 1/math.Sqrt(512)), 512, 10),
		B2: trace.FromFloat32s(normal(r, 10, 0.1), 10),
	}
	loss := func(p mlp) *trace.Array {
		h := trace.Tanh(trace.Add(trace.MatMul(X, p.W1), p.B1))
		return trace.Mean(trace.Square(trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), Y)))
	}
	vg := vjp.ValueAndGrad(loss)
	_, g := vg(p)
	// Closed form for b2's gradient: 2/(256·10) · Σ_rows (out − Y).
	h := trace.Tanh(trace.Add(trace.MatMul(X, p.W1), p.B1))
	resid := trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), Y)
	want := trace.Mul(trace.Sum(resid, 0), trace.Scalar(2.0/2560)).Float64s()
	e := 0.0
	for i, v := range g.B2.Float64s() {
		e = math.Max(e, math.Abs(v-want[i]))
	}
	check("W2", "value_and_grad_eager", "max_abs_err_b2", e)
	jvg := accel.Jit(vg)
	_, jg := jvg(p)
	check("W2", "value_and_grad_jit", "max_abs_err_b2", maxAbsDiff(jg.B2.Float64s(), want), "max_abs_diff_vs_eager_w1", maxAbsDiff(jg.W1.Float64s(), g.W1.Float64s()))
	measure("W2", "value_and_grad_eager", "", func() { vg(p) })
	measure("W2", "value_and_grad_jit", "", func() { jvg(p) })
}

// W6: 4th derivative of tanh at 10,000 points, f64, by nested gradients of
// the sum (the points are independent, so each partial is the pointwise
// derivative), and by vmap of the scalar grad⁴.
func w6() {
	r := rand.New(rand.NewPCG(6, 6))
	xs := uniform(r, 10_000, -3, 3)
	x := trace.FromFloat64s(xs)
	sgrad := func(f func(*trace.Array) *trace.Array) func(*trace.Array) *trace.Array {
		return vjp.Grad(func(z *trace.Array) *trace.Array { return trace.Sum(f(z)) })
	}
	d4 := sgrad(sgrad(sgrad(sgrad(trace.Tanh))))
	got := d4(x).Float64s()
	e := 0.0
	for i, v := range xs {
		t := math.Tanh(v)
		e = math.Max(e, math.Abs(got[i]-8*t*(2-3*t*t)*(1-t*t)))
	}
	check("W6", "grad4_sum_trick_eager", "max_abs_err", e)
	jd4 := accel.Jit(d4)
	check("W6", "grad4_sum_trick_jit", "max_abs_diff_vs_eager", maxAbsDiff(jd4(x).Float64s(), got))
	measure("W6", "grad4_sum_trick_eager", "", func() { d4(x) })
	measure("W6", "grad4_sum_trick_jit", "", func() { jd4(x) })

	// vmap of grad⁴ of the scalar function tanh: each point is a scalar
	// example of one batched evaluation.
	v4 := vmap.Map(vjp.Grad(vjp.Grad(vjp.Grad(vjp.Grad(trace.Tanh)))))
	got = v4(x).Float64s()
	e = 0.0
	for i, v := range xs {
		t := math.Tanh(v)
		e = math.Max(e, math.Abs(got[i]-8*t*(2-3*t*t)*(1-t*t)))
	}
	check("W6", "vmap_grad4_eager", "max_abs_err", e)
	jv4 := accel.Jit(v4)
	check("W6", "vmap_grad4_jit", "max_abs_diff_vs_eager", maxAbsDiff(jv4(x).Float64s(), got))
	measure("W6", "vmap_grad4_eager", "", func() { v4(x) })
	measure("W6", "vmap_grad4_jit", "", func() { jv4(x) })
}

func itoa(n int) string {
	switch n {
	case 1_000_000:
		return "1e6"
	case 10_000_000:
		return "1e7"
	}
	return "n"
}
