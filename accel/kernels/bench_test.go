package kernels

import (
	"fmt"
	"testing"
)

var benchSizes = []int{4, 1024, 1 << 20}

func BenchmarkAdd(b *testing.B) {
	r := newRNG()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("f32/n=%d", n), func(b *testing.B) {
			x, y := randFloats[float32](r, n, -1, 1), randFloats[float32](r, n, -1, 1)
			dst := make([]float32, n)
			b.SetBytes(int64(3 * 4 * n))
			for b.Loop() {
				Add(dst, x, y)
			}
		})
	}
}

func BenchmarkExp(b *testing.B) {
	r := newRNG()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("f32/n=%d", n), func(b *testing.B) {
			x := randFloats[float32](r, n, -10, 10)
			dst := make([]float32, n)
			b.SetBytes(int64(2 * 4 * n))
			for b.Loop() {
				Exp(dst, x)
			}
		})
	}
}

func BenchmarkReduceSum(b *testing.B) {
	r := newRNG()
	for _, n := range []int{64, 1024} {
		x := randFloats[float32](r, n*n, -1, 1)
		dst := make([]float32, n)
		shape := []int{n, n}
		b.Run(fmt.Sprintf("f32/rows/%dx%d", n, n), func(b *testing.B) {
			b.SetBytes(int64(4 * n * n))
			for b.Loop() {
				ReduceSum(dst, x, shape, []int{1})
			}
		})
		b.Run(fmt.Sprintf("f32/cols/%dx%d", n, n), func(b *testing.B) {
			b.SetBytes(int64(4 * n * n))
			for b.Loop() {
				ReduceSum(dst, x, shape, []int{0})
			}
		})
	}
	x := randFloats[float32](r, 1<<20, -1, 1)
	dst := make([]float32, 1)
	b.Run("f32/all/1M", func(b *testing.B) {
		b.SetBytes(4 << 20)
		for b.Loop() {
			ReduceSum(dst, x, []int{1 << 20}, []int{0})
		}
	})
}

func BenchmarkTranspose(b *testing.B) {
	r := newRNG()
	const n = 1024
	x := randFloats[float32](r, n*n, -1, 1)
	dst := make([]float32, n*n)
	b.Run("f32/1024x1024", func(b *testing.B) {
		b.SetBytes(2 * 4 * n * n)
		for b.Loop() {
			Transpose(dst, x, []int{n, n}, []int{1, 0})
		}
	})
}

func benchDot[T Float](b *testing.B, p dotProblem) {
	r := newRNG()
	lhs := randFloats[T](r, numElements(p.lhsShape), -1, 1)
	rhs := randFloats[T](r, numElements(p.rhsShape), -1, 1)
	dst := make([]T, numElements(p.outShape()))
	k := 1
	for _, ax := range p.lc {
		k *= p.lhsShape[ax]
	}
	flops := 2 * float64(len(dst)) * float64(k)
	for b.Loop() {
		DotGeneral(dst, lhs, p.lhsShape, rhs, p.rhsShape, p.lc, p.rc, p.lb, p.rb)
	}
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkDotGeneral(b *testing.B) {
	mm := matmulProblem(512, 512, 512, false, false)
	b.Run("f32/512x512x512", func(b *testing.B) { benchDot[float32](b, mm) })
	b.Run("f64/512x512x512", func(b *testing.B) { benchDot[float64](b, mm) })
	b.Run("f32/512x512x512/transB", func(b *testing.B) { benchDot[float32](b, matmulProblem(512, 512, 512, false, true)) })
	batched := dotProblem{lhsShape: []int{64, 32, 32}, rhsShape: []int{64, 32, 32}, lb: []int{0}, rb: []int{0}, lc: []int{2}, rc: []int{1}}
	b.Run("f32/64x32x32x32", func(b *testing.B) { benchDot[float32](b, batched) })
	permuted := dotProblem{lhsShape: []int{32, 64, 32}, rhsShape: []int{32, 32, 64}, lb: []int{1}, rb: []int{2}, lc: []int{2}, rc: []int{0}}
	b.Run("f32/64x32x32x32/transposed", func(b *testing.B) { benchDot[float32](b, permuted) })
}

// BenchmarkUnary times the transcendental kernels on an L1-resident chunk
// (the size a fusion group works on), the cost that bounds W1.
func BenchmarkUnary(b *testing.B) {
	r := newRNG()
	fns := []struct {
		name   string
		lo, hi float64
		f32    func(dst, x []float32)
	}{
		{"log", 0.5, 2, Log[float32]},
		{"sin", -3, 3, Sin[float32]},
		{"cos", -3, 3, Cos[float32]},
		{"exp", -10, 10, Exp[float32]},
		{"tanh", -3, 3, Tanh[float32]},
	}
	for _, fn := range fns {
		b.Run("f32/"+fn.name, func(b *testing.B) {
			x := randFloats[float32](r, 1024, fn.lo, fn.hi)
			dst := make([]float32, len(x))
			b.SetBytes(int64(2 * 4 * len(x)))
			for b.Loop() {
				fn.f32(dst, x)
			}
		})
	}
	b.Run("f32/sincos", func(b *testing.B) {
		x := randFloats[float32](r, 1024, -3, 3)
		s, c := make([]float32, len(x)), make([]float32, len(x))
		b.SetBytes(int64(3 * 4 * len(x)))
		for b.Loop() {
			SinCos(s, c, x)
		}
	})
	b.Run("f32/log/inplace", func(b *testing.B) {
		x := randFloats[float32](r, 1024, 0.5, 2)
		dst := make([]float32, len(x))
		b.SetBytes(int64(2 * 4 * len(x)))
		for b.Loop() {
			copy(dst, x)
			Log(dst, dst)
		}
	})
	b.Run("f32/log/zeros", func(b *testing.B) {
		// Every 16th argument 0: the vectors holding one run the complete
		// kernel.
		x := randFloats[float32](r, 1024, 0.5, 2)
		for i := 0; i < len(x); i += 16 {
			x[i] = 0
		}
		dst := make([]float32, len(x))
		b.SetBytes(int64(2 * 4 * len(x)))
		for b.Loop() {
			Log(dst, x)
		}
	})
	b.Run("f64/log", func(b *testing.B) {
		x := randFloats[float64](r, 1024, 0.5, 2)
		dst := make([]float64, len(x))
		b.SetBytes(int64(2 * 8 * len(x)))
		for b.Loop() {
			Log(dst, x)
		}
	})
	b.Run("f64/sin", func(b *testing.B) {
		x := randFloats[float64](r, 1024, -3, 3)
		dst := make([]float64, len(x))
		b.SetBytes(int64(2 * 8 * len(x)))
		for b.Loop() {
			Sin(dst, x)
		}
	})
	b.Run("f64/sincos", func(b *testing.B) {
		x := randFloats[float64](r, 1024, -3, 3)
		s, c := make([]float64, len(x)), make([]float64, len(x))
		b.SetBytes(int64(3 * 8 * len(x)))
		for b.Loop() {
			SinCos(s, c, x)
		}
	})
}

// BenchmarkChain times Chain (a·b + c in one pass, each operation rounded)
// on a chunk, against the two passes it replaces.
func BenchmarkChain(b *testing.B) {
	r := newRNG()
	const n = 1024
	x, y, z := randFloats[float32](r, n, -1, 1), randFloats[float32](r, n, -1, 1), randFloats[float32](r, n, -1, 1)
	dst := make([]float32, n)
	b.Run("f32/n=1024/mul,add", func(b *testing.B) {
		b.SetBytes(4 * 4 * n)
		for b.Loop() {
			Chain(dst, x, y, z, ArithMul, ArithAdd, false)
		}
	})
	b.Run("f32/n=1024/two-passes", func(b *testing.B) {
		b.SetBytes(4 * 4 * n)
		for b.Loop() {
			Mul(dst, x, y)
			Add(dst, dst, z)
		}
	})
}

// BenchmarkLaneSum times LaneSum and LaneSumOf on a chunk, against Sum
// (pairwise) of the same chunk.
func BenchmarkLaneSum(b *testing.B) {
	r := newRNG()
	const n = 1024
	x, y := randFloats[float32](r, n, -1, 1), randFloats[float32](r, n, -1, 1)
	b.Run("f32/n=1024", func(b *testing.B) {
		b.SetBytes(4 * n)
		for b.Loop() {
			sinkF32 = LaneSum(x)
		}
	})
	b.Run("f32/n=1024/of-sub", func(b *testing.B) {
		b.SetBytes(2 * 4 * n)
		for b.Loop() {
			sinkF32 = LaneSumOf(ArithSub, x, y)
		}
	})
	b.Run("f32/n=1024/Sum", func(b *testing.B) {
		b.SetBytes(4 * n)
		for b.Loop() {
			sinkF32 = Sum(x)
		}
	})
}
