package accel_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func ExampleJit() {
	loss := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(trace.Tanh(x))) }
	var stats accel.CacheStats
	step := accel.Jit(vjp.ValueAndGrad(loss), accel.Stats(&stats))
	x := trace.FromFloat64s([]float64{0, 0.5, -0.5})
	for range 3 {
		l, g := step(x) // compiled on the first call only
		x = trace.Sub(x, trace.Mul(g, trace.Scalar(0.1)))
		_ = l
	}
	fmt.Println("compiles:", stats.Misses.Load(), "cache hits:", stats.Hits.Load())
	// Output: compiles: 1 cache hits: 2
}

func ExampleCompile() {
	f := func(x *trace.Array) *trace.Array {
		return trace.Sum(trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x)))
	}
	p, _ := trace.Stage(vjp.Grad(f), trace.Zeros(trace.Float32, 1<<16))
	exe, _ := accel.Compile(p)
	fmt.Print(exe)
	// Output:
	// executable: 1 inputs, 7 equations in 1 steps
	//   0: fused[65536] cos mul→sub div→add (1 in, 2 fills, 0 broadcasts, 1 out, 4 registers)
}

// With ReuseOutputs the results live in buffers the next call overwrites,
// as in a training loop that consumes its gradients before the next step:
// no output is allocated (or zeroed) after the first call.
func ExampleReuseOutputs() {
	loss := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(trace.Sin(x))) }
	step := accel.Jit(vjp.Grad(loss), accel.ReuseOutputs())
	x := trace.FromFloat64s([]float64{1, 2, 3})
	for range 50 {
		g := step(x)                                      // valid until the next call of step
		x = trace.Sub(x, trace.Mul(g, trace.Scalar(0.2))) // consumed before it
	}
	fmt.Printf("%.4f\n", loss(x).Item())
	// Output: 0.0000
}
