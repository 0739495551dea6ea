package trace

import (
	"math"
	"runtime"
	"testing"
)

// dirty leaves freed memory holding the byte pattern b, for the next large
// allocations to reuse.
func dirty(b byte) {
	junk := make([][]byte, 256)
	for k := range junk {
		junk[k] = make([]byte, 128<<10+k*512)
		for i := range junk[k] {
			junk[k][i] = b
		}
	}
	runtime.KeepAlive(junk)
	junk = nil
	runtime.GC()
}

// New eager results are not zeroed (kernels.Uninit), so every rule must
// write all of its result. Each large primitive below runs twice, after
// freed memory was filled with two different patterns: an element a rule
// left unwritten would show old memory and differ. That catches it only
// when the allocator happens to reuse the dirtied memory; with
// -tags leibniz_poison (run by CI) Uninit itself fills every new buffer
// with a byte that changes from call to call, and it always does.
func TestResultsDoNotDependOnOldMemory(t *testing.T) {
	const n = 1 << 15 // 128 KiB of f32: above kernels.UninitMin
	x := Reshape(Linspace(Float32, -2, 2, n), 128, 256)
	y := Reshape(Linspace(Float32, 1, 3, n), 256, 128)
	idx := FromInt32s([]int32{3, 1, 4, 1, 5, 9, 2, 6}, 8)
	xi := Convert(Mul(x, Scalar32(100)), Int32)
	cases := map[string]func() *Array{
		"exp":        func() *Array { return Exp(x) },
		"add":        func() *Array { return Add(x, x) },
		"int mul":    func() *Array { return Mul(xi, xi) },
		"convert":    func() *Array { return Convert(x, Float64) },
		"where":      func() *Array { return Where(Less(x, Scalar32(0)), x, Neg(x)) },
		"broadcast":  func() *Array { return BroadcastTo(Slice(x, []int{0, 0}, []int{1, 256}, nil), 128, 256) },
		"transpose":  func() *Array { return Transpose(x, 1, 0) },
		"slice":      func() *Array { return Slice(x, []int{1, 3}, []int{127, 250}, []int{1, 2}) },
		"pad":        func() *Array { return Pad(x, []int{1, 2}, []int{3, 4}, 7) },
		"concat":     func() *Array { return Concatenate(0, x, x) },
		"reverse":    func() *Array { return Reverse(x, 0) },
		"take":       func() *Array { return Take(Transpose(x, 1, 0), idx, 1) },
		"scatter":    func() *Array { return ScatterAdd(Transpose(x, 1, 0), idx, Ones(Float32, 256, 8), 1) },
		"sum axis 0": func() *Array { return Sum(Concatenate(1, x, x, x, x), 0) },
		"matmul":     func() *Array { return MatMul(x, y) },
		"int matmul": func() *Array { return MatMul(xi, Transpose(xi, 1, 0)) },
	}
	for name, f := range cases {
		dirty(0xAB)
		a := f().Float64s()
		dirty(0x5C)
		b := f().Float64s()
		for i := range a {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Errorf("%s: element %d is %v after one pattern and %v after the other", name, i, a[i], b[i])
				break
			}
		}
	}
}
