package vjp

import "github.com/leibniz-go/leibniz/trace"

// Transpose rules of the linear elementwise primitives.

func negTranspose(_ trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	return []*trace.Array{trace.Bind1(trace.OpNeg, nil, ct)}
}

func addTranspose(_ trace.Params, cts []*trace.Array, _ []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	return []*trace.Array{when(linear[0], ct), when(linear[1], ct)}
}

func subTranspose(_ trace.Params, cts []*trace.Array, _ []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	out := []*trace.Array{when(linear[0], ct), nil}
	if linear[1] {
		out[1] = trace.Bind1(trace.OpNeg, nil, ct)
	}
	return out
}

// mulTranspose: mul is linear in one operand when the other is a constant.
func mulTranspose(_ trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	if linear[0] && linear[1] {
		trace.Raise("vjp", nil, "mul of two tangents is not linear")
	}
	if linear[0] {
		return []*trace.Array{scale(ct, args[1]), nil}
	}
	return []*trace.Array{nil, scale(args[0], ct)}
}

// scale multiplies a by b, skipping the product when either is a concrete
// array of ones (the seed of a gradient), so that staged derivative programs
// show no multiplications by 1.
func scale(a, b *trace.Array) *trace.Array {
	if !a.Aval().Equal(b.Aval()) {
		return trace.Bind1(trace.OpMul, nil, a, b)
	}
	for _, pair := range [2][2]*trace.Array{{a, b}, {b, a}} {
		switch {
		case isConst(pair[0], 1):
			return pair[1]
		case isConst(pair[0], -1):
			return trace.Bind1(trace.OpNeg, nil, pair[1])
		}
	}
	return trace.Bind1(trace.OpMul, nil, a, b)
}

// isConst reports whether a is a small concrete array with every element v.
func isConst(a *trace.Array, v float64) bool {
	if !a.IsConcrete() || a.Size() > 64 {
		return false
	}
	for _, x := range a.Float64s() {
		if x != v {
			return false
		}
	}
	return true
}

// divTranspose: div is linear in its numerator.
func divTranspose(_ trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	if linear[1] {
		trace.Raise("vjp", nil, "div by a tangent is not linear")
	}
	return []*trace.Array{trace.Bind1(trace.OpDiv, nil, ct, args[1]), nil}
}

// selectTranspose routes the cotangent to the branch each element came from.
func selectTranspose(_ trace.Params, cts []*trace.Array, args []*trace.Array, linear []bool, _ []trace.Aval) []*trace.Array {
	ct := cts[0]
	zeros := trace.FillIn(ct, ct.Aval(), 0)
	out := make([]*trace.Array, 3)
	if linear[1] {
		out[1] = trace.Bind1(trace.OpSelect, nil, args[0], ct, zeros)
	}
	if linear[2] {
		out[2] = trace.Bind1(trace.OpSelect, nil, args[0], zeros, ct)
	}
	return out
}

// convertTranspose converts the cotangent back to the operand's dtype.
func convertTranspose(_ trace.Params, cts []*trace.Array, _ []*trace.Array, _ []bool, in []trace.Aval) []*trace.Array {
	ct := cts[0]
	if !in[0].DType.IsFloat() {
		return []*trace.Array{nil}
	}
	if ct.DType() == in[0].DType && ct.Weak() == in[0].Weak {
		return []*trace.Array{ct}
	}
	return []*trace.Array{trace.Bind1(trace.OpConvert, trace.ConvertParams{DType: in[0].DType, Weak: in[0].Weak}, ct)}
}

func when(ok bool, a *trace.Array) *trace.Array {
	if ok {
		return a
	}
	return nil
}
