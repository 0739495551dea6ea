package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// testSizes are the slice lengths used by the element-wise kernel tests.
var testSizes = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 129}

// guardLen is the number of sentinel elements on each side of a guarded slice.
const guardLen = 7

func newRNG() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// sentinel returns NaN for floats and an unlikely integer otherwise.
func sentinel[T Num]() T {
	if isFloat[T]() {
		nan := math.NaN()
		return T(nan)
	}
	v := int64(0x5A5A5A5A)
	return T(v)
}

// guarded returns a slice of length n that sits in the middle of a larger
// buffer filled with s, and the buffer itself.
func guarded[T any](n int, s T) (sub, full []T) {
	full = make([]T, n+2*guardLen)
	for i := range full {
		full[i] = s
	}
	return full[guardLen : guardLen+n : guardLen+n], full
}

// requireGuards checks that the sentinels around a guarded slice of length n
// are untouched.
func requireGuards[T comparable](t testing.TB, full []T, n int, s T) {
	t.Helper()
	for i, v := range full {
		if i >= guardLen && i < guardLen+n {
			continue
		}
		require.Truef(t, v == s || (v != v && s != s), "guard element %d overwritten: %v", i, v)
	}
}

// sameBits reports whether a and b are identical, treating all NaNs as equal
// and distinguishing -0 from +0.
func sameBits[T Num](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	if a != b {
		return false
	}
	if isFloat[T]() && a == 0 {
		return math.Signbit(float64(a)) == math.Signbit(float64(b))
	}
	return true
}

// requireSameSlice checks got and want element-wise with sameBits.
func requireSameSlice[T Num](t testing.TB, want, got []T, msgAndArgs ...any) {
	t.Helper()
	require.Len(t, got, len(want), msgAndArgs...)
	for i := range want {
		if !sameBits(want[i], got[i]) {
			require.Failf(t, "mismatch", "index %d: want %v, got %v %v", i, want[i], got[i], msgAndArgs)
		}
	}
}

// requireClose checks that got and want agree to within tol relative to
// scale[i] (NaN matches NaN, infinities must match exactly).
func requireClose[T Num](t testing.TB, want []float64, got []T, tol float64, scale []float64, msgAndArgs ...any) {
	t.Helper()
	require.Len(t, got, len(want), msgAndArgs...)
	for i, w := range want {
		g := float64(got[i])
		ok := false
		switch {
		case math.IsNaN(w) || math.IsNaN(g):
			ok = math.IsNaN(w) && math.IsNaN(g)
		case math.IsInf(w, 0) || math.IsInf(g, 0):
			ok = w == g
		default:
			s := 1.0
			if scale != nil {
				s = max(scale[i], 1e-300)
			}
			ok = math.Abs(g-w) <= tol*s
		}
		if !ok {
			require.Failf(t, "not close", "index %d: want %v, got %v (tol %g) %v", i, w, g, tol, msgAndArgs)
		}
	}
}

// randFloats returns n values uniform in [lo, hi).
func randFloats[T Float](r *rand.Rand, n int, lo, hi float64) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(lo + (hi-lo)*r.Float64())
	}
	return x
}

// randNums returns n random values: uniform in [-4, 4) for floats and in
// [-50, 50] for integers.
func randNums[T Num](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		if isFloat[T]() {
			v := 8*r.Float64() - 4
			x[i] = T(v)
		} else {
			v := int64(r.IntN(101) - 50)
			x[i] = T(v)
		}
	}
	return x
}

// randShape returns a random shape of the given rank with sizes from dims.
func randShape(r *rand.Rand, rank int, dims []int) []int {
	s := make([]int, rank)
	for i := range s {
		s[i] = dims[r.IntN(len(dims))]
	}
	return s
}

// unravel stores into idx the multi-index of flat in a row-major shape.
func unravel(flat int, shape, idx []int) {
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = flat % shape[k]
		flat /= shape[k]
	}
}

// ravel returns the row-major flat index of idx in shape.
func ravel(idx, shape []int) int {
	f := 0
	for k, i := range idx {
		f = f*shape[k] + i
	}
	return f
}

// forEachIndex calls fn with every multi-index of shape in row-major order
// (once with an empty index for rank 0, never when a size is 0).
func forEachIndex(shape []int, fn func(idx []int)) {
	n := numElements(shape)
	idx := make([]int, len(shape))
	for f := 0; f < n; f++ {
		unravel(f, shape, idx)
		fn(idx)
	}
}

// subsets returns every subset of {0, ..., r-1} as a sorted slice.
func subsets(r int) [][]int {
	var out [][]int
	for m := 0; m < 1<<r; m++ {
		s := []int{}
		for k := 0; k < r; k++ {
			if m&(1<<k) != 0 {
				s = append(s, k)
			}
		}
		out = append(out, s)
	}
	return out
}

func cloneOf[T any](x []T) []T {
	c := make([]T, len(x))
	copy(c, x)
	return c
}

// specials64 are special float values mixed into element-wise tests.
var specials64 = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5,
	math.Inf(1), math.Inf(-1), math.NaN(),
	5e-324, -5e-324, 1e-310, 1e-40, -1e-40, 1e-45,
	math.MaxFloat32, -math.MaxFloat32, math.MaxFloat64, -math.MaxFloat64,
	100, -100, 1000, -1000, 1e30, -1e30,
}

func specials[T Float]() []T {
	x := make([]T, len(specials64))
	for i, v := range specials64 {
		x[i] = T(v)
	}
	return x
}
