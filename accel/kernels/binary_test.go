package kernels

import (
	"math"
	"testing"
)

// refMax is NumPy's maximum: NaN propagates and +0 beats -0.
func refMax(a, b float64) float64 {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return math.NaN()
	case a == 0 && b == 0:
		if math.Signbit(a) && math.Signbit(b) {
			return a
		}
		return 0
	case a > b:
		return a
	}
	return b
}

// refMin is NumPy's minimum: NaN propagates and -0 beats +0.
func refMin(a, b float64) float64 {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return math.NaN()
	case a == 0 && b == 0:
		if math.Signbit(a) || math.Signbit(b) {
			return math.Copysign(0, -1)
		}
		return 0
	case a < b:
		return a
	}
	return b
}

type floatBinaryCase struct {
	name   string
	f32    func(dst, a, b []float32)
	f64    func(dst, a, b []float64)
	ref    func(a, b float64) float64
	lo, hi float64
}

func floatBinaryCases() []floatBinaryCase {
	return []floatBinaryCase{
		{"Add", Add[float32], Add[float64], func(a, b float64) float64 { return a + b }, -10, 10},
		{"Sub", Sub[float32], Sub[float64], func(a, b float64) float64 { return a - b }, -10, 10},
		{"Mul", Mul[float32], Mul[float64], func(a, b float64) float64 { return a * b }, -10, 10},
		{"Div", Div[float32], Div[float64], func(a, b float64) float64 { return a / b }, -10, 10},
		{"Max", Max[float32], Max[float64], refMax, -10, 10},
		{"Min", Min[float32], Min[float64], refMin, -10, 10},
		{"Pow", Pow[float32], Pow[float64], math.Pow, -3, 3},
		{"Atan2", Atan2[float32], Atan2[float64], math.Atan2, -10, 10},
	}
}

// specialPairs returns every pair of special values as two slices.
func specialPairs[T Float]() (a, b []T) {
	s := specials[T]()
	for _, x := range s {
		for _, y := range s {
			a, b = append(a, x), append(b, y)
		}
	}
	return a, b
}

func checkBinary[T Num](t *testing.T, kern func(dst, a, b []T), ref func(a, b T) T, a, b []T) {
	t.Helper()
	origA, origB := cloneOf(a), cloneOf(b)
	dst, full := guarded(len(a), sentinel[T]())
	kern(dst, a, b)
	requireGuards(t, full, len(a), sentinel[T]())
	requireSameSlice(t, origA, a, "a modified")
	requireSameSlice(t, origB, b, "b modified")
	want := make([]T, len(a))
	for i := range a {
		want[i] = ref(a[i], b[i])
	}
	requireSameSlice(t, want, dst)
}

func runFloatBinary[T Float](t *testing.T, kern func(dst, a, b []T), c floatBinaryCase) {
	r := newRNG()
	ref := func(a, b T) T { return T(c.ref(float64(a), float64(b))) }
	for _, n := range testSizes {
		a := randFloats[T](r, n, c.lo, c.hi)
		b := randFloats[T](r, n, c.lo, c.hi)
		// Make some pairs equal so ties are exercised.
		for i := 0; i < n; i += 3 {
			b[i] = a[i]
		}
		checkBinary(t, kern, ref, a, b)
	}
	a, b := specialPairs[T]()
	checkBinary(t, kern, ref, a, b)
	// dst aliasing a and b.
	a = randFloats[T](r, 37, c.lo, c.hi)
	b = randFloats[T](r, 37, c.lo, c.hi)
	want := make([]T, len(a))
	kern(want, a, b)
	a2 := cloneOf(a)
	kern(a2, a2, b)
	requireSameSlice(t, want, a2, "dst aliases a")
	b2 := cloneOf(b)
	kern(b2, a, b2)
	requireSameSlice(t, want, b2, "dst aliases b")
}

func TestFloatBinary(t *testing.T) {
	for _, c := range floatBinaryCases() {
		t.Run(c.name+"/f32", func(t *testing.T) { runFloatBinary(t, c.f32, c) })
		t.Run(c.name+"/f64", func(t *testing.T) { runFloatBinary(t, c.f64, c) })
	}
}

func runIntBinary[T Int](t *testing.T, kern func(dst, a, b []T), ref func(a, b int64) int64) {
	r := newRNG()
	refT := func(a, b T) T { return T(ref(int64(a), int64(b))) }
	for _, n := range testSizes {
		a, b := randNums[T](r, n), randNums[T](r, n)
		checkBinary(t, kern, refT, a, b)
	}
	ext := []T{0, 1, -1, lowest[T](), highest[T]()}
	var a, b []T
	for _, x := range ext {
		for _, y := range ext {
			a, b = append(a, x), append(b, y)
		}
	}
	checkBinary(t, kern, refT, a, b)
}

func TestIntBinary(t *testing.T) {
	cases := []struct {
		name string
		i32  func(dst, a, b []int32)
		i64  func(dst, a, b []int64)
		ref  func(a, b int64) int64
	}{
		{"Add", Add[int32], Add[int64], func(a, b int64) int64 { return a + b }},
		{"Sub", Sub[int32], Sub[int64], func(a, b int64) int64 { return a - b }},
		{"Mul", Mul[int32], Mul[int64], func(a, b int64) int64 { return a * b }},
		{"Max", Max[int32], Max[int64], func(a, b int64) int64 {
			if a > b {
				return a
			}
			return b
		}},
		{"Min", Min[int32], Min[int64], func(a, b int64) int64 {
			if a < b {
				return a
			}
			return b
		}},
	}
	for _, c := range cases {
		t.Run(c.name+"/i32", func(t *testing.T) { runIntBinary(t, c.i32, c.ref) })
		t.Run(c.name+"/i64", func(t *testing.T) { runIntBinary(t, c.i64, c.ref) })
	}
}

func TestMaxMinSpecial(t *testing.T) {
	negZero := math.Copysign(0, -1)
	nan, inf := math.NaN(), math.Inf(1)
	a := []float64{negZero, 0, negZero, 0, nan, 1, nan, -inf, inf}
	b := []float64{0, negZero, negZero, 0, 1, nan, nan, nan, -inf}
	got := make([]float64, len(a))
	Max(got, a, b)
	requireSameSlice(t, []float64{0, 0, negZero, 0, nan, nan, nan, nan, inf}, got)
	Min(got, a, b)
	requireSameSlice(t, []float64{negZero, negZero, negZero, 0, nan, nan, nan, nan, -inf}, got)

	a32, b32, got32 := make([]float32, len(a)), make([]float32, len(a)), make([]float32, len(a))
	Convert(a32, a)
	Convert(b32, b)
	Max(got32, a32, b32)
	requireSameSlice(t, []float32{0, 0, float32(negZero), 0, float32(nan), float32(nan), float32(nan), float32(nan), float32(inf)}, got32)
}

// Scale matches s*x element by element, bit for bit, for every size in
// testSizes at unaligned offsets, for special scales and special elements,
// and in place.
func TestScale(t *testing.T) {
	checkScale[float32](t)
	checkScale[float64](t)
	r := newRNG()
	for _, n := range testSizes {
		x := randNums[int64](r, n)
		want := make([]int64, n)
		for i := range x {
			want[i] = -3 * x[i]
		}
		dst, full := guarded(n, sentinel[int64]())
		Scale(dst, x, -3)
		requireGuards(t, full, n, sentinel[int64]())
		requireSameSlice(t, want, dst, "int64 n=%d", n)
	}
}

func checkScale[T Float](t *testing.T) {
	t.Helper()
	r := newRNG()
	scales := append([]T{1.5, -0.3}, specials[T]()...)
	inputs := [][]T{specials[T]()}
	for _, n := range testSizes {
		inputs = append(inputs, randFloats[T](r, n+3, -10, 10)[3-n%4:][:n]) // offset 3-n%4 elements
	}
	for _, s := range scales {
		for _, x := range inputs {
			orig := cloneOf(x)
			want := make([]T, len(x))
			for i := range x {
				want[i] = s * x[i]
			}
			dst, full := guarded(len(x), sentinel[T]())
			Scale(dst, x, s)
			requireGuards(t, full, len(x), sentinel[T]())
			requireSameSlice(t, orig, x, "x modified")
			requireSameSlice(t, want, dst, "%T scale %v n=%d", s, s, len(x))
			Scale(x, x, s)
			requireSameSlice(t, want, x, "in place, %T scale %v n=%d", s, s, len(x))
		}
	}
}
