package accel

import (
	"math"
	"strings"

	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// opStep runs one primitive over whole arrays with the eager kernels.
type opStep struct {
	eqn *trace.Eqn
	in  []int
	out int
}

func (s *opStep) run(f *frame) {
	args := make([]*trace.Array, len(s.in))
	for i, k := range s.in {
		args[i] = f.vals[k]
	}
	out := s.eqn.Out[0].Aval
	dst := f.bufferFor(s.out, out)
	data := trace.Compute(s.eqn.Op, s.eqn.Params, args, out, dst)
	f.vals[s.out] = trace.FromData(data, out.Shape...)
	// A result that aliases an operand (reshape and friends) lives wherever
	// that operand lives.
	f.pooled[s.out] = dst != nil && f.isTemp(s.out)
	if !sameData(data, dst) && len(s.in) > 0 {
		f.pooled[s.out] = f.pooled[s.in[0]]
	}
}

func (s *opStep) describe(p *plan) string {
	var sb strings.Builder
	sb.WriteString(s.eqn.Op.String())
	sb.WriteString(paramString(s.eqn.Params))
	sb.WriteString(" → ")
	sb.WriteString(s.eqn.Out[0].Aval.String())
	return sb.String()
}

// groupStep runs a fusion group chunk by chunk.
type groupStep struct {
	index  int
	size   int
	shape  []int
	regs   []trace.DType // the dtype of every chunk register
	loads  []load        // external operands, sliced per chunk
	fills  []fill        // scalars broadcast to the chunk, set once per call
	bcasts []bcast       // rows or columns broadcast to the chunk, set per chunk
	instrs []instr
	stores []store // values read outside the group, copied out per chunk
	sinks  []sink  // full reductions, accumulated per chunk
}

type load struct{ reg, slot int }
type bcast struct {
	reg, slot int
	mode      bcastMode
	inner     int
}
type fill struct{ reg, slot int }
type store struct{ reg, slot int }
type sink struct {
	op   trace.Op
	reg  int
	slot int
}
type instr struct {
	op     trace.Op
	params trace.Params
	dst    int
	args   []int
}

func (g *groupStep) run(f *frame) {
	outs := make([]any, len(g.stores))
	for i, st := range g.stores {
		outs[i] = f.bufferFor(st.slot, f.slotAval(st.slot))
		if outs[i] == nil {
			outs[i] = allocLike(g.regs[st.reg], g.size)
		}
	}
	nw := kernels.Workers()
	acc := make([]float64, nw*len(g.sinks))
	for i := range acc {
		acc[i] = sinkInit(g.sinks[i%max(len(g.sinks), 1)].op)
	}
	// Large groups are split into contiguous ranges of whole chunks, one
	// per worker, each with its own registers; sinks keep one accumulator
	// per worker, combined below in worker order (so results do not depend
	// on scheduling).
	kernels.Parallel(g.size, chunkSize, func(w, lo, hi int) {
		g.runRange(f, w, lo, hi, outs, acc[w*len(g.sinks):(w+1)*len(g.sinks)])
	})
	for i, st := range g.stores {
		f.vals[st.slot] = trace.FromData(outs[i], g.shape...)
		f.pooled[st.slot] = f.isTemp(st.slot)
	}
	for i, sk := range g.sinks {
		total := sinkInit(sk.op)
		for w := range nw {
			total = sinkCombine(sk.op, total, acc[w*len(g.sinks)+i])
		}
		a := f.slotAval(sk.slot)
		f.vals[sk.slot] = trace.FromData(scalarOf(a.DType, total))
	}
}

// runRange runs the group over elements [lo, hi) with worker w's registers.
func (g *groupStep) runRange(f *frame, w, lo, hi int, outs []any, acc []float64) {
	regs := f.registers(g, w)
	for _, fl := range g.fills {
		fillScalar(regs[fl.reg], f.vals[fl.slot].Data())
	}
	// views[r] is register r's data for the current chunk: a register
	// buffer, or a window of an external operand. Windows are (slice, lo,
	// hi) triples, so moving to the next chunk boxes nothing.
	views := f.views(g, w, regs)
	for _, ld := range g.loads {
		views[ld.reg].data = f.vals[ld.slot].Data()
	}
	var buf [3]view
	for c := lo; c < hi; c += chunkSize {
		ce := min(c+chunkSize, hi)
		n := ce - c
		for r := range views {
			views[r].lo, views[r].hi = 0, n
		}
		for _, ld := range g.loads {
			views[ld.reg].lo, views[ld.reg].hi = c, ce
		}
		for _, b := range g.bcasts {
			broadcastChunk(views[b.reg], f.vals[b.slot].Data(), b, c)
		}
		for _, in := range g.instrs {
			args := buf[:0]
			for _, a := range in.args {
				args = append(args, views[a])
			}
			chunkKernel(in.op, in.params, views[in.dst], args)
		}
		for i, st := range g.stores {
			copyView(view{outs[i], c, ce}, views[st.reg])
		}
		for i, sk := range g.sinks {
			acc[i] = sinkStep(sk.op, acc[i], views[sk.reg])
		}
	}
}

func (g *groupStep) describe(p *plan) string {
	var sb strings.Builder
	sb.WriteString("fused[")
	sb.WriteString(tupleString(g.shape))
	sb.WriteString("] ")
	for i, in := range g.instrs {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(in.op.String())
	}
	for _, sk := range g.sinks {
		sb.WriteString(" ⇒ " + sk.op.String())
	}
	sb.WriteString(" (" + itoa(len(g.loads)) + " in, " + itoa(len(g.fills)) + " fills, " + itoa(len(g.bcasts)) + " broadcasts, " + itoa(len(g.stores)) + " out)")
	return sb.String()
}

func sinkInit(op trace.Op) float64 {
	switch op {
	case trace.OpReduceMax:
		return math.Inf(-1)
	case trace.OpReduceMin:
		return math.Inf(1)
	}
	return 0
}

// sinkStep folds one chunk into a reduction accumulator (kept in float64;
// each chunk is reduced pairwise first, so sums stay accurate).
func sinkStep(op trace.Op, acc float64, chunk view) float64 {
	var part float64
	switch c := chunk.data.(type) {
	case []float32:
		var r [1]float32
		reduceChunk(op, r[:], c[chunk.lo:chunk.hi])
		part = float64(r[0])
	case []float64:
		var r [1]float64
		reduceChunk(op, r[:], c[chunk.lo:chunk.hi])
		part = r[0]
	}
	return sinkCombine(op, acc, part)
}

// sinkCombine folds a partial result into an accumulator.
func sinkCombine(op trace.Op, acc, part float64) float64 {
	switch op {
	case trace.OpReduceMax:
		if math.IsNaN(acc) || math.IsNaN(part) {
			return math.NaN()
		}
		return math.Max(acc, part)
	case trace.OpReduceMin:
		if math.IsNaN(acc) || math.IsNaN(part) {
			return math.NaN()
		}
		return math.Min(acc, part)
	}
	return acc + part
}

func reduceChunk[T kernels.Float](op trace.Op, r []T, c []T) {
	shape, axes := []int{len(c)}, []int{0}
	switch op {
	case trace.OpReduceMax:
		kernels.ReduceMax(r, c, shape, axes)
	case trace.OpReduceMin:
		kernels.ReduceMin(r, c, shape, axes)
	default:
		kernels.ReduceSum(r, c, shape, axes)
	}
}

func scalarOf(dt trace.DType, v float64) any {
	if dt == trace.Float32 {
		return []float32{float32(v)}
	}
	return []float64{v}
}

func fillScalar(dst, v any) {
	switch d := dst.(type) {
	case []float32:
		kernels.Fill(d, v.([]float32)[0])
	case []float64:
		kernels.Fill(d, v.([]float64)[0])
	case []int32:
		kernels.Fill(d, v.([]int32)[0])
	case []int64:
		kernels.Fill(d, v.([]int64)[0])
	case []bool:
		kernels.Fill(d, v.([]bool)[0])
	}
}

// view is a window [lo, hi) of a data slice.
type view struct {
	data   any
	lo, hi int
}

func copyView(dst, src view) {
	switch d := dst.data.(type) {
	case []float32:
		copy(d[dst.lo:dst.hi], src.data.([]float32)[src.lo:src.hi])
	case []float64:
		copy(d[dst.lo:dst.hi], src.data.([]float64)[src.lo:src.hi])
	case []int32:
		copy(d[dst.lo:dst.hi], src.data.([]int32)[src.lo:src.hi])
	case []int64:
		copy(d[dst.lo:dst.hi], src.data.([]int64)[src.lo:src.hi])
	case []bool:
		copy(d[dst.lo:dst.hi], src.data.([]bool)[src.lo:src.hi])
	}
}

func allocLike(dt trace.DType, n int) any {
	switch dt {
	case trace.Float32:
		return make([]float32, n)
	case trace.Float64:
		return make([]float64, n)
	case trace.Int32:
		return make([]int32, n)
	case trace.Int64:
		return make([]int64, n)
	}
	return make([]bool, n)
}

// sameData reports whether two data slices are the same memory.
func sameData(a, b any) bool {
	switch x := a.(type) {
	case []float32:
		return same(x, b)
	case []float64:
		return same(x, b)
	case []int32:
		return same(x, b)
	case []int64:
		return same(x, b)
	case []bool:
		return same(x, b)
	}
	return false
}

func same[T any](x []T, b any) bool {
	y, ok := b.([]T)
	return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}

// broadcastChunk fills the register window dst (elements c.. of the group)
// with the broadcast pattern of src.
func broadcastChunk(dst view, src any, b bcast, c int) {
	switch d := dst.data.(type) {
	case []float32:
		broadcastTyped(d[dst.lo:dst.hi], src.([]float32), b, c)
	case []float64:
		broadcastTyped(d[dst.lo:dst.hi], src.([]float64), b, c)
	case []int32:
		broadcastTyped(d[dst.lo:dst.hi], src.([]int32), b, c)
	case []int64:
		broadcastTyped(d[dst.lo:dst.hi], src.([]int64), b, c)
	case []bool:
		broadcastTyped(d[dst.lo:dst.hi], src.([]bool), b, c)
	}
}

func broadcastTyped[T any](dst, src []T, b bcast, c int) {
	switch b.mode {
	case bcastRow:
		pos := c % len(src)
		for k := 0; k < len(dst); {
			n := copy(dst[k:], src[pos:])
			k += n
			pos = 0
		}
	case bcastCol:
		idx, off := c/b.inner, c%b.inner
		for k := 0; k < len(dst); idx++ {
			n := min(b.inner-off, len(dst)-k)
			kernels.Fill(dst[k:k+n], src[idx])
			k += n
			off = 0
		}
	}
}
