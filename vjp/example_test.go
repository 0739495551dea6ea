package vjp_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func ExampleGrad() {
	f := func(x *trace.Array) *trace.Array {
		x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	fmt.Println(vjp.Grad(f)(trace.FromFloat64s([]float64{2, 5})))
	// The fourth derivative of tanh, by nesting.
	d4 := vjp.Grad(vjp.Grad(vjp.Grad(vjp.Grad(trace.Tanh))))
	fmt.Printf("%.12f\n", d4(trace.Scalar(0.5)).Item())
	// Output:
	// [               5.5 1.7163378145367738]
	// 3.952219563725
}

func ExampleValueAndGrad() {
	type params struct{ W, B *trace.Array }
	x := trace.FromFloat64s([]float64{1, 2})
	loss := func(p params) *trace.Array {
		return trace.Square(trace.Add(trace.Sum(trace.Mul(p.W, x)), p.B))
	}
	l, g := vjp.ValueAndGrad(loss)(params{W: trace.FromFloat64s([]float64{0.5, 0.25}), B: trace.Scalar(1)})
	fmt.Println(l, g.W, g.B)
	// Output: 4 [4 8] 4
}

func ExampleGradAux() {
	f := func(x *trace.Array) (*trace.Array, *trace.Array) {
		pred := trace.Mul(x, x)
		return trace.Sum(pred), pred
	}
	g, pred := vjp.GradAux(f)(trace.FromFloat64s([]float64{1, 3}))
	fmt.Println(g, pred)
	// Output: [2 6] [1 9]
}

func ExampleVJP() {
	y, back := vjp.VJP(trace.Sin, trace.FromFloat64s([]float64{0, 0}))
	fmt.Println(y, back(trace.FromFloat64s([]float64{1, 2})))
	// Output: [0 0] [1 2]
}

func ExampleTranspose() {
	a := trace.FromFloat64s([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	at := vjp.Transpose(func(x *trace.Array) *trace.Array { return trace.MatMul(a, x) }, trace.Zeros(trace.Float64, 2))
	fmt.Println(at(trace.FromFloat64s([]float64{1, 0, 1})))
	// Output: [6 8]
}

func ExampleCustomVJP() {
	// A straight-through estimator: round forward, identity backward.
	ste := vjp.CustomVJP(
		trace.Round,
		func(x *trace.Array) (*trace.Array, struct{}) { return trace.Round(x), struct{}{} },
		func(_ struct{}, ct *trace.Array) *trace.Array { return ct },
	)
	g := vjp.Grad(func(x *trace.Array) *trace.Array { return trace.Sum(ste(x)) })
	fmt.Println(g(trace.FromFloat64s([]float64{0.3, 1.6})))
	// Output: [1 1]
}
