package jacobian_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
)

func ExampleRev() {
	a := trace.FromFloat64s([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	f := func(x *trace.Array) *trace.Array { return trace.MatMul(a, x) }
	x := trace.FromFloat64s([]float64{1, 1})
	fmt.Println(jacobian.Rev(f)(x)) // the Jacobian of A·x is A
	fmt.Println(jacobian.Fwd(f)(x))
	// Output:
	// [[1 2]
	//  [3 4]
	//  [5 6]]
	// [[1 2]
	//  [3 4]
	//  [5 6]]
}

func ExampleHessian() {
	// f(x) = x0²·x1 + x1³: H = [[2x1, 2x0], [2x0, 6x1]].
	f := func(x *trace.Array) *trace.Array {
		x0, x1 := trace.Index(x, 0), trace.Index(x, 1)
		return trace.Add(trace.Mul(trace.Square(x0), x1), trace.Mul(x1, trace.Square(x1)))
	}
	x := trace.FromFloat64s([]float64{1, 2})
	fmt.Println(jacobian.Hessian(f)(x))
	fmt.Println(jacobian.HVP(f, x, trace.FromFloat64s([]float64{1, 0})))
	// Output:
	// [[ 4  2]
	//  [ 2 12]]
	// [4 2]
}

func ExampleAuto() {
	f := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(x)) } // R³ → R: reverse mode
	fmt.Println(jacobian.Auto(f)(trace.FromFloat64s([]float64{1, 2, 3})))
	// Output: [2 4 6]
}

func ExampleRevTree() {
	type params struct{ W, B *trace.Array }
	x := trace.FromFloat64s([]float64{1, 2})
	f := func(p params) *trace.Array { return trace.Add(trace.Mul(p.W, x), p.B) } // W⊙x + B
	p := params{W: trace.FromFloat64s([]float64{3, 4}), B: trace.FromFloat64s([]float64{0, 0})}
	j := jacobian.RevTree(f)(p) // [output leaf][input leaf]: ∂y/∂W = diag(x), ∂y/∂B = I
	fmt.Println(j[0][0])
	fmt.Println(j[0][1])
	// Output:
	// [[1 0]
	//  [0 2]]
	// [[1 0]
	//  [0 1]]
}
