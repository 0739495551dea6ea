package accel

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

// recordOp records the ranges it is run on.
type recordOp struct{ ranges [][2]int }

func (o *recordOp) run(c, n int) { o.ranges = append(o.ranges, [2]int{c, n}) }

// A carrier runs its chunk in pieces that cover it exactly, in order, for
// full and partial chunks, and runs it whole when there is nothing to
// prefetch.
func TestPrefetchOpPieces(t *testing.T) {
	mem := make([]byte, 4*3*chunkSize)
	streams := []stream{{mem: mem, size: 4}}
	for _, n := range []int{1, 15, 16, 17, 511, 512, 1000, chunkSize} {
		for _, c := range []int{0, chunkSize, 2 * chunkSize} {
			rec := &recordOp{}
			op := &prefetchOp{inner: rec, streams: &streams}
			op.run(c, n)
			next := c
			for _, r := range rec.ranges {
				require.Equal(t, next, r[0], "n=%d c=%d: pieces %v", n, c, rec.ranges)
				require.Positive(t, r[1])
				next += r[1]
			}
			require.Equal(t, c+n, next, "n=%d c=%d: pieces %v", n, c, rec.ranges)
			require.LessOrEqual(t, len(rec.ranges), prefetchPieces)
		}
	}
	var none []stream
	rec := &recordOp{}
	(&prefetchOp{inner: rec, streams: &none}).run(chunkSize, chunkSize)
	require.Equal(t, [][2]int{{chunkSize, chunkSize}}, rec.ranges)
}

// The first transcendental instruction of a group carries the prefetches,
// and only arrays of the group's full size, large enough together, are
// prefetched.
func TestPrefetchCarrierAndStreams(t *testing.T) {
	g := &groupStep{instrs: []instr{{op: trace.OpMul}, {op: trace.OpAdd}, {op: trace.OpLog}, {sincos: true, op: trace.OpSin}}}
	require.Equal(t, 2, g.carrier())
	g = &groupStep{instrs: []instr{{op: trace.OpMul}, {op: trace.OpSub}}}
	require.Equal(t, -1, g.carrier())

	const n = 1 << 17 // 512 KiB of float32 per array
	big32, big64, row := make([]float32, n), make([]float64, n), make([]float32, 64)
	ss := streamsOf([]any{big32, row, big64}, n, nil)
	require.Len(t, ss, 2)
	require.Equal(t, 4, ss[0].size)
	require.Equal(t, 8, ss[1].size)
	require.Len(t, ss[1].mem, 8*n)
	require.Empty(t, streamsOf([]any{big32, row}, n, nil), "512 KiB in all: below prefetchMinBytes")
}

// After a call, the group bindings kept in the frame for later calls hold
// none of the call's external arrays (inputs, outputs, prefetch streams).
func TestGroupUnbindsAfterCall(t *testing.T) {
	const n = 1 << 19 // parallel, and large enough to prefetch
	f := func(x [2]*trace.Array) []*trace.Array {
		s := trace.Sin(x[0])
		return []*trace.Array{trace.Mul(s, x[1]), trace.Sum(s)}
	}
	x := [2]*trace.Array{trace.Linspace(trace.Float32, -3, 3, n), trace.Linspace(trace.Float32, 1, 2, n)}
	p, err := trace.Stage(f, x)
	require.NoError(t, err)
	e, err := Compile(p)
	require.NoError(t, err)
	_, err = e.Run(x[0], x[1])
	require.NoError(t, err)
	require.Len(t, e.idle, 1)
	bound := 0
	for _, gf := range e.idle[0].groups {
		for _, bg := range gf.workers {
			if bg == nil {
				continue
			}
			bound++
			for k := bg.nregs; k < len(bg.cells.f32); k++ {
				require.Nil(t, bg.cells.f32[k], "external operand %d still bound", k-bg.nregs)
			}
			require.Empty(t, bg.streams)
		}
		for k, d := range gf.data {
			require.Nil(t, d, "group data %d still set", k)
		}
	}
	require.Positive(t, bound)
}
