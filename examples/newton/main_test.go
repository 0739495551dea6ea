package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	text := buf.String()
	assert.Contains(t, text, "converged in")
	assert.Contains(t, text, "x* = [1.000000000000 1.000000000000")
	assert.Contains(t, text, "to the local minimum f = 3.986579112347")
}

func TestConvergesQuadratically(t *testing.T) {
	x, hist, err := newton(rosenbrock, startPoint(dim))
	require.NoError(t, err)
	for i, v := range x {
		assert.InDelta(t, 1, v, 1e-8, "x[%d]", i)
	}
	last := hist[len(hist)-1]
	assert.Less(t, last.gnorm, gradTol)
	assert.Less(t, last.f, 1e-20)

	// The last three iterations: full, unshifted Newton steps, and
	// ‖g_{k+1}‖ ≤ C·‖g_k‖². The measured ratios ‖g_{k+1}‖/‖g_k‖² are 0.14–1.3
	// (a constant of the size of ‖∇³f‖·‖H⁻¹‖² near x*); a linear rate ρ
	// would give ratios ρ/‖g_k‖ that grow as ‖g_k‖ shrinks (ρ·8e4 on the
	// last step, where ‖g_k‖ ≈ 1.3e-5), so C = 10 separates the two.
	require.GreaterOrEqual(t, len(hist), 4)
	const c = 10.0
	for k := len(hist) - 4; k < len(hist)-1; k++ {
		prev, next := hist[k], hist[k+1]
		assert.Equal(t, 1.0, prev.step, "iteration %d: step", k)
		assert.Zero(t, prev.shift, "iteration %d: shift", k)
		assert.LessOrEqual(t, next.gnorm, c*prev.gnorm*prev.gnorm,
			"iteration %d: ‖g‖ %.3e → %.3e is not quadratic", k, prev.gnorm, next.gnorm)
	}
}

func TestLocalMinimum(t *testing.T) {
	x, hist, err := newton(rosenbrock, alternatingStart(dim))
	require.NoError(t, err)
	assert.InDelta(t, 3.986579112347, hist[len(hist)-1].f, 1e-11)
	assert.InDelta(t, -0.9933, x[0], 1e-4)
	// A minimum: the Hessian there is positive definite (no shift needed).
	_, shift, err := newtonStep(jacobian.Hessian(rosenbrock)(trace.FromFloat64s(x)).Dense(), make([]float64, dim))
	require.NoError(t, err)
	assert.Zero(t, shift)
}

// closedForm returns the gradient and Hessian of the chained Rosenbrock
// function: with a_i = x_{i+1} − x_i², term i contributes
// ∂/∂x_i = −400·x_i·a_i − 2(1 − x_i), ∂/∂x_{i+1} = 200·a_i, and
// H_ii += −400·a_i + 800·x_i² + 2, H_{i,i+1} = H_{i+1,i} += −400·x_i,
// H_{i+1,i+1} += 200.
func closedForm(x []float64) ([]float64, [][]float64) {
	n := len(x)
	g := make([]float64, n)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	for i := range n - 1 {
		a := x[i+1] - x[i]*x[i]
		g[i] += -400*x[i]*a - 2*(1-x[i])
		g[i+1] += 200 * a
		h[i][i] += -400*a + 800*x[i]*x[i] + 2
		h[i][i+1] += -400 * x[i]
		h[i+1][i] += -400 * x[i]
		h[i+1][i+1] += 200
	}
	return g, h
}

func TestHessianSymmetricAndExact(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	points := [][]float64{startPoint(dim), alternatingStart(dim)}
	for range 3 {
		p := make([]float64, dim)
		for i := range p {
			p[i] = 4*r.Float64() - 2
		}
		points = append(points, p)
	}
	hess := jacobian.Hessian(rosenbrock)
	grad := vjp.Grad(rosenbrock)
	for _, p := range points {
		xa := trace.FromFloat64s(p)
		h := hess(xa)
		require.Equal(t, []int{dim, dim}, h.Shape())
		hd := h.Dense()
		gWant, hWant := closedForm(p)
		// Both triangles come from separate forward-over-reverse columns, so
		// symmetry is a real check; the entries are sums of a few products of
		// O(1e3) terms, exact to a few ulps of 1e3.
		for i := range dim {
			for j := range dim {
				assert.InDelta(t, hd.At(j, i), hd.At(i, j), 1e-12, "H[%d][%d] vs H[%d][%d] at %v", i, j, j, i, p)
				assert.InDelta(t, hWant[i][j], hd.At(i, j), 1e-11*(1+math.Abs(hWant[i][j])), "H[%d][%d] at %v", i, j, p)
			}
		}
		assert.InDeltaSlice(t, gWant, grad(xa).Float64s(), 1e-10)
	}
}
