// Command derivatives draws tanh and its first four derivatives on [−7, 7],
// each computed by nesting reverse mode: with g₀ = tanh applied elementwise,
//
//	gₖ₊₁ = vjp.Grad(x ↦ Σᵢ gₖ(x)ᵢ)
//
// gives the k+1-th derivative at every grid point at once, because the points
// are independent (the Jacobian of gₖ is diagonal, so the gradient of its sum
// is that diagonal). It prints the values at x = 0, 0.5 and 1, checks every
// order against its closed form in t = tanh x on the whole grid, and exits
// non-zero if any differs by more than 1e-12 (the differences are at
// rounding level, about 1e-15). The plot goes to a PNG:
//
//	go run ./examples/derivatives [-out derivatives.png]
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

const (
	lo, hi    = -7.0, 7.0
	points    = 400
	maxOrder  = 4
	tolerance = 1e-12
)

func main() {
	out := flag.String("out", "derivatives.png", "where to write the PNG plot")
	flag.Parse()
	if err := run(os.Stdout, *out); err != nil {
		log.Fatal(err)
	}
}

// derivatives returns tanh and its derivatives up to order n, each a function
// of a vector of independent points.
func derivatives(n int) []func(*trace.Array) *trace.Array {
	ds := []func(*trace.Array) *trace.Array{trace.Tanh}
	for k := 1; k <= n; k++ {
		prev := ds[k-1]
		ds = append(ds, vjp.Grad(func(x *trace.Array) *trace.Array { return trace.Sum(prev(x)) }))
	}
	return ds
}

// closedForm is the k-th derivative of tanh as a polynomial in t = tanh x.
type closedForm struct {
	formula string
	eval    func(t float64) float64
}

var closedForms = []closedForm{
	{"t", func(t float64) float64 { return t }},
	{"1 − t²", func(t float64) float64 { return 1 - t*t }},
	{"−2t(1 − t²)", func(t float64) float64 { return -2 * t * (1 - t*t) }},
	{"(6t² − 2)(1 − t²)", func(t float64) float64 { return (6*t*t - 2) * (1 - t*t) }},
	{"(−24t³ + 16t)(1 − t²)", func(t float64) float64 { return (-24*t*t*t + 16*t) * (1 - t*t) }},
}

// maxDiff is the largest |ad − closed form| of order k over the points xs.
func maxDiff(k int, xs, ad []float64) float64 {
	d := 0.0
	for i, x := range xs {
		d = max(d, math.Abs(ad[i]-closedForms[k].eval(math.Tanh(x))))
	}
	return d
}

// run prints the table and the check against the closed forms to w and
// writes the plot to out. It fails if a derivative is off by more than the
// tolerance.
func run(w io.Writer, out string) error {
	ds := derivatives(maxOrder)
	grid := trace.Linspace(trace.Float64, lo, hi, points)
	xs := grid.Float64s()
	at := []float64{0, 0.5, 1}
	fmt.Fprintf(w, "tanh and its derivatives by nested vjp.Grad, float64, %d points on [%v, %v]\n\n", points, lo, hi)
	fmt.Fprintf(w, "%-5s  %-24s  %-21s  %-21s  %-21s  %s\n", "order", "closed form (t = tanh x)", "x = 0", "x = 0.5", "x = 1", "max |AD − closed form|")

	curves := make([][]float64, len(ds))
	var worst float64
	for k, d := range ds {
		curves[k] = d(grid).Float64s()
		vals := d(trace.FromFloat64s(at)).Float64s()
		diff := max(maxDiff(k, xs, curves[k]), maxDiff(k, at, vals))
		worst = max(worst, diff)
		fmt.Fprintf(w, "%-5d  %-24s  %-21v  %-21v  %-21v  %.1e\n", k, closedForms[k].formula, vals[0], vals[1], vals[2], diff)
	}

	// The staged fourth derivative shows how much work the nesting costs.
	prog, err := trace.Stage(ds[maxOrder], grid)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nthe staged 4th derivative, trace.Stage(g₄, x), has %d equations\n", len(prog.Eqns))

	if err := writePlot(out, xs, curves); err != nil {
		return err
	}
	fmt.Fprintf(w, "plot written to %s\n", out)
	if worst > tolerance {
		return fmt.Errorf("a derivative differs from its closed form by %.1e > %.0e", worst, tolerance)
	}
	fmt.Fprintf(w, "all orders agree with the closed forms to %.1e (tolerance %.0e)\n", worst, tolerance)
	return nil
}
