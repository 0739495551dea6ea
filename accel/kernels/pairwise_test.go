package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// pairwiseSum must give pairwiseSumGo's result bit for bit (all NaNs count
// as equal, -0 and +0 do not): with the AVX2 leaf kernels, through the tree
// driver pairwiseSumTree (with leafSumsGo as the kernels under noasm), and
// for named float types.

// mixedFloats returns n values of both signs with magnitudes spread over
// 2^-spread..2^spread, so that a sum depends on the order of its additions.
func mixedFloats[T Float](r *rand.Rand, n, spread int) []T {
	x := make([]T, n)
	for i := range x {
		v := math.Ldexp(1+r.Float64(), r.IntN(2*spread+1)-spread)
		if r.IntN(2) == 0 {
			v = -v
		}
		x[i] = T(v)
	}
	return x
}

// requireSameSum checks pairwiseSum and pairwiseSumTree against pairwiseSumGo.
func requireSameSum[T float32 | float64](t *testing.T, x []T, what string) {
	t.Helper()
	want := pairwiseSumGo(x)
	if got := pairwiseSum(x); !sameBits(want, got) {
		t.Fatalf("%s: len %d: pairwiseSum = %v (%#x), pairwiseSumGo = %v (%#x)", what, len(x), got, bitsOf(got), want, bitsOf(want))
	}
	g := 4
	if is32[T]() {
		g = 8
	}
	if got := pairwiseSumTree(x, g); !sameBits(want, got) {
		t.Fatalf("%s: len %d: pairwiseSumTree = %v (%#x), pairwiseSumGo = %v (%#x)", what, len(x), got, bitsOf(got), want, bitsOf(want))
	}
}

func bitsOf[T float32 | float64](v T) uint64 {
	if f, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(v))
}

// sumTestLengths returns 0..1100, lengths around the boundaries of the
// uniform nodes (17·2^j and 32·2^j blocks, and the 33·2^j between them),
// and random lengths up to about 1e6.
func sumTestLengths(r *rand.Rand) []int {
	var ns []int
	for n := 0; n <= 1100; n++ {
		ns = append(ns, n)
	}
	for j := 0; j <= 12; j++ {
		for _, q := range []int{16, 17, 32, 33, 34} {
			for _, dn := range []int{-9, -8, -1, 0, 1, 7, 8, 9} {
				if n := 8*q<<j + dn; n > 1100 && n < 1<<20 {
					ns = append(ns, n)
				}
			}
		}
	}
	for range 60 {
		ns = append(ns, 1100+r.IntN(1_000_000))
	}
	if testing.Short() || raceDetectorOn() {
		ns = ns[:1101:1101]
		for range 10 {
			ns = append(ns, 1100+r.IntN(300_000))
		}
	}
	return ns
}

func TestPairwiseSumBitwise(t *testing.T) {
	t.Run("f32", func(t *testing.T) { testPairwiseSumBitwise[float32](t, 40) })
	t.Run("f64", func(t *testing.T) { testPairwiseSumBitwise[float64](t, 300) })
}

func testPairwiseSumBitwise[T float32 | float64](t *testing.T, spread int) {
	r := newRNG()
	ns := sumTestLengths(r)
	maxN := 0
	for _, n := range ns {
		maxN = max(maxN, n)
	}
	buf := mixedFloats[T](r, maxN+8, spread)
	for _, n := range ns {
		// Every offset mod 8 for the short ones, one random offset for the
		// long ones.
		offs := []int{0, 1, 2, 3, 4, 5, 6, 7}
		if n > 1100 {
			offs = []int{r.IntN(8)}
		}
		for _, off := range offs {
			requireSameSum(t, buf[off:off+n], fmt.Sprintf("offset %d", off))
		}
	}
}

// TestPairwiseSumSpecial mixes NaN, ±Inf, subnormals, ±0 and huge values
// into the sums, and sums slices of zeros of either sign.
func TestPairwiseSumSpecial(t *testing.T) {
	t.Run("f32", func(t *testing.T) { testPairwiseSumSpecial[float32](t) })
	t.Run("f64", func(t *testing.T) { testPairwiseSumSpecial[float64](t) })
}

func testPairwiseSumSpecial[T float32 | float64](t *testing.T) {
	r := newRNG()
	negZero := T(math.Copysign(0, -1))
	tinyBig := [2]float64{math.SmallestNonzeroFloat32, math.MaxFloat32}
	if !is32[T]() {
		tinyBig = [2]float64{math.SmallestNonzeroFloat64, math.MaxFloat64}
	}
	tiny, big := T(tinyBig[0]), T(tinyBig[1])
	spec := append(specials[T](), negZero, negZero, tiny, -tiny, 3*tiny, big, -big, big/2)
	lengths := []int{1, 7, 8, 9, 64, 127, 128, 129, 136, 255, 256, 257, 263, 1000, 1024, 1031, 2048, 4100, 8192, 33 * 8 * 4, 17 * 8 * 8, 100_000}
	for _, n := range lengths {
		// All -0, all +0, -0 with one +0, and all subnormal.
		z := make([]T, n)
		requireSameSum(t, z, "zeros")
		for i := range z {
			z[i] = negZero
		}
		requireSameSum(t, z, "negative zeros")
		z[r.IntN(n)] = 0
		requireSameSum(t, z, "negative zeros and a zero")
		for i := range z {
			z[i] = tiny * T(1+r.IntN(3)) * T(1-2*r.IntN(2))
		}
		requireSameSum(t, z, "subnormals")
		// Random values with a few specials, and mostly specials.
		for _, density := range []int{1, 3, n / 4, n} {
			for trial := range 20 {
				x := mixedFloats[T](r, n, 20)
				for range density {
					x[r.IntN(n)] = spec[r.IntN(len(spec))]
				}
				requireSameSum(t, x, fmt.Sprintf("%d specials, trial %d", density, trial))
			}
		}
		// Large magnitudes that overflow in some partial sums only.
		x := mixedFloats[T](r, n, 20)
		for i := range x {
			if r.IntN(4) == 0 {
				x[i] = big * T(r.Float64()) * T(1-2*r.IntN(2))
			}
		}
		requireSameSum(t, x, "overflowing partial sums")
	}
}

// TestPairwiseSumNamedType checks the dispatch of a named float type and
// that integers keep their exact sums.
func TestPairwiseSumNamedType(t *testing.T) {
	type f32 float32
	r := newRNG()
	x := mixedFloats[float32](r, 5000, 30)
	y := make([]f32, len(x))
	for i, v := range x {
		y[i] = f32(v)
	}
	require.Equal(t, math.Float32bits(pairwiseSumGo(x)), math.Float32bits(float32(pairwiseSum(y))))
	xi := randNums[int64](r, 5000)
	var want int64
	for _, v := range xi {
		want += v
	}
	require.Equal(t, want, pairwiseSum(xi))
}

// TestLeafSums runs the leaf kernels on random groups of leaves (lengths m
// and m+1 ≤ 16 blocks, m from 1 to 16, several groups per call), with
// and without the sums of the groups' trees, against leafSumsGo.
func TestLeafSums(t *testing.T) {
	t.Run("f32", func(t *testing.T) { testLeafSums[float32](t, 8) })
	t.Run("f64", func(t *testing.T) { testLeafSums[float64](t, 4) })
}

func testLeafSums[T float32 | float64](t *testing.T, g int) {
	r := newRNG()
	spec := specials[T]()
	for trial := range 2000 {
		m := 1 + r.IntN(16)
		groups := 1 + r.IntN(5)
		// Consecutive leaves, each of m or m+1 blocks, after a random gap.
		desc := make([]int, groups*(g+1))
		off := r.IntN(16)
		for j := 0; j < groups; j++ {
			for k := 0; k < g; k++ {
				desc[j*(g+1)+1+k] = off
				off += 8 * m
				if m < leafBlocks && r.IntN(2) == 0 {
					desc[j*(g+1)] |= 1 << k
					off += 8
				}
			}
		}
		x := mixedFloats[T](r, off, 20)
		if trial%4 == 0 {
			for range 1 + r.IntN(4) {
				x[r.IntN(len(x))] = spec[r.IntN(len(spec))]
			}
		}
		// The last leaf ends exactly at the end of x: a short leaf must
		// not read its absent extra block.
		x = x[:off:off]
		for _, tree := range []bool{false, true} {
			want := make([]T, groups*g)
			got := make([]T, groups*g)
			leafSumsGo(want, x, desc, m, tree, g)
			leafSums(got, x, desc, m, tree)
			requireSameSlice(t, want, got, "trial %d, m %d, groups %d, tree %v", trial, m, groups, tree)
		}
	}
}

// TestUniformDepth compares uniformDepth with the depths of the leaves of
// the recursion.
func TestUniformDepth(t *testing.T) {
	var depths func(q, d int, out map[int]bool)
	depths = func(q, d int, out map[int]bool) {
		if q <= leafBlocks {
			out[d] = true
			return
		}
		depths(q/2, d+1, out)
		depths(q-q/2, d+1, out)
	}
	for q := leafBlocks + 1; q < 20000; q++ {
		ds := map[int]bool{}
		depths(q, 0, ds)
		want := 0
		if len(ds) == 1 {
			for d := range ds {
				want = d
			}
		}
		require.Equal(t, want, uniformDepth(q), "q = %d", q)
	}
}
