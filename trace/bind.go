package trace

// Bind applies the primitive op to args: it runs op's shape rule once (all
// validation happens there, so kernels and transform rules never see bad
// input), then hands the application to the interpreter with the highest level
// among the arguments' tracers, or evaluates it eagerly when every argument is
// concrete. It panics with an *Error on invalid operands or params, and when an
// argument is a tracer whose transform has already returned.
//
// User code calls the functions built on Bind (Add, MatMul, ...); transforms
// call Bind to emit primitives.
func Bind(op Op, params Params, args ...*Array) []*Array {
	return bindIn(nil, op, params, args)
}

// bindIn is Bind with ctx (if not nil) as one more candidate interpreter. The
// user-level functions pass the interpreter of their traced operands when they
// broadcast a concrete operand, so that the broadcast is staged (a scalar
// literal and a broadcast_in_dim) instead of materialized as a large constant.
func bindIn(ctx Interpreter, op Op, params Params, args []*Array) []*Array {
	var buf [4]Aval
	in := buf[:0]
	top := ctx
	for i, a := range args {
		if a == nil {
			panic(&Error{Op: op.String(), Params: paramString(params), Operands: in,
				Msg: "operand " + itoa(i) + " is a nil *Array", Pos: CallerPos()})
		}
		in = append(in, a.aval)
		if a.tracer == nil {
			continue
		}
		it := a.tracer.Interpreter()
		if !it.Active() {
			panic(escaped(op, params, args, i))
		}
		if top == nil || it.Level() > top.Level() {
			top = it
		}
	}
	outs, err := ShapeRule(op, params, in)
	if err != nil {
		e := err.(*Error)
		e.Operands = append([]Aval(nil), e.Operands...)
		e.Pos = CallerPos()
		panic(e)
	}
	if top == nil {
		return evalEager(op, params, args, outs)
	}
	return top.Process(op, params, args, outs)
}

// BindIn is [Bind] with the interpreter of ctx (when ctx is a tracer) as one
// more candidate. Transforms use it for cheap ops on constants that belong
// next to a traced value, e.g. broadcasting an unbatched constant to a batch:
// under staging the op is recorded (a fill stays a fill) instead of being
// evaluated into a large constant.
func BindIn(ctx *Array, op Op, params Params, args ...*Array) []*Array {
	var it Interpreter
	if ctx != nil && ctx.tracer != nil {
		it = ctx.tracer.Interpreter()
	}
	return bindIn(it, op, params, args)
}

// Bind1 is [Bind] for the (single-result) primitives, returning the result.
func Bind1(op Op, params Params, args ...*Array) *Array {
	return Bind(op, params, args...)[0]
}

func escaped(op Op, params Params, args []*Array, i int) *Error {
	avals := make([]Aval, len(args))
	for j, a := range args {
		if a != nil {
			avals[j] = a.aval
		}
	}
	return &Error{Op: op.String(), Params: paramString(params), Operands: avals, Pos: CallerPos(),
		Msg: "operand " + itoa(i) + " is an escaped tracer: it belongs to " + describeInterp(args[i].tracer.Interpreter()) +
			", which has already returned (a traced value was kept outside the function being transformed, " +
			"e.g. in a variable captured by a closure); return it from the function instead"}
}
