package accel_test

import (
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// bytesPerCall returns the heap bytes one call of f allocates, averaged
// over several calls after a warm-up.
func bytesPerCall(f func()) float64 {
	f()
	f()
	const n = 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / n
}

// A steady-state call allocates at most its outputs (fewer once dropped
// outputs are recycled) and nothing else that scales with the data: the
// intermediates live in pooled frames. With
// ReuseOutputs it allocates nothing that scales with the data at all.
// (The bound is a few KiB of bookkeeping: result arrays, the pytree of
// results, the call's closures; the data here is 4 × 256 KiB.)
func TestSteadyStateAllocations(t *testing.T) {
	const n = 1 << 16
	f := func(x [2]*trace.Array) *trace.Array {
		return trace.Sum(trace.Sub(trace.Add(trace.Log(x[0]), trace.Mul(x[0], x[1])), trace.Sin(x[1])))
	}
	x := [2]*trace.Array{trace.Linspace(trace.Float32, 0.5, 2, n), trace.Linspace(trace.Float32, -3, 3, n)}
	outBytes := float64(2 * 4 * n)
	const bookkeeping = 8 << 10

	fresh := accel.Jit(vjp.ValueAndGrad(f))
	got := bytesPerCall(func() { fresh(x) })
	assert.Less(t, got, outBytes+bookkeeping, "fresh outputs: %.0f bytes per call for %.0f bytes of outputs", got, outBytes)

	reuse := accel.Jit(vjp.ValueAndGrad(f), accel.ReuseOutputs())
	got = bytesPerCall(func() { reuse(x) })
	assert.Less(t, got, float64(bookkeeping), "reused outputs: %.0f bytes per call", got)
}

// Fresh outputs that a group or a float dot_general overwrites entirely are
// allocated without zeroing. Calls in a loop, with collections between
// them, get memory that earlier results (of other values) used: every
// result must still equal eager evaluation bit for bit.
func TestUninitializedOutputsAreOverwritten(t *testing.T) {
	const n = 1 << 15
	f := func(x [2]*trace.Array) []*trace.Array {
		g := trace.Add(trace.Mul(x[0], x[1]), trace.Sin(x[1]))
		m := trace.MatMul(trace.Reshape(g, 128, 256), trace.Reshape(x[0], 256, 128))
		return []*trace.Array{g, m, trace.Exp(trace.Neg(trace.Abs(x[1])))}
	}
	jf := accel.Jit(f)
	for i := range 12 {
		x := [2]*trace.Array{trace.Linspace(trace.Float32, float64(i), float64(i)+1, n), trace.Linspace(trace.Float32, -1, float64(i), n)}
		want, got := f(x), jf(x)
		for k := range want {
			w, g := want[k].Float32s(), got[k].Float32s()
			assert.True(t, slices.Equal(w, g), "call %d, result %d", i, k)
		}
		runtime.GC()
	}
}

// Fresh outputs come back to the executable once the caller drops them
// (kernels.Recycler), and a later call writes into the same memory; an
// output the caller keeps is never handed out again. Over a loop of calls
// with collections in between, kept results stay equal to eager
// evaluation, and dropped ones are recycled.
func TestDroppedOutputsAreRecycled(t *testing.T) {
	const n = 1 << 15 // 128 KiB per output: tracked
	f := func(x [2]*trace.Array) []*trace.Array {
		return []*trace.Array{trace.Add(trace.Mul(x[0], x[1]), trace.Sin(x[1])), trace.Exp(trace.Neg(trace.Abs(x[0])))}
	}
	args := func(i int) [2]*trace.Array {
		return [2]*trace.Array{trace.Linspace(trace.Float32, float64(i), float64(i)+1, n), trace.Linspace(trace.Float32, -1, float64(i), n)}
	}
	jf := accel.Jit(f)
	type keptCall struct {
		i   int
		out []*trace.Array
	}
	var kept []keptCall
	keptAddr := map[uintptr]bool{}
	seen := map[uintptr]bool{}
	recycled := 0
	for i := range 40 {
		out := jf(args(i))
		for _, o := range out {
			a := uintptr(unsafe.Pointer(&o.Data().([]float32)[0]))
			assert.False(t, keptAddr[a], "call %d: an output kept by the caller was handed out again", i)
			if seen[a] {
				recycled++
			}
			seen[a] = true
			if i%4 == 0 {
				keptAddr[a] = true
			}
		}
		if i%4 == 0 {
			kept = append(kept, keptCall{i, out})
		}
		out = nil
		runtime.GC()
		time.Sleep(time.Millisecond) // let the finalizers run
	}
	assert.Positive(t, recycled, "no output memory was recycled")
	for _, k := range kept {
		want := f(args(k.i))
		for j := range want {
			assert.True(t, slices.Equal(want[j].Float32s(), k.out[j].Float32s()), "kept call %d, result %d changed", k.i, j)
		}
	}
}
