package kernels

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The shape kernels and the in-place reduction patterns keep their index
// bookkeeping on the stack.
func TestNoAllocs(t *testing.T) {
	x := make([]float32, 24)
	y := make([]float32, 24)
	shape := []int{2, 3, 4}
	perm := []int{2, 0, 1}
	axes1, axes2 := []int{1}, []int{0}
	d := make([]float32, 12)
	idx := []int32{1, 0, -1}
	cases := map[string]func(){
		"Transpose":      func() { Transpose(y, x, shape, perm) },
		"Reverse":        func() { Reverse(y, x, shape, axes1) },
		"Slice":          func() { Slice(d[:6], x, shape, []int{0, 1, 1}, []int{2, 3, 4}, []int{1, 1, 2}) },
		"Pad":            func() { Pad(y, x[:6], []int{2, 3}, []int{1, 0}, []int{1, 0}, []int{0, 0}, 0) },
		"BroadcastInDim": func() { BroadcastInDim(y, shape, x[:3], []int{3}, []int{1}) },
		"ReduceSumMid":   func() { ReduceSum(d[:8], x, shape, axes1) },
		"ReduceMaxLead":  func() { ReduceMax(d[:12], x, shape, axes2) },
		"Gather":         func() { Gather(y[:18], x, shape, 1, idx[:2]) },
		"DotGeneral":     func() { DotGeneral(d[:4], x[:6], []int{2, 3}, y[:6], []int{3, 2}, []int{1}, []int{0}, nil, nil) },
	}
	for name, f := range cases {
		require.Zero(t, testing.AllocsPerRun(10, f), name)
	}
}
