package kernels_test

import (
	"fmt"
	"unsafe"

	"github.com/leibniz-go/leibniz/accel/kernels"
)

func ExampleGemmBiasAct() {
	// c = relu(a·b + bias) for a 2×2 times 2×2 product, fused per tile.
	a := []float32{1, 2, 3, 4}
	b := []float32{1, 0, 0, -1}
	bias := []float32{0.5, 0.5}
	c := make([]float32, 4)
	kernels.GemmBiasAct(2, 2, 2, a, 2, b, 2, bias, kernels.ActReLU, c, 2)
	fmt.Println(c)
	// Output: [1.5 0 3.5 0]
}

func ExampleParallel() {
	sums := make([]int, kernels.Workers())
	kernels.Parallel(1<<20, 1024, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			sums[w]++
		}
	})
	total := 0
	for _, s := range sums {
		total += s
	}
	fmt.Println(total)
	// Output: 1048576
}

func ExampleSinCos() {
	// Both results from one range reduction, each equal to what Sin and
	// Cos give.
	x := []float32{0, 0.5, 3.1415927, -2}
	sin := make([]float32, len(x))
	cos := make([]float32, len(x))
	kernels.SinCos(sin, cos, x)
	for i := range x {
		fmt.Printf("x=%-9g sin=%7.4f cos=%7.4f\n", x[i], sin[i], cos[i])
	}
	// Output:
	// x=0         sin= 0.0000 cos= 1.0000
	// x=0.5       sin= 0.4794 cos= 0.8776
	// x=3.1415927 sin=-0.0000 cos=-1.0000
	// x=-2        sin=-0.9093 cos=-0.4161
}

func ExampleSum() {
	fmt.Println(kernels.Sum([]float32{0.5, 1.5, 2, 4}), kernels.Sum([]int32{}))
	// Output: 8 0
}

func ExampleUninit() {
	// A buffer that Exp overwrites entirely need not be zeroed first.
	x := make([]float64, 1<<14)
	dst := kernels.Uninit[float64](len(x))
	kernels.Exp(dst, x)
	fmt.Println(len(dst), dst[0], dst[len(dst)-1])
	// Output: 16384 1 1
}

func ExampleScale() {
	x := []float64{1, -2, 0.5}
	dst := make([]float64, len(x))
	kernels.Scale(dst, x, 4)
	fmt.Println(dst)
	// Output: [4 -8 2]
}

func ExampleParallelFor() {
	// Blocks go to whichever worker is free; each block's result has its
	// own slot, so the total does not depend on who ran which block.
	const blocks, per = 64, 1 << 14
	partial := make([]float64, blocks)
	kernels.ParallelFor(blocks, func(w, b int) {
		for i := b * per; i < (b+1)*per; i++ {
			partial[b] += float64(i % 7)
		}
	})
	total := 0.0
	for _, p := range partial {
		total += p
	}
	fmt.Println(total)
	// Output: 3.145722e+06
}

func ExampleRecycle() {
	// A loop that drops each result before the next call gets the same
	// memory back once a collection has found the old slice unreferenced.
	r := kernels.NewRecycler(1 << 20)
	buf := kernels.Recycle[float32](r, 1<<16) // 256 KiB: tracked
	for i := range buf {
		buf[i] = 1 // Recycle's memory has arbitrary contents: overwrite it all
	}
	fmt.Println(len(buf), kernels.Sum(buf), r.Held())
	// Output: 65536 65536 0
}

func ExamplePrefetch() {
	// Ask for the next block's lines while working on this one.
	x := make([]float32, 1<<16)
	for i := range x {
		x[i] = 0.5
	}
	sum := float32(0)
	for lo := 0; lo < len(x); lo += 1024 {
		if next := lo + 1024; next < len(x) {
			kernels.Prefetch(unsafe.Slice((*byte)(unsafe.Pointer(&x[next])), 4*1024))
		}
		sum += kernels.Sum(x[lo : lo+1024])
	}
	fmt.Println(sum)
	// Output: 32768
}

func ExampleChain() {
	// y = x·w − b in one pass: the product is rounded and then the
	// difference, exactly as Mul into a temporary followed by Sub.
	x := []float32{1, 2, 3, 4, 5}
	w := []float32{0.5, 0.5, 0.5, 0.5, 0.5}
	b := []float32{1, 1, 1, 1, 1}
	y := make([]float32, len(x))
	kernels.Chain(y, x, w, b, kernels.ArithMul, kernels.ArithSub, false)
	fmt.Println(y)
	// With swap the intermediate is the right operand: b − x·w.
	kernels.Chain(y, x, w, b, kernels.ArithMul, kernels.ArithSub, true)
	fmt.Println(y)
	// Output:
	// [-0.5 0 0.5 1 1.5]
	// [0.5 0 -0.5 -1 -1.5]
}

func ExampleLaneSumOf() {
	// The sum of squared differences without storing the differences...
	a := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	b := []float64{0, 2, 1, 4, 3, 6, 5, 8, 7}
	d := make([]float64, len(a))
	kernels.Sub(d, a, b)
	fmt.Println(kernels.LaneSumOf(kernels.ArithMul, d, d))
	// ...and of the differences themselves: bit for bit LaneSum(d).
	fmt.Println(kernels.LaneSumOf(kernels.ArithSub, a, b), kernels.LaneSum(d))
	// Output:
	// 17
	// 9 9
}
