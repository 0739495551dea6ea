package trace

import "slices"

// Shape functions. Axes may be negative (counting from the end) wherever an
// axis is taken.

// Reshape returns a with a new shape holding the same number of elements; one
// dimension may be -1 and is then inferred.
func Reshape(a *Array, shape ...int) *Array {
	operand("Reshape", 0, a)
	shape = cloneShape(shape)
	infer := -1
	known := 1
	for i, d := range shape {
		switch {
		case d == -1 && infer >= 0:
			Raise("Reshape", []Aval{a.aval}, "shape %v has more than one -1", shape)
		case d == -1:
			infer = i
		case d < 0:
			Raise("Reshape", []Aval{a.aval}, "shape %v has a negative dimension", shape)
		default:
			known *= d
		}
	}
	if infer >= 0 {
		if known == 0 || a.Size()%known != 0 {
			Raise("Reshape", []Aval{a.aval}, "cannot infer the -1 in %v: %d elements are not a multiple of %d", shape, a.Size(), known)
		}
		shape[infer] = a.Size() / known
	}
	if prod(shape) != a.Size() {
		Raise("Reshape", []Aval{a.aval}, "cannot reshape %d elements into shape %v (%d elements)", a.Size(), shape, prod(shape))
	}
	if slices.Equal(shape, a.aval.Shape) {
		return a
	}
	return Bind1(OpReshape, ReshapeParams{Shape: shape}, a)
}

// Transpose permutes the axes: output axis i is input axis perm[i]. With no
// perm, the axes are reversed (a matrix transpose for rank 2).
func Transpose(a *Array, perm ...int) *Array {
	operand("Transpose", 0, a)
	r := a.Rank()
	p := make([]int, r)
	if len(perm) == 0 {
		for i := range p {
			p[i] = r - 1 - i
		}
	} else {
		if len(perm) != r {
			Raise("Transpose", []Aval{a.aval}, "perm %v must list each of the %d axes once", perm, r)
		}
		for i, ax := range perm {
			p[i] = normAxis("Transpose", a, ax, r)
		}
		if !isPerm(p, r) {
			Raise("Transpose", []Aval{a.aval}, "perm %v must list each of the %d axes once", perm, r)
		}
	}
	if slices.Equal(p, identityPerm(r)) {
		return a
	}
	return Bind1(OpTranspose, TransposeParams{Perm: p}, a)
}

// BroadcastTo broadcasts a to shape with NumPy rules (trailing axes aligned;
// sizes equal or 1 in a).
func BroadcastTo(a *Array, shape ...int) *Array {
	operand("BroadcastTo", 0, a)
	shape = validShape("BroadcastTo", shape)
	if a.Rank() > len(shape) {
		Raise("BroadcastTo", []Aval{a.aval}, "cannot broadcast rank %d to the lower rank shape %v", a.Rank(), shape)
	}
	off := len(shape) - a.Rank()
	for i, d := range a.aval.Shape {
		if d != 1 && d != shape[off+i] {
			Raise("BroadcastTo", []Aval{a.aval}, "cannot broadcast to %v: axis %d has size %d, want 1 or %d", shape, i, d, shape[off+i])
		}
	}
	return broadcastTo(a, shape)
}

// ExpandDims inserts an axis of size 1 at position axis (in [-(rank+1), rank]).
func ExpandDims(a *Array, axis int) *Array {
	operand("ExpandDims", 0, a)
	ax := normAxis("ExpandDims", a, axis, a.Rank()+1)
	shape := slices.Insert(slices.Clone(a.aval.Shape), ax, 1)
	return Bind1(OpReshape, ReshapeParams{Shape: shape}, a)
}

// Squeeze removes the given axes, which must have size 1; with no axes, every
// axis of size 1 is removed.
func Squeeze(a *Array, axes ...int) *Array {
	operand("Squeeze", 0, a)
	var ax []int
	if len(axes) == 0 {
		for i, d := range a.aval.Shape {
			if d == 1 {
				ax = append(ax, i)
			}
		}
	} else {
		ax = normAxes("Squeeze", a, axes)
		for _, i := range ax {
			if a.aval.Shape[i] != 1 {
				Raise("Squeeze", []Aval{a.aval}, "axis %d has size %d; only axes of size 1 can be squeezed", i, a.aval.Shape[i])
			}
		}
	}
	if len(ax) == 0 {
		return a
	}
	return Bind1(OpReshape, ReshapeParams{Shape: removeAxes(a.aval.Shape, ax)}, a)
}

// Slice returns the elements start[i], start[i]+stride[i], ... below limit[i]
// along each axis i. Negative start or limit count from the end of the axis; a
// nil stride means 1 everywhere. Use [Reverse] for negative strides.
func Slice(a *Array, start, limit, stride []int) *Array {
	operand("Slice", 0, a)
	r := a.Rank()
	if stride == nil {
		stride = slices.Repeat([]int{1}, r)
	}
	if len(start) != r || len(limit) != r || len(stride) != r {
		Raise("Slice", []Aval{a.aval}, "start %v, limit %v and stride %v need one entry per axis (rank %d)", start, limit, stride, r)
	}
	s, l := slices.Clone(start), slices.Clone(limit)
	for i, d := range a.aval.Shape {
		if s[i] < 0 {
			s[i] += d
		}
		if l[i] < 0 {
			l[i] += d
		}
	}
	return Bind1(OpSlice, SliceParams{Start: s, Limit: l, Strides: slices.Clone(stride)}, a)
}

// Index returns the i-th element along the first axis (a row of a matrix, an
// element of a vector), with the first axis removed; negative i counts from the
// end.
func Index(a *Array, i int) *Array {
	operand("Index", 0, a)
	if a.Rank() == 0 {
		Raise("Index", []Aval{a.aval}, "cannot index a scalar")
	}
	n := a.aval.Shape[0]
	if i < -n || i >= n {
		Raise("Index", []Aval{a.aval}, "index %d out of range for an axis of size %d", i, n)
	}
	if i < 0 {
		i += n
	}
	start := make([]int, a.Rank())
	limit := slices.Clone(a.aval.Shape)
	start[0], limit[0] = i, i+1
	row := Bind1(OpSlice, SliceParams{Start: start, Limit: limit, Strides: slices.Repeat([]int{1}, a.Rank())}, a)
	return Bind1(OpReshape, ReshapeParams{Shape: slices.Clone(a.aval.Shape[1:])}, row)
}

// Concatenate joins arrays along an existing axis; their dtypes promote and
// their other dimensions must agree.
func Concatenate(axis int, xs ...*Array) *Array {
	if len(xs) == 0 {
		Raise("Concatenate", nil, "needs at least one array")
	}
	ys, _ := promoteAll("Concatenate", xs...)
	if ys[0].Rank() == 0 {
		Raise("Concatenate", []Aval{ys[0].aval}, "cannot concatenate scalars; use Stack")
	}
	ax := normAxis("Concatenate", ys[0], axis, ys[0].Rank())
	if len(ys) == 1 {
		return ys[0]
	}
	return Bind1(OpConcatenate, AxisParams{Axis: ax}, ys...)
}

// Stack joins arrays of one shape along a new axis.
func Stack(axis int, xs ...*Array) *Array {
	if len(xs) == 0 {
		Raise("Stack", nil, "needs at least one array")
	}
	ys, _ := promoteAll("Stack", xs...)
	for i, y := range ys[1:] {
		if !slices.Equal(y.aval.Shape, ys[0].aval.Shape) {
			raiseShapes("Stack", xs, "array %d has shape %v, array 0 has %v; stacked arrays need one shape", i+1, y.aval.Shape, ys[0].aval.Shape)
		}
	}
	ax := normAxis("Stack", ys[0], axis, ys[0].Rank()+1)
	for i, y := range ys {
		ys[i] = ExpandDims(y, ax)
	}
	if len(ys) == 1 {
		return ys[0]
	}
	return Bind1(OpConcatenate, AxisParams{Axis: ax}, ys...)
}

// Pad adds lo[i] elements before and hi[i] after axis i, all equal to value.
func Pad(a *Array, lo, hi []int, value float64) *Array {
	operand("Pad", 0, a)
	r := a.Rank()
	if len(lo) != r || len(hi) != r {
		Raise("Pad", []Aval{a.aval}, "lo %v and hi %v need one entry per axis (rank %d)", lo, hi, r)
	}
	return Bind1(OpPad, PadParams{Lo: slices.Clone(lo), Hi: slices.Clone(hi), Interior: make([]int, r)}, a, Full(a.aval.DType, value))
}

// Reverse reverses the order of elements along axes (all axes when none).
func Reverse(a *Array, axes ...int) *Array {
	operand("Reverse", 0, a)
	ax := normAxes("Reverse", a, axes)
	if len(ax) == 0 {
		return a
	}
	return Bind1(OpRev, RevParams{Axes: ax}, a)
}

// Take gathers elements of a along axis at the given integer indices: the
// result has a's shape with that axis replaced by the indices' shape (NumPy's
// take). Negative indices count from the end; out-of-range indices are clamped
// to the axis (they cannot be checked while tracing, and clamping keeps every
// evaluation defined).
func Take(a, indices *Array, axis int) *Array {
	operand("Take", 0, a)
	operand("Take", 1, indices)
	if !indices.aval.DType.IsInt() {
		Raise("Take", []Aval{a.aval, indices.aval}, "indices have dtype %v, want i32 or i64 (use Convert(idx, Int64))", indices.aval.DType)
	}
	if a.Rank() == 0 {
		Raise("Take", []Aval{a.aval, indices.aval}, "cannot take from a scalar")
	}
	ax := normAxis("Take", a, axis, a.Rank())
	return Bind1(OpGather, AxisParams{Axis: ax}, a, indices)
}

// ScatterAdd returns a copy of a with updates added at indices along axis: the
// transpose of [Take]. updates has a's shape with axis replaced by the indices'
// shape; repeated indices accumulate, and indices are normalized as in Take.
func ScatterAdd(a, indices, updates *Array, axis int) *Array {
	operand("ScatterAdd", 0, a)
	operand("ScatterAdd", 1, indices)
	operand("ScatterAdd", 2, updates)
	if !indices.aval.DType.IsInt() {
		Raise("ScatterAdd", []Aval{a.aval, indices.aval, updates.aval}, "indices have dtype %v, want i32 or i64", indices.aval.DType)
	}
	if a.Rank() == 0 {
		Raise("ScatterAdd", []Aval{a.aval}, "cannot scatter into a scalar")
	}
	ax := normAxis("ScatterAdd", a, axis, a.Rank())
	u := convertTo(updates, a.aval.DType, false)
	return Bind1(OpScatterAdd, AxisParams{Axis: ax}, a, indices, u)
}
