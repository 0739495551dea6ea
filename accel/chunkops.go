package accel

import (
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// A fusion group's instructions are bound, once per frame and worker, to
// typed slices (its registers and the cells that hold its external
// operands), so that running a chunk is one method call per instruction:
// no type switches, no boxing, no argument lists built per chunk.

// chunkOp runs one bound instruction over elements [c, c+n) of its group.
type chunkOp interface{ run(c, n int) }

// cells holds, per location (the group's registers, then its external
// operands), the typed slice bound operations read and write. Only the
// table of a location's dtype is used.
type cells struct {
	f32 [][]float32
	f64 [][]float64
	i32 [][]int32
	i64 [][]int64
	b   [][]bool
}

func newCells(n int) *cells {
	return &cells{
		f32: make([][]float32, n), f64: make([][]float64, n),
		i32: make([][]int32, n), i64: make([][]int64, n), b: make([][]bool, n),
	}
}

func tableOf[T any](cs *cells) [][]T {
	var z T
	switch any(z).(type) {
	case float32:
		return any(cs.f32).([][]T)
	case float64:
		return any(cs.f64).([][]T)
	case int32:
		return any(cs.i32).([][]T)
	case int64:
		return any(cs.i64).([][]T)
	}
	return any(cs.b).([][]T)
}

// set stores a data slice of any dtype in location i.
func (cs *cells) set(i int, data any) {
	switch d := data.(type) {
	case []float32:
		cs.f32[i] = d
	case []float64:
		cs.f64[i] = d
	case []int32:
		cs.i32[i] = d
	case []int64:
		cs.i64[i] = d
	case []bool:
		cs.b[i] = d
	}
}

// drop clears location i in every table.
func (cs *cells) drop(i int) {
	cs.f32[i], cs.f64[i], cs.i32[i], cs.i64[i], cs.b[i] = nil, nil, nil, nil, nil
}

// operand is a bound location: a register (holding one chunk: element c
// of the group is at c mod chunkSize) or an external array (indexed by the
// element's offset in the group). Ranges [c, c+n) lie within one chunk.
type operand[T any] struct {
	p   *[]T
	ext bool
}

func (o operand[T]) at(c, n int) []T {
	if o.ext {
		return (*o.p)[c : c+n : c+n]
	}
	c &= chunkSize - 1
	return (*o.p)[c : c+n : c+n]
}

// binder binds a group's locations to one worker's cells.
type binder struct {
	cs    *cells
	nregs int
}

func bindAt[T any](b binder, l loc) operand[T] {
	i := l.i
	if l.ext {
		i += b.nregs
	}
	return operand[T]{p: &tableOf[T](b.cs)[i], ext: l.ext}
}

type unaryOp[T any] struct {
	f      func(dst, x []T)
	dst, x operand[T]
}

func (o *unaryOp[T]) run(c, n int) { o.f(o.dst.at(c, n), o.x.at(c, n)) }

type binaryOp[T any] struct {
	f         func(dst, a, b []T)
	dst, a, b operand[T]
}

func (o *binaryOp[T]) run(c, n int) { o.f(o.dst.at(c, n), o.a.at(c, n), o.b.at(c, n)) }

// sinCosOp computes sin and cos of one operand with one range reduction.
type sinCosOp[T kernels.Float] struct{ sin, cos, x operand[T] }

func (o *sinCosOp[T]) run(c, n int) { kernels.SinCos(o.sin.at(c, n), o.cos.at(c, n), o.x.at(c, n)) }

type compareOp[T any] struct {
	f    func(dst []bool, a, b []T)
	dst  operand[bool]
	a, b operand[T]
}

func (o *compareOp[T]) run(c, n int) { o.f(o.dst.at(c, n), o.a.at(c, n), o.b.at(c, n)) }

type selectOp[T any] struct {
	dst, t, f operand[T]
	pred      operand[bool]
}

func (o *selectOp[T]) run(c, n int) {
	kernels.Select(o.dst.at(c, n), o.pred.at(c, n), o.t.at(c, n), o.f.at(c, n))
}

type convertOp[D, S any] struct {
	f   func(dst []D, src []S)
	dst operand[D]
	src operand[S]
}

func (o *convertOp[D, S]) run(c, n int) { o.f(o.dst.at(c, n), o.src.at(c, n)) }

// fillOp sets a register to a scalar operand; it runs once per call.
type fillOp[T any] struct {
	dst operand[T]
	src *[]T
}

func (o *fillOp[T]) run(int, int) { kernels.Fill(*o.dst.p, (*o.src)[0]) }

// bcastOp writes the chunk's part of a row or column broadcast.
type bcastOp[T any] struct {
	dst operand[T]
	src *[]T
	b   bcast
}

func (o *bcastOp[T]) run(c, n int) { broadcastTyped(o.dst.at(c, n), *o.src, o.b, c) }

// chainOp runs two arithmetic operations in one pass (combine.go).
type chainOp[T kernels.Float] struct {
	op1, op2     kernels.Arith
	swap         bool
	dst, a, b, c operand[T]
}

func (o *chainOp[T]) run(c, n int) {
	kernels.Chain(o.dst.at(c, n), o.a.at(c, n), o.b.at(c, n), o.c.at(c, n), o.op1, o.op2, o.swap)
}

// sinkOp folds each chunk into a full reduction's accumulator.
type sinkOp[T kernels.Float] struct {
	op  trace.Op
	x   operand[T]
	acc *float64
}

func (o *sinkOp[T]) run(c, n int) {
	var r [1]T
	reduceChunk(o.op, r[:], o.x.at(c, n))
	*o.acc = sinkCombine(o.op, *o.acc, float64(r[0]))
}

// sumOfOp is a sum sink of a op b, which it does not store (combine.go).
type sumOfOp[T kernels.Float] struct {
	of   kernels.Arith
	a, b operand[T]
	acc  *float64
}

func (o *sumOfOp[T]) run(c, n int) {
	*o.acc += float64(kernels.LaneSumOf(o.of, o.a.at(c, n), o.b.at(c, n)))
}

// bindInstr returns the chunk operation of one instruction.
func bindInstr(b binder, in instr) chunkOp {
	switch in.op {
	case trace.OpConvert, trace.OpStopGradient:
		return bindConvert(b, in)
	case trace.OpSelect:
		return bindTyped(in.dstDT, selectBinder{b, in})
	case trace.OpNot:
		return &unaryOp[bool]{f: kernels.Not, dst: bindAt[bool](b, in.dst[0]), x: bindAt[bool](b, in.args[0])}
	case trace.OpAnd, trace.OpOr:
		f := kernels.And
		if in.op == trace.OpOr {
			f = kernels.Or
		}
		return &binaryOp[bool]{f: f, dst: bindAt[bool](b, in.dst[0]), a: bindAt[bool](b, in.args[0]), b: bindAt[bool](b, in.args[1])}
	case trace.OpEq, trace.OpNe, trace.OpLt, trace.OpLe, trace.OpGt, trace.OpGe:
		return bindTyped(in.argDT[0], compareBinder{b, in})
	}
	return bindTyped(in.dstDT, arithBinder{b, in})
}

// typedBinder binds an instruction once its element type is known.
type typedBinder interface {
	f32() chunkOp
	f64() chunkOp
	i32() chunkOp
	i64() chunkOp
	boolean() chunkOp
}

func bindTyped(dt trace.DType, tb typedBinder) chunkOp {
	switch dt {
	case trace.Float32:
		return tb.f32()
	case trace.Float64:
		return tb.f64()
	case trace.Int32:
		return tb.i32()
	case trace.Int64:
		return tb.i64()
	}
	return tb.boolean()
}

type selectBinder struct {
	b  binder
	in instr
}

func bindSelect[T any](b binder, in instr) chunkOp {
	return &selectOp[T]{dst: bindAt[T](b, in.dst[0]), pred: bindAt[bool](b, in.args[0]), t: bindAt[T](b, in.args[1]), f: bindAt[T](b, in.args[2])}
}

func (s selectBinder) f32() chunkOp     { return bindSelect[float32](s.b, s.in) }
func (s selectBinder) f64() chunkOp     { return bindSelect[float64](s.b, s.in) }
func (s selectBinder) i32() chunkOp     { return bindSelect[int32](s.b, s.in) }
func (s selectBinder) i64() chunkOp     { return bindSelect[int64](s.b, s.in) }
func (s selectBinder) boolean() chunkOp { return bindSelect[bool](s.b, s.in) }

type compareBinder struct {
	b  binder
	in instr
}

func bindCompare[T kernels.Num](b binder, in instr) chunkOp {
	return &compareOp[T]{f: compareKernel[T](in.op), dst: bindAt[bool](b, in.dst[0]), a: bindAt[T](b, in.args[0]), b: bindAt[T](b, in.args[1])}
}

func (s compareBinder) f32() chunkOp { return bindCompare[float32](s.b, s.in) }
func (s compareBinder) f64() chunkOp { return bindCompare[float64](s.b, s.in) }
func (s compareBinder) i32() chunkOp { return bindCompare[int32](s.b, s.in) }
func (s compareBinder) i64() chunkOp { return bindCompare[int64](s.b, s.in) }
func (s compareBinder) boolean() chunkOp {
	f := kernels.Eq[bool]
	if s.in.op == trace.OpNe {
		f = kernels.Ne[bool]
	}
	return &compareOp[bool]{f: f, dst: bindAt[bool](s.b, s.in.dst[0]), a: bindAt[bool](s.b, s.in.args[0]), b: bindAt[bool](s.b, s.in.args[1])}
}

type arithBinder struct {
	b  binder
	in instr
}

func (s arithBinder) f32() chunkOp { return bindFloat[float32](s.b, s.in) }
func (s arithBinder) f64() chunkOp { return bindFloat[float64](s.b, s.in) }
func (s arithBinder) i32() chunkOp { return bindNum[int32](s.b, s.in) }
func (s arithBinder) i64() chunkOp { return bindNum[int64](s.b, s.in) }
func (s arithBinder) boolean() chunkOp {
	panic("accel: no chunk kernel for " + s.in.op.String() + " on bool")
}

func bindFloat[T kernels.Float](b binder, in instr) chunkOp {
	if in.chain {
		return &chainOp[T]{op1: arithOf[in.op], op2: arithOf[in.op2], swap: in.swap,
			dst: bindAt[T](b, in.dst[0]), a: bindAt[T](b, in.args[0]), b: bindAt[T](b, in.args[1]), c: bindAt[T](b, in.args[2])}
	}
	if in.sincos {
		return &sinCosOp[T]{sin: bindAt[T](b, in.dst[0]), cos: bindAt[T](b, in.dst[1]), x: bindAt[T](b, in.args[0])}
	}
	if f := floatUnaryKernel[T](in.op); f != nil {
		return &unaryOp[T]{f: f, dst: bindAt[T](b, in.dst[0]), x: bindAt[T](b, in.args[0])}
	}
	if f := floatBinaryKernel[T](in.op); f != nil {
		return &binaryOp[T]{f: f, dst: bindAt[T](b, in.dst[0]), a: bindAt[T](b, in.args[0]), b: bindAt[T](b, in.args[1])}
	}
	return bindNum[T](b, in)
}

func bindNum[T kernels.Num](b binder, in instr) chunkOp {
	if f := numUnaryKernel[T](in.op); f != nil {
		return &unaryOp[T]{f: f, dst: bindAt[T](b, in.dst[0]), x: bindAt[T](b, in.args[0])}
	}
	if f := numBinaryKernel[T](in.op); f != nil {
		return &binaryOp[T]{f: f, dst: bindAt[T](b, in.dst[0]), a: bindAt[T](b, in.args[0]), b: bindAt[T](b, in.args[1])}
	}
	panic("accel: no chunk kernel for " + in.op.String() + " on " + in.dstDT.String())
}

func floatUnaryKernel[T kernels.Float](op trace.Op) func(dst, x []T) {
	switch op {
	case trace.OpExp:
		return kernels.Exp[T]
	case trace.OpLog:
		return kernels.Log[T]
	case trace.OpLog1p:
		return kernels.Log1p[T]
	case trace.OpExpm1:
		return kernels.Expm1[T]
	case trace.OpSin:
		return kernels.Sin[T]
	case trace.OpCos:
		return kernels.Cos[T]
	case trace.OpTan:
		return kernels.Tan[T]
	case trace.OpTanh:
		return kernels.Tanh[T]
	case trace.OpLogistic:
		return kernels.Logistic[T]
	case trace.OpSqrt:
		return kernels.Sqrt[T]
	case trace.OpRsqrt:
		return kernels.Rsqrt[T]
	case trace.OpFloor:
		return kernels.Floor[T]
	case trace.OpCeil:
		return kernels.Ceil[T]
	case trace.OpRound:
		return kernels.Round[T]
	case trace.OpErf:
		return kernels.Erf[T]
	}
	return nil
}

func floatBinaryKernel[T kernels.Float](op trace.Op) func(dst, a, b []T) {
	switch op {
	case trace.OpDiv:
		return kernels.Div[T]
	case trace.OpPow:
		return kernels.Pow[T]
	case trace.OpAtan2:
		return kernels.Atan2[T]
	}
	return nil
}

func numUnaryKernel[T kernels.Num](op trace.Op) func(dst, x []T) {
	switch op {
	case trace.OpNeg:
		return kernels.Neg[T]
	case trace.OpAbs:
		return kernels.Abs[T]
	case trace.OpSign:
		return kernels.Sign[T]
	}
	return nil
}

func numBinaryKernel[T kernels.Num](op trace.Op) func(dst, a, b []T) {
	switch op {
	case trace.OpAdd:
		return kernels.Add[T]
	case trace.OpSub:
		return kernels.Sub[T]
	case trace.OpMul:
		return kernels.Mul[T]
	case trace.OpMax:
		return kernels.Max[T]
	case trace.OpMin:
		return kernels.Min[T]
	}
	return nil
}

func compareKernel[T kernels.Num](op trace.Op) func(dst []bool, a, b []T) {
	switch op {
	case trace.OpEq:
		return kernels.Eq[T]
	case trace.OpNe:
		return kernels.Ne[T]
	case trace.OpLt:
		return kernels.Lt[T]
	case trace.OpLe:
		return kernels.Le[T]
	case trace.OpGt:
		return kernels.Gt[T]
	}
	return kernels.Ge[T]
}

// bindConvert binds a dtype conversion (or a copy, for stop_gradient and
// same-dtype converts).
func bindConvert(b binder, in instr) chunkOp {
	switch in.dstDT {
	case trace.Float32:
		return convertTo[float32](b, in)
	case trace.Float64:
		return convertTo[float64](b, in)
	case trace.Int32:
		return convertTo[int32](b, in)
	case trace.Int64:
		return convertTo[int64](b, in)
	}
	dst := bindAt[bool](b, in.dst[0])
	switch in.argDT[0] {
	case trace.Float32:
		return &convertOp[bool, float32]{f: kernels.ToBool[float32], dst: dst, src: bindAt[float32](b, in.args[0])}
	case trace.Float64:
		return &convertOp[bool, float64]{f: kernels.ToBool[float64], dst: dst, src: bindAt[float64](b, in.args[0])}
	case trace.Int32:
		return &convertOp[bool, int32]{f: kernels.ToBool[int32], dst: dst, src: bindAt[int32](b, in.args[0])}
	case trace.Int64:
		return &convertOp[bool, int64]{f: kernels.ToBool[int64], dst: dst, src: bindAt[int64](b, in.args[0])}
	}
	return &convertOp[bool, bool]{f: copyInto[bool], dst: dst, src: bindAt[bool](b, in.args[0])}
}

func convertTo[D kernels.Num](b binder, in instr) chunkOp {
	dst := bindAt[D](b, in.dst[0])
	switch in.argDT[0] {
	case trace.Float32:
		return &convertOp[D, float32]{f: kernels.Convert[D, float32], dst: dst, src: bindAt[float32](b, in.args[0])}
	case trace.Float64:
		return &convertOp[D, float64]{f: kernels.Convert[D, float64], dst: dst, src: bindAt[float64](b, in.args[0])}
	case trace.Int32:
		return &convertOp[D, int32]{f: kernels.Convert[D, int32], dst: dst, src: bindAt[int32](b, in.args[0])}
	case trace.Int64:
		return &convertOp[D, int64]{f: kernels.Convert[D, int64], dst: dst, src: bindAt[int64](b, in.args[0])}
	}
	return &convertOp[D, bool]{f: kernels.FromBool[D], dst: dst, src: bindAt[bool](b, in.args[0])}
}

func copyInto[T any](dst, src []T) { copy(dst, src) }

// bindFill returns a fill's operation.
func bindFill(b binder, fl fill, dt trace.DType) chunkOp {
	switch dt {
	case trace.Float32:
		return newFill[float32](b, fl)
	case trace.Float64:
		return newFill[float64](b, fl)
	case trace.Int32:
		return newFill[int32](b, fl)
	case trace.Int64:
		return newFill[int64](b, fl)
	}
	return newFill[bool](b, fl)
}

func newFill[T any](b binder, fl fill) chunkOp {
	return &fillOp[T]{dst: bindAt[T](b, loc{i: fl.reg}), src: bindAt[T](b, loc{ext: true, i: fl.ext}).p}
}

func bindBcast(b binder, bc bcast, dt trace.DType) chunkOp {
	switch dt {
	case trace.Float32:
		return newBcast[float32](b, bc)
	case trace.Float64:
		return newBcast[float64](b, bc)
	case trace.Int32:
		return newBcast[int32](b, bc)
	case trace.Int64:
		return newBcast[int64](b, bc)
	}
	return newBcast[bool](b, bc)
}

func newBcast[T any](b binder, bc bcast) chunkOp {
	return &bcastOp[T]{dst: bindAt[T](b, loc{i: bc.reg}), src: bindAt[T](b, loc{ext: true, i: bc.ext}).p, b: bc}
}

func bindSink(b binder, sk sink, acc *float64) chunkOp {
	if sk.fused {
		if sk.dt == trace.Float32 {
			return &sumOfOp[float32]{of: arithOf[sk.of], a: bindAt[float32](b, sk.arg), b: bindAt[float32](b, sk.arg2), acc: acc}
		}
		return &sumOfOp[float64]{of: arithOf[sk.of], a: bindAt[float64](b, sk.arg), b: bindAt[float64](b, sk.arg2), acc: acc}
	}
	if sk.dt == trace.Float32 {
		return &sinkOp[float32]{op: sk.op, x: bindAt[float32](b, sk.arg), acc: acc}
	}
	return &sinkOp[float64]{op: sk.op, x: bindAt[float64](b, sk.arg), acc: acc}
}
