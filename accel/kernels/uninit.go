package kernels

import (
	"strings"
	"unsafe"
)

// UninitMin is the size (bytes) from which Uninit skips zeroing; below it,
// zeroing costs less than the call.
const UninitMin = 64 << 10

// Uninit returns a slice of n elements whose contents are arbitrary (left
// over from earlier use of the memory), for a buffer that a kernel
// overwrites entirely before anyone reads it: every element-wise kernel,
// and DotGeneral. The Go runtime clears a large allocation on the calling
// goroutine at about 10 GB/s here, as long as a fused pass over the same
// data takes. Below UninitMin bytes it is make([]T, n).
//
// The memory comes from strings.Builder.Grow, the standard library's one
// allocation that skips zeroing; the builder and its string are dropped at
// once, so only the returned slice refers to the memory, which the garbage
// collector tracks and frees as usual (it holds no pointers, like any
// numeric slice). A later Go that zeroes there makes this slower, not
// wrong. Built with -tags leibniz_poison, Uninit fills the memory with a
// byte pattern that changes from call to call, so that tests catch a
// kernel that leaves part of its result unwritten.
func Uninit[T Num](n int) []T {
	var z T
	size := n * int(unsafe.Sizeof(z))
	if size < UninitMin {
		return make([]T, n)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteByte(0) // a non-empty string has a defined data pointer
	p := unsafe.Pointer(unsafe.StringData(b.String()))
	poison(unsafe.Slice((*byte)(p), size))
	return unsafe.Slice((*T)(p), n)
}
