package trace

import "math"

// Elementwise functions with NumPy semantics: binary functions promote their
// operands' dtypes and broadcast their shapes; float-only functions convert
// integer and bool operands to floats (Int64 → Float64, Int32 and Bool →
// Float32).

func binary(fn string, op Op, k dtypeKind, a, b *Array) *Array {
	xs := broadcastAll(fn, a, b)
	x, y := xs[0], xs[1]
	switch {
	case k == kindFloat && !x.aval.DType.IsFloat():
		x, y = toFloat(fn, 0, x), toFloat(fn, 1, y)
	case k == kindNum && x.aval.DType == Bool:
		Raise(fn, []Aval{a.aval, b.aval}, "arithmetic on bool operands is not defined; convert them with Convert(x, Int32) or use LogicalAnd/LogicalOr")
	}
	return Bind1(op, nil, x, y)
}

func unaryFloatFn(fn string, op Op, a *Array) *Array { return Bind1(op, nil, toFloat(fn, 0, a)) }

func unaryNumFn(fn string, op Op, a *Array) *Array {
	operand(fn, 0, a)
	if a.aval.DType == Bool {
		Raise(fn, []Aval{a.aval}, "not defined for bool operands; convert with Convert(x, Int32) first")
	}
	return Bind1(op, nil, a)
}

// Add returns a + b elementwise.
func Add(a, b *Array) *Array { return binary("Add", OpAdd, kindNum, a, b) }

// Sub returns a − b elementwise.
func Sub(a, b *Array) *Array { return binary("Sub", OpSub, kindNum, a, b) }

// Mul returns a · b elementwise.
func Mul(a, b *Array) *Array { return binary("Mul", OpMul, kindNum, a, b) }

// Div returns a / b elementwise (true division: integer operands become floats).
func Div(a, b *Array) *Array { return binary("Div", OpDiv, kindFloat, a, b) }

// Pow returns a raised to b elementwise (floats), with math.Pow's special cases.
func Pow(a, b *Array) *Array { return binary("Pow", OpPow, kindFloat, a, b) }

// Maximum returns the elementwise maximum; NaN propagates.
func Maximum(a, b *Array) *Array { return binary("Maximum", OpMax, kindNum, a, b) }

// Minimum returns the elementwise minimum; NaN propagates.
func Minimum(a, b *Array) *Array { return binary("Minimum", OpMin, kindNum, a, b) }

// Atan2 returns the angle of the point (b, a), i.e. atan(a/b) in the right quadrant.
func Atan2(a, b *Array) *Array { return binary("Atan2", OpAtan2, kindFloat, a, b) }

// Neg returns −a.
func Neg(a *Array) *Array { return unaryNumFn("Neg", OpNeg, a) }

// Abs returns |a|.
func Abs(a *Array) *Array { return unaryNumFn("Abs", OpAbs, a) }

// Sign returns −1, 0 or +1 by the sign of each element (±0 and NaN are kept).
func Sign(a *Array) *Array { return unaryNumFn("Sign", OpSign, a) }

// Square returns a · a.
func Square(a *Array) *Array {
	operand("Square", 0, a)
	if a.aval.DType == Bool {
		Raise("Square", []Aval{a.aval}, "not defined for bool operands; convert with Convert(x, Int32) first")
	}
	return Mul(a, a)
}

// Exp returns eˣ.
func Exp(a *Array) *Array { return unaryFloatFn("Exp", OpExp, a) }

// Log returns the natural logarithm (NaN for negative, −Inf at 0).
func Log(a *Array) *Array { return unaryFloatFn("Log", OpLog, a) }

// Log1p returns log(1 + a), accurate near 0.
func Log1p(a *Array) *Array { return unaryFloatFn("Log1p", OpLog1p, a) }

// Expm1 returns eˣ − 1, accurate near 0.
func Expm1(a *Array) *Array { return unaryFloatFn("Expm1", OpExpm1, a) }

// Sin returns the sine.
func Sin(a *Array) *Array { return unaryFloatFn("Sin", OpSin, a) }

// Cos returns the cosine.
func Cos(a *Array) *Array { return unaryFloatFn("Cos", OpCos, a) }

// Tan returns the tangent.
func Tan(a *Array) *Array { return unaryFloatFn("Tan", OpTan, a) }

// Tanh returns the hyperbolic tangent.
func Tanh(a *Array) *Array { return unaryFloatFn("Tanh", OpTanh, a) }

// Sigmoid returns the logistic function 1 / (1 + e⁻ˣ), without overflow.
func Sigmoid(a *Array) *Array { return unaryFloatFn("Sigmoid", OpLogistic, a) }

// Sqrt returns the square root.
func Sqrt(a *Array) *Array { return unaryFloatFn("Sqrt", OpSqrt, a) }

// Rsqrt returns 1 / √a.
func Rsqrt(a *Array) *Array { return unaryFloatFn("Rsqrt", OpRsqrt, a) }

// Reciprocal returns 1 / a (a float).
func Reciprocal(a *Array) *Array {
	x := toFloat("Reciprocal", 0, a)
	return Bind1(OpDiv, nil, constLike(1, x), x)
}

// Floor rounds down to an integral float.
func Floor(a *Array) *Array { return unaryFloatFn("Floor", OpFloor, a) }

// Ceil rounds up to an integral float.
func Ceil(a *Array) *Array { return unaryFloatFn("Ceil", OpCeil, a) }

// Round rounds to the nearest integral float, halves to even (as NumPy).
func Round(a *Array) *Array { return unaryFloatFn("Round", OpRound, a) }

// Erf returns the error function.
func Erf(a *Array) *Array { return unaryFloatFn("Erf", OpErf, a) }

// StopGradient returns a unchanged; transforms treat it as a constant, so no
// derivative flows through it.
func StopGradient(a *Array) *Array {
	return Bind1(OpStopGradient, nil, operand("StopGradient", 0, a))
}

// Convert returns a converted to dtype dt (floats to ints truncate toward zero,
// NaN becomes 0 and out-of-range values saturate; non-zero is true).
func Convert(a *Array, dt DType) *Array {
	operand("Convert", 0, a)
	checkDType("Convert", dt)
	if a.aval.DType == dt && !a.aval.Weak {
		return a
	}
	return Bind1(OpConvert, ConvertParams{DType: dt}, a)
}

var inf = math.Inf(1)
