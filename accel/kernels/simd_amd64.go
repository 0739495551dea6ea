//go:build amd64 && !noasm

package kernels

import (
	"math"

	"golang.org/x/sys/cpu"
)

// haveSIMD reports whether the AVX2+FMA kernels run. x/sys/cpu reports AVX2
// only when the OS saves the YMM registers. Tests switch it off to run the
// pure-Go loops.
var haveSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The generated kernels (simd_amd64.s). Unless stated otherwise, len(dst) must
// be a multiple of the lane count (8 for float32, 4 for float64) and the
// other slices at least as long; dst may be the same slice as an input.

//go:noescape
func avxNegF32(dst, x []float32)

//go:noescape
func avxAbsF32(dst, x []float32)

//go:noescape
func avxSqrtF32(dst, x []float32)

//go:noescape
func avxFloorF32(dst, x []float32)

//go:noescape
func avxCeilF32(dst, x []float32)

//go:noescape
func avxRoundF32(dst, x []float32)

//go:noescape
func avxExpF32(dst, x []float32)

//go:noescape
func avxLogF32(dst, x []float32)

//go:noescape
func avxLog1pF32(dst, x []float32)

//go:noescape
func avxTanhF32(dst, x []float32)

//go:noescape
func avxLogisticF32(dst, x []float32)

//go:noescape
func avxErfF32(dst, x []float32)

// avxSinF32 and avxCosF32 return non-zero when some |x[i]| > vmath.SinBound32
// (or is infinite); dst[i] then holds x[i], to be recomputed by the caller.
//
//go:noescape
func avxSinF32(dst, x []float32) int

//go:noescape
func avxCosF32(dst, x []float32) int

// avxSinCosF32 sets sin[i] and cos[i] from one reduction of x[i]; it
// returns non-zero, with sin[i] and cos[i] holding x[i], like avxSinF32.
// Either output may be the same slice as x, not as each other.
//
//go:noescape
func avxSinCosF32(sin, cos, x []float32) int

// avxLogNormalF32 computes log for the leading vectors whose lanes are all
// positive normal finite numbers and stops, before storing anything, at the
// first vector that is not; it returns the number of elements done. The
// other vectors go through avxLogF32, which handles every input.
//
//go:noescape
func avxLogNormalF32(dst, x []float32) int

//go:noescape
func avxAddF32(dst, a, b []float32)

//go:noescape
func avxSubF32(dst, a, b []float32)

//go:noescape
func avxMulF32(dst, a, b []float32)

//go:noescape
func avxDivF32(dst, a, b []float32)

//go:noescape
func avxMinF32(dst, a, b []float32)

//go:noescape
func avxMaxF32(dst, a, b []float32)

//go:noescape
func avxFMAF32(dst, a, b, c []float32)

//go:noescape
func avxPrefetch(p []byte)

//go:noescape
func avxScaleF32(dst, x []float32, s float32)

//go:noescape
func avxScaleF64(dst, x []float64, s float64)

// The comparisons need len(dst) to be a multiple of 8 for both types.
//
//go:noescape
func avxEqF32(dst []bool, a, b []float32)

//go:noescape
func avxNeF32(dst []bool, a, b []float32)

//go:noescape
func avxLtF32(dst []bool, a, b []float32)

//go:noescape
func avxLeF32(dst []bool, a, b []float32)

//go:noescape
func avxGtF32(dst []bool, a, b []float32)

//go:noescape
func avxGeF32(dst []bool, a, b []float32)

//go:noescape
func avxSelectF32(dst []float32, pred []bool, onTrue, onFalse []float32)

//go:noescape
func avxNegF64(dst, x []float64)

//go:noescape
func avxAbsF64(dst, x []float64)

//go:noescape
func avxSqrtF64(dst, x []float64)

//go:noescape
func avxFloorF64(dst, x []float64)

//go:noescape
func avxCeilF64(dst, x []float64)

//go:noescape
func avxRoundF64(dst, x []float64)

//go:noescape
func avxExpF64(dst, x []float64)

//go:noescape
func avxLogF64(dst, x []float64)

//go:noescape
func avxLog1pF64(dst, x []float64)

//go:noescape
func avxTanhF64(dst, x []float64)

//go:noescape
func avxLogisticF64(dst, x []float64)

//go:noescape
func avxErfF64(dst, x []float64)

//go:noescape
func avxSinF64(dst, x []float64) int

//go:noescape
func avxCosF64(dst, x []float64) int

//go:noescape
func avxSinCosF64(sin, cos, x []float64) int

//go:noescape
func avxLogNormalF64(dst, x []float64) int

//go:noescape
func avxAddF64(dst, a, b []float64)

//go:noescape
func avxSubF64(dst, a, b []float64)

//go:noescape
func avxMulF64(dst, a, b []float64)

//go:noescape
func avxDivF64(dst, a, b []float64)

//go:noescape
func avxMinF64(dst, a, b []float64)

//go:noescape
func avxMaxF64(dst, a, b []float64)

//go:noescape
func avxFMAF64(dst, a, b, c []float64)

//go:noescape
func avxEqF64(dst []bool, a, b []float64)

//go:noescape
func avxNeF64(dst []bool, a, b []float64)

//go:noescape
func avxLtF64(dst []bool, a, b []float64)

//go:noescape
func avxLeF64(dst []bool, a, b []float64)

//go:noescape
func avxGtF64(dst []bool, a, b []float64)

//go:noescape
func avxGeF64(dst []bool, a, b []float64)

//go:noescape
func avxSelectF64(dst []float64, pred []bool, onTrue, onFalse []float64)

// avxLeafSumsF32 and avxLeafSumsF64 sum groups of 8 (float32) or 4
// (float64) leaves of pairwiseSumGo, as leafSumsGo defines; m >= 1 and
// desc holds at least one group.
//
//go:noescape
func avxLeafSumsF32(dst, x []float32, desc []int, m int, tree bool)

//go:noescape
func avxLeafSumsF64(dst, x []float64, desc []int, m int, tree bool)

// The chain kernels (see Chain): avxChain<Op1><Op2><T> sets dst[i] =
// (a[i] op1 b[i]) op2 c[i], avxChain<Op1><Op2>Swap<T> sets dst[i] = c[i] op2
// (a[i] op1 b[i]), each operation rounded on its own.

//go:noescape
func avxChainAddAddF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddAddSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddSubF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddSubSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddMulF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddMulSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddDivF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddDivSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubAddF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubAddSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubSubF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubSubSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubMulF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubMulSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubDivF32(dst, a, b, c []float32)

//go:noescape
func avxChainSubDivSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulAddF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulAddSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulSubF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulSubSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulMulF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulMulSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulDivF32(dst, a, b, c []float32)

//go:noescape
func avxChainMulDivSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivAddF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivAddSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivSubF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivSubSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivMulF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivMulSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivDivF32(dst, a, b, c []float32)

//go:noescape
func avxChainDivDivSwapF32(dst, a, b, c []float32)

//go:noescape
func avxChainAddAddF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddAddSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddSubF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddSubSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddMulF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddMulSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddDivF64(dst, a, b, c []float64)

//go:noescape
func avxChainAddDivSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubAddF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubAddSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubSubF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubSubSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubMulF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubMulSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubDivF64(dst, a, b, c []float64)

//go:noescape
func avxChainSubDivSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulAddF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulAddSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulSubF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulSubSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulMulF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulMulSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulDivF64(dst, a, b, c []float64)

//go:noescape
func avxChainMulDivSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivAddF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivAddSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivSubF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivSubSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivMulF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivMulSwapF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivDivF64(dst, a, b, c []float64)

//go:noescape
func avxChainDivDivSwapF64(dst, a, b, c []float64)

// avxLaneSum<T> returns the lane sum of x (see LaneSum) and avxLaneSum<Op><T>
// that of the values a[i] op b[i] (see LaneSumOf). len(x) (len(a)) is a
// non-zero multiple of the lane count.

//go:noescape
func avxLaneSumF32(x []float32) float32

//go:noescape
func avxLaneSumAddF32(a, b []float32) float32

//go:noescape
func avxLaneSumSubF32(a, b []float32) float32

//go:noescape
func avxLaneSumMulF32(a, b []float32) float32

//go:noescape
func avxLaneSumDivF32(a, b []float32) float32

//go:noescape
func avxLaneSumF64(x []float64) float64

//go:noescape
func avxLaneSumAddF64(a, b []float64) float64

//go:noescape
func avxLaneSumSubF64(a, b []float64) float64

//go:noescape
func avxLaneSumMulF64(a, b []float64) float64

//go:noescape
func avxLaneSumDivF64(a, b []float64) float64

// simdUnary runs op on dst[:k] and returns k (see simd.go). len(x) ==
// len(dst).
func simdUnary[T any](op unaryOp, dst, x []T) int {
	if !haveSIMD {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		return unaryF32(op, d, any(x).([]float32))
	case []float64:
		return unaryF64(op, d, any(x).([]float64))
	}
	return 0
}

func unaryF32(op unaryOp, dst, x []float32) int {
	n := len(dst) &^ 7
	if n > 0 {
		callUnaryF32(op, dst[:n], x[:n])
	}
	if n == len(dst) || op.exact() {
		return n
	}
	// The tail goes through the same kernel, so every element gets the same
	// result wherever it sits in the slice.
	var buf [8]float32
	copy(buf[:], x[n:])
	callUnaryF32(op, buf[:], buf[:])
	copy(dst[n:], buf[:])
	return len(dst)
}

func unaryF64(op unaryOp, dst, x []float64) int {
	n := len(dst) &^ 3
	if n > 0 {
		callUnaryF64(op, dst[:n], x[:n])
	}
	if n == len(dst) || op.exact() {
		return n
	}
	var buf [4]float64
	copy(buf[:], x[n:])
	callUnaryF64(op, buf[:], buf[:])
	copy(dst[n:], buf[:])
	return len(dst)
}

func callUnaryF32(op unaryOp, dst, x []float32) {
	switch op {
	case opNeg:
		avxNegF32(dst, x)
	case opAbs:
		avxAbsF32(dst, x)
	case opSqrt:
		avxSqrtF32(dst, x)
	case opFloor:
		avxFloorF32(dst, x)
	case opCeil:
		avxCeilF32(dst, x)
	case opRound:
		avxRoundF32(dst, x)
	case opExp:
		avxExpF32(dst, x)
	case opLog:
		logF32(dst, x)
	case opLog1p:
		avxLog1pF32(dst, x)
	case opSin:
		if avxSinF32(dst, x) != 0 {
			fixBigF32(dst, math.Sin)
		}
	case opCos:
		if avxCosF32(dst, x) != 0 {
			fixBigF32(dst, math.Cos)
		}
	case opTanh:
		avxTanhF32(dst, x)
	case opLogistic:
		avxLogisticF32(dst, x)
	case opErf:
		avxErfF32(dst, x)
	}
}

func callUnaryF64(op unaryOp, dst, x []float64) {
	switch op {
	case opNeg:
		avxNegF64(dst, x)
	case opAbs:
		avxAbsF64(dst, x)
	case opSqrt:
		avxSqrtF64(dst, x)
	case opFloor:
		avxFloorF64(dst, x)
	case opCeil:
		avxCeilF64(dst, x)
	case opRound:
		avxRoundF64(dst, x)
	case opExp:
		avxExpF64(dst, x)
	case opLog:
		logF64(dst, x)
	case opLog1p:
		avxLog1pF64(dst, x)
	case opSin:
		if avxSinF64(dst, x) != 0 {
			fixBigF64(dst, math.Sin)
		}
	case opCos:
		if avxCosF64(dst, x) != 0 {
			fixBigF64(dst, math.Cos)
		}
	case opTanh:
		avxTanhF64(dst, x)
	case opLogistic:
		avxLogisticF64(dst, x)
	case opErf:
		avxErfF64(dst, x)
	}
}

// logSpecialRun is the number of elements that logF32 and logF64 hand to
// the complete kernel after a vector with a lane that is not a positive
// normal number: enough to amortise the calls when such lanes are common
// (log of a slice with many zeros), few enough to leave the fast kernel
// soon again when they are rare. A multiple of 8.
const logSpecialRun = 64

// logF32 runs log on dst, a multiple of 8 elements long: the fast kernel
// for positive normal arguments, and the complete one (subnormals, ±0,
// negatives, ±Inf, NaN; the same results on normal lanes) from each vector
// where the fast one stops. The fast kernel stores nothing of the vector it
// stops at, so dst may be x.
func logF32(dst, x []float32) {
	for i := 0; ; {
		i += avxLogNormalF32(dst[i:], x[i:])
		if i == len(dst) {
			return
		}
		k := min(len(dst), i+logSpecialRun)
		avxLogF32(dst[i:k], x[i:k])
		if k == len(dst) {
			return
		}
		i = k
	}
}

func logF64(dst, x []float64) {
	for i := 0; ; {
		i += avxLogNormalF64(dst[i:], x[i:])
		if i == len(dst) {
			return
		}
		k := min(len(dst), i+logSpecialRun)
		avxLogF64(dst[i:k], x[i:k])
		if k == len(dst) {
			return
		}
		i = k
	}
}

// simdSinCos sets sin[:k] and cos[:k] and returns k (all of them).
// len(cos) == len(x) == len(sin).
func simdSinCos[T any](sin, cos, x []T) int {
	if !haveSIMD {
		return 0
	}
	switch s := any(sin).(type) {
	case []float32:
		sinCosF32(s, any(cos).([]float32), any(x).([]float32))
		return len(s)
	case []float64:
		sinCosF64(s, any(cos).([]float64), any(x).([]float64))
		return len(s)
	}
	return 0
}

// sinCosF32 runs avxSinCosF32 on whole vectors and, like unaryF32, on the
// tail through a buffer, and recomputes the lanes beyond the bound exactly
// as Sin and Cos do.
func sinCosF32(sin, cos, x []float32) {
	n := len(sin) &^ 7
	if n > 0 && avxSinCosF32(sin[:n], cos[:n], x[:n]) != 0 {
		fixBigF32(sin[:n], math.Sin)
		fixBigF32(cos[:n], math.Cos)
	}
	if n == len(sin) {
		return
	}
	var s, c, buf [8]float32
	copy(buf[:], x[n:])
	if avxSinCosF32(s[:], c[:], buf[:]) != 0 {
		fixBigF32(s[:], math.Sin)
		fixBigF32(c[:], math.Cos)
	}
	copy(sin[n:], s[:])
	copy(cos[n:], c[:])
}

func sinCosF64(sin, cos, x []float64) {
	n := len(sin) &^ 3
	if n > 0 && avxSinCosF64(sin[:n], cos[:n], x[:n]) != 0 {
		fixBigF64(sin[:n], math.Sin)
		fixBigF64(cos[:n], math.Cos)
	}
	if n == len(sin) {
		return
	}
	var s, c, buf [4]float64
	copy(buf[:], x[n:])
	if avxSinCosF64(s[:], c[:], buf[:]) != 0 {
		fixBigF64(s[:], math.Sin)
		fixBigF64(c[:], math.Cos)
	}
	copy(sin[n:], s[:])
	copy(cos[n:], c[:])
}

// fixBigF32 recomputes with f the lanes that the sin/cos kernels left to the
// caller: they hold the argument, whose magnitude exceeds the reduction
// bound (> 1), while every computed result lies in [-1, 1] or is NaN.
func fixBigF32(dst []float32, f func(float64) float64) {
	for i, v := range dst {
		if v > 1 || v < -1 {
			dst[i] = float32(f(float64(v)))
		}
	}
}

func fixBigF64(dst []float64, f func(float64) float64) {
	for i, v := range dst {
		if v > 1 || v < -1 {
			dst[i] = f(v)
		}
	}
}

// simdBinary runs op on dst[:k], k a multiple of the vector width, and
// returns k. len(a) == len(b) == len(dst).
func simdBinary[T any](op binaryOp, dst, a, b []T) int {
	if !haveSIMD {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		n := len(d) &^ 7
		if n > 0 {
			binaryF32(op, d[:n], any(a).([]float32)[:n], any(b).([]float32)[:n])
		}
		return n
	case []float64:
		n := len(d) &^ 3
		if n > 0 {
			binaryF64(op, d[:n], any(a).([]float64)[:n], any(b).([]float64)[:n])
		}
		return n
	}
	return 0
}

func binaryF32(op binaryOp, dst, a, b []float32) {
	switch op {
	case binAdd:
		avxAddF32(dst, a, b)
	case binSub:
		avxSubF32(dst, a, b)
	case binMul:
		avxMulF32(dst, a, b)
	case binDiv:
		avxDivF32(dst, a, b)
	case binMin:
		avxMinF32(dst, a, b)
	case binMax:
		avxMaxF32(dst, a, b)
	}
}

func binaryF64(op binaryOp, dst, a, b []float64) {
	switch op {
	case binAdd:
		avxAddF64(dst, a, b)
	case binSub:
		avxSubF64(dst, a, b)
	case binMul:
		avxMulF64(dst, a, b)
	case binDiv:
		avxDivF64(dst, a, b)
	case binMin:
		avxMinF64(dst, a, b)
	case binMax:
		avxMaxF64(dst, a, b)
	}
}

// simdScale runs dst = s*x on dst[:k], k a multiple of the vector width,
// and returns k.
func simdScale[T any](dst, x []T, s T) int {
	if !haveSIMD {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		n := len(d) &^ 7
		if n > 0 {
			avxScaleF32(d[:n], any(x).([]float32)[:n], any(s).(float32))
		}
		return n
	case []float64:
		n := len(d) &^ 3
		if n > 0 {
			avxScaleF64(d[:n], any(x).([]float64)[:n], any(s).(float64))
		}
		return n
	}
	return 0
}

// simdFMA runs dst = a*b + c on dst[:k] and returns k.
func simdFMA[T any](dst, a, b, c []T) int {
	if !haveSIMD {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		n := len(d) &^ 7
		if n > 0 {
			avxFMAF32(d[:n], any(a).([]float32)[:n], any(b).([]float32)[:n], any(c).([]float32)[:n])
		}
		return n
	case []float64:
		n := len(d) &^ 3
		if n > 0 {
			avxFMAF64(d[:n], any(a).([]float64)[:n], any(b).([]float64)[:n], any(c).([]float64)[:n])
		}
		return n
	}
	return 0
}

// simdCompare sets dst[:k] = a <op> b and returns k, a multiple of 8.
func simdCompare[T any](op cmpOp, dst []bool, a, b []T) int {
	if !haveSIMD {
		return 0
	}
	n := len(dst) &^ 7
	if n == 0 {
		return 0
	}
	switch a := any(a).(type) {
	case []float32:
		compareF32(op, dst[:n], a[:n], any(b).([]float32)[:n])
		return n
	case []float64:
		compareF64(op, dst[:n], a[:n], any(b).([]float64)[:n])
		return n
	}
	return 0
}

func compareF32(op cmpOp, dst []bool, a, b []float32) {
	switch op {
	case cmpEq:
		avxEqF32(dst, a, b)
	case cmpNe:
		avxNeF32(dst, a, b)
	case cmpLt:
		avxLtF32(dst, a, b)
	case cmpLe:
		avxLeF32(dst, a, b)
	case cmpGt:
		avxGtF32(dst, a, b)
	case cmpGe:
		avxGeF32(dst, a, b)
	}
}

func compareF64(op cmpOp, dst []bool, a, b []float64) {
	switch op {
	case cmpEq:
		avxEqF64(dst, a, b)
	case cmpNe:
		avxNeF64(dst, a, b)
	case cmpLt:
		avxLtF64(dst, a, b)
	case cmpLe:
		avxLeF64(dst, a, b)
	case cmpGt:
		avxGtF64(dst, a, b)
	case cmpGe:
		avxGeF64(dst, a, b)
	}
}

// simdSelect sets dst[:k] = pred ? onTrue : onFalse and returns k.
func simdSelect[T any](dst []T, pred []bool, onTrue, onFalse []T) int {
	if !haveSIMD {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		n := len(d) &^ 7
		if n > 0 {
			avxSelectF32(d[:n], pred[:n], any(onTrue).([]float32)[:n], any(onFalse).([]float32)[:n])
		}
		return n
	case []float64:
		n := len(d) &^ 3
		if n > 0 {
			avxSelectF64(d[:n], pred[:n], any(onTrue).([]float64)[:n], any(onFalse).([]float64)[:n])
		}
		return n
	}
	return 0
}

// prefetch issues the prefetches of Prefetch.
func prefetch(p []byte) {
	if haveSIMD {
		avxPrefetch(p)
	}
}

// simdChain runs Chain on dst[:k], k a multiple of the vector width, and
// returns k. len(a) == len(b) == len(c) == len(dst). An operation outside
// the four (which Chain computes as a division) is left to the Go loop.
func simdChain[T any](op1, op2 Arith, swap bool, dst, a, b, c []T) int {
	if !haveSIMD || op1 > ArithDiv || op2 > ArithDiv {
		return 0
	}
	switch d := any(dst).(type) {
	case []float32:
		n := len(d) &^ 7
		if n > 0 {
			chainF32(op1, op2, swap, d[:n], any(a).([]float32)[:n], any(b).([]float32)[:n], any(c).([]float32)[:n])
		}
		return n
	case []float64:
		n := len(d) &^ 3
		if n > 0 {
			chainF64(op1, op2, swap, d[:n], any(a).([]float64)[:n], any(b).([]float64)[:n], any(c).([]float64)[:n])
		}
		return n
	}
	return 0
}

// chainKernelsF32[swap][op1<<2 | op2] and chainKernelsF64 are the kernels of
// Chain, for both operations among the four.
var chainKernelsF32 = [2][16]func(dst, a, b, c []float32){
	{
		avxChainAddAddF32, avxChainAddSubF32, avxChainAddMulF32, avxChainAddDivF32,
		avxChainSubAddF32, avxChainSubSubF32, avxChainSubMulF32, avxChainSubDivF32,
		avxChainMulAddF32, avxChainMulSubF32, avxChainMulMulF32, avxChainMulDivF32,
		avxChainDivAddF32, avxChainDivSubF32, avxChainDivMulF32, avxChainDivDivF32,
	},
	{
		avxChainAddAddSwapF32, avxChainAddSubSwapF32, avxChainAddMulSwapF32, avxChainAddDivSwapF32,
		avxChainSubAddSwapF32, avxChainSubSubSwapF32, avxChainSubMulSwapF32, avxChainSubDivSwapF32,
		avxChainMulAddSwapF32, avxChainMulSubSwapF32, avxChainMulMulSwapF32, avxChainMulDivSwapF32,
		avxChainDivAddSwapF32, avxChainDivSubSwapF32, avxChainDivMulSwapF32, avxChainDivDivSwapF32,
	},
}

var chainKernelsF64 = [2][16]func(dst, a, b, c []float64){
	{
		avxChainAddAddF64, avxChainAddSubF64, avxChainAddMulF64, avxChainAddDivF64,
		avxChainSubAddF64, avxChainSubSubF64, avxChainSubMulF64, avxChainSubDivF64,
		avxChainMulAddF64, avxChainMulSubF64, avxChainMulMulF64, avxChainMulDivF64,
		avxChainDivAddF64, avxChainDivSubF64, avxChainDivMulF64, avxChainDivDivF64,
	},
	{
		avxChainAddAddSwapF64, avxChainAddSubSwapF64, avxChainAddMulSwapF64, avxChainAddDivSwapF64,
		avxChainSubAddSwapF64, avxChainSubSubSwapF64, avxChainSubMulSwapF64, avxChainSubDivSwapF64,
		avxChainMulAddSwapF64, avxChainMulSubSwapF64, avxChainMulMulSwapF64, avxChainMulDivSwapF64,
		avxChainDivAddSwapF64, avxChainDivSubSwapF64, avxChainDivMulSwapF64, avxChainDivDivSwapF64,
	},
}

func chainF32(op1, op2 Arith, swap bool, dst, a, b, c []float32) {
	chainKernelsF32[b2i(swap)][op1<<2|op2](dst, a, b, c)
}

func chainF64(op1, op2 Arith, swap bool, dst, a, b, c []float64) {
	chainKernelsF64[b2i(swap)][op1<<2|op2](dst, a, b, c)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// simdLaneSum returns the lane sum of x[:n] and n, the whole vectors of x,
// or n = 0 when there are none or no SIMD kernel applies. Adding the
// elements x[n:] to it in order gives LaneSum(x).
func simdLaneSum[T any](x []T) (s T, n int) {
	if !haveSIMD {
		return s, 0
	}
	switch x := any(x).(type) {
	case []float32:
		if n = len(x) &^ 7; n > 0 {
			return any(avxLaneSumF32(x[:n])).(T), n
		}
	case []float64:
		if n = len(x) &^ 3; n > 0 {
			return any(avxLaneSumF64(x[:n])).(T), n
		}
	}
	return s, 0
}

// simdLaneSumOf is simdLaneSum of the values a[i] op b[i]. len(b) ==
// len(a). An operation outside the four is left to the Go loop.
func simdLaneSumOf[T any](op Arith, a, b []T) (s T, n int) {
	if !haveSIMD || op > ArithDiv {
		return s, 0
	}
	switch a := any(a).(type) {
	case []float32:
		if n = len(a) &^ 7; n > 0 {
			return any(laneSumOfF32(op, a[:n], any(b).([]float32)[:n])).(T), n
		}
	case []float64:
		if n = len(a) &^ 3; n > 0 {
			return any(laneSumOfF64(op, a[:n], any(b).([]float64)[:n])).(T), n
		}
	}
	return s, 0
}

func laneSumOfF32(op Arith, a, b []float32) float32 {
	switch op {
	case ArithAdd:
		return avxLaneSumAddF32(a, b)
	case ArithSub:
		return avxLaneSumSubF32(a, b)
	case ArithMul:
		return avxLaneSumMulF32(a, b)
	}
	return avxLaneSumDivF32(a, b)
}

func laneSumOfF64(op Arith, a, b []float64) float64 {
	switch op {
	case ArithAdd:
		return avxLaneSumAddF64(a, b)
	case ArithSub:
		return avxLaneSumSubF64(a, b)
	case ArithMul:
		return avxLaneSumMulF64(a, b)
	}
	return avxLaneSumDivF64(a, b)
}
