package trace

// The eager evaluator: what Bind runs when no argument is a tracer. Each
// primitive has one rule that allocates its result and calls the kernels of
// accel/kernels through the typed adapters in eager_kernels.go.

// eagerRule computes the data of the result of one primitive application with
// output aval out. Operands are valid (the shape rule ran).
type eagerRule func(p Params, args []*Array, out Aval) any

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
	return []*Array{{aval: out, data: eagerRules[op](p, args, out)}}
}

func alloc(out Aval) any { return allocData(out.DType, out.Size()) }

func unaryNum(k func(numOps, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(numImpl(out.DType), dst, args[0].data)
		return dst
	}
}

func unaryFloat(k func(floatOps, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(floatImpl(out.DType), dst, args[0].data)
		return dst
	}
}

func binaryNum(k func(numOps, any, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(numImpl(out.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func binaryFloat(k func(floatOps, any, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(floatImpl(out.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func compareNum(k func(numOps, []bool, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := make([]bool, out.Size())
		k(numImpl(args[0].aval.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func compareAny(k func(anyOps, []bool, any, any)) eagerRule {
	return func(_ Params, args []*Array, out Aval) any {
		dst := make([]bool, out.Size())
		k(anyImpl(args[0].aval.DType), dst, args[0].data, args[1].data)
		return dst
	}
}

func reduceNum(k func(numOps, any, any, []int, []int)) eagerRule {
	return func(p Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(numImpl(out.DType), dst, args[0].data, args[0].aval.Shape, p.(ReduceParams).Axes)
		return dst
	}
}

func argEager(k func(numOps, any, any, []int, int)) eagerRule {
	return func(p Params, args []*Array, out Aval) any {
		dst := alloc(out)
		k(numImpl(args[0].aval.DType), dst, args[0].data, args[0].aval.Shape, p.(ArgParams).Axis)
		return dst
	}
}

// identityEager shares the operand's data: arrays are immutable, so reshape and
// stop_gradient need no copy.
func identityEager(_ Params, args []*Array, _ Aval) any { return args[0].data }
