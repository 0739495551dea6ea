package main

import (
	"math"
	"math/rand/v2"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

// W3: full Jacobian of f(x) = tanh(W·x + b), x ∈ R^256, W 256×256, f32, by
// reverse mode (vmap of the VJP over the output basis), forward mode (vmap
// of the JVP over the input basis) and the baseline: one VJP, then a Go loop
// over the 256 basis cotangents.
func w3() {
	const n = 256
	r := rand.New(rand.NewPCG(3, 3))
	wData, bData, xData := normal(r, n*n, 1/math.Sqrt(n)), normal(r, n, 0.1), normal(r, n, 1)
	W, b, x := trace.FromFloat32s(wData, n, n), trace.FromFloat32s(bData), trace.FromFloat32s(xData)
	f := func(x *trace.Array) *trace.Array { return trace.Tanh(trace.Add(trace.MatMul(W, x), b)) }
	eye := trace.Eye(trace.Float32, n)
	basis := make([]*trace.Array, n)
	for i := range basis {
		basis[i] = trace.Index(eye, i)
	}
	loop := func() *trace.Array {
		_, back := vjp.VJP(f, x)
		rows := make([]*trace.Array, n)
		for i, e := range basis {
			rows[i] = back(e)
		}
		return trace.Stack(0, rows...)
	}
	// Closed form in float64 from the float32 data: J = diag(1 − tanh²(Wx + b))·W.
	want := make([]float64, n*n)
	for i := range n {
		z := float64(bData[i])
		for j := range n {
			z += float64(wData[i*n+j]) * float64(xData[j])
		}
		d := 1 - math.Tanh(z)*math.Tanh(z)
		for j := range n {
			want[i*n+j] = d * float64(wData[i*n+j])
		}
	}
	jr, jf := jacobian.Rev(f), jacobian.Fwd(f)
	jjr, jjf := accel.Jit(jr), accel.Jit(jf)
	variants := []struct {
		name string
		fn   func() *trace.Array
	}{
		{"jacrev_eager", func() *trace.Array { return jr(x) }},
		{"jacfwd_eager", func() *trace.Array { return jf(x) }},
		{"loop_vjp_eager", loop},
		{"jacrev_jit", func() *trace.Array { return jjr(x) }},
		{"jacfwd_jit", func() *trace.Array { return jjf(x) }},
	}
	for _, v := range variants {
		check("W3", v.name, "max_abs_err", maxAbsErr(v.fn(), want, n, n))
	}
	for _, v := range variants { // timed with the same (reference-free) heap
		measure("W3", v.name, "", func() { v.fn() })
	}
}

// W4: per-example gradients of an MLP 64→128→10 (tanh), per-example loss
// Σ(out − y)², batch 256, f32: vmap of grad and a Go loop of grad.
func w4() {
	const B, I, H, O = 256, 64, 128, 10
	r := rand.New(rand.NewPCG(4, 4))
	xs, ys := normal(r, B*I, 1), normal(r, B*O, 1)
	p := mlp{
		W1: trace.FromFloat32s(normal(r, I*H, 1/math.Sqrt(I)), I, H),
		B1: trace.FromFloat32s(normal(r, H, 0.1), H),
		W2: trace.FromFloat32s(normal(r, H*O, 1/math.Sqrt(H)), H, O),
		B2: trace.FromFloat32s(normal(r, O, 0.1), O),
	}
	X, Y := trace.FromFloat32s(xs, B, I), trace.FromFloat32s(ys, B, O)
	type example struct{ X, Y *trace.Array }
	grad := func(p mlp, e example) mlp {
		return vjp.Grad(func(p mlp) *trace.Array {
			h := trace.Tanh(trace.Add(trace.MatMul(e.X, p.W1), p.B1))
			return trace.Sum(trace.Square(trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), e.Y)))
		})(p)
	}
	perEx := vmap.Map(grad, vmap.InAxes(vmap.NotMapped, 0))
	loop := func() mlp {
		var w1, b1, w2, b2 []*trace.Array
		for i := range B {
			g := grad(p, example{trace.Index(X, i), trace.Index(Y, i)})
			w1, b1, w2, b2 = append(w1, g.W1), append(b1, g.B1), append(w2, g.W2), append(b2, g.B2)
		}
		return mlp{trace.Stack(0, w1...), trace.Stack(0, b1...), trace.Stack(0, w2...), trace.Stack(0, b2...)}
	}

	// Closed form in float64: h = tanh(x·W1 + b1), dO = 2(h·W2 + b2 − y),
	// dZ = (dO·W2ᵀ) ⊙ (1 − h²); per example gW1 = x⊗dZ, gb1 = dZ,
	// gW2 = h⊗dO, gb2 = dO.
	w1, b1, w2, b2 := p.W1.Float64s(), p.B1.Float64s(), p.W2.Float64s(), p.B2.Float64s()
	ref := [4][]float64{make([]float64, B*I*H), make([]float64, B*H), make([]float64, B*H*O), make([]float64, B*O)}
	for e := range B {
		h, dO, dZ := make([]float64, H), make([]float64, O), make([]float64, H)
		for j := range H {
			z := b1[j]
			for i := range I {
				z += float64(xs[e*I+i]) * w1[i*H+j]
			}
			h[j] = math.Tanh(z)
		}
		for k := range O {
			o := b2[k]
			for j := range H {
				o += h[j] * w2[j*O+k]
			}
			dO[k] = 2 * (o - float64(ys[e*O+k]))
		}
		for j := range H {
			s := 0.0
			for k := range O {
				s += dO[k] * w2[j*O+k]
			}
			dZ[j] = s * (1 - h[j]*h[j])
		}
		for i := range I {
			for j := range H {
				ref[0][(e*I+i)*H+j] = float64(xs[e*I+i]) * dZ[j]
			}
		}
		copy(ref[1][e*H:], dZ)
		for j := range H {
			for k := range O {
				ref[2][(e*H+j)*O+k] = h[j] * dO[k]
			}
		}
		copy(ref[3][e*O:], dO)
	}
	maxRef := 0.0
	for _, rf := range ref {
		for _, v := range rf {
			maxRef = max(maxRef, math.Abs(v))
		}
	}
	gv, gl := perEx(p, example{X, Y}), loop()
	errOf := func(g mlp) float64 {
		e := 0.0
		for k, l := range []*trace.Array{g.W1, g.B1, g.W2, g.B2} {
			e = max(e, maxAbsDiff(l.Float64s(), ref[k]))
		}
		return e
	}
	vmLoop := 0.0
	for k, l := range []*trace.Array{gv.W1, gv.B1, gv.W2, gv.B2} {
		vmLoop = max(vmLoop, maxAbsDiff(l.Float64s(), []*trace.Array{gl.W1, gl.B1, gl.W2, gl.B2}[k].Float64s()))
	}
	check("W4", "vmap_grad_eager", "max_abs_err", errOf(gv), "max_ref", maxRef, "max_abs_diff_vs_loop", vmLoop)
	check("W4", "loop_grad_eager", "max_abs_err", errOf(gl), "max_ref", maxRef)
	// Both are timed after the checks, with the 20 MB of reference data
	// already garbage: a larger live heap makes the collector run less often
	// and would flatter whichever variant ran while it was live.
	jperEx := accel.Jit(perEx)
	check("W4", "vmap_grad_jit", "max_abs_err", errOf(jperEx(p, example{X, Y})), "max_ref", maxRef)
	// The reuse variant writes the 9.8 MB of gradients into the same
	// buffers every call (accel.ReuseOutputs), as the C reference does.
	rperEx := accel.Jit(perEx, accel.ReuseOutputs())
	check("W4", "vmap_grad_jit_reuse", "max_abs_err", errOf(rperEx(p, example{X, Y})), "max_ref", maxRef)
	measure("W4", "vmap_grad_eager", "", func() { perEx(p, example{X, Y}) })
	measure("W4", "loop_grad_eager", "", func() { loop() })
	measure("W4", "vmap_grad_jit", "", func() { jperEx(p, example{X, Y}) })
	measure("W4", "vmap_grad_jit_reuse", "", func() { rperEx(p, example{X, Y}) })
}

// W5: full Hessian of f(x) = Σ sin(x) ⊙ (A·x), x ∈ R^128, A 128×128, f64,
// by jacobian.Hessian (forward over reverse).
func w5() {
	const n = 128
	r := rand.New(rand.NewPCG(5, 5))
	aData := make([]float64, n*n)
	for i := range aData {
		aData[i] = r.NormFloat64() / math.Sqrt(n)
	}
	xData := make([]float64, n)
	for i := range xData {
		xData[i] = r.NormFloat64()
	}
	A, x := trace.FromFloat64s(aData, n, n), trace.FromFloat64s(xData)
	f := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Mul(trace.Sin(x), trace.MatMul(A, x))) }
	// Closed form: with u = A·x, ∇f = cos(x) ⊙ u + Aᵀ·sin(x) and
	// H = diag(−sin(x) ⊙ u) + diag(cos x)·A + Aᵀ·diag(cos x), i.e.
	// H_ij = cos(x_i)·A_ij + A_ji·cos(x_j) − δ_ij·sin(x_i)·u_i.
	want := make([]float64, n*n)
	for i := range n {
		u := 0.0
		for j := range n {
			u += aData[i*n+j] * xData[j]
		}
		for j := range n {
			want[i*n+j] = math.Cos(xData[i])*aData[i*n+j] + aData[j*n+i]*math.Cos(xData[j])
		}
		want[i*n+i] -= math.Sin(xData[i]) * u
	}
	hess := jacobian.Hessian(f)
	check("W5", "hessian_eager", "max_abs_err", maxAbsErr(hess(x), want, n, n))
	jhess := accel.Jit(hess)
	check("W5", "hessian_jit", "max_abs_err", maxAbsErr(jhess(x), want, n, n))
	measure("W5", "hessian_eager", "", func() { hess(x) })
	measure("W5", "hessian_jit", "", func() { jhess(x) })
}

// maxAbsErr is max |got − want| for an m×n result.
func maxAbsErr(got *trace.Array, want []float64, m, n int) float64 {
	if s := got.Shape(); len(s) != 2 || s[0] != m || s[1] != n {
		return math.Inf(1) // a wrong shape fails the check visibly
	}
	return maxAbsDiff(got.Float64s(), want)
}

func maxAbsDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	e := 0.0
	for i := range a {
		e = max(e, math.Abs(a[i]-b[i]))
	}
	return e
}
