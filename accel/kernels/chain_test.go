package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

var ariths = []Arith{ArithAdd, ArithSub, ArithMul, ArithDiv}

// arithKernel is the separate pass of one operation: the reference Chain
// and LaneSumOf must equal bit for bit.
func arithKernel[T Float](op Arith) func(dst, a, b []T) {
	return [...]func(dst, a, b []T){Add[T], Sub[T], Mul[T], Div[T]}[op]
}

// chainSizes cover empty slices, the vector widths and the unrolled steps
// of the kernels (4 vectors) with their neighbours, and a chunk.
var chainSizes = []int{0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 129, 1024, 1031}

// chainInputs returns operands of length n starting at offset off of
// their buffers (so most are not 32-byte aligned), random values with the
// special ones (±0, ±Inf, NaN, subnormals, extremes) mixed in.
func chainInputs[T Float](r *rand.Rand, n, off int) (a, b, c []T) {
	sp := specials[T]()
	mk := func() []T {
		x := randFloats[T](r, n+off, -10, 10)[off:]
		for i := range x {
			if r.IntN(4) == 0 {
				x[i] = sp[r.IntN(len(sp))]
			}
		}
		return x
	}
	return mk(), mk(), mk()
}

// Chain equals op1 into a temporary followed by op2, bit for bit, for
// every pair of operations and both operand orders, with and without the
// SIMD kernels; it writes nothing outside dst.
func TestChainEqualsTwoPasses(t *testing.T) {
	testChain[float32](t)
	testChain[float64](t)
}

func testChain[T Float](t *testing.T) {
	r := newRNG()
	for _, simd := range []bool{true, false} {
		for _, n := range chainSizes {
			a, b, c := chainInputs[T](r, n, n%4)
			for _, op1 := range ariths {
				for _, op2 := range ariths {
					for _, swap := range []bool{false, true} {
						name := fmt.Sprintf("%T/simd=%v/n=%d/%v,%v,swap=%v", a, simd, n, op1, op2, swap)
						tmp, want := make([]T, n), make([]T, n)
						arithKernel[T](op1)(tmp, a, b)
						if swap {
							arithKernel[T](op2)(want, c, tmp)
						} else {
							arithKernel[T](op2)(want, tmp, c)
						}
						got, full := guarded(n, sentinel[T]())
						run := func() { Chain(got, a, b, c, op1, op2, swap) }
						if simd {
							run()
						} else {
							withoutSIMD(run)
						}
						requireSameSlice(t, want, got, name)
						requireGuards(t, full, n, sentinel[T]())
					}
				}
			}
		}
	}
}

// dst may be any of the operands (the compiler's chains often write into
// a register one of their operands came from): for every pair of
// operations, both operand orders, both float types and every size, the
// result equals that of a separate dst.
func TestChainInPlace(t *testing.T) {
	testChainInPlace[float32](t)
	testChainInPlace[float64](t)
}

func testChainInPlace[T Float](t *testing.T) {
	r := newRNG()
	for _, n := range chainSizes {
		a, b, c := chainInputs[T](r, n, 0)
		for _, op1 := range ariths {
			for _, op2 := range ariths {
				for _, swap := range []bool{false, true} {
					want := make([]T, n)
					Chain(want, a, b, c, op1, op2, swap)
					for k := range 3 {
						ops := [][]T{cloneOf(a), cloneOf(b), cloneOf(c)}
						Chain(ops[k], ops[0], ops[1], ops[2], op1, op2, swap)
						requireSameSlice(t, want, ops[k], "%T n=%d %v,%v swap=%v: dst is operand %d", a, n, op1, op2, swap, k)
					}
				}
			}
		}
	}
}

// The SIMD lane sums equal the definition (laneSumGo) bit for bit, and
// LaneSumOf equals LaneSum of the values a separate pass stores.
func TestLaneSumEqualsDefinition(t *testing.T) {
	testLaneSum[float32](t)
	testLaneSum[float64](t)
}

func testLaneSum[T Float](t *testing.T) {
	r := newRNG()
	for _, n := range append(chainSizes, 2047, 4096+13) {
		for _, special := range []bool{false, true} {
			var a, b []T
			if special {
				a, b, _ = chainInputs[T](r, n, n%3)
			} else {
				a, b = randFloats[T](r, n, -10, 10), randFloats[T](r, n, -10, 10)
			}
			name := fmt.Sprintf("%T/n=%d/specials=%v", a, n, special)
			def := laneSumGo(a, func(i int) T { return a[i] })
			require.True(t, sameBits(def, LaneSum(a)), "%s: LaneSum %v, definition %v", name, LaneSum(a), def)
			var noSIMD T
			withoutSIMD(func() { noSIMD = LaneSum(a) })
			require.True(t, sameBits(def, noSIMD), "%s: without SIMD", name)
			for _, op := range ariths {
				tmp := make([]T, n)
				arithKernel[T](op)(tmp, a, b)
				want := LaneSum(tmp)
				got := LaneSumOf(op, a, b)
				require.True(t, sameBits(want, got), "%s/%v: LaneSumOf %v, LaneSum of the pass %v", name, op, got, want)
				withoutSIMD(func() { got = LaneSumOf(op, a, b) })
				require.True(t, sameBits(want, got), "%s/%v: without SIMD", name, op)
			}
		}
	}
}

// The lane sum is accurate: on random values it is within the bound of a
// sequential sum of len/64 (float32) or len/32 (float64) elements plus the
// tree's levels, n·ε·Σ|x| with n = that depth; a sum of −0s is −0 and one
// of +0s is +0.
func TestLaneSumAccuracy(t *testing.T) {
	r := newRNG()
	for _, n := range []int{1, 8, 100, 1024, 1031} {
		x32, x64 := randFloats[float32](r, n, -1, 2), randFloats[float64](r, n, -1, 2)
		exact32, abs32, exact64, abs64 := 0.0, 0.0, 0.0, 0.0
		for i := range n {
			exact32 += float64(x32[i])
			abs32 += math.Abs(float64(x32[i]))
			exact64 += x64[i] // float64 rounding here is far below the bound checked
			abs64 += math.Abs(x64[i])
		}
		depth32, depth64 := float64(n/64+6+8), float64(n/32+5+4)
		require.InDelta(t, exact32, float64(LaneSum(x32)), depth32*0x1p-24*abs32, "float32 n=%d", n)
		require.InDelta(t, exact64, LaneSum(x64), (depth64+1)*0x1p-53*abs64, "float64 n=%d", n)
	}
	negZeros := make([]float32, 77)
	for i := range negZeros {
		negZeros[i] = float32(math.Copysign(0, -1))
	}
	require.True(t, math.Signbit(float64(LaneSum(negZeros))), "a sum of −0s is −0")
	require.False(t, math.Signbit(float64(LaneSum(make([]float64, 77)))), "a sum of +0s is +0")
	require.False(t, math.Signbit(LaneSum([]float64{})), "the empty sum is +0")
}

// The accumulators start at −0 in every lane: a sum of −0s is −0 at every
// length, through the vector blocks, the whole vectors after them and the
// tail, with and without the SIMD kernels, and so is a sum of the values
// −0 − +0 or −0 · 1; a sum of +0s is +0.
func TestLaneSumSignedZeros(t *testing.T) {
	testLaneSumSignedZeros[float32](t)
	testLaneSumSignedZeros[float64](t)
}

func testLaneSumSignedZeros[T Float](t *testing.T) {
	for _, simd := range []bool{true, false} {
		for _, n := range append(chainSizes[1:], 2047) {
			negZeros, zeros, ones := make([]T, n), make([]T, n), make([]T, n)
			for i := range n {
				negZeros[i], ones[i] = T(math.Copysign(0, -1)), 1
			}
			var sum, diff, prod, pos T
			run := func() {
				sum, pos = LaneSum(negZeros), LaneSum(zeros)
				diff, prod = LaneSumOf(ArithSub, negZeros, zeros), LaneSumOf(ArithMul, negZeros, ones)
			}
			if simd {
				run()
			} else {
				withoutSIMD(run)
			}
			name := fmt.Sprintf("%T/simd=%v/n=%d", sum, simd, n)
			for _, s := range []T{sum, diff, prod} {
				require.True(t, s == 0 && math.Signbit(float64(s)), "%s: %v, want −0 (sum, −0 − +0, −0 · 1: %v %v %v)", name, s, sum, diff, prod)
			}
			require.True(t, pos == 0 && !math.Signbit(float64(pos)), "%s: a sum of +0s is %v", name, pos)
		}
	}
}

func TestArithString(t *testing.T) {
	require.Equal(t, "add sub mul div Arith(7)", fmt.Sprint(ArithAdd, ArithSub, ArithMul, ArithDiv, Arith(7)))
}
