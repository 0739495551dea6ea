// Command seed walks through the running example of Baydin et al.,
// "Automatic differentiation in machine learning: a survey" (JMLR 2018):
//
//	f(x1, x2) = ln(x1) + x1·x2 − sin(x2)   at (x1, x2) = (2, 5).
//
// It prints
//
//  1. the primal evaluation trace v₋₁ … v₅, computed with trace's eager
//     functions;
//  2. the forward (tangent) trace v̇₋₁ … v̇₅ along ẋ = (1, 0), from jvp.JVP of
//     the function that returns every intermediate;
//  3. the reverse (adjoint) trace v̄₅ … v̄₋₁, each adjoint from vjp.VJP of the
//     output with that intermediate made an input;
//  4. the gradient four ways: by hand, numerically (central differences, with
//     the error against the step h showing truncation error ∝ h² and
//     round-off error ∝ ε/h), symbolically (the staged, simplified derivative
//     program trace.Stage(vjp.Grad(f), x), evaluated with trace.Eval) and
//     automatically (vjp.Grad, jvp.JVP);
//
// and draws f(x1, 5) with ∂f/∂x1(x1, 5) (from one vjp.Grad over a grid) and
// the error of central differences against h into a PNG:
//
//	go run ./examples/seed [-out seed.png]
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/leibniz-go/leibniz/trace"
)

func main() {
	out := flag.String("out", "seed.png", "where to write the PNG plot")
	flag.Parse()
	if err := run(os.Stdout, *out); err != nil {
		log.Fatal(err)
	}
}

// run prints the traces and gradients to w and writes the plot to out.
func run(w io.Writer, out string) error {
	const x1, x2 = 2.0, 5.0
	x := trace.FromFloat64s([]float64{x1, x2})
	fmt.Fprintf(w, "f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (x1, x2) = (%v, %v): f = %v\n\n", x1, x2, f(x).Item())
	printTraces(w, x)
	sweep, err := printGradients(w, x)
	if err != nil {
		return err
	}
	if err := writePlot(out, x1, x2, sweep); err != nil {
		return err
	}
	fmt.Fprintf(w, "5. Plot of f(x1, %v), ∂f/∂x1(x1, %v) and the numerical error written to %s\n", x2, x2, out)
	return nil
}
