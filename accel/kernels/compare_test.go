package kernels

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

type compareCase struct {
	name string
	f32  func(dst []bool, a, b []float32)
	f64  func(dst []bool, a, b []float64)
	i32  func(dst []bool, a, b []int32)
	i64  func(dst []bool, a, b []int64)
	ref  func(a, b float64) bool
}

func compareCases() []compareCase {
	return []compareCase{
		{"Eq", Eq[float32], Eq[float64], Eq[int32], Eq[int64], func(a, b float64) bool { return a == b }},
		{"Ne", Ne[float32], Ne[float64], Ne[int32], Ne[int64], func(a, b float64) bool { return a != b }},
		{"Lt", Lt[float32], Lt[float64], Lt[int32], Lt[int64], func(a, b float64) bool { return a < b }},
		{"Le", Le[float32], Le[float64], Le[int32], Le[int64], func(a, b float64) bool { return a <= b }},
		{"Gt", Gt[float32], Gt[float64], Gt[int32], Gt[int64], func(a, b float64) bool { return a > b }},
		{"Ge", Ge[float32], Ge[float64], Ge[int32], Ge[int64], func(a, b float64) bool { return a >= b }},
	}
}

// checkCompare runs kern on a guarded bool dst; the guard is true and the
// reference is evaluated on float64 (exact for every test input).
func checkCompare[T Num](t *testing.T, kern func(dst []bool, a, b []T), ref func(a, b float64) bool, a, b []T) {
	t.Helper()
	origA, origB := cloneOf(a), cloneOf(b)
	for _, g := range []bool{false, true} {
		dst, full := guarded(len(a), g)
		kern(dst, a, b)
		requireGuards(t, full, len(a), g)
		for i := range a {
			require.Equal(t, ref(float64(a[i]), float64(b[i])), dst[i], "%v vs %v", a[i], b[i])
		}
	}
	requireSameSlice(t, origA, a)
	requireSameSlice(t, origB, b)
}

func runCompare[T Num](t *testing.T, kern func(dst []bool, a, b []T), ref func(a, b float64) bool) {
	r := newRNG()
	for _, n := range testSizes {
		a, b := randNums[T](r, n), randNums[T](r, n)
		for i := 0; i < n; i += 4 {
			b[i] = a[i]
		}
		checkCompare(t, kern, ref, a, b)
	}
	if isFloat[T]() {
		s := make([]T, len(specials64))
		for i, v := range specials64 {
			s[i] = T(v)
		}
		var a, b []T
		for _, x := range s {
			for _, y := range s {
				a, b = append(a, x), append(b, y)
			}
		}
		checkCompare(t, kern, ref, a, b)
	}
}

func TestCompare(t *testing.T) {
	for _, c := range compareCases() {
		t.Run(c.name+"/f32", func(t *testing.T) { runCompare(t, c.f32, c.ref) })
		t.Run(c.name+"/f64", func(t *testing.T) { runCompare(t, c.f64, c.ref) })
		t.Run(c.name+"/i32", func(t *testing.T) { runCompare(t, c.i32, c.ref) })
		t.Run(c.name+"/i64", func(t *testing.T) { runCompare(t, c.i64, c.ref) })
	}
}

func TestEqNaN(t *testing.T) {
	nan := math.NaN()
	a := []float64{nan, nan, 0, math.Copysign(0, -1)}
	b := []float64{nan, 1, math.Copysign(0, -1), 0}
	got := make([]bool, 4)
	Eq(got, a, b)
	require.Equal(t, []bool{false, false, true, true}, got)
	Ne(got, a, b)
	require.Equal(t, []bool{true, true, false, false}, got)
	// Eq works for any comparable type.
	gs := make([]bool, 2)
	Eq(gs, []string{"a", "b"}, []string{"a", "c"})
	require.Equal(t, []bool{true, false}, gs)
}

func TestLogical(t *testing.T) {
	r := newRNG()
	for _, n := range testSizes {
		a, b := make([]bool, n), make([]bool, n)
		for i := range a {
			a[i], b[i] = r.IntN(2) == 1, r.IntN(2) == 1
		}
		origA, origB := cloneOf(a), cloneOf(b)
		for _, g := range []bool{false, true} {
			dst, full := guarded(n, g)
			And(dst, a, b)
			requireGuards(t, full, n, g)
			for i := range a {
				require.Equal(t, a[i] && b[i], dst[i])
			}
			Or(dst, a, b)
			requireGuards(t, full, n, g)
			for i := range a {
				require.Equal(t, a[i] || b[i], dst[i])
			}
			Not(dst, a)
			requireGuards(t, full, n, g)
			for i := range a {
				require.Equal(t, !a[i], dst[i])
			}
		}
		require.Equal(t, origA, a)
		require.Equal(t, origB, b)
		// In place.
		c := cloneOf(a)
		Not(c, c)
		for i := range a {
			require.Equal(t, !a[i], c[i])
		}
	}
}

func TestSelect(t *testing.T) {
	r := newRNG()
	for _, n := range testSizes {
		pred := make([]bool, n)
		for i := range pred {
			pred[i] = r.IntN(2) == 1
		}
		x, y := randNums[float32](r, n), randNums[float32](r, n)
		dst, full := guarded(n, sentinel[float32]())
		Select(dst, pred, x, y)
		requireGuards(t, full, n, sentinel[float32]())
		for i := range pred {
			want := y[i]
			if pred[i] {
				want = x[i]
			}
			require.Equal(t, want, dst[i])
		}
		// dst aliasing onTrue.
		want := cloneOf(dst)
		Select(x, pred, x, y)
		require.Equal(t, want, x)
	}
	s := make([]string, 2)
	Select(s, []bool{true, false}, []string{"a", "b"}, []string{"c", "d"})
	require.Equal(t, []string{"a", "d"}, s)
}
