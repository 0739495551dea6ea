package trace_test

// Helpers of the eager reference tests (eager_ref_*_test.go): index arithmetic,
// NumPy broadcasting written out naively over multi-indices, array builders
// and value comparisons. Everything here is plain Go on float64 (or int64), so
// the references share no code with the library or its kernels.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

// refRand returns the seeded generator every reference test starts from.
func refRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// allDTypes are the five element types, in lattice order.
var allDTypes = []trace.DType{trace.Bool, trace.Int32, trace.Int64, trace.Float32, trace.Float64}

// floatDTypes and numDTypes are the float and the numeric element types.
var (
	floatDTypes = []trace.DType{trace.Float32, trace.Float64}
	numDTypes   = []trace.DType{trace.Float32, trace.Float64, trace.Int32, trace.Int64}
)

// shapeStr prints a shape as in subtest names: "[2,3]", "[]" for a scalar.
func shapeStr(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// numel is the number of elements of shape (1 for a scalar).
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// unravel turns a row-major flat index into a multi-index of shape.
func unravel(i int, shape []int) []int {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = i % shape[k]
		i /= shape[k]
	}
	return idx
}

// ravel turns a multi-index of shape into a row-major flat index.
func ravel(idx, shape []int) int {
	f := 0
	for k, i := range idx {
		f = f*shape[k] + i
	}
	return f
}

// refBroadcastShape is NumPy's broadcasting rule written out: shapes are
// aligned at their last axes, and on every axis the sizes must be equal or 1.
func refBroadcastShape(shapes ...[]int) ([]int, bool) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make([]int, rank)
	for k := range out {
		out[k] = 1
	}
	for _, s := range shapes {
		off := rank - len(s)
		for k, d := range s {
			switch o := out[off+k]; {
			case d == o || d == 1:
			case o == 1:
				out[off+k] = d
			default:
				return nil, false
			}
		}
	}
	return out, true
}

// refBroadcastFlat maps a multi-index of a broadcast result to the flat index
// of the element it reads from an operand of shape in.
func refBroadcastFlat(out, in []int) int {
	off := len(out) - len(in)
	f := 0
	for k, d := range in {
		i := out[off+k]
		if d == 1 {
			i = 0
		}
		f = f*d + i
	}
	return f
}

// refMap evaluates f at every element of the broadcast of shapes, in
// row-major order; f receives the flat index of the element of each operand.
func refMap(shapes [][]int, f func(flat []int) float64) ([]float64, []int) {
	out, ok := refBroadcastShape(shapes...)
	if !ok {
		panic(fmt.Sprintf("reference: shapes %v do not broadcast", shapes))
	}
	res := make([]float64, numel(out))
	flat := make([]int, len(shapes))
	for i := range res {
		idx := unravel(i, out)
		for j, s := range shapes {
			flat[j] = refBroadcastFlat(idx, s)
		}
		res[i] = f(flat)
	}
	return res, out
}

// fit rounds v to a value of dtype dt (float32 rounding, integer truncation,
// bool as 0 or 1), so that references see exactly the array's elements.
func fit(dt trace.DType, v float64) float64 {
	switch dt {
	case trace.Float32:
		return float64(float32(v))
	case trace.Int32:
		return float64(int32(v))
	case trace.Int64:
		return float64(int64(v))
	case trace.Bool:
		if v != 0 {
			return 1
		}
		return 0
	}
	return v
}

// mk builds an array of dtype dt and shape from float64 values (which fit dt).
func mk(dt trace.DType, vals []float64, shape []int) *trace.Array {
	if shape == nil {
		shape = []int{}
	}
	switch dt {
	case trace.Float32:
		d := make([]float32, len(vals))
		for i, v := range vals {
			d[i] = float32(v)
		}
		return trace.FromFloat32s(d, shape...)
	case trace.Float64:
		return trace.FromFloat64s(slices.Clone(vals), shape...)
	case trace.Int32:
		d := make([]int32, len(vals))
		for i, v := range vals {
			d[i] = int32(v)
		}
		return trace.FromInt32s(d, shape...)
	case trace.Int64:
		d := make([]int64, len(vals))
		for i, v := range vals {
			d[i] = int64(v)
		}
		return trace.FromInt64s(d, shape...)
	case trace.Bool:
		d := make([]bool, len(vals))
		for i, v := range vals {
			d[i] = v != 0
		}
		return trace.FromBools(d, shape...)
	}
	panic("mk: bad dtype")
}

// genVals draws n values with g and fits them to dt.
func genVals(r *rand.Rand, dt trace.DType, n int, g func(*rand.Rand) float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = fit(dt, g(r))
	}
	return v
}

// uniform draws from [lo, hi).
func uniform(lo, hi float64) func(*rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() }
}

// awayFromZero draws from ±[lo, hi).
func awayFromZero(lo, hi float64) func(*rand.Rand) float64 {
	return func(r *rand.Rand) float64 {
		v := lo + (hi-lo)*r.Float64()
		if r.IntN(2) == 0 {
			return -v
		}
		return v
	}
}

// smallInts draws integers in [lo, hi].
func smallInts(lo, hi int) func(*rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return float64(lo + r.IntN(hi-lo+1)) }
}

// seq returns 1, 2, ..., n as the values of an array of dtype dt (for bool,
// every third element is false), distinct enough to track data movement.
func seq(dt trace.DType, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i + 1)
		if dt == trace.Bool {
			v[i] = fit(dt, float64(i%3))
		}
	}
	return v
}

// tolerance says how close an elementwise result must be to the reference.
//
//   - exact: bit-for-bit equal to the reference rounded to the dtype (NaNs of
//     any payload match each other).
//   - otherwise f32 results must be within ulps32 units in the last place of
//     float32(reference), and f64 results within rel64 relative error.
//
// In every mode a NaN matches only a NaN, an infinity only the same infinity,
// and a zero result must have the sign of a zero reference. Integer and bool
// results are always exact.
type tolerance struct {
	exact  bool
	ulps32 int64
	rel64  float64
}

var exactTol = tolerance{exact: true}

// ordered32 maps float32 bit patterns to integers that are consecutive for
// consecutive floats (±0 both map to 0).
func ordered32(x float32) int64 {
	b := int64(math.Float32bits(x))
	if b&0x80000000 != 0 {
		return -(b & 0x7fffffff)
	}
	return b
}

func ulpDist32(a, b float32) int64 {
	d := ordered32(a) - ordered32(b)
	if d < 0 {
		return -d
	}
	return d
}

// closeTo reports whether got (an element of a dtype-dt array, read as
// float64) matches the reference want under tol.
func closeTo(got, want float64, dt trace.DType, tol tolerance) bool {
	if !dt.IsFloat() {
		return got == want
	}
	if dt == trace.Float32 {
		want = float64(float32(want))
	}
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		return math.IsNaN(want) && math.IsNaN(got)
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		return got == want
	case want == 0 && got == 0:
		return math.Signbit(want) == math.Signbit(got)
	case tol.exact:
		return got == want
	case dt == trace.Float32:
		return ulpDist32(float32(got), float32(want)) <= tol.ulps32
	}
	return math.Abs(got-want) <= tol.rel64*math.Abs(want)
}

// checkShapeDType asserts the dtype and shape of got.
func checkShapeDType(t *testing.T, got *trace.Array, dt trace.DType, shape []int) bool {
	t.Helper()
	require.NotNil(t, got)
	okD := assert.Equalf(t, dt, got.DType(), "dtype: got %v, want %v", got.DType(), dt)
	okS := assert.Truef(t, slices.Equal(got.Shape(), shape) && got.Shape() != nil,
		"shape: got %v, want %v", shapeStr(got.Shape()), shapeStr(shape))
	return okD && okS
}

// checkVals asserts got's dtype, shape and values against the reference
// under tol. ctx, when not nil, describes the inputs of a flat index for the
// failure message. Only the first mismatch is described in full.
func checkVals(t *testing.T, got *trace.Array, dt trace.DType, shape []int, want []float64, tol tolerance, ctx func(i int) string) bool {
	t.Helper()
	if !checkShapeDType(t, got, dt, shape) {
		return false
	}
	g := got.Float64s()
	require.Len(t, want, len(g), "reference length")
	bad, first := 0, -1
	for i := range g {
		if !closeTo(g[i], want[i], dt, tol) {
			bad++
			if first < 0 {
				first = i
			}
		}
	}
	if bad == 0 {
		return true
	}
	w := want[first]
	if dt == trace.Float32 {
		w = float64(float32(w))
	}
	msg := fmt.Sprintf("%d of %d elements differ from the reference; first at %v: got %v, want %v",
		bad, len(g), unravel(first, shape), g[first], w)
	if ctx != nil {
		msg += " (" + ctx(first) + ")"
	}
	t.Error(msg)
	return false
}

// checkApprox asserts got's dtype, shape and values, element i within the
// absolute error bound atol[i] of want[i]. NaN and infinite references must
// be matched exactly. It is for results (sums, products, contractions) whose
// rounding error depends on the evaluation order.
func checkApprox(t *testing.T, got *trace.Array, dt trace.DType, shape []int, want, atol []float64) bool {
	t.Helper()
	if !checkShapeDType(t, got, dt, shape) {
		return false
	}
	g := got.Float64s()
	require.Len(t, want, len(g), "reference length")
	bad, first := 0, -1
	for i := range g {
		ok := false
		switch w := want[i]; {
		case math.IsNaN(w) || math.IsNaN(g[i]):
			ok = math.IsNaN(w) && math.IsNaN(g[i])
		case math.IsInf(w, 0) || math.IsInf(g[i], 0):
			ok = g[i] == w
		default:
			ok = math.Abs(g[i]-w) <= atol[i]
		}
		if !ok {
			bad++
			if first < 0 {
				first = i
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d elements differ from the reference; first at %v: got %v, want %v ± %g",
			bad, len(g), unravel(first, shape), g[first], want[first], atol[first])
	}
	return bad == 0
}

// checkInts asserts an integer result exactly (read through Int64s, which is
// exact for int64 values that float64 cannot hold).
func checkInts(t *testing.T, got *trace.Array, dt trace.DType, shape []int, want []int64) bool {
	t.Helper()
	if !checkShapeDType(t, got, dt, shape) {
		return false
	}
	return assert.Equal(t, want, got.Int64s(), "values")
}

// checkBools asserts a bool result exactly.
func checkBools(t *testing.T, got *trace.Array, shape []int, want []bool) bool {
	t.Helper()
	if !checkShapeDType(t, got, trace.Bool, shape) {
		return false
	}
	return assert.Equal(t, want, got.Bools(), "values")
}

// eps is the unit roundoff of a float dtype.
func eps(dt trace.DType) float64 {
	if dt == trace.Float32 {
		return 0x1p-24
	}
	return 0x1p-53
}

// requireLeibnizError asserts that f panics with a *trace.Error whose message
// contains substr.
func requireLeibnizError(t *testing.T, substr string, f func()) {
	t.Helper()
	err := trace.Try(f)
	require.Error(t, err, "want a leibniz error")
	var e *trace.Error
	require.True(t, errors.As(err, &e), "want a *trace.Error, got %T", err)
	assert.Contains(t, err.Error(), substr)
}

// inputsCtx describes the elements at a flat index of several operand value
// lists, for failure messages of elementwise tests.
func inputsCtx(vals ...[]float64) func(i int) string {
	return func(i int) string {
		parts := make([]string, len(vals))
		for j, v := range vals {
			parts[j] = fmt.Sprint(v[i])
		}
		return "input " + strings.Join(parts, ", ")
	}
}
