package trace_test

// Eager results of the reductions (reduce.go), contractions (linalg.go) and
// constructors (construct.go) against plain-Go references (gonum for matrix
// products). The elementwise functions are in eager_ref_elementwise_test.go,
// the shape functions in eager_ref_structural_test.go and the helpers in
// eager_ref_helpers_test.go.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/leibniz-go/leibniz/trace"
)

// refReduce folds x over the given (normalized) axes, starting every output
// element at init. It returns the result and its shape.
func refReduce[T float64 | int64](x []T, shape, axes []int, init T, f func(acc, v T) T) ([]T, []int) {
	red := make([]bool, len(shape))
	for _, a := range axes {
		red[a] = true
	}
	out := []int{}
	for k, d := range shape {
		if !red[k] {
			out = append(out, d)
		}
	}
	res := make([]T, numel(out))
	for i := range res {
		res[i] = init
	}
	for i := range numel(shape) {
		idx := unravel(i, shape)
		o := 0
		for k, d := range shape {
			if !red[k] {
				o = o*d + idx[k]
			}
		}
		res[o] = f(res[o], x[i])
	}
	return res, out
}

// reduceShapes cover ranks 0 to 3 with size-0 and size-1 axes.
var reduceShapes = [][]int{{}, {4}, {0}, {2, 3}, {0, 3}, {1, 4}, {2, 3, 4}, {2, 0, 3}, {3, 1, 2}, {2, 3, 1, 2}}

// axisSubsets returns, for a rank, every non-empty subset of the axes (sorted)
// and the argument list passed for it: reversed, with every other axis
// negative, to exercise normalization. The nil subset stands for "no axes",
// which reduces over all axes.
func axisSubsets(rank int) (subsets, args [][]int) {
	subsets, args = [][]int{nil}, [][]int{nil}
	for mask := 1; mask < 1<<rank; mask++ {
		var s, a []int
		for k := range rank {
			if mask&(1<<k) != 0 {
				s = append(s, k)
			}
		}
		for i := len(s) - 1; i >= 0; i-- {
			ax := s[i]
			if i%2 == 1 {
				ax -= rank
			}
			a = append(a, ax)
		}
		subsets, args = append(subsets, s), append(args, a)
	}
	return subsets, args
}

type reduceOp struct {
	name string
	fn   func(*trace.Array, ...int) *trace.Array
}

var reduceOps = []reduceOp{
	{"Sum", trace.Sum}, {"Mean", trace.Mean}, {"Max", trace.Max}, {"Min", trace.Min}, {"Prod", trace.Prod},
}

func TestEagerRefReduce(t *testing.T) {
	for _, shape := range reduceShapes {
		subsets, args := axisSubsets(len(shape))
		for si, sub := range subsets {
			axes := sub
			if axes == nil {
				axes = make([]int, len(shape))
				for k := range axes {
					axes[k] = k
				}
			}
			for _, op := range reduceOps {
				for _, dt := range numDTypes {
					name := fmt.Sprintf("%s/%v/%s/axes%v", op.name, dt, shapeStr(shape), args[si])
					if args[si] == nil {
						name = fmt.Sprintf("%s/%v/%s/all", op.name, dt, shapeStr(shape))
					}
					t.Run(name, func(t *testing.T) {
						testReduce(t, op, dt, shape, axes, args[si])
					})
				}
			}
		}
	}
}

func testReduce(t *testing.T, op reduceOp, dt trace.DType, shape, axes, arg []int) {
	r := refRand()
	g := uniform(-2, 2)
	if dt.IsInt() {
		g = smallInts(-2, 2)
	}
	x := genVals(r, dt, numel(shape), g)
	got := op.fn(mk(dt, x, shape), arg...)
	n := 1
	for _, a := range axes {
		n *= shape[a]
	}
	if dt.IsInt() && op.name != "Mean" {
		xi := make([]int64, len(x))
		for i, v := range x {
			xi[i] = int64(v)
		}
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if dt == trace.Int64 {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		var want []int64
		var out []int
		switch op.name {
		case "Sum":
			want, out = refReduce(xi, shape, axes, 0, func(a, v int64) int64 { return a + v })
		case "Prod":
			want, out = refReduce(xi, shape, axes, 1, func(a, v int64) int64 { return a * v })
		case "Max": // the maximum of nothing is the smallest integer
			want, out = refReduce(xi, shape, axes, lo, func(a, v int64) int64 { return max(a, v) })
		case "Min":
			want, out = refReduce(xi, shape, axes, hi, func(a, v int64) int64 { return min(a, v) })
		}
		checkInts(t, got, dt, out, want)
		return
	}
	rdt := dt // the result dtype: Mean of Int32 is Float32, of Int64 Float64
	switch dt {
	case trace.Int32:
		rdt = trace.Float32
	case trace.Int64:
		rdt = trace.Float64
	}
	abs := make([]float64, len(x))
	for i, v := range x {
		abs[i] = math.Abs(v)
	}
	add := func(a, v float64) float64 { return a + v }
	absSum, _ := refReduce(abs, shape, axes, 0, add)
	var want []float64
	var out []int
	// Error bounds: a sum of n terms in any order (pairwise included) is within
	// (n-1)·u·Σ|x| of the exact sum; a product of n terms within (n-1)·u
	// relative; we add one more rounding for the result (and the division of
	// Mean). Max and Min select an element and are exact.
	var atol []float64
	u := eps(rdt)
	switch op.name {
	case "Sum", "Mean":
		want, out = refReduce(x, shape, axes, 0, add)
		atol = make([]float64, len(want))
		for i := range want {
			if op.name == "Mean" {
				want[i] /= float64(n) // 0/0 = NaN for an empty mean
				absSum[i] /= float64(n)
			}
			atol[i] = float64(n+2) * u * absSum[i]
		}
	case "Prod":
		want, out = refReduce(x, shape, axes, 1, func(a, v float64) float64 { return a * v })
		atol = make([]float64, len(want))
		for i := range want {
			atol[i] = float64(n+1) * u * math.Abs(want[i])
		}
	case "Max":
		want, out = refReduce(x, shape, axes, math.Inf(-1), func(a, v float64) float64 { return max(a, v) })
		atol = make([]float64, len(want))
	case "Min":
		want, out = refReduce(x, shape, axes, math.Inf(1), func(a, v float64) float64 { return min(a, v) })
		atol = make([]float64, len(want))
	}
	checkApprox(t, got, rdt, out, want, atol)
}

// TestEagerRefReduceSpecial checks empty reductions, NaN propagation and bool
// operands explicitly.
func TestEagerRefReduceSpecial(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, dt := range floatDTypes {
		t.Run("empty/"+dt.String(), func(t *testing.T) {
			e := trace.Zeros(dt, 0)
			checkVals(t, trace.Sum(e), dt, []int{}, []float64{0}, exactTol, nil)
			checkVals(t, trace.Prod(e), dt, []int{}, []float64{1}, exactTol, nil)
			checkVals(t, trace.Max(e), dt, []int{}, []float64{-inf}, exactTol, nil)
			checkVals(t, trace.Min(e), dt, []int{}, []float64{inf}, exactTol, nil)
			checkVals(t, trace.Mean(e), dt, []int{}, []float64{nan}, exactTol, nil)
			checkVals(t, trace.Sum(trace.Zeros(dt, 2, 0), 1), dt, []int{2}, []float64{0, 0}, exactTol, nil)
			checkVals(t, trace.Sum(trace.Zeros(dt, 2, 0), 0), dt, []int{0}, nil, exactTol, nil)
		})
		t.Run("NaN/"+dt.String(), func(t *testing.T) {
			x := mk(dt, []float64{1, nan, 3, 4, 5, 6}, []int{2, 3})
			checkVals(t, trace.Max(x, 1), dt, []int{2}, []float64{nan, 6}, exactTol, nil)
			checkVals(t, trace.Min(x, 1), dt, []int{2}, []float64{nan, 4}, exactTol, nil)
			checkVals(t, trace.Max(x, 0), dt, []int{3}, []float64{4, nan, 6}, exactTol, nil)
			checkVals(t, trace.Sum(x), dt, []int{}, []float64{nan}, exactTol, nil)
			checkVals(t, trace.Max(mk(dt, []float64{-inf, -inf}, []int{2})), dt, []int{}, []float64{-inf}, exactTol, nil)
		})
	}
	t.Run("empty/ints", func(t *testing.T) {
		checkInts(t, trace.Max(trace.Zeros(trace.Int32, 0)), trace.Int32, []int{}, []int64{math.MinInt32})
		checkInts(t, trace.Min(trace.Zeros(trace.Int32, 0)), trace.Int32, []int{}, []int64{math.MaxInt32})
		checkInts(t, trace.Max(trace.Zeros(trace.Int64, 0)), trace.Int64, []int{}, []int64{math.MinInt64})
		checkInts(t, trace.Prod(trace.Zeros(trace.Int64, 3, 0), 1), trace.Int64, []int{3}, []int64{1, 1, 1})
		checkVals(t, trace.Mean(trace.Zeros(trace.Int32, 0)), trace.Float32, []int{}, []float64{nan}, exactTol, nil)
	})
	t.Run("bool", func(t *testing.T) {
		b := trace.FromBools([]bool{true, false, true, true, true, false}, 2, 3)
		checkInts(t, trace.Sum(b), trace.Int32, []int{}, []int64{4})
		checkInts(t, trace.Sum(b, 1), trace.Int32, []int{2}, []int64{2, 2})
		checkInts(t, trace.Prod(b, 0), trace.Int32, []int{3}, []int64{1, 0, 0})
		checkVals(t, trace.Mean(b, 1), trace.Float32, []int{2}, []float64{2.0 / 3, 2.0 / 3}, exactTol, nil)
		requireLeibnizError(t, "bool", func() { trace.Max(b) })
	})
	t.Run("bad axes are an error", func(t *testing.T) {
		x := trace.Zeros(trace.Float32, 2, 3)
		requireLeibnizError(t, "out of range", func() { trace.Sum(x, 2) })
		requireLeibnizError(t, "out of range", func() { trace.Sum(x, -3) })
		requireLeibnizError(t, "twice", func() { trace.Sum(x, 1, -1) })
	})
}

// tiesAndNaN draws few distinct values (ties) and sometimes NaN.
func tiesAndNaN(r *rand.Rand) float64 {
	if r.IntN(8) == 0 {
		return math.NaN()
	}
	return float64(r.IntN(3))
}

func TestEagerRefArgMaxMin(t *testing.T) {
	shapes := [][]int{{5}, {1}, {2, 3}, {3, 1}, {2, 3, 4}, {0, 3}, {2, 0, 3}}
	for _, shape := range shapes {
		for axis := -len(shape); axis < len(shape); axis++ {
			ax := (axis + len(shape)) % len(shape)
			if shape[ax] == 0 {
				continue
			}
			for _, isMax := range []bool{true, false} {
				for _, dt := range numDTypes {
					name := "ArgMin"
					if isMax {
						name = "ArgMax"
					}
					t.Run(fmt.Sprintf("%s/%v/%s/axis%d", name, dt, shapeStr(shape), axis), func(t *testing.T) {
						r := refRand()
						g := smallInts(0, 2) // many ties: the first occurrence must win
						if dt.IsFloat() {
							g = tiesAndNaN
						}
						x := genVals(r, dt, numel(shape), g)
						out := slices.Concat(shape[:ax], shape[ax+1:])
						want := make([]int64, numel(out))
						for o := range want {
							oi := unravel(o, out)
							best, bi := 0.0, -1
							for k := range shape[ax] {
								v := x[ravel(slices.Concat(oi[:ax], []int{k}, oi[ax:]), shape)]
								switch {
								case bi >= 0 && math.IsNaN(best): // the first NaN wins
								case bi < 0 || math.IsNaN(v) || (isMax && v > best) || (!isMax && v < best):
									best, bi = v, k
								}
							}
							want[o] = int64(bi)
						}
						fn := trace.ArgMin
						if isMax {
							fn = trace.ArgMax
						}
						checkInts(t, fn(mk(dt, x, shape), axis), trace.Int64, out, want)
					})
				}
			}
		}
	}
	t.Run("bool", func(t *testing.T) {
		b := trace.FromBools([]bool{false, true, true, false}, 2, 2)
		checkInts(t, trace.ArgMax(b, 1), trace.Int64, []int{2}, []int64{1, 0})
		checkInts(t, trace.ArgMin(b, 0), trace.Int64, []int{2}, []int64{0, 1})
	})
	t.Run("empty axis is an error", func(t *testing.T) {
		requireLeibnizError(t, "size 0", func() { trace.ArgMax(trace.Zeros(trace.Float32, 2, 0), 1) })
	})
}

func TestEagerRefLogSumExp(t *testing.T) {
	for _, shape := range [][]int{{4}, {2, 3}, {2, 3, 4}, {1, 5}} {
		subsets, args := axisSubsets(len(shape))
		for si, sub := range subsets {
			for _, dt := range floatDTypes {
				t.Run(fmt.Sprintf("%v/%s/axes%v", dt, shapeStr(shape), args[si]), func(t *testing.T) {
					axes := sub
					if axes == nil {
						axes = make([]int, len(shape))
						for k := range axes {
							axes[k] = k
						}
					}
					x := genVals(refRand(), dt, numel(shape), uniform(-3, 3))
					ex := make([]float64, len(x))
					for i, v := range x {
						ex[i] = math.Exp(v)
					}
					want, out := refReduce(ex, shape, axes, 0, func(a, v float64) float64 { return a + v })
					n := numel(shape) / max(len(want), 1)
					atol := make([]float64, len(want))
					for i := range want {
						want[i] = math.Log(want[i]) // naive log(Σ exp(x)): fine for moderate x
						// n+4 roundings (the exps, the sum, the log, the shift), each relative.
						atol[i] = 2 * float64(n+4) * eps(dt) * (1 + math.Abs(want[i]))
					}
					checkApprox(t, trace.LogSumExp(mk(dt, x, shape), args[si]...), dt, out, want, atol)
				})
			}
		}
	}
	ln2 := math.Ln2
	nan, inf := math.NaN(), math.Inf(1)
	stable := []struct {
		name string
		x    []float64
		want float64
	}{
		{"large", []float64{1000, 1000}, 1000 + ln2},
		{"large unequal", []float64{1000, 0}, 1000},
		{"very negative", []float64{-1000, -1000}, -1000 + ln2},
		{"all -Inf", []float64{-inf, -inf}, -inf},
		{"-Inf and finite", []float64{-inf, 0}, 0},
		{"+Inf", []float64{inf, 1}, inf},
		{"NaN", []float64{nan, 1}, nan},
		{"single", []float64{-inf}, -inf},
		{"empty", []float64{}, -inf},
	}
	for _, c := range stable {
		for _, dt := range floatDTypes {
			t.Run(fmt.Sprintf("stable/%s/%v", c.name, dt), func(t *testing.T) {
				got := trace.LogSumExp(mk(dt, c.x, []int{len(c.x)}))
				checkApprox(t, got, dt, []int{}, []float64{c.want}, []float64{4 * eps(dt) * (1 + math.Abs(c.want))})
			})
		}
	}
	t.Run("rows", func(t *testing.T) {
		x := trace.FromFloat64s([]float64{1000, 1000, -inf, -inf, 0, math.Log(3)}, 3, 2)
		checkApprox(t, trace.LogSumExp(x, 1), trace.Float64, []int{3}, []float64{1000 + ln2, -inf, math.Log(4)}, []float64{1e-12, 0, 1e-15})
		checkApprox(t, trace.LogSumExp(x, -2), trace.Float64, []int{2}, []float64{1000, 1000}, []float64{1e-12, 1e-12})
	})
	t.Run("int operand", func(t *testing.T) {
		got := trace.LogSumExp(trace.FromInt32s([]int32{0, 0}))
		checkApprox(t, got, trace.Float32, []int{}, []float64{ln2}, []float64{4 * eps(trace.Float32)})
	})
	t.Run("scalar", func(t *testing.T) {
		checkVals(t, trace.LogSumExp(trace.FromFloat64s([]float64{2.5}, []int{}...)), trace.Float64, []int{}, []float64{2.5}, exactTol, nil)
	})
}

func TestEagerRefSoftmax(t *testing.T) {
	for _, shape := range [][]int{{5}, {1}, {2, 3}, {2, 3, 4}, {3, 1}} {
		for axis := -len(shape); axis < len(shape); axis++ {
			for _, dt := range floatDTypes {
				t.Run(fmt.Sprintf("%v/%s/axis%d", dt, shapeStr(shape), axis), func(t *testing.T) {
					ax := (axis + len(shape)) % len(shape)
					x := genVals(refRand(), dt, numel(shape), uniform(-4, 4))
					ex := make([]float64, len(x))
					for i, v := range x {
						ex[i] = math.Exp(v)
					}
					sums, _ := refReduce(ex, shape, []int{ax}, 0, func(a, v float64) float64 { return a + v })
					want := make([]float64, len(x))
					atol := make([]float64, len(x))
					k := shape[ax]
					for i := range want {
						idx := unravel(i, shape)
						o := ravel(slices.Concat(idx[:ax], idx[ax+1:]), slices.Concat(shape[:ax], shape[ax+1:]))
						want[i] = ex[i] / sums[o] // naive exp(x)/Σexp(x): fine for moderate x
						atol[i] = 2 * float64(k+4) * eps(dt) * want[i]
					}
					got := trace.Softmax(mk(dt, x, shape), axis)
					if !checkApprox(t, got, dt, shape, want, atol) {
						return
					}
					rowSums, _ := refReduce(got.Float64s(), shape, []int{ax}, 0, func(a, v float64) float64 { return a + v })
					for _, s := range rowSums {
						assert.InDelta(t, 1, s, 2*float64(k+4)*eps(dt), "softmax sums to 1 along the axis")
					}
				})
			}
		}
	}
	for _, dt := range floatDTypes {
		t.Run("stable/"+dt.String(), func(t *testing.T) {
			inf := math.Inf(1)
			x := mk(dt, []float64{1000, 1001, 1002, -inf, 0, 0}, []int{2, 3})
			d := 1 + math.Exp(-1) + math.Exp(-2)
			want := []float64{math.Exp(-2) / d, math.Exp(-1) / d, 1 / d, 0, 0.5, 0.5}
			atol := make([]float64, len(want))
			for i := range atol {
				atol[i] = 8 * eps(dt)
			}
			checkApprox(t, trace.Softmax(x, 1), dt, []int{2, 3}, want, atol)
		})
	}
	t.Run("int operand", func(t *testing.T) {
		checkApprox(t, trace.Softmax(trace.FromInt64s([]int64{0, 0}), 0), trace.Float64, []int{2}, []float64{0.5, 0.5}, []float64{1e-16, 1e-16})
	})
}

// refMatMul is NumPy's matmul, with gonum multiplying each pair of matrices:
// 1-D operands become a row (first) or a column (second) and lose that axis
// again; leading axes broadcast.
func refMatMul(a []float64, as []int, b []float64, bs []int) ([]float64, []int) {
	vecA, vecB := len(as) == 1, len(bs) == 1
	if vecA {
		as = []int{1, as[0]}
	}
	if vecB {
		bs = []int{bs[0], 1}
	}
	m, k, n := as[len(as)-2], as[len(as)-1], bs[len(bs)-1]
	ab, bb := as[:len(as)-2], bs[:len(bs)-2]
	batch, ok := refBroadcastShape(ab, bb)
	if !ok || bs[len(bs)-2] != k {
		panic("refMatMul: bad shapes")
	}
	res := make([]float64, numel(batch)*m*n)
	for bi := range numel(batch) {
		idx := unravel(bi, batch)
		ao := refBroadcastFlat(idx, ab) * m * k
		bo := refBroadcastFlat(idx, bb) * k * n
		if m == 0 || n == 0 || k == 0 {
			continue // gonum has no empty matrices; the product is zeros
		}
		var c mat.Dense
		c.Mul(mat.NewDense(m, k, slices.Clone(a[ao:ao+m*k])), mat.NewDense(k, n, slices.Clone(b[bo:bo+k*n])))
		for i := range m {
			for j := range n {
				res[bi*m*n+i*n+j] = c.At(i, j)
			}
		}
	}
	out := slices.Concat(batch, []int{m, n})
	switch {
	case vecA && vecB:
		out = batch
	case vecA:
		out = slices.Concat(batch, []int{n})
	case vecB:
		out = slices.Concat(batch, []int{m})
	}
	return res, out
}

// contractTol bounds the error of a float contraction of length k: each
// output is within (k+1)·u·Σ|a||b| of the exact value, whatever the order.
func contractTol(absRef []float64, k int, dt trace.DType) []float64 {
	atol := make([]float64, len(absRef))
	for i, v := range absRef {
		if dt.IsFloat() {
			atol[i] = float64(k+1) * eps(dt) * v
		}
	}
	return atol
}

func absAll(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Abs(v)
	}
	return y
}

func TestEagerRefMatMul(t *testing.T) {
	cases := [][2][]int{
		{{2, 3}, {3, 4}}, {{1, 1}, {1, 1}}, {{1, 3}, {3, 1}}, {{3, 1}, {1, 3}}, {{17, 33}, {33, 9}},
		{{0, 3}, {3, 2}}, {{2, 0}, {0, 3}}, {{2, 3}, {3, 0}},
		{{3}, {3, 2}}, {{2, 3}, {3}}, {{3}, {3}}, {{0}, {0}}, {{0}, {0, 2}},
		{{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{4}, {2, 4, 5}}, {{2, 3, 4}, {4}},
		{{2, 3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {5, 4, 2}}, {{1, 3, 4}, {2, 4, 5}}, {{2, 0, 3}, {3, 2}},
	}
	for _, c := range cases {
		for _, dt := range numDTypes {
			t.Run(fmt.Sprintf("%v/%s@%s", dt, shapeStr(c[0]), shapeStr(c[1])), func(t *testing.T) {
				r := refRand()
				g := uniform(-2, 2)
				if dt.IsInt() {
					g = smallInts(-3, 3)
				}
				a := genVals(r, dt, numel(c[0]), g)
				b := genVals(r, dt, numel(c[1]), g)
				want, out := refMatMul(a, c[0], b, c[1])
				absRef, _ := refMatMul(absAll(a), c[0], absAll(b), c[1])
				k := c[0][len(c[0])-1]
				got := trace.MatMul(mk(dt, a, c[0]), mk(dt, b, c[1]))
				checkApprox(t, got, dt, out, want, contractTol(absRef, k, dt))
			})
		}
	}
	t.Run("promotion", func(t *testing.T) {
		got := trace.MatMul(trace.FromInt32s([]int32{1, 2}, 1, 2), trace.FromFloat64s([]float64{0.5, 0.25}, 2, 1))
		checkVals(t, got, trace.Float64, []int{1, 1}, []float64{1}, exactTol, nil)
	})
	t.Run("errors", func(t *testing.T) {
		requireLeibnizError(t, "rank", func() { trace.MatMul(trace.Scalar(1), trace.Zeros(trace.Float32, 2)) })
		requireLeibnizError(t, "must equal", func() { trace.MatMul(trace.Zeros(trace.Float32, 2, 3), trace.Zeros(trace.Float32, 2, 3)) })
		requireLeibnizError(t, "bool", func() { trace.MatMul(trace.Ones(trace.Bool, 2, 2), trace.Ones(trace.Bool, 2, 2)) })
	})
	t.Run("batch mismatch names the operands", func(t *testing.T) {
		// The error must show the user's operands, not the bare batch shapes
		// (linalg.go passes data-less stand-ins to broadcastShapes, which
		// print as "dtype(0)[2]").
		err := trace.Try(func() {
			trace.MatMul(trace.Zeros(trace.Float32, 2, 2, 3), trace.Zeros(trace.Float32, 3, 3, 4))
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "MatMul(f32[2,2,3], f32[3,3,4])",
			"the batch-broadcast error of MatMul should name the operands f32[2,2,3] and f32[3,3,4]")
		assert.NotContains(t, err.Error(), "dtype(0)", "the error shows invalid dtypes")
	})
}

// refDotGeneral is XLA's dot_general by definition: the output has the batch
// axes, then lhs's free axes, then rhs's, and sums over the contracting axes.
func refDotGeneral(a []float64, as []int, b []float64, bs []int, d trace.DotParams) ([]float64, []int) {
	free := func(shape, used1, used2 []int) []int {
		var f []int
		for k := range shape {
			if !slices.Contains(used1, k) && !slices.Contains(used2, k) {
				f = append(f, k)
			}
		}
		return f
	}
	af, bf := free(as, d.LhsBatch, d.LhsContract), free(bs, d.RhsBatch, d.RhsContract)
	out := []int{}
	for _, k := range d.LhsBatch {
		out = append(out, as[k])
	}
	for _, k := range af {
		out = append(out, as[k])
	}
	for _, k := range bf {
		out = append(out, bs[k])
	}
	cshape := make([]int, len(d.LhsContract))
	for i, k := range d.LhsContract {
		cshape[i] = as[k]
	}
	res := make([]float64, numel(out))
	ai, bi := make([]int, len(as)), make([]int, len(bs))
	for o := range res {
		oi := unravel(o, out)
		p := 0
		for i := range d.LhsBatch {
			ai[d.LhsBatch[i]], bi[d.RhsBatch[i]] = oi[p], oi[p]
			p++
		}
		for _, k := range af {
			ai[k] = oi[p]
			p++
		}
		for _, k := range bf {
			bi[k] = oi[p]
			p++
		}
		s := 0.0
		for c := range numel(cshape) {
			ci := unravel(c, cshape)
			for i := range ci {
				ai[d.LhsContract[i]], bi[d.RhsContract[i]] = ci[i], ci[i]
			}
			s += a[ravel(ai, as)] * b[ravel(bi, bs)]
		}
		res[o] = s
	}
	return res, out
}

func TestEagerRefDotGeneral(t *testing.T) {
	cases := []struct {
		name   string
		as, bs []int
		d      trace.DotParams
	}{
		{"matmul", []int{2, 3}, []int{3, 4}, trace.DotParams{LhsContract: []int{1}, RhsContract: []int{0}}},
		{"lhs transposed", []int{3, 2}, []int{3, 4}, trace.DotParams{LhsContract: []int{0}, RhsContract: []int{0}}},
		{"rhs transposed", []int{2, 3}, []int{4, 3}, trace.DotParams{LhsContract: []int{1}, RhsContract: []int{1}}},
		{"both transposed", []int{3, 2}, []int{4, 3}, trace.DotParams{LhsContract: []int{0}, RhsContract: []int{-1}}},
		{"batch last, contract first", []int{3, 2, 4}, []int{4, 5, 3}, trace.DotParams{LhsContract: []int{0}, RhsContract: []int{2}, LhsBatch: []int{2}, RhsBatch: []int{0}}},
		{"batch middle", []int{2, 4, 3}, []int{3, 4, 5}, trace.DotParams{LhsContract: []int{-1}, RhsContract: []int{0}, LhsBatch: []int{1}, RhsBatch: []int{1}}},
		{"two contractions crossed", []int{2, 3, 4}, []int{4, 2, 5}, trace.DotParams{LhsContract: []int{0, 2}, RhsContract: []int{1, 0}}},
		{"two contractions in order", []int{3, 2, 4}, []int{2, 4, 5}, trace.DotParams{LhsContract: []int{1, 2}, RhsContract: []int{0, 1}}},
		{"two batches swapped", []int{2, 3, 4, 5}, []int{3, 2, 5, 6}, trace.DotParams{LhsContract: []int{3}, RhsContract: []int{2}, LhsBatch: []int{0, 1}, RhsBatch: []int{1, 0}}},
		{"size-1 axes", []int{1, 3, 1, 2}, []int{2, 1, 4}, trace.DotParams{LhsContract: []int{3}, RhsContract: []int{0}, LhsBatch: []int{2}, RhsBatch: []int{1}}},
		{"outer", []int{2, 3}, []int{4}, trace.DotParams{}},
		{"batch only", []int{3, 2}, []int{3, 4}, trace.DotParams{LhsBatch: []int{0}, RhsBatch: []int{0}}},
		{"full contraction", []int{2, 3}, []int{3, 2}, trace.DotParams{LhsContract: []int{0, 1}, RhsContract: []int{1, 0}}},
		{"empty contraction", []int{2, 0}, []int{0, 3}, trace.DotParams{LhsContract: []int{1}, RhsContract: []int{0}}},
		{"empty batch", []int{0, 2, 3}, []int{0, 3, 2}, trace.DotParams{LhsContract: []int{2}, RhsContract: []int{1}, LhsBatch: []int{0}, RhsBatch: []int{0}}},
	}
	norm := func(axes []int, rank int) []int {
		out := make([]int, len(axes))
		for i, a := range axes {
			out[i] = (a + rank) % rank
		}
		return out
	}
	for _, c := range cases {
		for _, dt := range numDTypes {
			t.Run(fmt.Sprintf("%s/%v/%s.%s", c.name, dt, shapeStr(c.as), shapeStr(c.bs)), func(t *testing.T) {
				r := refRand()
				g := uniform(-2, 2)
				if dt.IsInt() {
					g = smallInts(-3, 3)
				}
				a := genVals(r, dt, numel(c.as), g)
				b := genVals(r, dt, numel(c.bs), g)
				d := trace.DotParams{
					LhsContract: norm(c.d.LhsContract, len(c.as)), RhsContract: norm(c.d.RhsContract, len(c.bs)),
					LhsBatch: norm(c.d.LhsBatch, len(c.as)), RhsBatch: norm(c.d.RhsBatch, len(c.bs)),
				}
				want, out := refDotGeneral(a, c.as, b, c.bs, d)
				absRef, _ := refDotGeneral(absAll(a), c.as, absAll(b), c.bs, d)
				k := 1
				for _, ax := range d.LhsContract {
					k *= c.as[ax]
				}
				got := trace.DotGeneral(mk(dt, a, c.as), mk(dt, b, c.bs), c.d)
				checkApprox(t, got, dt, out, want, contractTol(absRef, k, dt))
			})
		}
	}
}

func TestEagerRefOuter(t *testing.T) {
	cases := []struct {
		as, bs []int
		adt    trace.DType
		bdt    trace.DType
		dt     trace.DType
	}{
		{[]int{3}, []int{4}, trace.Float64, trace.Float64, trace.Float64},
		{[]int{3}, []int{4}, trace.Float32, trace.Float32, trace.Float32},
		{[]int{2, 2}, []int{3}, trace.Float64, trace.Float64, trace.Float64},
		{[]int{}, []int{2, 1}, trace.Int32, trace.Int32, trace.Int32},
		{[]int{0}, []int{3}, trace.Float32, trace.Float32, trace.Float32},
		{[]int{3}, []int{2}, trace.Int32, trace.Float32, trace.Float32},
		{[]int{2}, []int{2}, trace.Float32, trace.Float64, trace.Float64},
		{[]int{2}, []int{3}, trace.Int64, trace.Int32, trace.Int64},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v%s/%v%s", c.adt, shapeStr(c.as), c.bdt, shapeStr(c.bs)), func(t *testing.T) {
			r := refRand()
			a := genVals(r, c.adt, numel(c.as), smallIntsOrUniform)
			b := genVals(r, c.bdt, numel(c.bs), smallIntsOrUniform)
			want := make([]float64, 0, len(a)*len(b))
			for _, x := range a {
				for _, y := range b {
					want = append(want, fit(c.dt, x)*fit(c.dt, y))
				}
			}
			got := trace.Outer(mk(c.adt, a, c.as), mk(c.bdt, b, c.bs))
			// Each product is exact; the sign of a zero product is not
			// checked (a dot_general accumulates into +0).
			checkApprox(t, got, c.dt, []int{len(a), len(b)}, want, make([]float64, len(want)))
		})
	}
}

func TestEagerRefConstructors(t *testing.T) {
	for _, dt := range numDTypes {
		for _, n := range []int{0, 1, 5} {
			t.Run(fmt.Sprintf("Arange/%v/%d", dt, n), func(t *testing.T) {
				want := make([]float64, n)
				for i := range want {
					want[i] = float64(i)
				}
				checkVals(t, trace.Arange(dt, n), dt, []int{n}, want, exactTol, nil)
			})
		}
	}
	linspace := []struct {
		start, stop float64
		n           int
	}{{0, 1, 0}, {0.1, 0.7, 1}, {0.1, 0.7, 2}, {0.1, 0.7, 7}, {-1, 1, 5}, {3, -2, 4}, {1e-3, 1e3, 11}, {2, 2, 3}}
	for _, c := range linspace {
		for _, dt := range floatDTypes {
			t.Run(fmt.Sprintf("Linspace/%v/%g..%g/%d", dt, c.start, c.stop, c.n), func(t *testing.T) {
				want := make([]float64, c.n)
				for i := range want {
					want[i] = c.start + float64(i)*(c.stop-c.start)/float64(max(c.n-1, 1))
				}
				got := trace.Linspace(dt, c.start, c.stop, c.n)
				// Interior points: within 2 ulps (f32) / 1e-15 (f64) of the
				// formula; the endpoints are exact.
				if !checkVals(t, got, dt, []int{c.n}, want, approxTol, nil) || c.n == 0 {
					return
				}
				v := got.Float64s()
				assert.Equal(t, fit(dt, c.start), v[0], "first point is start")
				if c.n > 1 {
					assert.Equal(t, fit(dt, c.stop), v[c.n-1], "last point is stop")
				}
			})
		}
	}
	for _, dt := range allDTypes {
		for _, n := range []int{0, 1, 3} {
			t.Run(fmt.Sprintf("Eye/%v/%d", dt, n), func(t *testing.T) {
				want := make([]float64, n*n)
				for i := range n {
					want[i*n+i] = 1
				}
				checkVals(t, trace.Eye(dt, n), dt, []int{n, n}, want, exactTol, nil)
			})
		}
	}
	t.Run("Full/Bool", func(t *testing.T) {
		checkBools(t, trace.Full(trace.Bool, 2.5, 2, 2), []int{2, 2}, []bool{true, true, true, true})
		checkBools(t, trace.Full(trace.Bool, 0, 3), []int{3}, []bool{false, false, false})
		checkBools(t, trace.Full(trace.Bool, math.NaN()), []int{}, []bool{true})
		checkBools(t, trace.Ones(trace.Bool, 1), []int{1}, []bool{true})
		checkBools(t, trace.Zeros(trace.Bool, 0, 2), []int{0, 2}, []bool{})
	})
	t.Run("Full/numbers", func(t *testing.T) {
		checkVals(t, trace.Full(trace.Float32, 0.1, 2), trace.Float32, []int{2}, []float64{0.1, 0.1}, exactTol, nil)
		nz := math.Copysign(0, -1)
		checkVals(t, trace.Full(trace.Float64, nz, 1, 2), trace.Float64, []int{1, 2}, []float64{nz, nz}, exactTol, nil)
		checkVals(t, trace.Full(trace.Float32, 1e39), trace.Float32, []int{}, []float64{math.Inf(1)}, exactTol, nil)
		checkInts(t, trace.Full(trace.Int32, 3.9), trace.Int32, []int{}, []int64{3})
		checkInts(t, trace.Full(trace.Int64, -3.9, 2), trace.Int64, []int{2}, []int64{-3, -3})
		checkVals(t, trace.Ones(trace.Float32, 0), trace.Float32, []int{0}, nil, exactTol, nil)
	})
	// Full documents that v is "converted to dt"; Convert documents how a
	// float converts to an integer (NaN → 0, out-of-range values saturate).
	// The two must agree, or Full's result is platform-dependent.
	for _, dt := range []trace.DType{trace.Int32, trace.Int64} {
		for _, v := range []float64{math.NaN(), 1e10, -1e10, 1e19, -1e19, math.Inf(1), math.Inf(-1)} {
			t.Run(fmt.Sprintf("Full/%v/%g matches Convert", dt, v), func(t *testing.T) {
				want := trace.Convert(trace.FromFloat64s([]float64{v}, []int{}...), dt).Int64s()
				assert.Equal(t, want, trace.Full(dt, v).Int64s(),
					"Full(%v, %g) should convert %g like Convert does (NaN → 0, saturation)", dt, v, v)
			})
		}
	}
	t.Run("negative sizes are errors", func(t *testing.T) {
		requireLeibnizError(t, "negative", func() { trace.Zeros(trace.Float32, 2, -1) })
		requireLeibnizError(t, "negative", func() { trace.Arange(trace.Float32, -1) })
		requireLeibnizError(t, "negative", func() { trace.Eye(trace.Float32, -1) })
		requireLeibnizError(t, "not a float", func() { trace.Linspace(trace.Int32, 0, 1, 3) })
	})
	t.Run("From* copies its data", func(t *testing.T) {
		d := []float64{1, 2, 3}
		x := trace.FromFloat64s(d)
		d[0] = 99
		checkVals(t, x, trace.Float64, []int{3}, []float64{1, 2, 3}, exactTol, nil)
		requireLeibnizError(t, "cannot fill", func() { trace.FromFloat64s(d, 2, 2) })
		checkVals(t, trace.FromFloat32s(nil), trace.Float32, []int{0}, nil, exactTol, nil)
		assert.Equal(t, 2.5, trace.FromFloat64s([]float64{2.5}, []int{}...).Item())
	})
}

// TestEagerRefReaders checks the element readers against the conversions
// they document.
func TestEagerRefReaders(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := trace.FromFloat64s([]float64{1.9, -1.9, 0.5, 3})
	assert.Equal(t, []int64{1, -1, 0, 3}, x.Int64s(), "Int64s truncates")
	assert.Equal(t, []float32{1.9, -1.9, 0.5, 3}, x.Float32s())
	assert.Equal(t, []bool{true, true, true, true}, x.Bools())
	assert.Equal(t, []float64{1, 0}, trace.FromBools([]bool{true, false}).Float64s())
	assert.Equal(t, []int64{math.MaxInt64, math.MinInt64}, trace.FromInt64s([]int64{math.MaxInt64, math.MinInt64}).Int64s())
	assert.Equal(t, -3.0, trace.FromInt32s([]int32{-3}, 1, 1).Item())
	requireLeibnizError(t, "exactly one", func() { x.Item() })
	// Int64s "converts floats to int64"; for NaN and out-of-range values it
	// must agree with Convert (NaN → 0, saturation) instead of depending on
	// the platform's float-to-int instruction.
	special := trace.FromFloat64s([]float64{nan, 1e19, -1e19, inf, -inf})
	assert.Equal(t, trace.Convert(special, trace.Int64).Int64s(), special.Int64s(),
		"Int64s of [NaN 1e19 -1e19 +Inf -Inf] should be [0 MaxInt64 MinInt64 MaxInt64 MinInt64] as Convert gives")
}

func TestEagerRefDense(t *testing.T) {
	t.Run("FromDense", func(t *testing.T) {
		m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
		checkVals(t, trace.FromDense(m), trace.Float64, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}, exactTol, nil)
		// A view with a row stride larger than its width.
		big := mat.NewDense(3, 4, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
		v := big.Slice(1, 3, 1, 3).(*mat.Dense)
		checkVals(t, trace.FromDense(v), trace.Float64, []int{2, 2}, []float64{5, 6, 9, 10}, exactTol, nil)
		x := trace.FromDense(m)
		m.Set(0, 0, 42)
		assert.Equal(t, 1.0, x.Float64s()[0], "FromDense copies")
	})
	t.Run("Dense", func(t *testing.T) {
		x := trace.FromFloat32s([]float32{1, 2.5, 3, 4, 5, 6}, 3, 2)
		d := x.Dense()
		r, c := d.Dims()
		require.Equal(t, [2]int{3, 2}, [2]int{r, c})
		assert.True(t, mat.Equal(d, mat.NewDense(3, 2, []float64{1, 2.5, 3, 4, 5, 6})))
		col := trace.FromInt32s([]int32{7, 8, 9}).Dense()
		r, c = col.Dims()
		require.Equal(t, [2]int{3, 1}, [2]int{r, c})
		assert.True(t, mat.Equal(col, mat.NewDense(3, 1, []float64{7, 8, 9})))
	})
	t.Run("round trip", func(t *testing.T) {
		r := refRand()
		data := genVals(r, trace.Float64, 12, uniform(-1, 1))
		m := mat.NewDense(4, 3, data)
		assert.True(t, mat.Equal(m, trace.FromDense(m).Dense()))
		x := trace.FromFloat64s(data, 3, 4)
		checkVals(t, trace.FromDense(x.Dense()), trace.Float64, []int{3, 4}, data, exactTol, nil)
		// MatMul agrees with gonum's product.
		var p mat.Dense
		p.Mul(m, x.Dense())
		got := trace.MatMul(trace.FromDense(m), x)
		want := mat.DenseCopyOf(&p).RawMatrix().Data
		atol := make([]float64, len(want))
		for i := range atol {
			atol[i] = 1e-14 // |entries| ≤ 1, 3 terms
		}
		checkApprox(t, got, trace.Float64, []int{4, 4}, want, atol)
	})
	t.Run("errors", func(t *testing.T) {
		requireLeibnizError(t, "rank", func() { trace.Zeros(trace.Float64, 2, 2, 2).Dense() })
		requireLeibnizError(t, "rank", func() { trace.Scalar(1).Dense() })
		requireLeibnizError(t, "zero", func() { trace.Zeros(trace.Float64, 0, 2).Dense() })
		requireLeibnizError(t, "nil", func() { trace.FromDense(nil) })
	})
}
