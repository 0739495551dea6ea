package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// reducedShape returns shape without axes.
func reducedShape(shape, axes []int) []int {
	out := []int{}
	for k, n := range shape {
		if !containsInt(axes, k) {
			out = append(out, n)
		}
	}
	return out
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// naiveReduce folds every element of src into the output position obtained
// by dropping axes from its multi-index, in float64 for floats.
func naiveReduce[T Num](src []T, shape, axes []int, init float64, f func(acc, v float64) float64) []float64 {
	outShape := reducedShape(shape, axes)
	out := make([]float64, numElements(outShape))
	for i := range out {
		out[i] = init
	}
	oi := make([]int, len(outShape))
	forEachIndex(shape, func(idx []int) {
		oi = oi[:0]
		for k, i := range idx {
			if !containsInt(axes, k) {
				oi = append(oi, i)
			}
		}
		o := ravel(oi, outShape)
		out[o] = f(out[o], float64(src[ravel(idx, shape)]))
	})
	return out
}

// naiveReduceInt is naiveReduce for integers with wrap-around arithmetic.
func naiveReduceInt[T Int](src []T, shape, axes []int, init T, f func(acc, v T) T) []T {
	outShape := reducedShape(shape, axes)
	out := make([]T, numElements(outShape))
	for i := range out {
		out[i] = init
	}
	oi := make([]int, len(outShape))
	forEachIndex(shape, func(idx []int) {
		oi = oi[:0]
		for k, i := range idx {
			if !containsInt(axes, k) {
				oi = append(oi, i)
			}
		}
		o := ravel(oi, outShape)
		out[o] = f(out[o], src[ravel(idx, shape)])
	})
	return out
}

type reduceKernels[T Num] struct {
	sum, prod, max, min func(dst, src []T, shape, axes []int)
}

func kernelsFor[T Num]() reduceKernels[T] {
	return reduceKernels[T]{ReduceSum[T], ReduceProd[T], ReduceMax[T], ReduceMin[T]}
}

// reduceShapes returns random shapes of rank 0..4 plus fixed larger shapes
// that reach the pairwise, column and transpose paths.
func reduceShapes(r *rand.Rand) [][]int {
	shapes := [][]int{{}, {0}, {1}, {5}, {300}, {1, 1}, {0, 3}, {3, 0}}
	for rank := 0; rank <= 4; rank++ {
		for range 6 {
			shapes = append(shapes, randShape(r, rank, []int{0, 1, 1, 2, 3, 4}))
		}
	}
	return append(shapes,
		[]int{300, 7}, []int{3, 300, 4}, []int{2, 3, 4, 5}, []int{7, 1, 300}, []int{257, 1, 3},
		[]int{2, 3, 4, 5, 6}, []int{1, 2, 1, 3, 1})
}

func runReduceFloat[T Float](t *testing.T, tol float64) {
	r := newRNG()
	k := kernelsFor[T]()
	for _, shape := range reduceShapes(r) {
		n := numElements(shape)
		for _, axes := range subsets(len(shape)) {
			name := fmt.Sprint(shape, axes)
			src := randFloats[T](r, n, -2, 2)
			// Values near 1 keep products well conditioned.
			psrc := randFloats[T](r, n, 0.9, 1.1)
			// Some NaNs and signed zeros for max/min.
			msrc := cloneOf(src)
			for i := range msrc {
				switch r.IntN(40) {
				case 0:
					msrc[i] = T(math.NaN())
				case 1:
					msrc[i] = T(math.Copysign(0, -1))
				case 2:
					msrc[i] = 0
				}
			}
			m := numElements(reducedShape(shape, axes))
			abs := naiveReduce(src, shape, axes, 0, func(a, v float64) float64 { return a + math.Abs(v) })
			scale := make([]float64, m)
			for i := range scale {
				scale[i] = abs[i] + 1
			}
			check := func(kern func(dst, src []T, shape, axes []int), src []T, want []float64, exact bool) {
				t.Helper()
				orig := cloneOf(src)
				dst, full := guarded(m, sentinel[T]())
				kern(dst, src, shape, axes)
				requireGuards(t, full, m, sentinel[T]())
				requireSameSlice(t, orig, src, name)
				if exact {
					w := make([]T, m)
					for i, v := range want {
						w[i] = T(v)
					}
					requireSameSlice(t, w, dst, name)
					return
				}
				requireClose(t, want, dst, tol, scale, name)
			}
			check(k.sum, src, naiveReduce(src, shape, axes, 0, func(a, v float64) float64 { return a + v }), false)
			check(k.prod, psrc, naiveReduce(psrc, shape, axes, 1, func(a, v float64) float64 { return a * v }), false)
			check(k.max, msrc, naiveReduce(msrc, shape, axes, math.Inf(-1), refMax), true)
			check(k.min, msrc, naiveReduce(msrc, shape, axes, math.Inf(1), refMin), true)
		}
	}
}

func runReduceInt[T Int](t *testing.T) {
	r := newRNG()
	k := kernelsFor[T]()
	for _, shape := range reduceShapes(r) {
		n := numElements(shape)
		for _, axes := range subsets(len(shape)) {
			name := fmt.Sprint(shape, axes)
			src := randNums[T](r, n)
			m := numElements(reducedShape(shape, axes))
			check := func(kern func(dst, src []T, shape, axes []int), want []T) {
				t.Helper()
				dst, full := guarded(m, sentinel[T]())
				kern(dst, src, shape, axes)
				requireGuards(t, full, m, sentinel[T]())
				requireSameSlice(t, want, dst, name)
			}
			check(k.sum, naiveReduceInt(src, shape, axes, 0, func(a, v T) T { return a + v }))
			check(k.prod, naiveReduceInt(src, shape, axes, 1, func(a, v T) T { return a * v }))
			check(k.max, naiveReduceInt(src, shape, axes, lowest[T](), func(a, v T) T {
				if v > a {
					return v
				}
				return a
			}))
			check(k.min, naiveReduceInt(src, shape, axes, highest[T](), func(a, v T) T {
				if v < a {
					return v
				}
				return a
			}))
		}
	}
}

func TestReduce(t *testing.T) {
	t.Run("f32", func(t *testing.T) { runReduceFloat[float32](t, 1e-6) })
	t.Run("f64", func(t *testing.T) { runReduceFloat[float64](t, 1e-14) })
	t.Run("i32", runReduceInt[int32])
	t.Run("i64", runReduceInt[int64])
}

func TestReduceEmptyIdentity(t *testing.T) {
	d := make([]float32, 3)
	ReduceMax(d, []float32{}, []int{3, 0}, []int{1})
	require.Equal(t, []float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}, d)
	ReduceMin(d, []float32{}, []int{0, 3}, []int{0})
	require.Equal(t, float32(math.Inf(1)), d[2])
	ReduceProd(d, []float32{}, []int{0, 3}, []int{0})
	require.Equal(t, []float32{1, 1, 1}, d)
	di := make([]int32, 1)
	ReduceMax(di, []int32{}, []int{0}, []int{0})
	require.Equal(t, int32(math.MinInt32), di[0])
	ReduceMin(di, []int32{}, []int{0}, []int{0})
	require.Equal(t, int32(math.MaxInt32), di[0])
	dl := make([]int64, 1)
	ReduceMax(dl, []int64{}, []int{2, 0}, []int{0, 1})
	require.Equal(t, int64(math.MinInt64), dl[0])
	ReduceSum(dl, []int64{}, []int{2, 0}, []int{0, 1})
	require.Equal(t, int64(0), dl[0])
	// Rank 0 with no axes is a copy.
	s := make([]float64, 1)
	ReduceSum(s, []float64{4}, []int{}, []int{})
	require.Equal(t, 4.0, s[0])
}

// TestReduceSumAccuracy sums 1e7 float32 values, row-wise and column-wise,
// and compares with a float64 reference.
func TestReduceSumAccuracy(t *testing.T) {
	const n = 10_000_000
	r := newRNG()
	x := randFloats[float32](r, n, 0, 1)
	var ref float64
	for _, v := range x {
		ref += float64(v)
	}
	got := make([]float32, 1)
	ReduceSum(got, x, []int{n}, []int{0})
	require.InDelta(t, 1, float64(got[0])/ref, 1e-6)

	// A constant that a naive float32 loop gets badly wrong.
	Fill(x, 0.1)
	ReduceSum(got, x, []int{n}, []int{0})
	require.InDelta(t, 1, float64(got[0])/(n*float64(float32(0.1))), 1e-6)

	// Column accumulation over 2.5e6 rows.
	x = randFloats[float32](r, n, 0, 1)
	cols := make([]float32, 4)
	ReduceSum(cols, x, []int{n / 4, 4}, []int{0})
	for j := range cols {
		var s float64
		for i := j; i < n; i += 4 {
			s += float64(x[i])
		}
		require.InDelta(t, 1, float64(cols[j])/s, 1e-6)
	}
}

func TestArgMaxArgMin(t *testing.T) {
	r := newRNG()
	shapes := [][]int{{1}, {5}, {200}, {3, 4}, {4, 0}, {0, 4}, {2, 3, 4}, {2, 1, 3, 5}, {3, 70, 5}}
	for _, shape := range shapes {
		for axis := range shape {
			if shape[axis] == 0 {
				continue
			}
			n := numElements(shape)
			src := make([]float64, n)
			for i := range src {
				// Few distinct values so ties are common.
				src[i] = float64(r.IntN(5))
				if r.IntN(30) == 0 {
					src[i] = math.NaN()
				}
			}
			outShape := reducedShape(shape, []int{axis})
			want := make([][2]int, numElements(outShape))
			forEachIndex(outShape, func(oi []int) {
				idx := make([]int, 0, len(shape))
				idx = append(append(append(idx, oi[:axis]...), 0), oi[axis:]...)
				bestMax, bestMin := -1, -1
				for k := 0; k < shape[axis]; k++ {
					idx[axis] = k
					v := src[ravel(idx, shape)]
					if bestMax < 0 {
						bestMax, bestMin = k, k
						continue
					}
					idx[axis] = bestMax
					bm := src[ravel(idx, shape)]
					if !math.IsNaN(bm) && (math.IsNaN(v) || v > bm) {
						bestMax = k
					}
					idx[axis] = bestMin
					bn := src[ravel(idx, shape)]
					if !math.IsNaN(bn) && (math.IsNaN(v) || v < bn) {
						bestMin = k
					}
				}
				want[ravel(oi, outShape)] = [2]int{bestMax, bestMin}
			})
			m := len(want)
			d32, full := guarded(m, int32(-7))
			d64 := make([]int64, m)
			ArgMax(d32, src, shape, axis)
			requireGuards(t, full, m, int32(-7))
			src32 := make([]float32, n)
			Convert(src32, src)
			ArgMax(d64, src32, shape, axis)
			for i, w := range want {
				require.Equal(t, int32(w[0]), d32[i], "argmax %v axis %d at %d", shape, axis, i)
				require.Equal(t, int64(w[0]), d64[i], "argmax f32 %v axis %d at %d", shape, axis, i)
			}
			ArgMin(d32, src, shape, axis)
			requireGuards(t, full, m, int32(-7))
			srcI := make([]int64, n)
			Convert(srcI, src) // NaN -> 0; recompute the reference for ints below
			for i, w := range want {
				require.Equal(t, int32(w[1]), d32[i], "argmin %v axis %d at %d", shape, axis, i)
			}
			ArgMin(d64, srcI, shape, axis)
			outer, inner, ln := numElements(shape[:axis]), numElements(shape[axis+1:]), shape[axis]
			for o := 0; o < outer; o++ {
				for j := 0; j < inner; j++ {
					best := 0
					for k := 1; k < ln; k++ {
						if srcI[(o*ln+k)*inner+j] < srcI[(o*ln+best)*inner+j] {
							best = k
						}
					}
					require.Equal(t, int64(best), d64[o*inner+j])
				}
			}
		}
	}
}

// Sum is ReduceSum over all axes, bit for bit, for floats of every length
// around the pairwise block sizes and for integers.
func TestSumEqualsReduceSum(t *testing.T) {
	r := newRNG()
	for _, n := range []int{0, 1, 7, 8, 127, 128, 129, 1000, 1024, 4099, 100_003} {
		x32, x64 := randFloats[float32](r, n, -1, 1), randFloats[float64](r, n, -1e3, 1e3)
		w32, w64 := make([]float32, 1), make([]float64, 1)
		ReduceSum(w32, x32, []int{n}, []int{0})
		ReduceSum(w64, x64, []int{n}, []int{0})
		require.Equal(t, math.Float32bits(w32[0]), math.Float32bits(Sum(x32)), "f32 n=%d", n)
		require.Equal(t, math.Float64bits(w64[0]), math.Float64bits(Sum(x64)), "f64 n=%d", n)
	}
	require.Equal(t, int64(6), Sum([]int64{1, 2, 3}))
}
