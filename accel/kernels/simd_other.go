//go:build !amd64 || noasm

package kernels

// Without the assembly kernels every element-wise kernel runs its pure-Go
// loop: the simd* functions process nothing.

// haveSIMD is false: there are no SIMD kernels in this build.
var haveSIMD = false

func simdUnary[T any](unaryOp, []T, []T) int         { return 0 }
func simdBinary[T any](binaryOp, []T, []T, []T) int  { return 0 }
func simdFMA[T any]([]T, []T, []T, []T) int          { return 0 }
func simdScale[T any]([]T, []T, T) int               { return 0 }
func simdCompare[T any](cmpOp, []bool, []T, []T) int { return 0 }
func simdSelect[T any]([]T, []bool, []T, []T) int    { return 0 }
func simdSinCos[T any]([]T, []T, []T) int            { return 0 }

// The leaf kernels of pairwiseSum are not called without SIMD; these
// definitions keep the dispatch compiling.
func avxLeafSumsF32(dst, x []float32, desc []int, m int, tree bool) {
	leafSumsGo(dst, x, desc, m, tree, 8)
}

func avxLeafSumsF64(dst, x []float64, desc []int, m int, tree bool) {
	leafSumsGo(dst, x, desc, m, tree, 4)
}

// prefetch does nothing without assembly.
func prefetch([]byte) {}

func simdChain[T any](Arith, Arith, bool, []T, []T, []T, []T) int { return 0 }
func simdLaneSum[T any]([]T) (s T, n int)                         { return s, 0 }
func simdLaneSumOf[T any](Arith, []T, []T) (s T, n int)           { return s, 0 }
