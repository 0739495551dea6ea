// Package kernels holds the pure-Go numeric kernels used by the eager
// evaluator. It is the bottom layer of the library: it depends only on the
// standard library and gonum's BLAS packages, and it knows nothing about
// arrays, tracing or differentiation.
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
// Floating-point kernels follow IEEE 754 and Go's math package; float32
// transcendental functions are evaluated in float64 and rounded once.
// Integer arithmetic wraps around as in Go.
package kernels
