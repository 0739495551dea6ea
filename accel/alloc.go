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

// recycled is uninitialized for a fresh output buffer: memory from r that
// an earlier call's output left once the caller dropped it, or new memory.
func recycled(r *kernels.Recycler, dt trace.DType, n int) any {
	switch dt {
	case trace.Float32:
		return kernels.Recycle[float32](r, n)
	case trace.Float64:
		return kernels.Recycle[float64](r, n)
	case trace.Int32:
		return kernels.Recycle[int32](r, n)
	case trace.Int64:
		return kernels.Recycle[int64](r, n)
	}
	return allocLike(dt, n)
}

// recycleCalls is how many calls' worth of dropped outputs an executable
// keeps for later calls. Outputs come back only at garbage collections, and
// a collection comes once the heap has grown by about its live size, so
// between two collections a loop makes about (live heap ÷ output bytes) +
// kept calls' worth of outputs, and only the kept ones avoid allocation.
// Four keeps most calls allocation-free when the live heap is a few times
// the outputs (W1, W4), at four times the outputs' memory.
const recycleCalls = 4

// outputRecycler returns the recycler for the fresh outputs of pl, or nil
// when it has no output large enough to be tracked.
func outputRecycler(pl *plan) *kernels.Recycler {
	bytes := 0
	for _, s := range pl.slots {
		if s.kind == slotOutput {
			if b := s.aval.Size() * s.aval.DType.Size(); b >= kernels.UninitMin {
				bytes += b
			}
		}
	}
	if bytes == 0 {
		return nil
	}
	return kernels.NewRecycler(recycleCalls * bytes)
}
