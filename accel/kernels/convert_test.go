package kernels

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func checkConvert[D, S Num](t *testing.T, src []S, want []D) {
	t.Helper()
	orig := cloneOf(src)
	dst, full := guarded(len(src), sentinel[D]())
	Convert(dst, src)
	requireGuards(t, full, len(src), sentinel[D]())
	requireSameSlice(t, orig, src)
	requireSameSlice(t, want, dst, "src", src)
}

func TestConvertSaturation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	t.Run("f64->i32", func(t *testing.T) {
		checkConvert(t,
			[]float64{nan, inf, -inf, 2147483647.9, 2147483648, -2147483648.9, -2147483649, 1e20, -1e20, 3.7, -3.7, math.Copysign(0, -1), 5e-324},
			[]int32{0, math.MaxInt32, math.MinInt32, math.MaxInt32, math.MaxInt32, math.MinInt32, math.MinInt32, math.MaxInt32, math.MinInt32, 3, -3, 0, 0})
	})
	t.Run("f64->i64", func(t *testing.T) {
		checkConvert(t,
			[]float64{nan, inf, -inf, 0x1p63, -0x1p63, 9223372036854774784, -9223372036854774784, 1e300, -1e300, -2.5},
			[]int64{0, math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64, 9223372036854774784, -9223372036854774784, math.MaxInt64, math.MinInt64, -2})
	})
	t.Run("f32->i32", func(t *testing.T) {
		checkConvert(t,
			[]float32{float32(nan), float32(inf), float32(-inf), 2147483648, 2147483520, -2147483648, -2147483904, math.MaxFloat32, 1e-45, -7.9},
			[]int32{0, math.MaxInt32, math.MinInt32, math.MaxInt32, 2147483520, math.MinInt32, math.MinInt32, math.MaxInt32, 0, -7})
	})
	t.Run("f32->i64", func(t *testing.T) {
		checkConvert(t,
			[]float32{float32(nan), float32(inf), float32(-inf), 0x1p63, -0x1p63, 0x1p62, -math.MaxFloat32},
			[]int64{0, math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64, 1 << 62, math.MinInt64})
	})
	t.Run("i64->i32 wraps", func(t *testing.T) {
		checkConvert(t, []int64{1<<32 + 5, -1, math.MaxInt64, 1 << 31}, []int32{5, -1, -1, math.MinInt32})
	})
	t.Run("i64->f32 rounds", func(t *testing.T) {
		checkConvert(t, []int64{1<<24 + 1, 1<<24 + 3, math.MaxInt64, -3}, []float32{1 << 24, 1<<24 + 4, 0x1p63, -3})
	})
	t.Run("f64->f32", func(t *testing.T) {
		checkConvert(t, []float64{1e300, -1e300, 1e-50, math.Copysign(0, -1), nan, 0.1},
			[]float32{float32(inf), float32(-inf), 0, float32(math.Copysign(0, -1)), float32(nan), 0.1})
	})
	t.Run("i32->f64", func(t *testing.T) {
		checkConvert(t, []int32{math.MinInt32, math.MaxInt32, 0}, []float64{math.MinInt32, math.MaxInt32, 0})
	})
}

// runConvertRandom compares Convert with a plain Go conversion on random
// values that are in range for D.
func runConvertRandom[D, S Num](t *testing.T) {
	r := newRNG()
	for _, n := range testSizes {
		src := randNums[S](r, n)
		for i := range src {
			src[i] *= 1000
		}
		want := make([]D, n)
		for i, v := range src {
			want[i] = D(v)
		}
		checkConvert(t, src, want)
	}
}

func TestConvertRandom(t *testing.T) {
	t.Run("f32->f64", runConvertRandom[float64, float32])
	t.Run("f64->f32", runConvertRandom[float32, float64])
	t.Run("f32->i32", runConvertRandom[int32, float32])
	t.Run("f64->i64", runConvertRandom[int64, float64])
	t.Run("f64->i32", runConvertRandom[int32, float64])
	t.Run("i32->f32", runConvertRandom[float32, int32])
	t.Run("i64->f64", runConvertRandom[float64, int64])
	t.Run("i32->i64", runConvertRandom[int64, int32])
	t.Run("i64->i32", runConvertRandom[int32, int64])
	t.Run("f64->f64", runConvertRandom[float64, float64])
}

func TestFromBoolToBool(t *testing.T) {
	r := newRNG()
	for _, n := range testSizes {
		b := make([]bool, n)
		for i := range b {
			b[i] = r.IntN(2) == 1
		}
		dst, full := guarded(n, sentinel[float32]())
		FromBool(dst, b)
		requireGuards(t, full, n, sentinel[float32]())
		di := make([]int64, n)
		FromBool(di, b)
		for i, v := range b {
			want := 0
			if v {
				want = 1
			}
			require.Equal(t, float32(want), dst[i])
			require.Equal(t, int64(want), di[i])
		}
		back, bfull := guarded(n, true)
		ToBool(back, dst)
		requireGuards(t, bfull, n, true)
		require.Equal(t, b, back)
	}
	x := []float64{0, math.Copysign(0, -1), math.NaN(), 1e-320, -1, math.Inf(-1)}
	got := make([]bool, len(x))
	ToBool(got, x)
	require.Equal(t, []bool{false, false, true, true, true, true}, got)
	gi := make([]bool, 3)
	ToBool(gi, []int32{0, -5, math.MinInt32})
	require.Equal(t, []bool{false, true, true}, gi)
}

func TestFill(t *testing.T) {
	for _, n := range append(testSizes, 1000, 4097) {
		dst, full := guarded(n, sentinel[float64]())
		Fill(dst, 2.5)
		requireGuards(t, full, n, sentinel[float64]())
		for _, v := range dst {
			require.Equal(t, 2.5, v)
		}
		s := make([]string, n)
		Fill(s, "x")
		for _, v := range s {
			require.Equal(t, "x", v)
		}
	}
}
