package trace_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// mlp is a pytree of parameters used by several tests.
type mlp struct {
	W1, B1, W2, B2 *trace.Array
}

func mlpParams(dt trace.DType) mlp {
	return mlp{
		W1: trace.Ones(dt, 4, 8), B1: trace.Zeros(dt, 8),
		W2: trace.Ones(dt, 8, 2), B2: trace.Zeros(dt, 2),
	}
}

func mlpLoss(p mlp, x, y *trace.Array) *trace.Array {
	h := trace.Tanh(trace.Add(trace.MatMul(x, p.W1), p.B1))
	out := trace.Add(trace.MatMul(h, p.W2), p.B2)
	return trace.Mean(trace.Square(trace.Sub(out, y)))
}

// stagedCase is one golden program: a function staged on an example input.
type stagedCase struct {
	name  string
	stage func() (*trace.Program, error)
}

func stageOf[In, Out any](f func(In) Out, example In) func() (*trace.Program, error) {
	return func() (*trace.Program, error) { return trace.Stage(f, example) }
}

func stagedCases() []stagedCase {
	f32x3 := trace.Zeros(trace.Float32, 3)
	captured := trace.FromFloat32s([]float32{1, 2, 3, 4}, 2, 2)
	x := trace.Ones(trace.Float32, 5, 4)
	y := trace.Zeros(trace.Float32, 5, 2)
	return []stagedCase{
		{"seed", stageOf(func(x *trace.Array) *trace.Array {
			return trace.Sub(trace.Add(trace.Log(x), trace.Mul(x, x)), trace.Sin(x))
		}, f32x3)},
		{"running_example", stageOf(func(x *trace.Array) *trace.Array {
			x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
			return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
		}, trace.Zeros(trace.Float64, 2))},
		{"mlp_loss", stageOf(func(p mlp) *trace.Array { return mlpLoss(p, x, y) }, mlpParams(trace.Float32))},
		{"softmax", stageOf(func(x *trace.Array) *trace.Array { return trace.Softmax(x, -1) }, trace.Zeros(trace.Float32, 2, 3))},
		{"logsumexp", stageOf(func(x *trace.Array) *trace.Array { return trace.LogSumExp(x, 1) }, trace.Zeros(trace.Float64, 2, 3))},
		{"batched_matmul", stageOf(func(ab [2]*trace.Array) *trace.Array { return trace.MatMul(ab[0], ab[1]) },
			[2]*trace.Array{trace.Zeros(trace.Float32, 2, 1, 3, 4), trace.Zeros(trace.Float32, 5, 4, 2)})},
		{"captured_constants", stageOf(func(x *trace.Array) *trace.Array {
			return trace.Mul(trace.MatMul(captured, x), trace.Scalar(0.5))
		}, trace.Zeros(trace.Float32, 2))},
		{"gather_scatter", stageOf(func(x *trace.Array) *trace.Array {
			idx := trace.FromInt64s([]int64{2, 0, 2})
			g := trace.Take(x, idx, 0)
			return trace.ScatterAdd(trace.Zeros(trace.Float32, 4, 2), idx, g, 0)
		}, trace.Zeros(trace.Float32, 4, 2))},
		{"reshape_transpose_concat", stageOf(func(x *trace.Array) *trace.Array {
			r := trace.Reshape(x, 3, -1)
			t := trace.Transpose(r)
			return trace.Concatenate(0, t, trace.Stack(0, trace.Index(t, 0)))
		}, trace.Zeros(trace.Float32, 2, 3))},
		{"relu_where", stageOf(func(x *trace.Array) *trace.Array {
			return trace.Where(trace.Greater(x, trace.Scalar(0)), x, trace.Scalar(0))
		}, trace.Zeros(trace.Float64, 4))},
		{"promotion", stageOf(func(xs []*trace.Array) *trace.Array {
			return trace.Add(trace.Mul(xs[0], xs[1]), trace.Scalar(2))
		}, []*trace.Array{trace.Zeros(trace.Int32, 3), trace.Zeros(trace.Float32, 3)})},
		{"multiple_outputs", stageOf(func(x *trace.Array) map[string]*trace.Array {
			return map[string]*trace.Array{"max": trace.Max(x, 0), "argmax": trace.ArgMax(x, 0), "same": x}
		}, trace.Zeros(trace.Float32, 3, 2))},
		{"pad_reverse_slice", stageOf(func(x *trace.Array) *trace.Array {
			p := trace.Pad(x, []int{1}, []int{2}, 0)
			return trace.Slice(trace.Reverse(p), []int{0}, []int{-1}, []int{2})
		}, trace.Zeros(trace.Float32, 4))},
		{"identity", stageOf(func(x *trace.Array) *trace.Array { return x }, trace.Zeros(trace.Bool, 2))},
	}
}

func TestStageGolden(t *testing.T) {
	for _, c := range stagedCases() {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.stage()
			require.NoError(t, err)
			require.NoError(t, trace.Check(p))
			got := fmt.Sprintf("%+v\n", p)
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./trace -update to create the golden file")
			assert.Equal(t, string(want), got)
			// The one-line canonical form is the multi-line form joined.
			oneLine := strings.Join(strings.Fields(strings.ReplaceAll(got, "\n    ", " ; ")), " ")
			oneLine = strings.Replace(oneLine, " . let ; ", " . let ", 1)
			assert.Equal(t, strings.Join(strings.Fields(p.String()), " "), oneLine)
		})
	}
}

// Staged programs compute what the function computes: Eval of the program
// equals calling the function eagerly.
func TestStageEvalMatchesEager(t *testing.T) {
	f := func(p mlp) *trace.Array {
		x := trace.Linspace(trace.Float32, -1, 1, 20)
		return mlpLoss(p, trace.Reshape(x, 5, 4), trace.Ones(trace.Float32, 5, 2))
	}
	params := mlpParams(trace.Float32)
	prog, err := trace.Stage(f, params)
	require.NoError(t, err)
	leaves, _ := trace.Flatten(params)
	outs, err := trace.Eval(prog, leaves...)
	require.NoError(t, err)
	// Identical primitives on identical data: bitwise equal.
	assert.Equal(t, f(params).Float32s(), outs[0].Float32s())
}

func TestStageRejectsBadFunction(t *testing.T) {
	_, err := trace.Stage(func(x *trace.Array) *trace.Array {
		return trace.MatMul(x, trace.Zeros(trace.Float32, 4, 2))
	}, trace.Zeros(trace.Float32, 2, 3))
	var e *trace.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "MatMul", e.Op)
	assert.Contains(t, err.Error(), "f32[2,3], f32[4,2]")
	assert.Contains(t, e.Pos, "stage_test.go:")
}

func TestEscapedTracer(t *testing.T) {
	var leaked *trace.Array
	_, err := trace.Stage(func(x *trace.Array) *trace.Array {
		leaked = trace.Sin(x)
		return leaked
	}, trace.Zeros(trace.Float32, 3))
	require.NoError(t, err)
	err = trace.Try(func() { trace.Add(leaked, trace.Ones(trace.Float32, 3)) })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "escaped tracer")
	assert.Contains(t, err.Error(), "stage transform")
	err = trace.Try(func() { leaked.Float64s() })
	assert.Contains(t, err.Error(), "tracer")
}

func TestEvalChecksArguments(t *testing.T) {
	p, err := trace.Stage(trace.Sin, trace.Zeros(trace.Float32, 3))
	require.NoError(t, err)
	_, err = trace.Eval(p)
	assert.ErrorContains(t, err, "takes 1 inputs, got 0")
	_, err = trace.Eval(p, trace.Zeros(trace.Float64, 3))
	assert.ErrorContains(t, err, "input 0 is f64[3], the program expects f32[3]")
}
