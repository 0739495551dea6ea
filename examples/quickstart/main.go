// Command quickstart is the first tour of leibniz: eager arrays, NumPy-style
// functions and a staged program.
package main

import (
	"fmt"
	"log"

	"github.com/leibniz-go/leibniz/trace"
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

	// Mistakes are reported with the op, the shapes and your line.
	err = trace.Try(func() { trace.Add(x, trace.Ones(trace.Float64, 4)) })
	fmt.Println("error:", err)
}
