package jvp

import (
	"math"

	"github.com/leibniz-go/leibniz/trace"
)

// Rules of elementwise primitives that need more than a family helper.

// erfDeriv is d/dx erf(x) = 2/√π · exp(−x²).
func erfDeriv(x, _ *trace.Array) *trace.Array {
	return trace.Mul(trace.Scalar(2/math.Sqrt(math.Pi)), trace.Exp(trace.Neg(trace.Square(x))))
}

// mulJVP: d(x·y) = ẋ·y + x·ẏ.
func mulJVP(_ trace.Op, _ trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, y := primals[0], primals[1]
	var t *trace.Array
	if tangents[0] != nil {
		t = trace.Mul(tangents[0], y)
	}
	if tangents[1] != nil {
		t = addTangents(t, trace.Mul(x, tangents[1]))
	}
	return trace.Mul(x, y), t
}

// divJVP: d(x/y) = ẋ/y − ẏ·(x/y)/y.
func divJVP(_ trace.Op, _ trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, y := primals[0], primals[1]
	out := trace.Div(x, y)
	var t *trace.Array
	if tangents[0] != nil {
		t = trace.Div(tangents[0], y)
	}
	if tangents[1] != nil {
		t = addTangents(t, trace.Neg(trace.Mul(tangents[1], trace.Div(out, y))))
	}
	return out, t
}

// powJVP: d(x^y) = ẋ·y·x^(y−1) + ẏ·log(x)·x^y, where the second term is taken
// as 0 at x = 0 (its limit for y > 0), as JAX does.
func powJVP(_ trace.Op, _ trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, y := primals[0], primals[1]
	out := trace.Pow(x, y)
	var t *trace.Array
	if tangents[0] != nil {
		// y · x^(y−1), with 0^0-type corners handled by pow itself.
		d := trace.Mul(y, trace.Pow(x, trace.Sub(y, trace.Scalar(1))))
		t = trace.Mul(tangents[0], d)
	}
	if tangents[1] != nil {
		isZero := trace.Equal(x, trace.Scalar(0))
		safeX := trace.Where(isZero, trace.Scalar(1), x)
		d := trace.Where(isZero, trace.Scalar(0), trace.Mul(trace.Log(safeX), out))
		t = addTangents(t, trace.Mul(tangents[1], d))
	}
	return out, t
}

// chooseJVP is the rule of max (win = Greater, lose = Less) and min: the
// tangent follows the chosen operand, and at ties it is the average of both,
// which keeps the derivative of max(x, x) = x exact.
func chooseJVP(win, lose func(a, b *trace.Array) *trace.Array) jvpRule {
	return func(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
		x, y := primals[0], primals[1]
		ts := instantiate(primals, tangents)
		tie := trace.Mul(trace.Add(ts[0], ts[1]), trace.Scalar(0.5))
		t := trace.Where(win(x, y), ts[0], trace.Where(lose(x, y), ts[1], tie))
		return trace.Bind1(op, p, x, y), t
	}
}

// atan2JVP: d atan2(x, y) = (y·ẋ − x·ẏ) / (x² + y²).
func atan2JVP(_ trace.Op, _ trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	x, y := primals[0], primals[1]
	den := trace.Add(trace.Square(x), trace.Square(y))
	var t *trace.Array
	if tangents[0] != nil {
		t = trace.Mul(tangents[0], trace.Div(y, den))
	}
	if tangents[1] != nil {
		t = addTangents(t, trace.Mul(tangents[1], trace.Neg(trace.Div(x, den))))
	}
	return trace.Atan2(x, y), t
}

// selectJVP: the tangent is selected like the value; the predicate has none.
func selectJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	out := trace.Bind1(op, p, primals...)
	if tangents[1] == nil && tangents[2] == nil {
		return out, nil
	}
	ts := instantiate(primals[1:], tangents[1:])
	return out, trace.Bind1(op, nil, primals[0], ts[0], ts[1])
}

// convertJVP: a conversion between floats converts the tangent; to or from an
// integer or bool the derivative is zero.
func convertJVP(op trace.Op, p trace.Params, primals, tangents []*trace.Array) (*trace.Array, *trace.Array) {
	out := trace.Bind1(op, p, primals[0])
	if !out.DType().IsFloat() || !primals[0].DType().IsFloat() {
		return out, nil
	}
	return out, trace.Bind1(op, trace.ConvertParams{DType: out.DType()}, tangents[0])
}
