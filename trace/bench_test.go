package trace_test

import (
	"testing"

	"github.com/leibniz-go/leibniz/trace"
)

// BenchmarkEagerDispatch measures the per-primitive overhead of eager
// evaluation on a 4-element array (target ≤ 1 µs): shape rule, dispatch,
// kernel call and result allocation.
func BenchmarkEagerDispatch(b *testing.B) {
	x := trace.FromFloat32s([]float32{1, 2, 3, 4})
	y := trace.FromFloat32s([]float32{5, 6, 7, 8})
	b.Run("op=add/bind", func(b *testing.B) {
		for b.Loop() {
			trace.Bind1(trace.OpAdd, nil, x, y)
		}
	})
	b.Run("op=add/user", func(b *testing.B) {
		for b.Loop() {
			trace.Add(x, y)
		}
	})
	b.Run("op=sin/user", func(b *testing.B) {
		for b.Loop() {
			trace.Sin(x)
		}
	})
	b.Run("op=add_scalar/user", func(b *testing.B) {
		s := trace.Scalar(0.5)
		for b.Loop() {
			trace.Add(x, s) // convert + broadcast_in_dim + add
		}
	})
	b.Run("op=sum/user", func(b *testing.B) {
		for b.Loop() {
			trace.Sum(x)
		}
	})
}

// chain applies n elementwise primitives in sequence.
func chain(n int) func(*trace.Array) *trace.Array {
	return func(x *trace.Array) *trace.Array {
		y := x
		for i := range n {
			switch i % 4 {
			case 0:
				y = trace.Sin(y)
			case 1:
				y = trace.Mul(y, x)
			case 2:
				y = trace.Add(y, x)
			default:
				y = trace.Tanh(y)
			}
		}
		return y
	}
}

// BenchmarkStage1000 stages a function of 1,000 equations (target ≤ 20 ms).
func BenchmarkStage1000(b *testing.B) {
	f := chain(1000)
	x := trace.Zeros(trace.Float32, 16)
	for b.Loop() {
		p, err := trace.Stage(f, x)
		if err != nil || len(p.Eqns) != 1000 {
			b.Fatalf("staged %v equations, err %v", len(p.Eqns), err)
		}
	}
}

// BenchmarkEval1000 evaluates the staged 1,000-equation program eagerly.
func BenchmarkEval1000(b *testing.B) {
	x := trace.Zeros(trace.Float32, 16)
	p, err := trace.Stage(chain(1000), x)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := trace.Eval(p, x); err != nil {
			b.Fatal(err)
		}
	}
}
