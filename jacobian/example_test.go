package jacobian_test

import (
	"fmt"
	"math"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
)

func ExampleNumerical() {
	// The Jacobian of the elementwise sine is diag(cos x).
	x := trace.FromFloat64s([]float64{0, 1, 2})
	j := jacobian.Numerical(trace.Sin, x)
	fmt.Println(j.Shape())
	for i, v := range j.Float64s() {
		fmt.Printf("%8.4f", v)
		if i%3 == 2 {
			fmt.Println()
		}
	}
	// Output:
	// [3 3]
	//   1.0000  0.0000  0.0000
	//   0.0000  0.5403  0.0000
	//   0.0000  0.0000 -0.4161
}

func ExampleNumericalStep() {
	// d/dx x³ at 0.7 is 1.47: a large step loses to truncation (error h²), a tiny
	// one to round-off (error ≈ ε/h); the default step cbrt(ε) ≈ 6e-6
	// balances them.
	cube := func(x *trace.Array) *trace.Array { return trace.Mul(x, trace.Mul(x, x)) }
	x := trace.FromFloat64s([]float64{0.7}, 1)
	for _, h := range []float64{1e-1, 1e-3, 6e-6, 1e-9, 1e-13} {
		d := jacobian.NumericalStep(cube, x, h).Item()
		fmt.Printf("h=%.0e error %.0e\n", h, math.Abs(d-1.47))
	}
	// Output:
	// h=1e-01 error 1e-02
	// h=1e-03 error 1e-06
	// h=6e-06 error 3e-11
	// h=1e-09 error 3e-09
	// h=1e-13 error 3e-05
}

func ExampleCheckGrads() {
	// The seed function f(x1, x2) = ln(x1) + x1·x2 − sin(x2), on x = (x1, x2).
	f := func(x *trace.Array) *trace.Array {
		x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	x := trace.FromFloat64s([]float64{2, 5})
	fmt.Println(jacobian.CheckGrads(f, x, 2))

	// StopGradient hides x from differentiation: autodiff sees d/dx (c·x) = c,
	// finite differences see d/dx x² = 2x, and CheckGrads reports it.
	g := func(x *trace.Array) *trace.Array { return trace.Mul(trace.StopGradient(x), x) }
	fmt.Println(jacobian.CheckGrads(g, x, 1) != nil)
	// Output:
	// <nil>
	// true
}
