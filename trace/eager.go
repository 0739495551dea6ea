package trace

// The eager evaluator: what Bind runs when no argument is a tracer. Each
// primitive has one rule that allocates its result and calls the kernels of
// accel/kernels through the typed adapters in eager_kernels.go.

import "github.com/leibniz-go/leibniz/accel/kernels"

// eagerRule computes the data of the result of one primitive application with
// output aval out, into the data slice into when it is not nil (else into a
// new one). Operands are valid (the shape rule ran). Rules that need no copy
// (reshape, stop_gradient, a same-dtype convert) return the operand's data.
type eagerRule func(p Params, args []*Array, out Aval, into any) any

var eagerRules [NumOps]eagerRule

// init fills the eager rule table in one place (a keyed composite literal would
// form an initialization cycle through Bind → evalEager → eagerRules).
func init() {
	eagerRules = [NumOps]eagerRule{
		OpNeg:      unaryNum(numOps.neg),
		OpAbs:      unaryNum(numOps.abs),
		OpSign:     unaryNum(numOps.sign),
		OpExp:      unaryFloat(floatOps.exp),
		OpLog:      unaryFloat(floatOps.log),
		OpLog1p:    unaryFloat(floatOps.log1p),
		OpExpm1:    unaryFloat(floatOps.expm1),
		OpSin:      unaryFloat(floatOps.sin),
		OpCos:      unaryFloat(floatOps.cos),
		OpTan:      unaryFloat(floatOps.tan),
		OpTanh:     unaryFloat(floatOps.tanh),
		OpLogistic: unaryFloat(floatOps.logistic),
		OpSqrt:     unaryFloat(floatOps.sqrt),
		OpRsqrt:    unaryFloat(floatOps.rsqrt),
		OpFloor:    unaryFloat(floatOps.floor),
		OpCeil:     unaryFloat(floatOps.ceil),
		OpRound:    unaryFloat(floatOps.round),
		OpErf:      unaryFloat(floatOps.erf),
		OpNot:      notEager,

		OpAdd:   binaryNum(numOps.add),
		OpSub:   binaryNum(numOps.sub),
		OpMul:   binaryNum(numOps.mul),
		OpDiv:   binaryFloat(floatOps.div),
		OpPow:   binaryFloat(floatOps.pow),
		OpMax:   binaryNum(numOps.max),
		OpMin:   binaryNum(numOps.min),
		OpAtan2: binaryFloat(floatOps.atan2),
		OpAnd:   andEager,
		OpOr:    orEager,
		OpEq:    compareAny(anyOps.eq),
		OpNe:    compareAny(anyOps.ne),
		OpLt:    compareNum(numOps.lt),
		OpLe:    compareNum(numOps.le),
		OpGt:    compareNum(numOps.gt),
		OpGe:    compareNum(numOps.ge),

		OpSelect:       selectEager,
		OpConvert:      convertEager,
		OpStopGradient: identityEager,

		OpReduceSum:  reduceNum(numOps.reduceSum),
		OpReduceMax:  reduceNum(numOps.reduceMax),
		OpReduceMin:  reduceNum(numOps.reduceMin),
		OpReduceProd: reduceNum(numOps.reduceProd),
		OpArgMax:     argEager(numOps.argMax),
		OpArgMin:     argEager(numOps.argMin),

		OpBroadcastInDim: broadcastEager,
		OpReshape:        identityEager,
		OpTranspose:      transposeEager,
		OpSlice:          sliceEager,
		OpPad:            padEager,
		OpConcatenate:    concatEager,
		OpRev:            revEager,
		OpGather:         gatherEager,
		OpScatterAdd:     scatterAddEager,

		OpDotGeneral: dotGeneralEager,

		OpCustomLin: customLinEager,
	}
}

func evalEager(op Op, p Params, args []*Array, outs []Aval) []*Array {
	out := outs[0]
	return []*Array{{aval: out, data: eagerRules[op](p, args, out, nil)}}
}

// Compute evaluates the primitive op on concrete arguments with the eager
// kernels, writing into dst when it is not nil (a data slice of out's dtype
// and size that aliases no argument), and returns the result's data, which
// may be an argument's own data for ops that need no copy (reshape,
// stop_gradient, a conversion to the same dtype, a broadcast to the same
// shape). The operands must have passed op's shape rule, which computed out.
// The compiler in accel uses it to run primitives into planned buffers.
func Compute(op Op, p Params, args []*Array, out Aval, dst any) any {
	return eagerRules[op](p, args, out, dst)
}

// FromData wraps a data slice ([]float32, []float64, []int32, []int64 or
// []bool of prod(shape) elements) as a concrete array without copying. The
// caller must not modify data while the array is in use; arrays are
// otherwise immutable. It exists for runtimes that manage their own buffers
// (accel); user code should prefer the copying constructors.
func FromData(data any, shape ...int) *Array {
	a := fromData(data, cloneShape(shape), false)
	if prod(shape) != dataLen(data) {
		Raise("FromData", nil, "%d values cannot fill shape %v", dataLen(data), shape)
	}
	return a
}

func dataLen(data any) int {
	switch d := data.(type) {
	case []float32:
		return len(d)
	case []float64:
		return len(d)
	case []int32:
		return len(d)
	case []int64:
		return len(d)
	case []bool:
		return len(d)
	}
	return -1
}

// dstOr returns into, or a new data slice for out when into is nil. Every
// rule overwrites all of its destination (the compiler in accel passes
// reused buffers as into), so a new numeric slice is not zeroed
// (kernels.Uninit: the runtime would clear it at about 10 GB/s).
func dstOr(into any, out Aval) any {
	if into != nil {
		return into
	}
	n := out.Size()
	switch out.DType {
	case Float32:
		return kernels.Uninit[float32](n)
	case Float64:
		return kernels.Uninit[float64](n)
	case Int32:
		return kernels.Uninit[int32](n)
	case Int64:
		return kernels.Uninit[int64](n)
	}
	return allocData(out.DType, n)
}

func unaryNum(k func(numOps, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(numImpl(out.DType), dst, args[0].data)
		return dst
	}
}

func unaryFloat(k func(floatOps, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(floatImpl(out.DType), dst, args[0].data)
		return dst
	}
}

func binaryNum(k func(numOps, any, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(numImpl(out.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func binaryFloat(k func(floatOps, any, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(floatImpl(out.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func compareNum(k func(numOps, []bool, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out).([]bool)
		k(numImpl(args[0].aval.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func compareAny(k func(anyOps, []bool, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out).([]bool)
		k(anyImpl(args[0].aval.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func reduceNum(k func(numOps, any, any, []int, []int)) eagerRule {
	return func(p Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(numImpl(out.DType), dst, args[0].data, args[0].aval.Shape, p.(ReduceParams).Axes)
		return dst
	}
}

func argEager(k func(numOps, any, any, []int, int)) eagerRule {
	return func(p Params, args []*Array, out Aval, into any) any {
		dst := dstOr(into, out)
		k(numImpl(args[0].aval.DType), dst, args[0].data, args[0].aval.Shape, p.(ArgParams).Axis)
		return dst
	}
}

// identityEager shares the operand's data: arrays are immutable, so reshape and
// stop_gradient need no copy.
func identityEager(_ Params, args []*Array, _ Aval, _ any) any { return args[0].data }
