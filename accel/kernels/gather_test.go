package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refNorm is the documented index normalisation.
func refNorm(i int64, n int) int {
	if i < 0 {
		i += int64(n)
	}
	return int(min(max(i, 0), int64(n-1)))
}

type gatherCase struct {
	shape    []int
	axis     int
	idxShape []int
}

func gatherCases(r *rand.Rand) []gatherCase {
	cases := []gatherCase{
		{[]int{1}, 0, []int{}},
		{[]int{5}, 0, []int{3}},
		{[]int{5}, 0, []int{0}},
		{[]int{4, 3}, 1, []int{2, 2}},
		{[]int{0, 3}, 1, []int{4}},
		{[]int{3, 0}, 0, []int{2}},
		{[]int{2, 70, 9}, 1, []int{50}},
	}
	for range 60 {
		rank := 1 + r.IntN(4)
		shape := randShape(r, rank, []int{0, 1, 2, 3, 4})
		axis := r.IntN(rank)
		shape[axis] = 1 + r.IntN(4)
		cases = append(cases, gatherCase{shape, axis, randShape(r, r.IntN(3), []int{0, 1, 2, 3})})
	}
	return cases
}

// randIndices returns indices in [-2n, 2n) so that negative and
// out-of-range values are common.
func randIndices[I Int](r *rand.Rand, m, n int) []I {
	idx := make([]I, m)
	for i := range idx {
		v := int64(r.IntN(4*n) - 2*n)
		idx[i] = I(v)
	}
	return idx
}

func runGather[I Int](t *testing.T) {
	r := newRNG()
	for _, c := range gatherCases(r) {
		n := c.shape[c.axis]
		idx := randIndices[I](r, numElements(c.idxShape), n)
		src := iotaF32(numElements(c.shape))
		outShape := append(append(append([]int{}, c.shape[:c.axis]...), c.idxShape...), c.shape[c.axis+1:]...)
		want := make([]float32, numElements(outShape))
		si := make([]int, len(c.shape))
		ni := len(c.idxShape)
		forEachIndex(outShape, func(oi []int) {
			copy(si[:c.axis], oi[:c.axis])
			copy(si[c.axis+1:], oi[c.axis+ni:])
			j := ravel(oi[c.axis:c.axis+ni], c.idxShape)
			si[c.axis] = refNorm(int64(idx[j]), n)
			want[ravel(oi, outShape)] = src[ravel(si, c.shape)]
		})
		origIdx := cloneOf(idx)
		got := runGuarded(t, len(want), src, func(dst []float32) { Gather(dst, src, c.shape, c.axis, idx) })
		requireSameSlice(t, want, got, fmt.Sprint(c, idx))
		require.Equal(t, origIdx, idx)
	}
}

func runScatterAdd[T Num, I Int](t *testing.T) {
	r := newRNG()
	for _, c := range gatherCases(r) {
		n := c.shape[c.axis]
		m := numElements(c.idxShape)
		idx := randIndices[I](r, m, n)
		updShape := append(append(append([]int{}, c.shape[:c.axis]...), m), c.shape[c.axis+1:]...)
		upd := randNums[T](r, numElements(updShape))
		base := randNums[T](r, numElements(c.shape))
		want := cloneOf(base)
		di := make([]int, len(c.shape))
		forEachIndex(updShape, func(ui []int) {
			copy(di, ui)
			di[c.axis] = refNorm(int64(idx[ui[c.axis]]), n)
			want[ravel(di, c.shape)] += upd[ravel(ui, updShape)]
		})
		origUpd := cloneOf(upd)
		dst, full := guarded(len(base), sentinel[T]())
		copy(dst, base)
		ScatterAdd(dst, c.shape, c.axis, idx, upd)
		requireGuards(t, full, len(base), sentinel[T]())
		requireSameSlice(t, origUpd, upd)
		if isFloat[T]() {
			// Accumulation order may differ from the reference.
			w := make([]float64, len(want))
			for i, v := range want {
				w[i] = float64(v)
			}
			requireClose(t, w, dst, 1e-5, nil, fmt.Sprint(c, idx))
		} else {
			requireSameSlice(t, want, dst, fmt.Sprint(c, idx))
		}
	}
}

func TestGather(t *testing.T) {
	t.Run("i32", runGather[int32])
	t.Run("i64", runGather[int64])
}

func TestScatterAdd(t *testing.T) {
	t.Run("f32/i32", runScatterAdd[float32, int32])
	t.Run("f64/i64", runScatterAdd[float64, int64])
	t.Run("i32/i64", runScatterAdd[int32, int64])
	t.Run("i64/i32", runScatterAdd[int64, int32])
}

func TestIndexNormalisation(t *testing.T) {
	src := []int32{10, 20, 30, 40}
	idx := []int64{-1, -4, -5, -100, 0, 3, 4, 1 << 40, -(1 << 62)}
	dst := make([]int32, len(idx))
	Gather(dst, src, []int{4}, 0, idx)
	require.Equal(t, []int32{40, 10, 10, 10, 10, 40, 40, 40, 10}, dst)
	acc := make([]int32, 4)
	ScatterAdd(acc, []int{4}, 0, idx, []int32{1, 2, 4, 8, 16, 32, 64, 128, 256})
	require.Equal(t, []int32{2 + 4 + 8 + 16 + 256, 0, 0, 1 + 32 + 64 + 128}, acc)
}
