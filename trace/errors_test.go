package trace_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

type badLeaf struct {
	W     *trace.Array
	Scale float64
}

// Every misuse gives a *trace.Error that names the function, shows what was
// expected and points at the caller's line — never a runtime panic from a
// kernel (trace.Try re-panics those, which would fail the test).
func TestBadInputErrors(t *testing.T) {
	f32 := func(shape ...int) *trace.Array { return trace.Zeros(trace.Float32, shape...) }
	cases := []struct {
		name string
		run  func()
		op   string
		want string
	}{
		{"add shapes", func() { trace.Add(f32(2, 3), f32(4)) }, "Add", "axis -1 has sizes 3 and 4"},
		{"add nil", func() { trace.Add(nil, f32(2)) }, "Add", "operand 0 is a nil *Array"},
		{"add bool", func() { trace.Add(trace.FromBools([]bool{true}), trace.FromBools([]bool{false})) }, "Add", "bool"},
		{"matmul inner", func() { trace.MatMul(f32(2, 3), f32(4, 2)) }, "MatMul", "size 3) must equal the second-to-last axis of the second (size 4)"},
		{"matmul scalar", func() { trace.MatMul(trace.Scalar(1), f32(2, 2)) }, "MatMul", "rank ≥ 1"},
		{"matmul batch", func() { trace.MatMul(f32(2, 3, 4), f32(3, 4, 5)) }, "MatMul", "cannot be broadcast"},
		{"reshape size", func() { trace.Reshape(f32(2, 3), 4, 2) }, "Reshape", "cannot reshape 6 elements into shape [4 2]"},
		{"reshape two -1", func() { trace.Reshape(f32(2, 3), -1, -1) }, "Reshape", "more than one -1"},
		{"reshape infer", func() { trace.Reshape(f32(2, 3), 4, -1) }, "Reshape", "not a multiple of 4"},
		{"concatenate shapes", func() { trace.Concatenate(0, f32(2, 3), f32(2, 4)) }, "concatenate", "differs from operand 0's [2 3] outside axis 0"},
		{"concatenate ranks", func() { trace.Concatenate(0, f32(2, 3), f32(3)) }, "concatenate", "rank"},
		{"concatenate empty", func() { trace.Concatenate(0) }, "Concatenate", "at least one"},
		{"sum axis", func() { trace.Sum(f32(2, 3), 2) }, "Sum", "axis 2 out of range for rank 2"},
		{"sum negative axis", func() { trace.Sum(f32(2, 3), -3) }, "Sum", "axis -3 out of range"},
		{"sum duplicate axis", func() { trace.Sum(f32(2, 3), 1, -1) }, "Sum", "given twice"},
		{"softmax axis", func() { trace.Softmax(f32(2), 1) }, "Softmax", "out of range"},
		{"transpose perm", func() { trace.Transpose(f32(2, 3), 0, 0) }, "Transpose", "each of the 2 axes once"},
		{"squeeze non-1", func() { trace.Squeeze(f32(2, 3), 0) }, "Squeeze", "size 2"},
		{"slice limit", func() { trace.Slice(f32(4), []int{0}, []int{5}, nil) }, "slice", "limit"},
		{"argmax empty", func() { trace.ArgMax(f32(0, 2), 0) }, "argmax", "size 0"},
		{"where condition", func() { trace.Where(f32(2), f32(2), f32(2)) }, "Where", "want bool"},
		{"logical and float", func() { trace.LogicalAnd(f32(2), f32(2)) }, "LogicalAnd", "must be bool"},
		{"take float indices", func() { trace.Take(f32(3), f32(2), 0) }, "Take", "indices have dtype f32"},
		{"scatter updates", func() { trace.ScatterAdd(f32(3), trace.FromInt64s([]int64{0}), f32(2), 0) }, "scatter_add", "updates are f32[2], want f32[1]"},
		{"less bool", func() { trace.Less(trace.FromBools([]bool{true}), trace.FromBools([]bool{false})) }, "Less", "no order"},
		{"data length", func() { trace.FromFloat64s([]float64{1, 2, 3}, 2, 2) }, "FromFloat64s", "3 values cannot fill shape [2 2], which holds 4"},
		{"negative shape", func() { trace.Zeros(trace.Float32, 2, -1) }, "Full", "negative dimension"},
		{"invalid dtype", func() { trace.Zeros(trace.DType(42), 2) }, "Full", "invalid dtype"},
		{"item of vector", func() { f32(3).Item() }, "Item", "exactly one element"},
		{"nil receiver", func() { var a *trace.Array; a.Shape() }, "Shape", "nil *Array"},
		{"dense rank", func() { f32(2, 2, 2).Dense() }, "Dense", "rank-1 or rank-2"},
		{"broadcast to", func() { trace.BroadcastTo(f32(2, 3), 3, 3) }, "BroadcastTo", "axis 0 has size 2"},
		{"stack shapes", func() { trace.Stack(0, f32(2), f32(3)) }, "Stack", "array 1 has shape [3]"},
		{"index range", func() { trace.Index(f32(2), 2) }, "Index", "out of range"},
		{"dot general pairs", func() {
			trace.DotGeneral(f32(2, 3), f32(3, 2), trace.DotParams{LhsContract: []int{1}})
		}, "dot_general", "must pair up"},
		{"pytree leaf", func() { trace.Flatten(badLeaf{W: f32(1), Scale: 2}) }, "Flatten", "Scale"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := trace.Try(c.run)
			require.Error(t, err)
			var e *trace.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, c.op, e.Op)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, e.Pos, "errors_test.go:", "the error should point at the caller's line")
		})
	}
}

func TestFloat64sOnTracer(t *testing.T) {
	_, err := trace.Stage(func(x *trace.Array) *trace.Array {
		x.Float64s()
		return x
	}, trace.Zeros(trace.Float32, 2))
	var e *trace.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Float64s", e.Op)
	assert.Contains(t, e.Msg, "tracer of the stage transform")
}

func TestTryPropagatesOtherPanics(t *testing.T) {
	assert.PanicsWithValue(t, "boom", func() { _ = trace.Try(func() { panic("boom") }) })
	assert.NoError(t, trace.Try(func() {}))
}
