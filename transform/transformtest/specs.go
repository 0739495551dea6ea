package transformtest

import "github.com/leibniz-go/leibniz/trace"

// Specs returns the op-spec table: one entry per case, covering every
// primitive of trace.AllOps and every user-level function of trace, with
// scalar, broadcasting and batched shapes. The table is built fresh on each
// call (its functions capture constant index arrays) and grouped by family in
// the specs_*.go files.
func Specs() []OpSpec {
	var all []OpSpec
	for _, family := range [][]OpSpec{
		elementwiseSpecs(),
		logicSpecs(),
		reduceSpecs(),
		shapeSpecs(),
		indexSpecs(),
		linalgSpecs(),
		compositionSpecs(),
		customSpecs(),
	} {
		all = append(all, family...)
	}
	return all
}

// Helpers that keep the table short.

type (
	arr  = trace.Array
	fn1  = func(*arr) *arr
	fn2  = func(a, b *arr) *arr
	fnXs = func([]*arr) *arr
)

func unary(f fn1) fnXs  { return func(xs []*arr) *arr { return f(xs[0]) } }
func binary(f fn2) fnXs { return func(xs []*arr) *arr { return f(xs[0], xs[1]) } }

func ops(o ...trace.Op) []trace.Op { return o }
func shapes(s ...[]int) [][]int    { return s }

// sc is a weakly typed scalar constant: it adopts the inputs' dtype.
func sc(v float64) *arr { return trace.Scalar(v) }

// asInputs converts a non-float result (bool, integer) to the inputs' float
// dtype, so that a non-differentiable function has a float output.
func asInputs(y *arr, xs []*arr) *arr { return trace.Convert(y, xs[0].DType()) }

var (
	f32Only = []trace.DType{trace.Float32}
	f64Only = []trace.DType{trace.Float64}
)
