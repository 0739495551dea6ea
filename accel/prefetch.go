package accel

import (
	"unsafe"

	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// A group over arrays larger than the caches touches each array's chunk in
// short passes: an instruction that first reads an input's chunk, or
// stores an output's, meets a burst of cache misses that it cannot hide (a
// store to a line not in cache must read the line first). The same misses
// cost nothing when they are taken during a long transcendental kernel. So
// in such groups the first transcendental instruction, the carrier, runs
// each chunk in pieces, and before each piece asks for the matching part of
// the chunk of every full-size external array (kernels.Prefetch). On W1
// (1e6 elements, 16 MB of inputs and outputs; log is the carrier) this
// saves 5–12% (one thread 10%, two 5%; 13% with fresh outputs), measured
// by alternating calls with and without it in one process; below
// prefetchMinBytes the arrays stay in the caches and nothing is done. Two
// pieces per chunk measured best: one leaves the misses of the first
// accesses exposed, and more pieces cost more calls than they hide.

// prefetchMinBytes is the total size of a group's full-size external
// arrays from which it prefetches: past the L2 caches of the reference
// machine (512 KiB per core).
const prefetchMinBytes = 1 << 20

// prefetchPieces is the number of pieces a carrier runs a chunk in.
const prefetchPieces = 2

// heavyOps are the primitives whose kernels spend long enough per element
// on arithmetic to hide a chunk's worth of cache misses.
var heavyOps = map[trace.Op]bool{
	trace.OpExp: true, trace.OpExpm1: true, trace.OpLog: true, trace.OpLog1p: true,
	trace.OpSin: true, trace.OpCos: true, trace.OpTan: true, trace.OpTanh: true,
	trace.OpLogistic: true, trace.OpErf: true, trace.OpPow: true, trace.OpAtan2: true,
}

// carrier returns the index in g.instrs of the instruction that prefetches
// for the group, or -1.
func (g *groupStep) carrier() int {
	for i, in := range g.instrs {
		if in.sincos || heavyOps[in.op] {
			return i
		}
	}
	return -1
}

// prefetchOp runs a carrier instruction in pieces, prefetching before each
// the matching part of the chunk of every stream.
type prefetchOp struct {
	inner   chunkOp
	streams *[]stream // set per call by boundGroup.start
}

// stream is a full-size external array of a call, as bytes.
type stream struct {
	mem  []byte
	size int // bytes per element
}

func (o *prefetchOp) run(c, n int) {
	ss := *o.streams
	if len(ss) == 0 {
		o.inner.run(c, n)
		return
	}
	piece := max((n/prefetchPieces+15)&^15, 16)
	for lo := 0; lo < n; lo += piece {
		m := min(piece, n-lo)
		for _, s := range ss {
			kernels.Prefetch(s.mem[(c+lo)*s.size : (c+lo+m)*s.size])
		}
		o.inner.run(c+lo, m)
	}
}

// streamsOf returns the full-size external arrays among data (one per
// external operand of a group of size elements) when together they are
// large enough to prefetch, and otherwise none.
func streamsOf(data []any, size int, dst []stream) []stream {
	dst = dst[:0]
	total := 0
	for _, d := range data {
		if m, elem := byteView(d); elem > 0 && len(m) == size*elem {
			dst = append(dst, stream{mem: m, size: elem})
			total += len(m)
		}
	}
	if total < prefetchMinBytes {
		return dst[:0]
	}
	return dst
}

// byteView returns the memory of a data slice as bytes, and the size of
// its elements (0 for anything else).
func byteView(data any) ([]byte, int) {
	switch d := data.(type) {
	case []float32:
		return asBytes(d), 4
	case []float64:
		return asBytes(d), 8
	case []int32:
		return asBytes(d), 4
	case []int64:
		return asBytes(d), 8
	case []bool:
		return asBytes(d), 1
	}
	return nil, 0
}

func asBytes[T any](d []T) []byte {
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(d))), len(d)*int(unsafe.Sizeof(z)))
}
