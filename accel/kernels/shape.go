package kernels

// Shape kernels on row-major arrays. dst never aliases src.

// isIdentity reports whether perm is 0, 1, ..., len(perm)-1.
func isIdentity(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}

// Transpose permutes the axes of src, which has shape `shape`, into dst, which
// has shape [shape[perm[0]], shape[perm[1]], ...]:
//
//	dst[i_0, ..., i_{r-1}] = src[j] where j[perm[k]] = i_k for every k.
//
// An identity perm is a plain copy. Size-1 axes are ignored and axes that
// stay adjacent are merged; a transposition of the two innermost varying
// axes (a 2-D transpose, possibly batched) is cache-blocked.
func Transpose[T any](dst, src []T, shape, perm []int) {
	if isIdentity(perm) {
		copy(dst, src[:len(dst)])
		return
	}
	r := len(shape)
	var buf [4 * stackRank]int
	b := intScratch(buf[:], 4*r)
	st, outShape, ss, ds := b[:r], b[r:2*r], b[2*r:3*r], b[3*r:]
	fillRowMajorStrides(st, shape)
	for k, p := range perm {
		outShape[k] = shape[p]
		ss[k] = st[p]
	}
	fillRowMajorStrides(ds, outShape)
	stridedCopy(dst, 0, ds, src, 0, ss, outShape)
}

// fillRowMajorStrides stores into s the row-major strides of shape.
func fillRowMajorStrides(s, shape []int) {
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
}

// BroadcastInDim broadcasts src, of shape srcShape, into dst, of shape
// outShape. Axis i of src maps to axis dims[i] of dst (dims is strictly
// increasing); srcShape[i] is either 1 or outShape[dims[i]]. Output axes not
// named in dims, and axes where srcShape[i] == 1, are broadcast:
//
//	dst[o] = src[s] where s[i] = o[dims[i]] if srcShape[i] > 1, else 0.
//
// A single-element src is a Fill; a src equal to the trailing block of dst
// is copied once and then repeated.
func BroadcastInDim[T any](dst []T, outShape []int, src []T, srcShape []int, dims []int) {
	if len(dst) == 0 {
		return
	}
	if len(src) == 1 {
		Fill(dst, src[0])
		return
	}
	r := len(outShape)
	if trailingBlock(outShape, srcShape, dims) {
		n := copy(dst, src)
		for ; n < len(dst); n *= 2 {
			copy(dst[n:], dst[:n])
		}
		return
	}
	var buf [3 * stackRank]int
	b := intScratch(buf[:], 2*r+len(srcShape))
	ss, ds, st := b[:r], b[r:2*r], b[2*r:]
	fillRowMajorStrides(st, srcShape)
	for i, d := range dims {
		if srcShape[i] != 1 {
			ss[d] = st[i]
		}
	}
	fillRowMajorStrides(ds, outShape)
	stridedCopy(dst, 0, ds, src, 0, ss, outShape)
}

// trailingBlock reports whether src is exactly the trailing block of the
// output, so that dst is src repeated len(dst)/len(src) times.
func trailingBlock(outShape, srcShape, dims []int) bool {
	r, k := len(outShape), len(dims)
	for i, d := range dims {
		if d != r-k+i || srcShape[i] != outShape[d] {
			return false
		}
	}
	return true
}

// Slice extracts a strided window of src, of shape `shape`, into dst. Output
// axis k has ceil((limit[k]-start[k])/stride[k]) elements (stride[k] >= 1):
//
//	dst[i] = src[start + i*stride] (component-wise).
func Slice[T any](dst, src []T, shape, start, limit, stride []int) {
	r := len(shape)
	var buf [3 * stackRank]int
	b := intScratch(buf[:], 3*r)
	st, outShape, ds := b[:r], b[r:2*r], b[2*r:]
	fillRowMajorStrides(st, shape)
	off := 0
	for k := range shape {
		outShape[k] = max(0, (limit[k]-start[k]+stride[k]-1)/stride[k])
		off += start[k] * st[k]
		st[k] *= stride[k]
	}
	fillRowMajorStrides(ds, outShape)
	stridedCopy(dst, 0, ds, src, off, st, outShape)
}

// Pad surrounds src, of shape `shape`, with value: along axis k it inserts
// lo[k] elements before, hi[k] elements after and interior[k] elements
// between every pair of neighbours (all >= 0). Output axis k has
// lo[k] + n + max(n-1, 0)*interior[k] + hi[k] elements, n = shape[k]:
//
//	dst[o] = src[i] if o = lo + i*(interior+1) (component-wise), else value.
func Pad[T any](dst, src []T, shape, lo, hi, interior []int, value T) {
	Fill(dst, value)
	if len(src) == 0 {
		return
	}
	r := len(shape)
	var buf [3 * stackRank]int
	b := intScratch(buf[:], 3*r)
	st, outShape, ds := b[:r], b[r:2*r], b[2*r:]
	for k, n := range shape {
		outShape[k] = lo[k] + n + max(n-1, 0)*interior[k] + hi[k]
	}
	fillRowMajorStrides(ds, outShape)
	fillRowMajorStrides(st, shape)
	off := 0
	for k := range shape {
		off += lo[k] * ds[k]
		ds[k] *= interior[k] + 1
	}
	stridedCopy(dst, off, ds, src, 0, st, shape)
}

// Concatenate joins srcs[s], of shape shapes[s], along axis into dst. All
// shapes agree except on axis; dst has the common shape with axis length
// Σ shapes[s][axis]:
//
//	dst[..., off_s + j, ...] = srcs[s][..., j, ...], off_s = Σ_{t<s} shapes[t][axis].
func Concatenate[T any](dst []T, srcs [][]T, shapes [][]int, axis int) {
	if len(dst) == 0 {
		return
	}
	outer := numElements(shapes[0][:axis])
	var buf [stackRank]int
	chunk := intScratch(buf[:], len(srcs))
	for s, sh := range shapes {
		chunk[s] = numElements(sh[axis:])
	}
	pos := 0
	for o := 0; o < outer; o++ {
		for s, src := range srcs {
			c := chunk[s]
			copy(dst[pos:pos+c], src[o*c:o*c+c])
			pos += c
		}
	}
}

// Reverse reverses src, of shape `shape`, along every axis in axes:
//
//	dst[i] = src[j] where j[k] = shape[k]-1-i[k] if k in axes, else i[k].
func Reverse[T any](dst, src []T, shape, axes []int) {
	if len(dst) == 0 {
		return
	}
	r := len(shape)
	var buf [2 * stackRank]int
	b := intScratch(buf[:], 2*r)
	ds, ss := b[:r], b[r:]
	fillRowMajorStrides(ds, shape)
	copy(ss, ds)
	off := 0
	for _, a := range axes {
		off += (shape[a] - 1) * ds[a]
		ss[a] = -ds[a]
	}
	stridedCopy(dst, 0, ds, src, off, ss, shape)
}
