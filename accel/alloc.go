package accel

import (
	"strings"
	"unsafe"

	"github.com/leibniz-go/leibniz/trace"
)

// uninitMin is the size (bytes) from which a fresh output that a group
// overwrites entirely is allocated without zeroing: the runtime clears a
// large allocation on the calling goroutine at about 10 GB/s, as long as a
// fused W1 pass over the same data.
const uninitMin = 64 << 10

// uninitialized returns a slice of n elements of dtype dt with arbitrary
// contents, for a buffer the caller overwrites completely before anyone
// reads it. Large float and integer buffers come from strings.Builder.Grow,
// the standard library's one allocation that skips zeroing (the builder
// and its string are dropped at once; only the returned slice refers to
// the memory, which the garbage collector tracks as usual). Anything else
// is an ordinary zeroed make.
func uninitialized(dt trace.DType, n int) any {
	size := n * dt.Size()
	if size < uninitMin || dt == trace.Bool {
		return allocLike(dt, n)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteByte(0) // a non-empty string has a defined data pointer
	p := unsafe.Pointer(unsafe.StringData(b.String()))
	switch dt {
	case trace.Float32:
		return unsafe.Slice((*float32)(p), n)
	case trace.Float64:
		return unsafe.Slice((*float64)(p), n)
	case trace.Int32:
		return unsafe.Slice((*int32)(p), n)
	}
	return unsafe.Slice((*int64)(p), n)
}
