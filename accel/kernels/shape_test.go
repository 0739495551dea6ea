package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// iota returns 1, 2, ..., n as float32 so that every element is distinct.
func iotaF32(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i + 1)
	}
	return x
}

// shapeOpShapes returns random shapes of rank 0..4 (sizes 0..4) and a few
// larger ones that reach the tiled and fast paths.
func shapeOpShapes(r *rand.Rand) [][]int {
	shapes := [][]int{{}, {0}, {1}, {7}}
	for rank := 1; rank <= 4; rank++ {
		for range 12 {
			shapes = append(shapes, randShape(r, rank, []int{0, 1, 1, 2, 3, 4}))
		}
	}
	return append(shapes, []int{67, 131}, []int{3, 40, 50}, []int{33, 1, 65}, []int{5, 6, 7, 8})
}

// runGuarded calls kern on a guarded dst of length n filled with sentinels,
// checks the guards and that src is unchanged, and returns dst.
func runGuarded(t *testing.T, n int, src []float32, kern func(dst []float32)) []float32 {
	t.Helper()
	orig := cloneOf(src)
	dst, full := guarded(n, sentinel[float32]())
	kern(dst)
	requireGuards(t, full, n, sentinel[float32]())
	requireSameSlice(t, orig, src, "src modified")
	return dst
}

func TestTranspose(t *testing.T) {
	r := newRNG()
	for _, shape := range shapeOpShapes(r) {
		perms := [][]int{r.Perm(len(shape)), r.Perm(len(shape)), identityPerm(len(shape))}
		if len(shape) >= 2 {
			p := identityPerm(len(shape))
			p[len(p)-1], p[len(p)-2] = p[len(p)-2], p[len(p)-1]
			perms = append(perms, p)
		}
		for _, perm := range perms {
			src := iotaF32(numElements(shape))
			outShape := make([]int, len(shape))
			for k, p := range perm {
				outShape[k] = shape[p]
			}
			want := make([]float32, len(src))
			si := make([]int, len(shape))
			forEachIndex(outShape, func(oi []int) {
				for k, p := range perm {
					si[p] = oi[k]
				}
				want[ravel(oi, outShape)] = src[ravel(si, shape)]
			})
			got := runGuarded(t, len(src), src, func(dst []float32) { Transpose(dst, src, shape, perm) })
			requireSameSlice(t, want, got, fmt.Sprint(shape, perm))
		}
	}
}

func identityPerm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

func TestBroadcastInDim(t *testing.T) {
	r := newRNG()
	for _, outShape := range shapeOpShapes(r) {
		for range 4 {
			// Choose a random increasing subset of output axes and make
			// some of the kept source sizes 1.
			var dims, srcShape []int
			for k, n := range outShape {
				if r.IntN(3) == 0 {
					continue
				}
				dims = append(dims, k)
				if r.IntN(3) == 0 {
					n = 1
				}
				srcShape = append(srcShape, n)
			}
			if r.IntN(4) == 0 { // trailing block
				k := r.IntN(len(outShape) + 1)
				dims, srcShape = nil, nil
				for d := len(outShape) - k; d < len(outShape); d++ {
					dims = append(dims, d)
					srcShape = append(srcShape, outShape[d])
				}
			}
			src := iotaF32(numElements(srcShape))
			want := make([]float32, numElements(outShape))
			si := make([]int, len(srcShape))
			forEachIndex(outShape, func(oi []int) {
				for i, d := range dims {
					si[i] = 0
					if srcShape[i] != 1 {
						si[i] = oi[d]
					}
				}
				want[ravel(oi, outShape)] = src[ravel(si, srcShape)]
			})
			got := runGuarded(t, len(want), src, func(dst []float32) { BroadcastInDim(dst, outShape, src, srcShape, dims) })
			requireSameSlice(t, want, got, fmt.Sprint(outShape, srcShape, dims))
		}
	}
	// Scalar source.
	dst := make([]int32, 6)
	BroadcastInDim(dst, []int{2, 3}, []int32{9}, []int{}, []int{})
	require.Equal(t, []int32{9, 9, 9, 9, 9, 9}, dst)
}

func TestSlice(t *testing.T) {
	r := newRNG()
	for _, shape := range shapeOpShapes(r) {
		for range 4 {
			rank := len(shape)
			start, limit, stride := make([]int, rank), make([]int, rank), make([]int, rank)
			outShape := make([]int, rank)
			for k, n := range shape {
				start[k] = r.IntN(n + 1)
				limit[k] = start[k] + r.IntN(n-start[k]+1)
				stride[k] = 1 + r.IntN(3)
				outShape[k] = (limit[k] - start[k] + stride[k] - 1) / stride[k]
			}
			src := iotaF32(numElements(shape))
			want := make([]float32, numElements(outShape))
			si := make([]int, rank)
			forEachIndex(outShape, func(oi []int) {
				for k := range oi {
					si[k] = start[k] + oi[k]*stride[k]
				}
				want[ravel(oi, outShape)] = src[ravel(si, shape)]
			})
			got := runGuarded(t, len(want), src, func(dst []float32) { Slice(dst, src, shape, start, limit, stride) })
			requireSameSlice(t, want, got, fmt.Sprint(shape, start, limit, stride))
		}
	}
}

func TestPad(t *testing.T) {
	r := newRNG()
	for _, shape := range shapeOpShapes(r) {
		for range 3 {
			rank := len(shape)
			lo, hi, in := make([]int, rank), make([]int, rank), make([]int, rank)
			outShape := make([]int, rank)
			for k, n := range shape {
				lo[k], hi[k], in[k] = r.IntN(3), r.IntN(3), r.IntN(3)
				outShape[k] = lo[k] + n + max(n-1, 0)*in[k] + hi[k]
			}
			src := iotaF32(numElements(shape))
			want := make([]float32, numElements(outShape))
			Fill(want, -1)
			oi := make([]int, rank)
			forEachIndex(shape, func(si []int) {
				for k := range si {
					oi[k] = lo[k] + si[k]*(in[k]+1)
				}
				want[ravel(oi, outShape)] = src[ravel(si, shape)]
			})
			got := runGuarded(t, len(want), src, func(dst []float32) { Pad(dst, src, shape, lo, hi, in, -1) })
			requireSameSlice(t, want, got, fmt.Sprint(shape, lo, hi, in))
		}
	}
}

func TestConcatenate(t *testing.T) {
	r := newRNG()
	for _, shape := range shapeOpShapes(r) {
		if len(shape) == 0 {
			continue
		}
		for axis := range shape {
			nsrc := 1 + r.IntN(3)
			var srcs [][]float32
			var shapes [][]int
			next := float32(1)
			for range nsrc {
				s := append([]int(nil), shape...)
				s[axis] = r.IntN(4)
				x := make([]float32, numElements(s))
				for i := range x {
					x[i] = next
					next++
				}
				srcs, shapes = append(srcs, x), append(shapes, s)
			}
			outShape := append([]int(nil), shape...)
			outShape[axis] = 0
			for _, s := range shapes {
				outShape[axis] += s[axis]
			}
			want := make([]float32, numElements(outShape))
			si := make([]int, len(shape))
			forEachIndex(outShape, func(oi []int) {
				copy(si, oi)
				s := 0
				for si[axis] >= shapes[s][axis] {
					si[axis] -= shapes[s][axis]
					s++
				}
				want[ravel(oi, outShape)] = srcs[s][ravel(si, shapes[s])]
			})
			got := runGuarded(t, len(want), nil, func(dst []float32) { Concatenate(dst, srcs, shapes, axis) })
			requireSameSlice(t, want, got, fmt.Sprint(shapes, axis))
		}
	}
}

func TestReverse(t *testing.T) {
	r := newRNG()
	for _, shape := range shapeOpShapes(r) {
		all := subsets(len(shape))
		for range 4 {
			axes := all[r.IntN(len(all))]
			src := iotaF32(numElements(shape))
			want := make([]float32, len(src))
			si := make([]int, len(shape))
			forEachIndex(shape, func(oi []int) {
				copy(si, oi)
				for _, a := range axes {
					si[a] = shape[a] - 1 - oi[a]
				}
				want[ravel(oi, shape)] = src[ravel(si, shape)]
			})
			got := runGuarded(t, len(want), src, func(dst []float32) { Reverse(dst, src, shape, axes) })
			requireSameSlice(t, want, got, fmt.Sprint(shape, axes))
		}
	}
}

// Shape kernels work for any element type.
func TestShapeOpsGenericTypes(t *testing.T) {
	src := []string{"a", "b", "c", "d", "e", "f"}
	dst := make([]string, 6)
	Transpose(dst, src, []int{2, 3}, []int{1, 0})
	require.Equal(t, []string{"a", "d", "b", "e", "c", "f"}, dst)
	Reverse(dst, src, []int{2, 3}, []int{1})
	require.Equal(t, []string{"c", "b", "a", "f", "e", "d"}, dst)
	b := make([]bool, 4)
	BroadcastInDim(b, []int{2, 2}, []bool{true, false}, []int{2}, []int{0})
	require.Equal(t, []bool{true, true, false, false}, b)
}
