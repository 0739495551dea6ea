package trace_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

// Interpreters carry their own state (no global current trace), so staging and
// evaluating different functions from many goroutines at once is safe. Run with
// -race.
func TestConcurrentStageAndEval(t *testing.T) {
	funcs := []func(*trace.Array) *trace.Array{
		trace.Sin,
		func(x *trace.Array) *trace.Array { return trace.Sum(trace.Mul(x, x)) },
		func(x *trace.Array) *trace.Array { return trace.Softmax(x, 0) },
		func(x *trace.Array) *trace.Array { return trace.MatMul(trace.Reshape(x, 2, 2), trace.Reshape(x, 2, 2)) },
		func(x *trace.Array) *trace.Array { return trace.LogSumExp(x) },
		func(x *trace.Array) *trace.Array {
			return trace.Where(trace.Greater(x, trace.Scalar(2)), x, trace.Neg(x))
		},
		func(x *trace.Array) *trace.Array { return trace.Concatenate(0, x, trace.Reverse(x)) },
		func(x *trace.Array) *trace.Array { return trace.Tanh(trace.Add(x, trace.Scalar(0.5))) },
	}
	x := trace.FromFloat64s([]float64{1, 2, 3, 4})
	want := make([][]float64, len(funcs))
	for i, f := range funcs {
		want[i] = f(x).Float64s()
	}
	var wg sync.WaitGroup
	errs := make([]error, len(funcs))
	got := make([][]float64, len(funcs))
	for i, f := range funcs {
		wg.Go(func() {
			for range 50 {
				p, err := trace.Stage(f, x)
				if err != nil {
					errs[i] = err
					return
				}
				if err := trace.Check(p); err != nil {
					errs[i] = err
					return
				}
				outs, err := trace.Eval(p, x)
				if err != nil {
					errs[i] = err
					return
				}
				got[i] = outs[0].Float64s()
			}
		})
	}
	wg.Wait()
	for i := range funcs {
		require.NoError(t, errs[i])
		assert.Equal(t, want[i], got[i], "function %d", i)
	}
}
