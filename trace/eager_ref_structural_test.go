package trace_test

// Eager results of the shape functions (shape.go) against naive multi-index
// references. Data movement is dtype-agnostic, so every case runs for all five
// dtypes and compares bit-exactly.

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

// forDTypes runs f as one subtest per dtype, named name/dtype.
func forDTypes(t *testing.T, name string, f func(t *testing.T, dt trace.DType)) {
	for _, dt := range allDTypes {
		t.Run(fmt.Sprintf("%s/%v", name, dt), func(t *testing.T) { f(t, dt) })
	}
}

// refTranspose: output axis i is input axis perm[i].
func refTranspose(x []float64, shape, perm []int) ([]float64, []int) {
	out := make([]int, len(perm))
	for i, p := range perm {
		out[i] = shape[p]
	}
	res := make([]float64, len(x))
	src := make([]int, len(shape))
	for i := range res {
		idx := unravel(i, out)
		for k, p := range perm {
			src[p] = idx[k]
		}
		res[i] = x[ravel(src, shape)]
	}
	return res, out
}

func TestEagerRefReshape(t *testing.T) {
	cases := []struct{ from, arg, want []int }{
		{[]int{2, 3}, []int{3, 2}, []int{3, 2}},
		{[]int{6}, []int{2, -1}, []int{2, 3}},
		{[]int{2, 3, 4}, []int{-1}, []int{24}},
		{[]int{2, 3, 4}, []int{4, -1, 2}, []int{4, 3, 2}},
		{[]int{1}, []int{}, []int{}},
		{[]int{}, []int{1, 1}, []int{1, 1}},
		{[]int{}, []int{-1}, []int{1}},
		{[]int{0, 3}, []int{3, 0}, []int{3, 0}},
		{[]int{0, 3}, []int{0, -1}, nil}, // -1 next to a 0 is ambiguous
		{[]int{2, 3}, []int{4, -1}, nil},
		{[]int{2, 3}, []int{-1, -1}, nil},
	}
	for _, c := range cases {
		forDTypes(t, shapeStr(c.from)+"->"+shapeStr(c.arg), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.from))
			if c.want == nil {
				requireLeibnizError(t, "Reshape", func() { trace.Reshape(mk(dt, x, c.from), c.arg...) })
				return
			}
			checkVals(t, trace.Reshape(mk(dt, x, c.from), c.arg...), dt, c.want, x, exactTol, nil)
		})
	}
}

func TestEagerRefTranspose(t *testing.T) {
	type tc struct{ shape, perm []int }
	var cases []tc
	for _, s := range [][]int{{}, {4}, {0}, {2, 3}, {3, 1}, {0, 2}} {
		cases = append(cases, tc{s, nil})
	}
	for _, s := range [][]int{{2, 3, 4}, {1, 3, 2}, {2, 0, 3}} {
		cases = append(cases, tc{s, nil})
		for _, p := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {-1, 0, -2}} {
			cases = append(cases, tc{s, p})
		}
	}
	cases = append(cases, tc{[]int{2, 1, 3, 2}, []int{3, 1, 0, 2}})
	for _, c := range cases {
		forDTypes(t, shapeStr(c.shape)+"/perm"+shapeStr(c.perm), func(t *testing.T, dt trace.DType) {
			perm := make([]int, len(c.shape))
			for i := range perm {
				perm[i] = len(perm) - 1 - i
				if c.perm != nil {
					perm[i] = (c.perm[i] + len(perm)) % len(perm)
				}
			}
			x := seq(dt, numel(c.shape))
			want, shape := refTranspose(x, c.shape, perm)
			checkVals(t, trace.Transpose(mk(dt, x, c.shape), c.perm...), dt, shape, want, exactTol, nil)
		})
	}
}

func TestEagerRefBroadcastTo(t *testing.T) {
	cases := []struct{ from, to []int }{
		{[]int{3}, []int{2, 3}}, {[]int{2, 1}, []int{2, 4}}, {[]int{}, []int{2, 2}}, {[]int{}, []int{}},
		{[]int{1}, []int{0}}, {[]int{2, 1, 3}, []int{4, 2, 5, 3}}, {[]int{1, 1}, []int{3, 2}},
		{[]int{2, 3}, []int{2, 3}}, {[]int{0, 1}, []int{2, 0, 4}},
	}
	for _, c := range cases {
		forDTypes(t, shapeStr(c.from)+"->"+shapeStr(c.to), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.from))
			want, shape := refMap([][]int{c.from, c.to}, func(f []int) float64 { return x[f[0]] })
			require.Equal(t, c.to, shape)
			checkVals(t, trace.BroadcastTo(mk(dt, x, c.from), c.to...), dt, shape, want, exactTol, nil)
		})
	}
	t.Run("incompatible is an error", func(t *testing.T) {
		requireLeibnizError(t, "BroadcastTo", func() { trace.BroadcastTo(trace.Zeros(trace.Float32, 2, 3), 3, 3) })
		requireLeibnizError(t, "BroadcastTo", func() { trace.BroadcastTo(trace.Zeros(trace.Float32, 2, 3), 3) })
	})
}

func TestEagerRefExpandDimsSqueeze(t *testing.T) {
	expand := []struct {
		from  []int
		axis  int
		shape []int
	}{
		{[]int{2, 3}, 0, []int{1, 2, 3}}, {[]int{2, 3}, 1, []int{2, 1, 3}}, {[]int{2, 3}, 2, []int{2, 3, 1}},
		{[]int{2, 3}, -1, []int{2, 3, 1}}, {[]int{2, 3}, -2, []int{2, 1, 3}}, {[]int{2, 3}, -3, []int{1, 2, 3}},
		{[]int{}, 0, []int{1}}, {[]int{}, -1, []int{1}}, {[]int{0}, 1, []int{0, 1}},
	}
	for _, c := range expand {
		forDTypes(t, fmt.Sprintf("ExpandDims/%s/%d", shapeStr(c.from), c.axis), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.from))
			checkVals(t, trace.ExpandDims(mk(dt, x, c.from), c.axis), dt, c.shape, x, exactTol, nil)
		})
	}
	squeeze := []struct {
		from, axes, shape []int
	}{
		{[]int{1, 3, 1}, nil, []int{3}}, {[]int{1, 3, 1}, []int{0}, []int{3, 1}}, {[]int{1, 3, 1}, []int{-1}, []int{1, 3}},
		{[]int{1, 3, 1}, []int{2, 0}, []int{3}}, {[]int{1}, nil, []int{}}, {[]int{}, nil, []int{}},
		{[]int{2, 3}, nil, []int{2, 3}}, {[]int{1, 0, 1}, nil, []int{0}},
	}
	for _, c := range squeeze {
		forDTypes(t, fmt.Sprintf("Squeeze/%s/%v", shapeStr(c.from), c.axes), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.from))
			checkVals(t, trace.Squeeze(mk(dt, x, c.from), c.axes...), dt, c.shape, x, exactTol, nil)
		})
	}
	t.Run("Squeeze/non-unit axis is an error", func(t *testing.T) {
		requireLeibnizError(t, "size 1", func() { trace.Squeeze(trace.Zeros(trace.Float32, 1, 3), 1) })
	})
}

// refSlice takes start + i*stride below limit on every axis (after the
// negative start/limit of Slice are resolved).
func refSlice(x []float64, shape, start, limit, stride []int) ([]float64, []int) {
	s, l := slices.Clone(start), slices.Clone(limit)
	out := make([]int, len(shape))
	for k, d := range shape {
		if s[k] < 0 {
			s[k] += d
		}
		if l[k] < 0 {
			l[k] += d
		}
		for i := s[k]; i < l[k]; i += stride[k] {
			out[k]++
		}
	}
	res := make([]float64, numel(out))
	src := make([]int, len(shape))
	for i := range res {
		idx := unravel(i, out)
		for k := range idx {
			src[k] = s[k] + idx[k]*stride[k]
		}
		res[i] = x[ravel(src, shape)]
	}
	return res, out
}

func TestEagerRefSlice(t *testing.T) {
	cases := []struct{ shape, start, limit, stride []int }{
		{[]int{5}, []int{1}, []int{5}, []int{2}},
		{[]int{5}, []int{0}, []int{5}, nil},
		{[]int{5}, []int{-3}, []int{-1}, nil},
		{[]int{5}, []int{2}, []int{2}, nil},
		{[]int{7}, []int{0}, []int{7}, []int{3}},
		{[]int{4, 5}, []int{-3, 0}, []int{-1, 5}, []int{1, 2}},
		{[]int{4, 5}, []int{1, 1}, []int{4, 4}, []int{2, 2}},
		{[]int{2, 3, 4}, []int{0, 1, 1}, []int{2, 3, 4}, []int{1, 1, 2}},
		{[]int{0, 3}, []int{0, 1}, []int{0, 3}, nil},
		{[]int{}, []int{}, []int{}, nil},
	}
	for _, c := range cases {
		forDTypes(t, fmt.Sprintf("%s/%v:%v:%v", shapeStr(c.shape), c.start, c.limit, c.stride), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.shape))
			stride := c.stride
			if stride == nil {
				stride = slices.Repeat([]int{1}, len(c.shape))
			}
			want, shape := refSlice(x, c.shape, c.start, c.limit, stride)
			checkVals(t, trace.Slice(mk(dt, x, c.shape), c.start, c.limit, c.stride), dt, shape, want, exactTol, nil)
		})
	}
}

func TestEagerRefIndex(t *testing.T) {
	cases := []struct {
		shape []int
		i     int
	}{{[]int{4}, 0}, {[]int{4}, -1}, {[]int{3, 2}, 1}, {[]int{3, 2}, -3}, {[]int{2, 3, 4}, 1}, {[]int{1, 0}, 0}}
	for _, c := range cases {
		forDTypes(t, fmt.Sprintf("%s/%d", shapeStr(c.shape), c.i), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.shape))
			i := (c.i + c.shape[0]) % c.shape[0]
			row := numel(c.shape[1:])
			checkVals(t, trace.Index(mk(dt, x, c.shape), c.i), dt, c.shape[1:], x[i*row:(i+1)*row], exactTol, nil)
		})
	}
	t.Run("out of range is an error", func(t *testing.T) {
		requireLeibnizError(t, "out of range", func() { trace.Index(trace.Zeros(trace.Float32, 3), 3) })
		requireLeibnizError(t, "out of range", func() { trace.Index(trace.Zeros(trace.Float32, 3), -4) })
		requireLeibnizError(t, "scalar", func() { trace.Index(trace.Scalar(1), 0) })
	})
}

// refConcat joins parts along axis.
func refConcat(parts [][]float64, shapes [][]int, axis int) ([]float64, []int) {
	out := slices.Clone(shapes[0])
	out[axis] = 0
	for _, s := range shapes {
		out[axis] += s[axis]
	}
	res := make([]float64, numel(out))
	for i := range res {
		idx := unravel(i, out)
		j := idx[axis]
		for p, s := range shapes {
			if j < s[axis] {
				src := slices.Clone(idx)
				src[axis] = j
				res[i] = parts[p][ravel(src, s)]
				break
			}
			j -= s[axis]
		}
	}
	return res, out
}

func TestEagerRefConcatenate(t *testing.T) {
	cases := []struct {
		axis   int
		shapes [][]int
	}{
		{0, [][]int{{2, 3}, {1, 3}}},
		{1, [][]int{{2, 3}, {2, 1}, {2, 2}}},
		{-1, [][]int{{2, 3}, {2, 2}}},
		{0, [][]int{{0, 3}, {2, 3}, {0, 3}}},
		{1, [][]int{{2, 0}, {2, 2}}},
		{1, [][]int{{0, 2}, {0, 3}}},
		{0, [][]int{{4}}},
		{1, [][]int{{2, 2, 3}, {2, 1, 3}}},
		{-2, [][]int{{2, 2, 3}, {2, 1, 3}}},
	}
	for _, c := range cases {
		forDTypes(t, fmt.Sprintf("axis%d/%v", c.axis, c.shapes), func(t *testing.T, dt trace.DType) {
			parts := make([][]float64, len(c.shapes))
			arrs := make([]*trace.Array, len(c.shapes))
			off := 0.0
			for i, s := range c.shapes {
				parts[i] = seq(dt, numel(s))
				if dt != trace.Bool {
					for j := range parts[i] {
						parts[i][j] += off
					}
				}
				off += 100
				arrs[i] = mk(dt, parts[i], s)
			}
			ax := (c.axis + len(c.shapes[0])) % len(c.shapes[0])
			want, shape := refConcat(parts, c.shapes, ax)
			checkVals(t, trace.Concatenate(c.axis, arrs...), dt, shape, want, exactTol, nil)
		})
	}
	t.Run("promotion", func(t *testing.T) {
		got := trace.Concatenate(0, trace.FromInt32s([]int32{1, 2}), trace.FromFloat32s([]float32{0.5}), trace.FromBools([]bool{true}))
		checkVals(t, got, trace.Float32, []int{4}, []float64{1, 2, 0.5, 1}, exactTol, nil)
		got = trace.Concatenate(0, trace.FromFloat32s([]float32{0.1}), trace.FromFloat64s([]float64{0.1}))
		checkVals(t, got, trace.Float64, []int{2}, []float64{float64(float32(0.1)), 0.1}, exactTol, nil)
	})
	t.Run("mismatch is an error", func(t *testing.T) {
		requireLeibnizError(t, "concatenate", func() { trace.Concatenate(0, trace.Zeros(trace.Float32, 2, 3), trace.Zeros(trace.Float32, 2, 2)) })
		requireLeibnizError(t, "scalars", func() { trace.Concatenate(0, trace.Scalar(1), trace.Scalar(2)) })
	})
}

func TestEagerRefStack(t *testing.T) {
	for _, shape := range [][]int{{2, 3}, {}, {0, 2}} {
		for _, axis := range []int{0, 1, -1} {
			if axis > len(shape) {
				continue
			}
			forDTypes(t, fmt.Sprintf("%s/axis%d", shapeStr(shape), axis), func(t *testing.T, dt trace.DType) {
				const k = 3
				parts := make([][]float64, k)
				arrs := make([]*trace.Array, k)
				shapes := make([][]int, k)
				ax := (axis + len(shape) + 1) % (len(shape) + 1)
				for i := range parts {
					parts[i] = seq(dt, numel(shape))
					if dt != trace.Bool {
						for j := range parts[i] {
							parts[i][j] += float64(100 * i)
						}
					}
					arrs[i] = mk(dt, parts[i], shape)
					shapes[i] = slices.Insert(slices.Clone(shape), ax, 1)
				}
				want, out := refConcat(parts, shapes, ax)
				checkVals(t, trace.Stack(axis, arrs...), dt, out, want, exactTol, nil)
			})
		}
	}
	t.Run("promotion", func(t *testing.T) {
		got := trace.Stack(1, trace.FromInt64s([]int64{1, 2}), trace.FromInt32s([]int32{3, 4}))
		checkVals(t, got, trace.Int64, []int{2, 2}, []float64{1, 3, 2, 4}, exactTol, nil)
	})
}

// refPad surrounds x with value: lo[k] elements before and hi[k] after axis k.
func refPad(x []float64, shape, lo, hi []int, value float64) ([]float64, []int) {
	out := make([]int, len(shape))
	for k, d := range shape {
		out[k] = lo[k] + d + hi[k]
	}
	res := make([]float64, numel(out))
	src := make([]int, len(shape))
	for i := range res {
		idx := unravel(i, out)
		inside := true
		for k := range idx {
			src[k] = idx[k] - lo[k]
			inside = inside && src[k] >= 0 && src[k] < shape[k]
		}
		res[i] = value
		if inside {
			res[i] = x[ravel(src, shape)]
		}
	}
	return res, out
}

func TestEagerRefPad(t *testing.T) {
	cases := []struct {
		shape, lo, hi []int
		value         float64
	}{
		{[]int{3}, []int{1}, []int{2}, -1},
		{[]int{2, 3}, []int{1, 0}, []int{0, 2}, 0},
		{[]int{2, 3}, []int{0, 0}, []int{0, 0}, 7},
		{[]int{0, 2}, []int{1, 1}, []int{1, 0}, 5},
		{[]int{}, []int{}, []int{}, 9},
		{[]int{1, 2, 1}, []int{1, 0, 2}, []int{0, 1, 1}, 2},
	}
	for _, c := range cases {
		forDTypes(t, fmt.Sprintf("%s/%v/%v", shapeStr(c.shape), c.lo, c.hi), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.shape))
			want, shape := refPad(x, c.shape, c.lo, c.hi, fit(dt, c.value))
			checkVals(t, trace.Pad(mk(dt, x, c.shape), c.lo, c.hi, c.value), dt, shape, want, exactTol, nil)
		})
	}
}

func TestEagerRefReverse(t *testing.T) {
	cases := []struct{ shape, axes []int }{
		{[]int{5}, nil}, {[]int{2, 3}, nil}, {[]int{2, 3}, []int{0}}, {[]int{2, 3}, []int{-1}},
		{[]int{2, 3, 4}, []int{0, 2}}, {[]int{2, 3, 4}, []int{-2}}, {[]int{0, 3}, []int{1}}, {[]int{}, nil}, {[]int{1, 4}, nil},
	}
	for _, c := range cases {
		forDTypes(t, fmt.Sprintf("%s/%v", shapeStr(c.shape), c.axes), func(t *testing.T, dt trace.DType) {
			x := seq(dt, numel(c.shape))
			rev := make([]bool, len(c.shape))
			for k := range rev {
				rev[k] = c.axes == nil
			}
			for _, a := range c.axes {
				rev[(a+len(c.shape))%len(c.shape)] = true
			}
			want := make([]float64, len(x))
			for i := range want {
				idx := unravel(i, c.shape)
				for k := range idx {
					if rev[k] {
						idx[k] = c.shape[k] - 1 - idx[k]
					}
				}
				want[i] = x[ravel(idx, c.shape)]
			}
			checkVals(t, trace.Reverse(mk(dt, x, c.shape), c.axes...), dt, c.shape, want, exactTol, nil)
		})
	}
}

// refNormIndex resolves a Take index: negative counts from the end, then
// clamped into [0, n-1].
func refNormIndex(i int64, n int) int {
	if i < 0 {
		i += int64(n)
	}
	return int(min(max(i, 0), int64(n-1)))
}

// refTake: out[o, j, p] = x[o, norm(idx[j]), p].
func refTake(x []float64, shape []int, idx []int64, idxShape []int, axis int) ([]float64, []int) {
	out := slices.Concat(shape[:axis], idxShape, shape[axis+1:])
	res := make([]float64, numel(out))
	for i := range res {
		oi := unravel(i, out)
		j := ravel(oi[axis:axis+len(idxShape)], idxShape)
		src := slices.Concat(oi[:axis], []int{refNormIndex(idx[j], shape[axis])}, oi[axis+len(idxShape):])
		res[i] = x[ravel(src, shape)]
	}
	return res, out
}

type takeCase struct {
	shape    []int
	idx      []int64
	idxShape []int
	axis     int
}

var takeCases = []takeCase{
	{[]int{5}, []int64{0, 4, 2, 2}, []int{4}, 0},
	{[]int{5}, []int64{-1, -5, 7, -9}, []int{4}, 0}, // negative and clamped
	{[]int{3, 4}, []int64{2, 0}, []int{2}, 0},
	{[]int{3, 4}, []int64{3, -1, 1, 100, -100}, []int{5}, 1},
	{[]int{3, 4}, []int64{1, 0, 2, 1}, []int{2, 2}, 0},
	{[]int{3, 4}, []int64{3, 0, 1, -2, 2, 2}, []int{2, 3}, -1},
	{[]int{2, 3, 4}, []int64{2, 2, 0}, []int{3}, 1},
	{[]int{2, 3, 4}, []int64{1}, []int{}, 1}, // scalar index removes the axis
	{[]int{3, 4}, nil, []int{0}, 0},
	{[]int{0, 4}, nil, []int{0}, 0},
	{[]int{3, 0}, []int64{1, 2}, []int{2}, 0},
}

func TestEagerRefTake(t *testing.T) {
	for _, c := range takeCases {
		for _, idt := range []trace.DType{trace.Int32, trace.Int64} {
			forDTypes(t, fmt.Sprintf("%s/idx%v%s=%v/axis%d", shapeStr(c.shape), idt, shapeStr(c.idxShape), c.idx, c.axis), func(t *testing.T, dt trace.DType) {
				x := seq(dt, numel(c.shape))
				ax := (c.axis + len(c.shape)) % len(c.shape)
				want, shape := refTake(x, c.shape, c.idx, c.idxShape, ax)
				idx := make([]float64, len(c.idx))
				for i, v := range c.idx {
					idx[i] = float64(v)
				}
				got := trace.Take(mk(dt, x, c.shape), mk(idt, idx, c.idxShape), c.axis)
				checkVals(t, got, dt, shape, want, exactTol, nil)
			})
		}
	}
	t.Run("float indices are an error", func(t *testing.T) {
		requireLeibnizError(t, "indices", func() { trace.Take(trace.Zeros(trace.Float32, 3), trace.FromFloat32s([]float32{1}), 0) })
	})
	t.Run("non-empty indices into an empty axis are an error", func(t *testing.T) {
		requireLeibnizError(t, "size 0", func() { trace.Take(trace.Zeros(trace.Float32, 0, 2), trace.FromInt32s([]int32{0}), 0) })
	})
}

func TestEagerRefScatterAdd(t *testing.T) {
	for _, c := range takeCases {
		if c.shape[(c.axis+len(c.shape))%len(c.shape)] == 0 {
			continue
		}
		for _, idt := range []trace.DType{trace.Int32, trace.Int64} {
			for _, dt := range numDTypes {
				t.Run(fmt.Sprintf("%s/idx%v%s=%v/axis%d/%v", shapeStr(c.shape), idt, shapeStr(c.idxShape), c.idx, c.axis, dt), func(t *testing.T) {
					r := refRand()
					ax := (c.axis + len(c.shape)) % len(c.shape)
					ushape := slices.Concat(c.shape[:ax], c.idxShape, c.shape[ax+1:])
					a := genVals(r, dt, numel(c.shape), smallInts(-9, 9))
					u := genVals(r, dt, numel(ushape), smallInts(-9, 9))
					want := slices.Clone(a)
					for i, v := range u {
						ui := unravel(i, ushape)
						j := ravel(ui[ax:ax+len(c.idxShape)], c.idxShape)
						dst := slices.Concat(ui[:ax], []int{refNormIndex(c.idx[j], c.shape[ax])}, ui[ax+len(c.idxShape):])
						want[ravel(dst, c.shape)] += v // duplicates accumulate
					}
					idx := make([]float64, len(c.idx))
					for i, v := range c.idx {
						idx[i] = float64(v)
					}
					got := trace.ScatterAdd(mk(dt, a, c.shape), mk(idt, idx, c.idxShape), mk(dt, u, ushape), c.axis)
					checkVals(t, got, dt, c.shape, want, exactTol, nil)
				})
			}
		}
	}
	t.Run("updates convert to the operand dtype", func(t *testing.T) {
		got := trace.ScatterAdd(trace.Zeros(trace.Float32, 3), trace.FromInt64s([]int64{1, 1}), trace.FromFloat64s([]float64{0.5, 0.25}), 0)
		checkVals(t, got, trace.Float32, []int{3}, []float64{0, 0.75, 0}, exactTol, nil)
	})
}

// TestEagerRefScatterAddAdjoint checks that ScatterAdd (into zeros) is the
// adjoint of Take: <Take(a, idx), u> == <a, ScatterAdd(0, idx, u)>.
func TestEagerRefScatterAddAdjoint(t *testing.T) {
	for _, c := range takeCases {
		ax := (c.axis + len(c.shape)) % len(c.shape)
		if c.shape[ax] == 0 {
			continue
		}
		t.Run(fmt.Sprintf("%s/idx%s=%v/axis%d", shapeStr(c.shape), shapeStr(c.idxShape), c.idx, c.axis), func(t *testing.T) {
			r := refRand()
			ushape := slices.Concat(c.shape[:ax], c.idxShape, c.shape[ax+1:])
			a := genVals(r, trace.Float64, numel(c.shape), uniform(-1, 1))
			u := genVals(r, trace.Float64, numel(ushape), uniform(-1, 1))
			fidx := make([]float64, len(c.idx))
			for i, v := range c.idx {
				fidx[i] = float64(v)
			}
			idx := mk(trace.Int64, fidx, c.idxShape)
			ta := trace.Take(mk(trace.Float64, a, c.shape), idx, c.axis).Float64s()
			su := trace.ScatterAdd(trace.Zeros(trace.Float64, c.shape...), idx, mk(trace.Float64, u, ushape), c.axis).Float64s()
			require.Len(t, ta, len(u))
			require.Len(t, su, len(a))
			lhs, rhs, mag := 0.0, 0.0, 0.0
			for i := range u {
				lhs += ta[i] * u[i]
				mag += math.Abs(ta[i] * u[i])
			}
			for i := range a {
				rhs += a[i] * su[i]
			}
			assert.InDelta(t, lhs, rhs, 1e-13*(1+mag), "<Take(a), u> vs <a, ScatterAdd(0, u)>")
		})
	}
}
