// Package kernels holds the numeric kernels used by the eager evaluator:
// pure Go, with AVX2+FMA assembly for the float element-wise kernels on
// amd64 (see SIMD kernels below). It is the bottom layer of the library: it
// depends only on the standard library, purego (to call OpenBLAS without
// cgo) and golang.org/x/sys/cpu (gonum is a test reference only), and it
// knows nothing
// about arrays, tracing or differentiation.
//
// # Conventions
//
// Every kernel works on plain typed slices. A multi-dimensional array is a
// contiguous slice in row-major (C) order together with its shape, a []int
// holding the size of every dimension. The number of elements of an array is
// the product of its shape.
//
//   - Rank 0 is allowed: a scalar has shape []int{} (or nil) and holds exactly
//     one element.
//   - Size 0 is allowed: any dimension may be 0, in which case the array holds
//     no elements and the kernel writes nothing (or only the parts of dst that
//     do not depend on the empty input, such as the identity of a reduction).
//   - Shapes, axes and lengths are validated by the caller. Kernels do not
//     check them again; feeding inconsistent lengths may panic with an index
//     out of range error or silently produce garbage.
//   - dst is always written, never read (except by ScatterAdd and Gemm, which
//     accumulate by definition). Unless a function's documentation says
//     otherwise, dst must not alias any input. The element-wise kernels in
//     unary.go, binary.go, compare.go and convert.go allow dst to be exactly
//     the same slice as an input of the same element type.
//   - Inputs are never modified.
//
// # Semantics
//
// The doc comment of every element-wise kernel states its semantic loop, for
// example "Add sets dst[i] = a[i] + b[i] for every i.", so that a future
// assembly implementation has a precise specification to match.
//
// Floating-point kernels follow IEEE 754 and Go's math package (the math
// functions within the error bounds below). Integer arithmetic wraps around
// as in Go.
//
// # SIMD kernels
//
// On amd64 CPUs with AVX2 and FMA (detected at run time with
// golang.org/x/sys/cpu), the float32 and float64 forms of Neg, Abs, Sqrt,
// Floor, Ceil, Round, Add, Sub, Mul, Div, Min, Max, FMA, Chain, the
// comparisons, Select, Exp, Log, Log1p, Sin, Cos, SinCos, Tanh, Logistic and
// Erf run assembly generated with avo (simd_amd64.s, by internal/asmgen: go
// generate ./accel/kernels). Other architectures, the build tag noasm, and
// element types other than exactly float32 and float64 (a named type F
// float32 included) run the pure-Go loop written in each kernel, which is
// the specification the assembly is tested against.
//
// The exactly rounded operations (everything above except the math
// functions) give identical results on both paths, bit for bit, signed
// zeros and NaN rules included. Float sums (ReduceSum over a row) also run
// assembly: a kernel that sums 8 (float32) or 4 (float64) leaves of the
// pairwise summation side by side, one vector accumulator chain per leaf,
// with the leaves and their partial sums combined in exactly the order of
// the pure-Go recursion, so that the sums are identical bit for bit too
// (pairwise.go). LaneSum and LaneSumOf run a kernel of eight vector
// accumulators that adds in exactly the order of their definition
// (laneSumGo in chain.go), bit for bit as well.
//
// The math functions differ: the pure-Go loops call the math package
// (float32 evaluated in float64 and rounded once), while the assembly uses
// Cephes/SLEEF-style range reductions and minimax polynomials (Cody–Waite
// reduction by ln2 or π/2, the exponent split with a mantissa in [√½, √2)
// for log and log1p, odd polynomials near 0 and exp/expm1 forms elsewhere
// for tanh, erf and the logistic function), whose scalar definition is
// internal/asmgen/vmath. Their error against the math package, in ulps (the
// number of representable values between result and reference; the float32
// reference is float32(math.F(float64(x)))), over the whole float range:
//
//	function   float32  float64
//	Exp        1        2
//	Log        1        1
//	Log1p      1        1
//	Sin, Cos   1        2
//	Tanh       1        2
//	Logistic   2        2
//	Erf        2        2
//
// The float32 figures hold for every float32 input; the float64 ones were
// measured on millions of samples over all binary exponents (math is itself
// within about 1 ulp, so 2 here means about 1 ulp from the exact result).
// Special values are exact: odd functions keep the sign of ±0, ±Inf and NaN
// give the math package's results (exp(-Inf) = 0, log(x < 0) = NaN,
// log(±0) = -Inf, log1p(-1) = -Inf, sin(±Inf) = NaN, tanh(±Inf) = ±1,
// erf(±Inf) = ±1), subnormal inputs and results are handled, and overflow
// and underflow happen at the same arguments as in math. Sin and Cos reduce
// |x| ≤ 1e5 (float32) or 2^28 (float64) with a three-part π/2; larger
// arguments are computed element by element with math.Sin and math.Cos.
// SinCos gives exactly the results of Sin and Cos from one shared
// reduction. Log runs a kernel without special-value handling on vectors
// of positive normal arguments and the complete one on the vectors around
// any other argument (same results).
// Every element's result depends only on its own input, not on its position
// or neighbours in the slice.
//
// The pure-Go Exp and Log for float64 work around two inaccuracies of the
// amd64 math package (Go 1.26): math.Exp returns +Inf for 709.44 < x ≤
// 709.78, and math.Log returns about -709.09 for every subnormal x.
//
// # BLAS backends
//
// Float matrix products (Gemm, and DotGeneral on float types) run on one of
// two backends, reported by BLASBackend:
//
//   - "openblas": OpenBLAS, loaded at run time with dlopen through purego
//     (no cgo; the package builds and works with CGO_ENABLED=0 too). It is
//     used when libopenblas.so.0 loads (Debian/Ubuntu package libopenblas0)
//     on linux/amd64 or linux/arm64. It is called through its Fortran
//     entry points sgemm_ and dgemm_, with row-major data passed as the
//     transposed column-major problem. Products below about 2²² flops
//     still take the built-in path, which is as fast or faster there.
//   - "builtin": our own packed (BLIS-style) GEMM with avo-generated 6×16
//     f32 / 6×8 f64 micro-kernels (gemm_packed.go; a pure-Go micro-kernel
//     without AVX2 or under -tags noasm). It is the fallback when
//     OpenBLAS is absent, and is forced by setting the environment variable
//     LEIBNIZ_BLAS=builtin. The variable is read once, at the first float
//     GEMM (or call of BLASBackend), which is also when OpenBLAS is loaded;
//     changing it later has no effect.
//
// Both give results within normal floating-point rounding of each other,
// not bitwise-identical ones. Element types defined on float32 or float64
// (type myF float32) use the same backends, their slices being viewed as
// []float32 or []float64. Integer products always use plain Go loops.
//
// Threads: OpenBLAS runs its GEMMs on its own pthread pool, sized by
// OpenBLAS itself (by default one thread per core; OPENBLAS_NUM_THREADS or
// OMP_NUM_THREADS override it). The package leaves that pool at its
// default and exposes nothing else global. Threads from different
// libraries must never be nested, i.e. no OpenBLAS call may be issued
// from inside another library's parallel region (or vice versa), since
// each pool assumes it owns the cores. This holds today: the built-in GEMM
// and the fusion groups of accel split work only over the package's own
// worker pool (parallel.go), and a product runs either there or in
// OpenBLAS, never both. Like OpenMP runtimes, the pool's workers (and a
// Parallel caller waiting for them) poll for about 200 µs before they
// park, since waking a parked goroutine costs 70–150 µs on the reference
// machine: back-to-back parallel steps find them ready, at the price of
// that much spinning after the last one. A caller that runs
// many GEMMs from parallel goroutines should set OPENBLAS_NUM_THREADS=1 to
// avoid oversubscribing the cores.
//
// With CGO_ENABLED=0, importing purego makes the binary dynamically linked
// against the C library (purego's internal fakecgo runtime); a fully static
// binary is no longer produced.
package kernels
