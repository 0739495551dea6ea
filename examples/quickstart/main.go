// Command quickstart is the first tour of leibniz: eager arrays, NumPy-style
// functions and a staged program.
package main

import (
	"fmt"
	"log"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func main() {
	// Eager evaluation: every function runs immediately on concrete data.
	x := trace.FromFloat64s([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	w := trace.FromFloat64s([]float64{1, 0, 0, 1, 1, 1}, 3, 2)
	h := trace.Tanh(trace.Add(trace.MatMul(x, w), trace.Scalar(0.5)))
	fmt.Println("tanh(x·w + 0.5) =")
	fmt.Println(h)
	y := trace.Sum(h)
	fmt.Println("sum =", y.Item())

	// Staging: the same functions, traced on abstract values into a program.
	f := func(x *trace.Array) *trace.Array {
		return trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x))
	}
	p, err := trace.Stage(f, trace.Zeros(trace.Float32, 3))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("staged:", p)

	// A program runs like the function it came from.
	outs, err := trace.Eval(p, trace.FromFloat32s([]float32{1, 2, 3}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("f([1 2 3]) =", outs[0])

	// Transforms: the gradient, a forward-mode derivative, and the staged
	// derivative program (the symbolic derivative, simplified).
	seed := func(x *trace.Array) *trace.Array {
		x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
	}
	at := trace.FromFloat64s([]float64{2, 5})
	fmt.Println("grad f(2, 5) =", vjp.Grad(seed)(at))
	y, dy := jvp.JVP(seed, at, trace.FromFloat64s([]float64{1, 0}))
	fmt.Println("f(2, 5) =", y, " ∂f/∂x1 =", dy)
	dp, err := trace.Stage(vjp.Grad(seed), at)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("derivative program:\n%+v\n", dp)

	// Compiled: one fused kernel for the value and gradient of a sum.
	step := accel.Jit(vjp.ValueAndGrad(func(x *trace.Array) *trace.Array { return trace.Sum(f(x)) }))
	v, g := step(trace.FromFloat32s([]float32{1, 2, 3}))
	fmt.Println("jitted value", v, "gradient", g)

	// Mistakes are reported with the op, the shapes and your line.
	err = trace.Try(func() { trace.Add(x, trace.Ones(trace.Float64, 4)) })
	fmt.Println("error:", err)
}
