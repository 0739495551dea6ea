package accel

import (
	"math"
	"strings"

	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// groupStep runs a fusion group chunk by chunk. Its values live in
// locations: registers (chunk-sized buffers of one worker, reused once a
// value is dead) and external operands (whole arrays: the group's inputs,
// the scalars and rows it broadcasts, and the buffers of the values it
// stores, which its instructions write directly).
type groupStep struct {
	index  int
	size   int
	shape  []int
	regs   []trace.DType // the dtype of every register
	exts   []ext
	fills  []fill  // scalars broadcast to a register, once per call
	bcasts []bcast // rows or columns broadcast to a register, per chunk
	instrs []instr
	sinks  []sink // full reductions, accumulated per chunk
}

// loc is a location: register i, or external operand i.
type loc struct {
	ext bool
	i   int
}

// ext is an external operand: an input slot read by the group, or a slot
// the group stores (out).
type ext struct {
	slot int
	dt   trace.DType
	out  bool
}

type fill struct{ reg, ext int }

type bcast struct {
	reg, ext int
	mode     bcastMode
	inner    int
}

type instr struct {
	op     trace.Op
	sincos bool // sin of args[0] into dst[0] and its cos into dst[1]
	// chain: (args[0] op args[1]) op2 args[2], or args[2] op2 (args[0] op
	// args[1]) when swap is set, in one pass (combine.go).
	chain bool
	swap  bool
	op2   trace.Op
	dst   []loc
	dstDT trace.DType
	args  []loc
	argDT []trace.DType
}

// sink is a full reduction of a group value. It runs in each chunk after
// the first `after` instructions, where its argument is current: the
// argument's register may be reused by later instructions.
type sink struct {
	op    trace.Op
	arg   loc
	dt    trace.DType
	slot  int
	after int
	// fused: the sink sums arg `of` arg2, which it computes without
	// storing it (combine.go).
	fused bool
	of    trace.Op
	arg2  loc
}

// boundGroup is a group bound to one worker's registers.
type boundGroup struct {
	cells   *cells
	nregs   int
	pre     []chunkOp // fills
	body    []chunkOp // broadcasts, instructions and sinks, per chunk
	acc     []float64 // the sinks' accumulators for the current block
	call    uint64    // the groupFrame call whose data is bound (see start)
	size    int       // the group's number of elements
	streams []stream  // the arrays the carrier prefetches (prefetch.go)
}

func (g *groupStep) bind() *boundGroup {
	n := min(chunkSize, g.size)
	cs := newCells(len(g.regs) + len(g.exts))
	for i, dt := range g.regs {
		cs.set(i, allocLike(dt, n))
	}
	b := binder{cs: cs, nregs: len(g.regs)}
	// The accumulators are written every chunk: padding keeps them off
	// the cache lines of anything another worker writes.
	acc := make([]float64, len(g.sinks)+16)[8 : 8+len(g.sinks)]
	bg := &boundGroup{cells: cs, nregs: len(g.regs), acc: acc, size: g.size}
	bg.resetSinks(g)
	for _, fl := range g.fills {
		bg.pre = append(bg.pre, bindFill(b, fl, g.regs[fl.reg]))
	}
	for _, bc := range g.bcasts {
		bg.body = append(bg.body, bindBcast(b, bc, g.regs[bc.reg]))
	}
	carrier := g.carrier()
	sinks := func(after int) {
		for i, sk := range g.sinks {
			if sk.after == after {
				bg.body = append(bg.body, bindSink(b, sk, &bg.acc[i]))
			}
		}
	}
	for i, in := range g.instrs {
		sinks(i)
		op := bindInstr(b, in)
		if i == carrier {
			op = &prefetchOp{inner: op, streams: &bg.streams}
		}
		bg.body = append(bg.body, op)
	}
	sinks(len(g.instrs))
	return bg
}

func (g *groupStep) run(f *frame) {
	gf := f.group(g)
	for k, e := range g.exts {
		if !e.out {
			gf.data[k] = f.vals[e.slot].Data()
			continue
		}
		buf := f.bufferFor(e.slot, f.slotAval(e.slot))
		if buf == nil {
			buf = allocLike(e.dt, g.size)
		}
		gf.data[k] = buf
	}
	// The group runs in blocks of whole chunks, handed out one at a time to
	// the workers (kernels.ParallelFor), each with its own registers. A
	// sink accumulates each block separately; the blocks' partial results
	// are combined below in block order, so results depend neither on
	// scheduling nor on the number of workers.
	blocks := (g.size + blockSize - 1) / blockSize
	gf.call++
	if cap(gf.partial) < blocks*len(g.sinks) {
		gf.partial = make([]float64, blocks*len(g.sinks))
	}
	partial := gf.partial[:blocks*len(g.sinks)]
	body := func(w, b int) {
		bg := gf.worker(g, w)
		if bg.call != gf.call {
			bg.start(gf.data, gf.call)
		}
		bg.resetSinks(g)
		bg.runRange(b*blockSize, min((b+1)*blockSize, g.size))
		copy(partial[b*len(g.sinks):], bg.acc)
	}
	if g.size < kernels.ParallelMin {
		for b := range blocks {
			body(0, b)
		}
	} else {
		kernels.ParallelFor(blocks, body)
	}
	for _, bg := range gf.workers {
		if bg != nil {
			bg.unbind()
		}
	}
	for k, e := range g.exts {
		if e.out {
			f.vals[e.slot] = trace.FromData(gf.data[k], g.shape...)
			f.pooled[e.slot] = f.isTemp(e.slot) || f.plan.reuse
		}
		gf.data[k] = nil
	}
	for i, sk := range g.sinks {
		total := sinkInit(sk.op)
		for b := range blocks {
			total = sinkCombine(sk.op, total, partial[b*len(g.sinks)+i])
		}
		f.vals[sk.slot] = trace.FromData(scalarOf(sk.dt, total))
	}
}

// blockSize is the number of elements (whole chunks) of a group that a
// worker takes at a time: 64 KiB of float32 per array, about 15–60 µs of
// work, against well under a microsecond to hand a block out.
const blockSize = 16 * chunkSize

// resetSinks sets the accumulators to their reductions' identities.
func (bg *boundGroup) resetSinks(g *groupStep) {
	for i, sk := range g.sinks {
		bg.acc[i] = sinkInit(sk.op)
	}
}

// start binds the external data of call number call and fills the
// registers that hold broadcast scalars.
func (bg *boundGroup) start(data []any, call uint64) {
	bg.call = call
	for k, d := range data {
		bg.cells.set(bg.nregs+k, d)
	}
	bg.streams = streamsOf(data, bg.size, bg.streams)
	for _, op := range bg.pre {
		op.run(0, 0)
	}
}

// unbind drops the references to the call's external data, so that the
// frame kept for later calls does not keep the caller's inputs or outputs
// alive (dropped outputs go back to the executable's recycler).
func (bg *boundGroup) unbind() {
	for k := bg.nregs; k < len(bg.cells.f32); k++ {
		bg.cells.drop(k)
	}
	clear(bg.streams)
	bg.streams = bg.streams[:0]
	bg.call = 0
}

// runRange runs the group over elements [lo, hi), lo a multiple of
// chunkSize.
func (bg *boundGroup) runRange(lo, hi int) {
	for c := lo; c < hi; c += chunkSize {
		n := min(chunkSize, hi-c)
		for _, op := range bg.body {
			op.run(c, n)
		}
	}
}

// groupFrame is a group's state in one frame: the external data of the
// current call, the sinks' per-block results and the per-worker bindings.
type groupFrame struct {
	data    []any
	call    uint64    // calls of the group in this frame so far
	partial []float64 // per block, per sink: the block's partial result
	workers []*boundGroup
}

// bound returns worker w's binding, made on first use; a worker index is
// used by one goroutine at a time.
func (gf *groupFrame) worker(g *groupStep, w int) *boundGroup {
	if gf.workers[w] == nil {
		gf.workers[w] = g.bind()
	}
	return gf.workers[w]
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
		switch {
		case in.sincos:
			sb.WriteString("sincos")
		case in.chain:
			sb.WriteString(in.op.String() + "→" + in.op2.String())
		default:
			sb.WriteString(in.op.String())
		}
	}
	for _, sk := range g.sinks {
		sb.WriteString(" ⇒ " + sk.op.String())
		if sk.fused {
			sb.WriteString("(" + sk.of.String() + ")")
		}
	}
	// Inputs: the external operands instructions and sinks read (the
	// sources of fills and broadcasts are counted as those).
	read := map[int]bool{}
	for _, in := range g.instrs {
		for _, a := range in.args {
			if a.ext && !g.exts[a.i].out {
				read[a.i] = true
			}
		}
	}
	for _, sk := range g.sinks {
		args := []loc{sk.arg}
		if sk.fused {
			args = append(args, sk.arg2)
		}
		for _, a := range args {
			if a.ext && !g.exts[a.i].out {
				read[a.i] = true
			}
		}
	}
	in, out := len(read), 0
	for _, e := range g.exts {
		if e.out {
			out++
		}
	}
	sb.WriteString(" (" + itoa(in) + " in, " + itoa(len(g.fills)) + " fills, " + itoa(len(g.bcasts)) + " broadcasts, " + itoa(out) + " out, " + itoa(len(g.regs)) + " registers)")
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

func reduceChunk[T kernels.Float](op trace.Op, r, c []T) {
	if op == trace.OpReduceSum {
		r[0] = kernels.LaneSum(c)
		return
	}
	shape, axes := []int{len(c)}, []int{0}
	if op == trace.OpReduceMax {
		kernels.ReduceMax(r, c, shape, axes)
	} else {
		kernels.ReduceMin(r, c, shape, axes)
	}
}

func scalarOf(dt trace.DType, v float64) any {
	if dt == trace.Float32 {
		return []float32{float32(v)}
	}
	return []float64{v}
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
