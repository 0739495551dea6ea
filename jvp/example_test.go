package jvp_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
)

// The running example f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5),
// differentiated along x1.
func ExampleJVP() {
	f := func(x *trace.Array) *trace.Array {
		x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	y, dy := jvp.JVP(f, trace.FromFloat64s([]float64{2, 5}), trace.FromFloat64s([]float64{1, 0}))
	fmt.Println(y, dy)
	// Output: 11.652071455223084 5.5
}

func ExampleLinearize() {
	y, lin := jvp.Linearize(trace.Sin, trace.Scalar(0))
	fmt.Println(y, lin(trace.Scalar(2))) // sin(0), cos(0)·2
	// Output: 0 2
}

func ExampleCustomJVP() {
	// log(1 + eˣ) with the stable derivative σ(x) instead of eˣ/(1 + eˣ).
	softplus := jvp.CustomJVP(
		func(x *trace.Array) *trace.Array { return trace.Log1p(trace.Exp(x)) },
		func(x, t *trace.Array) (*trace.Array, *trace.Array) {
			return trace.Log1p(trace.Exp(x)), trace.Mul(t, trace.Sigmoid(x))
		},
	)
	_, d := jvp.JVP(softplus, trace.Scalar(1000), trace.Scalar(1))
	fmt.Println(d)
	// Output: 1
}
