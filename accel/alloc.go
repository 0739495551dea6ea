package accel

import (
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// uninitialized returns a data slice of n elements of dtype dt with
// arbitrary contents (kernels.Uninit), for a buffer its step overwrites
// entirely (see frame.bufferFor).
func uninitialized(dt trace.DType, n int) any {
	switch dt {
	case trace.Float32:
		return kernels.Uninit[float32](n)
	case trace.Float64:
		return kernels.Uninit[float64](n)
	case trace.Int32:
		return kernels.Uninit[int32](n)
	case trace.Int64:
		return kernels.Uninit[int64](n)
	}
	return allocLike(dt, n)
}
