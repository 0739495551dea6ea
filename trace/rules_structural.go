package trace

import "slices"

func reduceRule(k dtypeKind) shapeRule {
	return func(p Params, in []Aval) ([]Aval, error) {
		rp, ok := p.(ReduceParams)
		if !ok {
			return nil, errParams(p, ReduceParams{})
		}
		x := in[0]
		if !k.accepts(x.DType) {
			return nil, ruleErr("operand has dtype %v, want %v", x.DType, k)
		}
		if err := checkAxes(rp.Axes, x.Rank(), true); err != nil {
			return nil, err
		}
		return one(Aval{Shape: removeAxes(x.Shape, rp.Axes), DType: x.DType, Weak: x.Weak}), nil
	}
}

func argRule(p Params, in []Aval) ([]Aval, error) {
	ap, ok := p.(ArgParams)
	if !ok {
		return nil, errParams(p, ArgParams{})
	}
	x := in[0]
	if x.DType == Bool {
		return nil, ruleErr("operand has dtype bool, want a numeric dtype")
	}
	if !ap.IndexDType.IsInt() {
		return nil, ruleErr("index dtype %v is not i32 or i64", ap.IndexDType)
	}
	if ap.Axis < 0 || ap.Axis >= x.Rank() {
		return nil, ruleErr("axis %d out of range for rank %d", ap.Axis, x.Rank())
	}
	if x.Shape[ap.Axis] == 0 {
		return nil, ruleErr("axis %d has size 0: an empty sequence has no first maximum or minimum", ap.Axis)
	}
	return one(Aval{Shape: removeAxes(x.Shape, []int{ap.Axis}), DType: ap.IndexDType}), nil
}

func broadcastRule(p Params, in []Aval) ([]Aval, error) {
	bp, ok := p.(BroadcastParams)
	if !ok {
		return nil, errParams(p, BroadcastParams{})
	}
	x := in[0]
	if len(bp.Dims) != x.Rank() {
		return nil, ruleErr("dims %v must name one output axis per operand axis (rank %d)", bp.Dims, x.Rank())
	}
	if err := checkShape(bp.Shape); err != nil {
		return nil, err
	}
	for i, d := range bp.Dims {
		if d < 0 || d >= len(bp.Shape) || (i > 0 && d <= bp.Dims[i-1]) {
			return nil, ruleErr("dims %v must be strictly increasing axes of the output shape %v", bp.Dims, bp.Shape)
		}
		if x.Shape[i] != 1 && x.Shape[i] != bp.Shape[d] {
			return nil, ruleErr("operand axis %d has size %d, which cannot broadcast to output axis %d of size %d", i, x.Shape[i], d, bp.Shape[d])
		}
	}
	return one(Aval{Shape: bp.Shape, DType: x.DType, Weak: x.Weak}), nil
}

func reshapeRule(p Params, in []Aval) ([]Aval, error) {
	rp, ok := p.(ReshapeParams)
	if !ok {
		return nil, errParams(p, ReshapeParams{})
	}
	if err := checkShape(rp.Shape); err != nil {
		return nil, err
	}
	if prod(rp.Shape) != in[0].Size() {
		return nil, ruleErr("cannot reshape %d elements into shape %v (%d elements)", in[0].Size(), rp.Shape, prod(rp.Shape))
	}
	return one(Aval{Shape: rp.Shape, DType: in[0].DType, Weak: in[0].Weak}), nil
}

func transposeRule(p Params, in []Aval) ([]Aval, error) {
	tp, ok := p.(TransposeParams)
	if !ok {
		return nil, errParams(p, TransposeParams{})
	}
	x := in[0]
	if !isPerm(tp.Perm, x.Rank()) {
		return nil, ruleErr("perm %v is not a permutation of the %d axes", tp.Perm, x.Rank())
	}
	shape := make([]int, len(tp.Perm))
	for i, a := range tp.Perm {
		shape[i] = x.Shape[a]
	}
	return one(Aval{Shape: shape, DType: x.DType, Weak: x.Weak}), nil
}

func sliceRule(p Params, in []Aval) ([]Aval, error) {
	sp, ok := p.(SliceParams)
	if !ok {
		return nil, errParams(p, SliceParams{})
	}
	x := in[0]
	r := x.Rank()
	if len(sp.Start) != r || len(sp.Limit) != r || len(sp.Strides) != r {
		return nil, ruleErr("start %v, limit %v and strides %v need one entry per axis (rank %d)", sp.Start, sp.Limit, sp.Strides, r)
	}
	shape := make([]int, r)
	for i := range r {
		s, l, st := sp.Start[i], sp.Limit[i], sp.Strides[i]
		if st < 1 || s < 0 || l < s || l > x.Shape[i] {
			return nil, ruleErr("axis %d of size %d: need 0 ≤ start ≤ limit ≤ size and stride ≥ 1, got start %d, limit %d, stride %d", i, x.Shape[i], s, l, st)
		}
		shape[i] = (l - s + st - 1) / st
	}
	return one(Aval{Shape: shape, DType: x.DType, Weak: x.Weak}), nil
}

func padRule(p Params, in []Aval) ([]Aval, error) {
	pp, ok := p.(PadParams)
	if !ok {
		return nil, errParams(p, PadParams{})
	}
	x, v := in[0], in[1]
	if v.Rank() != 0 || v.DType != x.DType {
		return nil, ruleErr("padding value must be a scalar of the operand's dtype %v, got %v", x.DType, v)
	}
	r := x.Rank()
	if len(pp.Lo) != r || len(pp.Hi) != r || len(pp.Interior) != r {
		return nil, ruleErr("lo %v, hi %v and interior %v need one entry per axis (rank %d)", pp.Lo, pp.Hi, pp.Interior, r)
	}
	shape := make([]int, r)
	for i, n := range x.Shape {
		if pp.Lo[i] < 0 || pp.Hi[i] < 0 || pp.Interior[i] < 0 {
			return nil, ruleErr("axis %d: padding must be non-negative, got lo %d, hi %d, interior %d", i, pp.Lo[i], pp.Hi[i], pp.Interior[i])
		}
		shape[i] = pp.Lo[i] + n + max(n-1, 0)*pp.Interior[i] + pp.Hi[i]
	}
	return one(Aval{Shape: shape, DType: x.DType, Weak: x.Weak}), nil
}

func concatRule(p Params, in []Aval) ([]Aval, error) {
	cp, ok := p.(AxisParams)
	if !ok {
		return nil, errParams(p, AxisParams{})
	}
	if len(in) == 0 {
		return nil, ruleErr("needs at least one operand")
	}
	x := in[0]
	if cp.Axis < 0 || cp.Axis >= x.Rank() {
		return nil, ruleErr("axis %d out of range for rank %d", cp.Axis, x.Rank())
	}
	shape := slices.Clone(x.Shape)
	weak := x.Weak
	for i, y := range in[1:] {
		if y.DType != x.DType {
			return nil, ruleErr("operand %d has dtype %v, operand 0 has %v", i+1, y.DType, x.DType)
		}
		if y.Rank() != x.Rank() {
			return nil, ruleErr("operand %d has rank %d, operand 0 has rank %d", i+1, y.Rank(), x.Rank())
		}
		for a := range x.Shape {
			if a != cp.Axis && y.Shape[a] != x.Shape[a] {
				return nil, ruleErr("operand %d has shape %v, which differs from operand 0's %v outside axis %d", i+1, y.Shape, x.Shape, cp.Axis)
			}
		}
		shape[cp.Axis] += y.Shape[cp.Axis]
		weak = weak && y.Weak
	}
	return one(Aval{Shape: shape, DType: x.DType, Weak: weak}), nil
}

func revRule(p Params, in []Aval) ([]Aval, error) {
	rp, ok := p.(RevParams)
	if !ok {
		return nil, errParams(p, RevParams{})
	}
	if err := checkAxes(rp.Axes, in[0].Rank(), true); err != nil {
		return nil, err
	}
	return one(in[0]), nil
}

// gatherShape is x.shape[:axis] ++ idx.shape ++ x.shape[axis+1:].
func gatherShape(x, idx []int, axis int) []int {
	shape := make([]int, 0, len(x)-1+len(idx))
	shape = append(shape, x[:axis]...)
	shape = append(shape, idx...)
	return append(shape, x[axis+1:]...)
}

func gatherRule(p Params, in []Aval) ([]Aval, error) {
	gp, ok := p.(AxisParams)
	if !ok {
		return nil, errParams(p, AxisParams{})
	}
	x, idx := in[0], in[1]
	if err := checkGatherAxis(x, idx, gp.Axis); err != nil {
		return nil, err
	}
	return one(Aval{Shape: gatherShape(x.Shape, idx.Shape, gp.Axis), DType: x.DType, Weak: x.Weak}), nil
}

func scatterAddRule(p Params, in []Aval) ([]Aval, error) {
	gp, ok := p.(AxisParams)
	if !ok {
		return nil, errParams(p, AxisParams{})
	}
	x, idx, u := in[0], in[1], in[2]
	if err := checkGatherAxis(x, idx, gp.Axis); err != nil {
		return nil, err
	}
	if x.DType == Bool {
		return nil, ruleErr("operand has dtype bool, want a numeric dtype")
	}
	want := gatherShape(x.Shape, idx.Shape, gp.Axis)
	if u.DType != x.DType || !slices.Equal(u.Shape, want) {
		return nil, ruleErr("updates are %v, want %v", u, Aval{Shape: want, DType: x.DType})
	}
	return one(Aval{Shape: x.Shape, DType: x.DType, Weak: x.Weak && u.Weak}), nil
}

func checkGatherAxis(x, idx Aval, axis int) error {
	if !idx.DType.IsInt() {
		return ruleErr("indices have dtype %v, want i32 or i64", idx.DType)
	}
	if axis < 0 || axis >= x.Rank() {
		return ruleErr("axis %d out of range for rank %d", axis, x.Rank())
	}
	if x.Shape[axis] == 0 && idx.Size() > 0 {
		return ruleErr("cannot index axis %d of size 0", axis)
	}
	return nil
}

func dotGeneralRule(p Params, in []Aval) ([]Aval, error) {
	dp, ok := p.(DotParams)
	if !ok {
		return nil, errParams(p, DotParams{})
	}
	x, y := in[0], in[1]
	if x.DType != y.DType {
		return nil, ruleErr("operand dtypes differ (%v and %v)", x.DType, y.DType)
	}
	if x.DType == Bool {
		return nil, ruleErr("operands have dtype bool, want a numeric dtype")
	}
	if len(dp.LhsContract) != len(dp.RhsContract) || len(dp.LhsBatch) != len(dp.RhsBatch) {
		return nil, ruleErr("contracting axes %v/%v and batch axes %v/%v must pair up", dp.LhsContract, dp.RhsContract, dp.LhsBatch, dp.RhsBatch)
	}
	lhsUsed := append(slices.Clone(dp.LhsBatch), dp.LhsContract...)
	rhsUsed := append(slices.Clone(dp.RhsBatch), dp.RhsContract...)
	if err := checkAxes(lhsUsed, x.Rank(), false); err != nil {
		return nil, ruleErr("left operand: %v", err)
	}
	if err := checkAxes(rhsUsed, y.Rank(), false); err != nil {
		return nil, ruleErr("right operand: %v", err)
	}
	shape := make([]int, 0, x.Rank()+y.Rank())
	for i, a := range dp.LhsBatch {
		if x.Shape[a] != y.Shape[dp.RhsBatch[i]] {
			return nil, ruleErr("batch axis %d of the left operand has size %d, but axis %d of the right has %d", a, x.Shape[a], dp.RhsBatch[i], y.Shape[dp.RhsBatch[i]])
		}
		shape = append(shape, x.Shape[a])
	}
	for i, a := range dp.LhsContract {
		if x.Shape[a] != y.Shape[dp.RhsContract[i]] {
			return nil, ruleErr("contracting axis %d of the left operand has size %d, but axis %d of the right has %d", a, x.Shape[a], dp.RhsContract[i], y.Shape[dp.RhsContract[i]])
		}
	}
	for a, n := range x.Shape {
		if !slices.Contains(lhsUsed, a) {
			shape = append(shape, n)
		}
	}
	for a, n := range y.Shape {
		if !slices.Contains(rhsUsed, a) {
			shape = append(shape, n)
		}
	}
	return one(Aval{Shape: shape, DType: x.DType, Weak: x.Weak && y.Weak}), nil
}

// checkAxes checks that axes are unique and in [0, rank); sorted additionally
// requires ascending order.
func checkAxes(axes []int, rank int, sorted bool) error {
	for i, a := range axes {
		if a < 0 || a >= rank {
			return ruleErr("axis %d out of range for rank %d", a, rank)
		}
		if sorted && i > 0 && a <= axes[i-1] {
			return ruleErr("axes %v must be sorted ascending and unique", axes)
		}
		if !sorted && slices.Contains(axes[:i], a) {
			return ruleErr("axis %d appears twice in %v", a, axes)
		}
	}
	return nil
}

func checkShape(shape []int) error {
	for _, d := range shape {
		if d < 0 {
			return ruleErr("shape %v has a %v", shape, errNegativeDim)
		}
	}
	return nil
}

func isPerm(perm []int, n int) bool {
	if len(perm) != n {
		return false
	}
	seen := make([]bool, n)
	for _, p := range perm {
		if p < 0 || p >= n || seen[p] {
			return false
		}
		seen[p] = true
	}
	return true
}

// removeAxes returns shape without the given (sorted) axes.
func removeAxes(shape, axes []int) []int {
	out := make([]int, 0, len(shape)-len(axes))
	for i, d := range shape {
		if !slices.Contains(axes, i) {
			out = append(out, d)
		}
	}
	return out
}
