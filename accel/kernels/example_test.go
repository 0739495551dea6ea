package kernels_test

import (
	"fmt"

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
