package trace

import (
	"errors"
	"fmt"
	"slices"
)

// dtypeKind is the class of dtypes an elementwise primitive accepts.
type dtypeKind uint8

const (
	kindAny   dtypeKind = iota // every dtype
	kindNum                    // ints and floats
	kindFloat                  // floats only
	kindBool                   // bool only
)

func (k dtypeKind) accepts(d DType) bool {
	switch k {
	case kindNum:
		return d != Bool
	case kindFloat:
		return d.IsFloat()
	case kindBool:
		return d == Bool
	}
	return d.valid()
}

func (k dtypeKind) String() string {
	return [...]string{kindAny: "any dtype", kindNum: "a numeric dtype (not bool)", kindFloat: "a float dtype (f32 or f64)", kindBool: "dtype bool"}[k]
}

func ruleErr(format string, args ...any) error { return fmt.Errorf(format, args...) }

func one(a Aval) []Aval { return []Aval{a} }

func unaryRule(k dtypeKind) shapeRule {
	return func(p Params, in []Aval) ([]Aval, error) {
		if p != nil {
			return nil, errNoParams(p)
		}
		if !k.accepts(in[0].DType) {
			return nil, ruleErr("operand has dtype %v, want %v", in[0].DType, k)
		}
		return one(in[0]), nil
	}
}

// binaryRule checks that both operands have the same shape and dtype (the
// user-level functions broadcast and promote before binding). compare makes the
// result Bool.
func binaryRule(k dtypeKind, compare bool) shapeRule {
	return func(p Params, in []Aval) ([]Aval, error) {
		if p != nil {
			return nil, errNoParams(p)
		}
		x, y := in[0], in[1]
		if x.DType != y.DType {
			return nil, ruleErr("operand dtypes differ (%v and %v); the primitive needs equal dtypes", x.DType, y.DType)
		}
		if !k.accepts(x.DType) {
			return nil, ruleErr("operands have dtype %v, want %v", x.DType, k)
		}
		if !slices.Equal(x.Shape, y.Shape) {
			return nil, ruleErr("operand shapes differ (%v and %v); the primitive needs equal shapes", x.Shape, y.Shape)
		}
		out := Aval{Shape: x.Shape, DType: x.DType, Weak: x.Weak && y.Weak}
		if compare {
			out = Aval{Shape: x.Shape, DType: Bool}
		}
		return one(out), nil
	}
}

func selectRule(pp Params, in []Aval) ([]Aval, error) {
	if pp != nil {
		return nil, errNoParams(pp)
	}
	p, x, y := in[0], in[1], in[2]
	if p.DType != Bool {
		return nil, ruleErr("the predicate has dtype %v, want bool", p.DType)
	}
	if x.DType != y.DType {
		return nil, ruleErr("the branches have different dtypes (%v and %v)", x.DType, y.DType)
	}
	if !slices.Equal(p.Shape, x.Shape) || !slices.Equal(x.Shape, y.Shape) {
		return nil, ruleErr("predicate and branches need equal shapes, got %v, %v and %v", p.Shape, x.Shape, y.Shape)
	}
	return one(Aval{Shape: x.Shape, DType: x.DType, Weak: x.Weak && y.Weak}), nil
}

func convertRule(p Params, in []Aval) ([]Aval, error) {
	cp, ok := p.(ConvertParams)
	if !ok {
		return nil, errParams(p, ConvertParams{})
	}
	if !cp.DType.valid() {
		return nil, ruleErr("invalid target dtype %v", cp.DType)
	}
	return one(Aval{Shape: in[0].Shape, DType: cp.DType, Weak: cp.Weak}), nil
}

func errParams(got Params, want Params) error {
	return ruleErr("params are %T, want %T", got, want)
}

func errNoParams(got Params) error {
	return ruleErr("takes no params, got %T", got)
}

var errNegativeDim = errors.New("negative dimension")
