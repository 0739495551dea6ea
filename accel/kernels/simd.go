package kernels

//go:generate go run ./internal/asmgen -out simd_amd64.s

// SIMD dispatch.
//
// On amd64 CPUs with AVX2 and FMA the element-wise float32 and float64
// kernels listed below run generated assembly (simd_amd64.s, from
// internal/asmgen); everywhere else, with -tags noasm, or for element types
// other than exactly float32 and float64 (a named type such as
// `type F float32` included), they run the pure-Go loops of their own source.
// Each dispatching kernel is written
//
//	for i := simdUnary(opExp, dst, x); i < len(dst); i++ { /* pure Go */ }
//
// where the simd* function processes a prefix of the slices (all of them,
// or a multiple of the vector width, leaving the tail to the loop, which
// computes the same values for exact operations) and returns its length,
// or returns 0 when no SIMD kernel applies.

// unaryOp names a vectorised unary kernel.
type unaryOp uint8

const (
	opNeg unaryOp = iota
	opAbs
	opSqrt
	opFloor
	opCeil
	opRound
	opExp
	opLog
	opLog1p
	opSin
	opCos
	opTanh
	opLogistic
	opErf
)

// exact reports whether op is exactly rounded (or exact), so that the
// pure-Go loop computes the same value for the tail as the assembly.
func (op unaryOp) exact() bool { return op <= opRound }

// binaryOp names a vectorised binary kernel.
type binaryOp uint8

const (
	binAdd binaryOp = iota
	binSub
	binMul
	binDiv
	binMin
	binMax
)

// cmpOp names a vectorised comparison.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)
