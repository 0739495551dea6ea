package trace_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/trace"
)

func ExampleStage() {
	f := func(x *trace.Array) *trace.Array {
		return trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x))
	}
	p, err := trace.Stage(f, trace.Zeros(trace.Float32, 3))
	if err != nil {
		panic(err)
	}
	fmt.Println(p)
	fmt.Printf("%+v\n", p)
	// Output:
	// { lambda a:f32[3] . let b:f32[3] = log a ; c:f32[3] = mul a a ; d:f32[3] = add b c ; e:f32[3] = sin a ; f:f32[3] = sub d e in ( f ) }
	// { lambda a:f32[3] . let
	//     b:f32[3] = log a
	//     c:f32[3] = mul a a
	//     d:f32[3] = add b c
	//     e:f32[3] = sin a
	//     f:f32[3] = sub d e
	//   in ( f ) }
}

func ExampleEval() {
	p, _ := trace.Stage(func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(x)) }, trace.Zeros(trace.Float64, 3))
	outs, err := trace.Eval(p, trace.FromFloat64s([]float64{1, 2, 3}))
	fmt.Println(outs[0], err)
	// Output: 14 <nil>
}

func ExampleMatMul() {
	x := trace.FromFloat64s([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	w := trace.FromFloat64s([]float64{1, 0, 0, 1, 1, 1}, 3, 2)
	fmt.Println(trace.MatMul(x, w))
	// Output:
	// [[ 4  5]
	//  [10 11]]
}

func ExampleAdd() {
	x := trace.FromFloat32s([]float32{1, 2, 3})
	y := trace.Add(x, trace.Scalar(0.5)) // a weak scalar keeps x's dtype
	fmt.Println(y, y.DType())
	m := trace.Add(trace.Reshape(x, 3, 1), x) // broadcasting [3,1] with [3]
	fmt.Println(m)
	// Output:
	// [1.5 2.5 3.5] f32
	// [[2 3 4]
	//  [3 4 5]
	//  [4 5 6]]
}

func ExampleSoftmax() {
	x := trace.FromFloat64s([]float64{1, 2, 3, 1000, 1000, 1000}, 2, 3)
	fmt.Println(trace.Softmax(x, -1))
	// Output:
	// [[0.09003057317038046 0.24472847105479764  0.6652409557748218]
	//  [ 0.3333333333333333  0.3333333333333333  0.3333333333333333]]
}

func ExampleTry() {
	err := trace.Try(func() {
		trace.Reshape(trace.Zeros(trace.Float32, 2, 3), 4, -1)
	})
	fmt.Println(err != nil)
	// Output: true
}

func ExampleArray_String() {
	fmt.Println(trace.Arange(trace.Int64, 2000))
	fmt.Println(trace.Eye(trace.Float32, 2))
	// Output:
	// [   0    1    2 ... 1997 1998 1999]
	// [[1 0]
	//  [0 1]]
}

func ExampleFullLike() {
	x := trace.FromFloat32s([]float32{1, 2, 3})
	fmt.Println(trace.FullLike(x, 7), trace.ZerosLike(x), trace.OnesLike(x).DType())
	// Inside a transform the fill is staged as a broadcast of a literal.
	p, _ := trace.Stage(func(x *trace.Array) *trace.Array { return trace.Add(x, trace.OnesLike(x)) }, x)
	fmt.Println(p)
	// Output:
	// [7 7 7] [0 0 0] f32
	// { lambda a:f32[3] . let b:f32[3] = broadcast_in_dim[dims=() shape=(3)] 1.0:f32[] ; c:f32[3] = add a b in ( c ) }
}

func ExampleCompute() {
	// Runtimes that plan their own buffers run a primitive into dst.
	x := trace.FromData([]float64{1, 2, 3}, 3)
	dst := make([]float64, 3)
	out := trace.Compute(trace.OpMul, nil, []*trace.Array{x, x}, x.Aval(), dst)
	fmt.Println(out, dst)
	// Output: [1 4 9] [1 4 9]
}
