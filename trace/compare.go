package trace

// Comparisons and logic. Comparisons promote and broadcast like [Add] and return
// Bool arrays.

func compare(fn string, op Op, a, b *Array) *Array {
	xs := broadcastAll(fn, a, b)
	if op != OpEq && op != OpNe && xs[0].aval.DType == Bool {
		Raise(fn, []Aval{a.aval, b.aval}, "bool operands have no order; convert them with Convert(x, Int32)")
	}
	return Bind1(op, nil, xs[0], xs[1])
}

// Equal returns a == b elementwise.
func Equal(a, b *Array) *Array { return compare("Equal", OpEq, a, b) }

// NotEqual returns a != b elementwise.
func NotEqual(a, b *Array) *Array { return compare("NotEqual", OpNe, a, b) }

// Less returns a < b elementwise.
func Less(a, b *Array) *Array { return compare("Less", OpLt, a, b) }

// LessEqual returns a ≤ b elementwise.
func LessEqual(a, b *Array) *Array { return compare("LessEqual", OpLe, a, b) }

// Greater returns a > b elementwise.
func Greater(a, b *Array) *Array { return compare("Greater", OpGt, a, b) }

// GreaterEqual returns a ≥ b elementwise.
func GreaterEqual(a, b *Array) *Array { return compare("GreaterEqual", OpGe, a, b) }

// Where returns x where cond is true and y elsewhere; cond must be Bool, x and y
// promote, and all three broadcast.
func Where(cond, x, y *Array) *Array {
	operand("Where", 0, cond)
	if cond.aval.DType != Bool {
		Raise("Where", []Aval{cond.aval}, "the condition has dtype %v, want bool (compare first, e.g. Greater(x, Scalar(0)))", cond.aval.DType)
	}
	xs, _ := promoteAll("Where", operand("Where", 1, x), operand("Where", 2, y))
	all := []*Array{cond, xs[0], xs[1]}
	shape := broadcastShapes("Where", all)
	ctx := topInterpreter(all)
	return Bind1(OpSelect, nil, broadcastIn(ctx, cond, shape), broadcastIn(ctx, xs[0], shape), broadcastIn(ctx, xs[1], shape))
}

func logical(fn string, op Op, a, b *Array) *Array {
	operand(fn, 0, a)
	operand(fn, 1, b)
	if a.aval.DType != Bool || b.aval.DType != Bool {
		Raise(fn, []Aval{a.aval, b.aval}, "operands must be bool; compare first or use Convert(x, Bool)")
	}
	shape := broadcastShapes(fn, []*Array{a, b})
	ctx := topInterpreter([]*Array{a, b})
	return Bind1(op, nil, broadcastIn(ctx, a, shape), broadcastIn(ctx, b, shape))
}

// LogicalAnd returns a ∧ b for Bool operands.
func LogicalAnd(a, b *Array) *Array { return logical("LogicalAnd", OpAnd, a, b) }

// LogicalOr returns a ∨ b for Bool operands.
func LogicalOr(a, b *Array) *Array { return logical("LogicalOr", OpOr, a, b) }

// LogicalNot returns ¬a for a Bool operand.
func LogicalNot(a *Array) *Array {
	operand("LogicalNot", 0, a)
	if a.aval.DType != Bool {
		Raise("LogicalNot", []Aval{a.aval}, "operand must be bool; compare first or use Convert(x, Bool)")
	}
	return Bind1(OpNot, nil, a)
}
