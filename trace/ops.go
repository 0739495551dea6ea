package trace

// Op is a primitive: one of the closed set of operations that programs are made
// of and that every transform has a rule for. User-level functions (Add with
// broadcasting, MatMul, Softmax, ...) are compositions of primitives.
//
// Primitives operate on operands whose dtypes and shapes already agree (no
// implicit broadcasting or promotion); the user-level functions insert the
// convert and broadcast_in_dim primitives that make them agree.
type Op uint16

// The primitives. Each constant's comment gives its printed form.
const (
	opInvalid Op = iota

	// Elementwise unary.
	OpNeg      // neg x
	OpAbs      // abs x
	OpSign     // sign x
	OpExp      // exp x
	OpLog      // log x
	OpLog1p    // log1p x
	OpExpm1    // expm1 x
	OpSin      // sin x
	OpCos      // cos x
	OpTan      // tan x
	OpTanh     // tanh x
	OpLogistic // logistic x (the sigmoid 1/(1+exp(-x)))
	OpSqrt     // sqrt x
	OpRsqrt    // rsqrt x
	OpFloor    // floor x
	OpCeil     // ceil x
	OpRound    // round x (half to even)
	OpErf      // erf x
	OpNot      // not x (bool)

	// Elementwise binary, operands of equal shape and dtype.
	OpAdd   // add x y
	OpSub   // sub x y
	OpMul   // mul x y
	OpDiv   // div x y (floats)
	OpPow   // pow x y (floats)
	OpMax   // max x y
	OpMin   // min x y
	OpAtan2 // atan2 x y
	OpAnd   // and x y (bool)
	OpOr    // or x y (bool)
	OpEq    // eq x y → bool
	OpNe    // ne x y → bool
	OpLt    // lt x y → bool
	OpLe    // le x y → bool
	OpGt    // gt x y → bool
	OpGe    // ge x y → bool

	// OpSelect picks elements: select p x y is x where p is true, else y.
	OpSelect // select p x y
	// OpConvert changes the dtype: convert[dtype=f32] x.
	OpConvert
	// OpStopGradient is the identity whose derivative is zero: stop_gradient x.
	OpStopGradient

	// Reductions over a set of axes: reduce_sum[axes=(0,2)] x.
	OpReduceSum
	OpReduceMax
	OpReduceMin
	OpReduceProd
	// Index of the first maximum/minimum along one axis: argmax[axis=1 index_dtype=i32] x.
	OpArgMax
	OpArgMin

	// Structural.
	OpBroadcastInDim // broadcast_in_dim[dims=(1) shape=(2,3)] x
	OpReshape        // reshape[shape=(3,2)] x
	OpTranspose      // transpose[perm=(1,0)] x
	OpSlice          // slice[limit=(2) start=(0) strides=(1)] x
	OpPad            // pad[hi=(1) interior=(0) lo=(1)] x v (v: a scalar padding value)
	OpConcatenate    // concatenate[axis=0] x y ...
	OpRev            // rev[axes=(0)] x
	OpGather         // gather[axis=0] x idx: x's axis replaced by idx's dims
	OpScatterAdd     // scatter_add[axis=0] x idx u: x with u added at idx along axis

	// Contraction: dot_general[lhs_batch=() lhs_contract=(1) rhs_batch=() rhs_contract=(0)] x y.
	OpDotGeneral

	// OpCustomLin is the tangent map of a function with a custom VJP inside
	// reverse mode (see [CustomLinParams]): custom_lin[name=f res=1] r t.
	OpCustomLin

	// NumOps is one more than the last primitive; rule tables have this length.
	NumOps
)

// OpInfo describes a primitive.
type OpInfo struct {
	// Name is the printed name.
	Name string
	// Arity is the number of operands, or -1 for variadic (concatenate).
	Arity int
	// Linear marks the primitives that have a transpose rule: they are linear
	// in their floating operands when all but one are held constant (add, sub,
	// neg, convert, the structural ops, reduce_sum; mul, div (numerator),
	// select (branches) and dot_general in one operand at a time).
	Linear bool
	// rule is the shape/dtype rule: it validates the operands and params and
	// returns the output avals.
	rule shapeRule
}

// shapeRule computes the output avals of an op, or an error message.
type shapeRule func(p Params, in []Aval) ([]Aval, error)

var opInfo = [NumOps]OpInfo{
	OpNeg:      {Name: "neg", Arity: 1, Linear: true, rule: unaryRule(kindNum)},
	OpAbs:      {Name: "abs", Arity: 1, rule: unaryRule(kindNum)},
	OpSign:     {Name: "sign", Arity: 1, rule: unaryRule(kindNum)},
	OpExp:      {Name: "exp", Arity: 1, rule: unaryRule(kindFloat)},
	OpLog:      {Name: "log", Arity: 1, rule: unaryRule(kindFloat)},
	OpLog1p:    {Name: "log1p", Arity: 1, rule: unaryRule(kindFloat)},
	OpExpm1:    {Name: "expm1", Arity: 1, rule: unaryRule(kindFloat)},
	OpSin:      {Name: "sin", Arity: 1, rule: unaryRule(kindFloat)},
	OpCos:      {Name: "cos", Arity: 1, rule: unaryRule(kindFloat)},
	OpTan:      {Name: "tan", Arity: 1, rule: unaryRule(kindFloat)},
	OpTanh:     {Name: "tanh", Arity: 1, rule: unaryRule(kindFloat)},
	OpLogistic: {Name: "logistic", Arity: 1, rule: unaryRule(kindFloat)},
	OpSqrt:     {Name: "sqrt", Arity: 1, rule: unaryRule(kindFloat)},
	OpRsqrt:    {Name: "rsqrt", Arity: 1, rule: unaryRule(kindFloat)},
	OpFloor:    {Name: "floor", Arity: 1, rule: unaryRule(kindFloat)},
	OpCeil:     {Name: "ceil", Arity: 1, rule: unaryRule(kindFloat)},
	OpRound:    {Name: "round", Arity: 1, rule: unaryRule(kindFloat)},
	OpErf:      {Name: "erf", Arity: 1, rule: unaryRule(kindFloat)},
	OpNot:      {Name: "not", Arity: 1, rule: unaryRule(kindBool)},

	OpAdd:   {Name: "add", Arity: 2, Linear: true, rule: binaryRule(kindNum, false)},
	OpSub:   {Name: "sub", Arity: 2, Linear: true, rule: binaryRule(kindNum, false)},
	OpMul:   {Name: "mul", Arity: 2, Linear: true, rule: binaryRule(kindNum, false)},
	OpDiv:   {Name: "div", Arity: 2, Linear: true, rule: binaryRule(kindFloat, false)},
	OpPow:   {Name: "pow", Arity: 2, rule: binaryRule(kindFloat, false)},
	OpMax:   {Name: "max", Arity: 2, rule: binaryRule(kindNum, false)},
	OpMin:   {Name: "min", Arity: 2, rule: binaryRule(kindNum, false)},
	OpAtan2: {Name: "atan2", Arity: 2, rule: binaryRule(kindFloat, false)},
	OpAnd:   {Name: "and", Arity: 2, rule: binaryRule(kindBool, false)},
	OpOr:    {Name: "or", Arity: 2, rule: binaryRule(kindBool, false)},
	OpEq:    {Name: "eq", Arity: 2, rule: binaryRule(kindAny, true)},
	OpNe:    {Name: "ne", Arity: 2, rule: binaryRule(kindAny, true)},
	OpLt:    {Name: "lt", Arity: 2, rule: binaryRule(kindNum, true)},
	OpLe:    {Name: "le", Arity: 2, rule: binaryRule(kindNum, true)},
	OpGt:    {Name: "gt", Arity: 2, rule: binaryRule(kindNum, true)},
	OpGe:    {Name: "ge", Arity: 2, rule: binaryRule(kindNum, true)},

	OpSelect:       {Name: "select", Arity: 3, Linear: true, rule: selectRule},
	OpConvert:      {Name: "convert", Arity: 1, Linear: true, rule: convertRule},
	OpStopGradient: {Name: "stop_gradient", Arity: 1, rule: unaryRule(kindAny)},

	OpReduceSum:  {Name: "reduce_sum", Arity: 1, Linear: true, rule: reduceRule(kindNum)},
	OpReduceMax:  {Name: "reduce_max", Arity: 1, rule: reduceRule(kindNum)},
	OpReduceMin:  {Name: "reduce_min", Arity: 1, rule: reduceRule(kindNum)},
	OpReduceProd: {Name: "reduce_prod", Arity: 1, rule: reduceRule(kindNum)},
	OpArgMax:     {Name: "argmax", Arity: 1, rule: argRule},
	OpArgMin:     {Name: "argmin", Arity: 1, rule: argRule},

	OpBroadcastInDim: {Name: "broadcast_in_dim", Arity: 1, Linear: true, rule: broadcastRule},
	OpReshape:        {Name: "reshape", Arity: 1, Linear: true, rule: reshapeRule},
	OpTranspose:      {Name: "transpose", Arity: 1, Linear: true, rule: transposeRule},
	OpSlice:          {Name: "slice", Arity: 1, Linear: true, rule: sliceRule},
	OpPad:            {Name: "pad", Arity: 2, Linear: true, rule: padRule},
	OpConcatenate:    {Name: "concatenate", Arity: -1, Linear: true, rule: concatRule},
	OpRev:            {Name: "rev", Arity: 1, Linear: true, rule: revRule},
	OpGather:         {Name: "gather", Arity: 2, Linear: true, rule: gatherRule},
	OpScatterAdd:     {Name: "scatter_add", Arity: 3, Linear: true, rule: scatterAddRule},

	OpDotGeneral: {Name: "dot_general", Arity: 2, Linear: true, rule: dotGeneralRule},

	OpCustomLin: {Name: "custom_lin", Arity: -1, Linear: true, rule: customLinRule},
}

// Info returns the description of op.
func (op Op) Info() OpInfo { return opInfo[op] }

// String returns the printed name of op.
func (op Op) String() string {
	if op > opInvalid && op < NumOps {
		return opInfo[op].Name
	}
	return "invalid_op"
}

// AllOps returns every primitive, in declaration order. Completeness tests
// of rule tables loop over it.
func AllOps() []Op {
	ops := make([]Op, 0, NumOps-1)
	for op := opInvalid + 1; op < NumOps; op++ {
		ops = append(ops, op)
	}
	return ops
}

// ShapeRule runs op's shape/dtype rule on operand avals, returning the output
// avals or an *Error describing what is wrong. Transforms use it to type the
// equations they build.
func ShapeRule(op Op, p Params, in []Aval) ([]Aval, error) {
	if op <= opInvalid || op >= NumOps {
		return nil, &Error{Op: op.String(), Msg: "not a primitive"}
	}
	info := &opInfo[op]
	if info.Arity >= 0 && len(in) != info.Arity {
		return nil, &Error{Op: info.Name, Params: paramString(p), Operands: in,
			Msg: "takes " + itoa(info.Arity) + " operands, got " + itoa(len(in))}
	}
	outs, err := info.rule(p, in)
	if err != nil {
		return nil, &Error{Op: info.Name, Params: paramString(p), Operands: in, Msg: err.Error()}
	}
	return outs, nil
}
