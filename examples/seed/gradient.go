package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// handGrad is the gradient differentiated by hand:
// ∂f/∂x1 = 1/x1 + x2, ∂f/∂x2 = x1 − cos x2.
func handGrad(x1, x2 float64) []float64 { return []float64{1/x1 + x2, x1 - math.Cos(x2)} }

// stepError is the error of the central-difference gradient with step h.
type stepError struct {
	h   float64
	err []float64 // |numerical − exact| per component
}

// maxErr is the larger of the component errors.
func (s stepError) maxErr() float64 { return max(s.err[0], s.err[1]) }

// steps are the finite-difference steps swept: 1e-1, 1e-2, …, 1e-13.
func steps() []float64 {
	hs := make([]float64, 13)
	for i := range hs {
		hs[i] = math.Pow(10, -float64(i+1))
	}
	return hs
}

// sweepSteps differentiates f at x by central differences with each step h
// and measures the error against the exact gradient.
func sweepSteps(x *trace.Array, exact []float64) []stepError {
	var out []stepError
	for _, h := range steps() {
		g := jacobian.NumericalStep(f, x, h).Float64s()
		out = append(out, stepError{h, []float64{math.Abs(g[0] - exact[0]), math.Abs(g[1] - exact[1])}})
	}
	return out
}

// best returns the sweep entry with the smallest error.
func best(sweep []stepError) stepError {
	b := sweep[0]
	for _, s := range sweep[1:] {
		if s.maxErr() < b.maxErr() {
			b = s
		}
	}
	return b
}

// printGradients prints section 4: the gradient by hand, numerically,
// symbolically (the staged derivative program) and automatically, and the
// error of central differences as a function of the step. It returns the
// step sweep for the plot.
func printGradients(w io.Writer, x *trace.Array) ([]stepError, error) {
	xs := x.Float64s()
	exact := handGrad(xs[0], xs[1])
	fmt.Fprintf(w, "4. The gradient ∇f(%v, %v) four ways\n", xs[0], xs[1])

	// Numerical: central differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h.
	sweep := sweepSteps(x, exact)
	fmt.Fprintf(w, "   Central differences: error |numerical − exact| against the step h\n")
	fmt.Fprintf(w, "   %-7s  %-9s  %s\n", "h", "∂f/∂x1", "∂f/∂x2")
	for _, s := range sweep {
		fmt.Fprintf(w, "   %-7.0e  %-9.1e  %.1e\n", s.h, s.err[0], s.err[1])
	}
	b := best(sweep)
	fmt.Fprintf(w, "   (an error of 0 is a lucky exact hit of the rounded quotient)\n")
	fmt.Fprintf(w, "   best h = %.0e (max error %.1e): above it truncation error falls as h²,\n", b.h, b.maxErr())
	fmt.Fprintf(w, "   below it round-off error grows as ε·|f|/h (ε = 2⁻⁵² ≈ 2.2e-16); h ≈ ∛ε balances them.\n\n")

	// Symbolic: the gradient as a program, staged from reverse mode and
	// simplified. Each subexpression appears once: no expression swell.
	prog, err := trace.Stage(vjp.Grad(f), x)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "   Symbolic derivative, trace.Stage(vjp.Grad(f), x):\n")
	fmt.Fprintf(w, "   %s\n\n", strings.ReplaceAll(fmt.Sprintf("%+v", prog), "\n", "\n   "))
	symbolic, err := trace.Eval(prog, x)
	if err != nil {
		return nil, err
	}

	// Automatic: reverse mode gives the whole gradient in one pass, forward
	// mode one column per pass.
	reverse := vjp.Grad(f)(x).Float64s()
	forward := make([]float64, 2)
	for i := range forward {
		e := make([]float64, 2)
		e[i] = 1
		_, d := jvp.JVP(f, x, trace.FromFloat64s(e))
		forward[i] = d.Item()
	}

	rows := []struct {
		method string
		g      []float64
	}{
		{"hand-written (1/x1 + x2, x1 − cos x2)", exact},
		{fmt.Sprintf("numerical, best h = %.0e", b.h), jacobian.NumericalStep(f, x, b.h).Float64s()},
		{"numerical, jacobian.Numerical (h = ∛ε)", jacobian.Numerical(f, x).Float64s()},
		{"symbolic, trace.Eval of the program", symbolic[0].Float64s()},
		{"automatic, reverse: vjp.Grad", reverse},
		{"automatic, forward: jvp.JVP along e1, e2", forward},
	}
	fmt.Fprintf(w, "   %-42s  %-20s  %-20s  %s\n", "method", "∂f/∂x1", "∂f/∂x2", "max |error|")
	for _, r := range rows {
		e := max(math.Abs(r.g[0]-exact[0]), math.Abs(r.g[1]-exact[1]))
		fmt.Fprintf(w, "   %s  %-20v  %-20v  %.1e\n", pad(r.method, 42), r.g[0], r.g[1], e)
	}
	fmt.Fprintln(w)
	return sweep, nil
}
