package accel

import (
	"strconv"
	"strings"
	"sync"

	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform"
)

// Executable is a compiled program: optimized, partitioned into fusion
// groups and single steps, with a buffer plan. It is safe for concurrent use;
// each call takes its scratch buffers from a pool, so a steady-state call
// allocates only its outputs (and small bookkeeping), not its intermediates.
type Executable struct {
	prog *trace.Program
	plan *plan
	// Idle frames, most recently used last. A frame is made only when
	// every existing one is in use, so their number is the largest number
	// of concurrent calls so far; they live as long as the executable (a
	// sync.Pool would drop them at garbage collections, and keeps one
	// frame per processor, which ReuseOutputs could not rely on).
	mu   sync.Mutex
	idle []*frame
}

// Compile lowers a program to an executable: it verifies it, runs the
// transform passes (simplification, CSE, DCE), fuses elementwise chains
// (with scalar fills and full reductions) into groups that run over
// L1-sized chunks, and plans buffers. It is the lower-level entry under
// [Jit]; of the options only [ReuseOutputs] applies.
func Compile(p *trace.Program, opts ...Option) (*Executable, error) {
	var cfg jitConfig
	for _, o := range opts {
		o(&cfg)
	}
	return compile(p, cfg)
}

func compile(p *trace.Program, cfg jitConfig) (*Executable, error) {
	if err := trace.Check(p); err != nil {
		return nil, err
	}
	var exe *Executable
	err := trace.Try(func() {
		q := transform.Optimize(uniformConstsToFills(p))
		pl := lower(q)
		pl.reuse = cfg.reuse
		if !pl.reuse {
			pl.recycler = outputRecycler(pl)
		}
		exe = &Executable{prog: q, plan: pl}
	})
	return exe, err
}

// Program returns the optimized program the executable runs.
func (e *Executable) Program() *trace.Program { return e.prog }

// Run executes the program on args (one per input, matching its types).
func (e *Executable) Run(args ...*trace.Array) (outs []*trace.Array, err error) {
	err = trace.Try(func() { outs = e.run(args) })
	return outs, err
}

func (e *Executable) run(args []*trace.Array) []*trace.Array {
	pl := e.plan
	if len(args) != len(pl.in) {
		trace.Raise("accel.Run", nil, "the program takes %d inputs, got %d", len(pl.in), len(args))
	}
	f := e.frame()
	defer e.release(f)
	for i, s := range pl.in {
		a := args[i]
		if a == nil || !a.IsConcrete() {
			trace.Raise("accel.Run", nil, "input %d must be a concrete array", i)
		}
		if !a.Aval().Equal(pl.slots[s].aval) {
			trace.Raise("accel.Run", []trace.Aval{a.Aval()}, "input %d is %v, the program expects %v", i, a.Aval(), pl.slots[s].aval)
		}
		f.vals[s] = a
	}
	for _, st := range pl.steps {
		st.run(f)
	}
	outs := make([]*trace.Array, len(pl.out))
	for i, s := range pl.out {
		v := f.vals[s]
		if f.pooled[s] && !pl.reuse {
			// The value lives in a pooled buffer the next call overwrites.
			v = trace.FromData(copyData(v.Data()), v.Shape()...)
		}
		outs[i] = v
	}
	return outs
}

func (e *Executable) frame() *frame {
	e.mu.Lock()
	if n := len(e.idle); n > 0 {
		f := e.idle[n-1]
		e.idle = e.idle[:n-1]
		e.mu.Unlock()
		return f
	}
	e.mu.Unlock()
	pl := e.plan
	f := &frame{
		plan:    pl,
		vals:    make([]*trace.Array, len(pl.slots)),
		buffers: make([]any, len(pl.slots)),
		pooled:  make([]bool, len(pl.slots)),
		groups:  make(map[int]*groupFrame),
	}
	for i, s := range pl.slots {
		if s.kind == slotConst || s.kind == slotLiteral {
			f.vals[i] = s.value
		}
	}
	return f
}

func (e *Executable) release(f *frame) {
	for i, s := range e.plan.slots {
		if s.kind != slotConst && s.kind != slotLiteral {
			f.vals[i] = nil
		}
		f.pooled[i] = false
	}
	e.mu.Lock()
	e.idle = append(e.idle, f)
	e.mu.Unlock()
}

// bufferFor returns the buffer a step writes slot s into: a pooled buffer
// for temporaries (made on first use, then reused by every call), a fresh
// one for outputs (a pooled one with [ReuseOutputs]). Every step writes all
// of its buffer (groups chunk by chunk, the eager rules of trace.Compute
// by contract), so new buffers are not zeroed (kernels.Uninit).
func (f *frame) bufferFor(s int, a trace.Aval) any {
	switch f.plan.slots[s].kind {
	case slotOutput:
		if !f.plan.reuse {
			if f.plan.recycler != nil {
				return recycled(f.plan.recycler, a.DType, a.Size())
			}
			return uninitialized(a.DType, a.Size())
		}
	case slotTemp:
	default:
		return nil
	}
	if f.buffers[s] == nil {
		f.buffers[s] = uninitialized(a.DType, a.Size())
	}
	return f.buffers[s]
}

func (f *frame) isTemp(s int) bool { return f.plan.slots[s].kind == slotTemp }

func (f *frame) slotAval(s int) trace.Aval { return f.plan.slots[s].aval }

// group returns group g's state in this frame, made on first use.
func (f *frame) group(g *groupStep) *groupFrame {
	if gf := f.groups[g.index]; gf != nil {
		return gf
	}
	nw := kernels.Workers()
	gf := &groupFrame{
		data:    make([]any, len(g.exts)),
		workers: make([]*boundGroup, nw),
	}
	f.groups[g.index] = gf
	return gf
}

// String shows the plan: one line per step, fusion groups with their
// primitives, fills and sinks.
func (e *Executable) String() string {
	var sb strings.Builder
	sb.WriteString("executable: " + itoa(len(e.prog.In)) + " inputs, " + itoa(len(e.prog.Eqns)) + " equations in " + itoa(len(e.plan.steps)) + " steps\n")
	for i, st := range e.plan.steps {
		sb.WriteString("  " + itoa(i) + ": " + st.describe(e.plan) + "\n")
	}
	return sb.String()
}

func copyData(data any) any {
	switch d := data.(type) {
	case []float32:
		return append([]float32(nil), d...)
	case []float64:
		return append([]float64(nil), d...)
	case []int32:
		return append([]int32(nil), d...)
	case []int64:
		return append([]int64(nil), d...)
	case []bool:
		return append([]bool(nil), d...)
	}
	return nil
}

func paramString(p trace.Params) string {
	if p == nil {
		return ""
	}
	return p.String()
}

func tupleString(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func itoa(i int) string { return strconv.Itoa(i) }
