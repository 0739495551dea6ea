// Command newton minimizes the 10-dimensional Rosenbrock function
//
//	f(x) = Σ_{i<9} 100·(x_{i+1} − x_i²)² + (1 − x_i)²
//
// by Newton's method, with the gradient from vjp.Grad (reverse mode) and the
// Hessian from jacobian.Hessian (forward over reverse), in float64. Each
// iteration solves H·Δ = −g by a Cholesky factorization (gonum); where H is
// not positive definite (far from the minimum) a multiple of the identity is
// added until it is (a Levenberg-style shift), and a backtracking line search
// on f (Armijo condition) chooses the step t ∈ (0, 1]. Near the minimum the
// full Newton step t = 1 is taken and the gradient norm roughly squares
// from one iteration to the next: quadratic convergence.
//
//	go run ./examples/newton
//
// It starts from x0 = (−1.2, …, −1.2) and stops when ‖g‖ < 1e-10, printing
// the solution (all ones). The chained function also has a local minimum
// near (−1, 1, …, 1) with f ≈ 3.98658, and the 2-D start repeated,
// (−1.2, 1, −1.2, 1, …), lies in its basin: Newton from there converges
// (just as quadratically) to that point, which the program shows last.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

const (
	dim     = 10
	gradTol = 1e-10
	maxIter = 100
	eps     = 0x1p-52
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// rosenbrock is f on a 1-D array of any length ≥ 2.
func rosenbrock(x *trace.Array) *trace.Array {
	n := x.Shape()[0]
	head := trace.Slice(x, []int{0}, []int{n - 1}, nil) // x_0 … x_{n−2}
	tail := trace.Slice(x, []int{1}, []int{n}, nil)     // x_1 … x_{n−1}
	valley := trace.Sub(tail, trace.Square(head))
	return trace.Sum(trace.Add(
		trace.Mul(trace.Scalar(100), trace.Square(valley)),
		trace.Square(trace.Sub(trace.Scalar(1), head))))
}

// startPoint is x0 = (−1.2, …, −1.2), the classic start of the 2-D problem
// in every coordinate.
func startPoint(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = -1.2
	}
	return x
}

// alternatingStart is (−1.2, 1, −1.2, 1, …), the 2-D start repeated.
func alternatingStart(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
		if i%2 == 0 {
			x[i] = -1.2
		}
	}
	return x
}

// iterate records one Newton iteration: the values at x_k, and the step
// taken from there.
type iterate struct {
	k        int
	f, gnorm float64
	step     float64 // line-search step t (0 for the final point)
	dnorm    float64 // ‖t·Δ‖
	shift    float64 // τ added to the Hessian's diagonal (0: pure Newton)
}

// newton minimizes f from x0 and returns the minimizer and the history.
func newton(f func(*trace.Array) *trace.Array, x0 []float64) ([]float64, []iterate, error) {
	grad := vjp.Grad(f)
	hess := jacobian.Hessian(f)
	value := func(x []float64) float64 { return f(trace.FromFloat64s(x)).Item() }

	x := append([]float64(nil), x0...)
	n := len(x)
	var hist []iterate
	for k := 0; ; k++ {
		xa := trace.FromFloat64s(x)
		fx := value(x)
		g := grad(xa).Float64s()
		gnorm := norm(g)
		it := iterate{k: k, f: fx, gnorm: gnorm}
		if gnorm < gradTol {
			hist = append(hist, it)
			return x, hist, nil
		}
		if k == maxIter {
			return x, hist, fmt.Errorf("no convergence after %d iterations: ‖g‖ = %.3e", maxIter, gnorm)
		}

		h := hess(xa).Dense()
		delta, shift, err := newtonStep(h, g)
		if err != nil {
			return x, hist, err
		}

		// Backtracking line search with the Armijo condition
		// f(x + tΔ) ≤ f(x) + c·t·gᵀΔ; Δ is a descent direction (gᵀΔ < 0)
		// because the (shifted) Hessian is positive definite.
		slope := mat.Dot(mat.NewVecDense(n, g), delta)
		t := 1.0
		trial := make([]float64, n)
		for {
			for i := range trial {
				trial[i] = x[i] + t*delta.AtVec(i)
			}
			ft := value(trial)
			if ft <= fx+1e-4*t*slope {
				break
			}
			// Near a minimum the predicted decrease t·gᵀΔ falls below the
			// rounding of f itself; then a full, unshifted Newton step is
			// taken unless it visibly increases f.
			if t == 1 && shift == 0 && ft <= fx+64*eps*math.Abs(fx) {
				break
			}
			t /= 2
			if t < 1e-12 {
				return x, hist, errors.New("line search failed: no decrease along the Newton direction")
			}
		}
		it.step, it.shift = t, shift
		it.dnorm = t * mat.Norm(delta, 2)
		hist = append(hist, it)
		copy(x, trial)
	}
}

// newtonStep solves (H + τI)·Δ = −g with the smallest τ ∈ {0, 1e-3, 1e-2,
// ...} for which H + τI is positive definite (Cholesky succeeds).
func newtonStep(h *mat.Dense, g []float64) (*mat.VecDense, float64, error) {
	n := len(g)
	negG := mat.NewVecDense(n, nil)
	negG.ScaleVec(-1, mat.NewVecDense(n, g))
	for _, tau := range []float64{0, 1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3, 1e4} {
		s := mat.NewSymDense(n, nil)
		for i := range n {
			for j := i; j < n; j++ {
				// Symmetrize: H is symmetric up to rounding.
				s.SetSym(i, j, (h.At(i, j)+h.At(j, i))/2)
			}
			s.SetSym(i, i, s.At(i, i)+tau)
		}
		var chol mat.Cholesky
		if !chol.Factorize(s) {
			continue
		}
		var d mat.VecDense
		if err := chol.SolveVecTo(&d, negG); err != nil {
			continue
		}
		return &d, tau, nil
	}
	return nil, 0, errors.New("the Hessian could not be made positive definite")
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// run minimizes the 10-dimensional Rosenbrock function and prints the
// iterations and the solution.
func run(w io.Writer) error {
	x0 := startPoint(dim)
	fmt.Fprintf(w, "Newton's method on the %d-dimensional Rosenbrock function, float64\n", dim)
	fmt.Fprintf(w, "gradient: vjp.Grad; Hessian: jacobian.Hessian (forward over reverse); solve: gonum Cholesky\n")
	fmt.Fprintf(w, "x0 = %v\n\n", x0)
	x, hist, err := newton(rosenbrock, x0)
	fmt.Fprintf(w, "%3s  %-22s  %-10s  %-10s  %-10s  %-8s  %s\n", "k", "f(x_k)", "‖g_k‖", "step t", "‖x_k+1−x_k‖", "shift τ", "‖g_k‖/‖g_k−1‖²")
	for i, it := range hist {
		ratio := "—"
		if i > 0 {
			ratio = fmt.Sprintf("%.3g", it.gnorm/(hist[i-1].gnorm*hist[i-1].gnorm))
		}
		if i == len(hist)-1 && err == nil {
			fmt.Fprintf(w, "%3d  %-22.15e  %-10.3e  %-10s  %-10s  %-8s  %s\n", it.k, it.f, it.gnorm, "—", "—", "—", ratio)
			continue
		}
		fmt.Fprintf(w, "%3d  %-22.15e  %-10.3e  %-10.4g  %-10.3e  %-8.0e  %s\n", it.k, it.f, it.gnorm, it.step, it.dnorm, it.shift, ratio)
	}
	if err != nil {
		return err
	}
	maxErr := 0.0
	for _, v := range x {
		maxErr = max(maxErr, math.Abs(v-1))
	}
	fmt.Fprintf(w, "\nconverged in %d iterations: ‖g‖ = %.3e < %.0e\n", len(hist)-1, hist[len(hist)-1].gnorm, gradTol)
	fmt.Fprintf(w, "x* = %.12f\n", x)
	fmt.Fprintf(w, "max |x*_i − 1| = %.3e\n", maxErr)

	// The chained function has a second, local minimum near (−1, 1, …, 1),
	// and the 2-D start repeated lies in its basin.
	xa := alternatingStart(dim)
	xl, histL, err := newton(rosenbrock, xa)
	if err != nil {
		return fmt.Errorf("from %v: %w", xa, err)
	}
	fmt.Fprintf(w, "\nfrom x0 = %v Newton converges instead (%d iterations, ‖g‖ = %.1e)\n", xa, len(histL)-1, histL[len(histL)-1].gnorm)
	fmt.Fprintf(w, "to the local minimum f = %.12f at x = %.4f\n", histL[len(histL)-1].f, xl)
	return nil
}
