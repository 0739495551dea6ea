package accel

import (
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// A plan is the lowered form of a program: values live in numbered slots and
// a list of steps fills them. Steps are either one primitive run by the eager
// kernels into a planned buffer (opStep), or a fusion group run chunk by
// chunk (groupStep).

// slotKind says where a slot's value comes from.
type slotKind uint8

const (
	slotInput slotKind = iota
	slotConst
	slotLiteral
	slotTemp   // an intermediate: its buffer comes from the per-call frame pool
	slotOutput // a program output: a fresh buffer on every call
)

type slot struct {
	aval  trace.Aval
	kind  slotKind
	value *trace.Array // constants and literals
}

type step interface {
	run(f *frame)
	describe(p *plan) string
}

type plan struct {
	slots  []slot
	in     []int
	out    []int
	steps  []step
	temps  int   // number of temp slots (pool-managed buffers)
	tempOf []int // the temp slots
	reuse  bool  // outputs live in the frame's buffers (ReuseOutputs)
	// recycler hands out fresh outputs, and takes them back once the
	// caller drops them (nil with ReuseOutputs, or without large outputs).
	recycler *kernels.Recycler
}

// frame is the state of one call: the value of every slot, and the pooled
// buffers of the temporaries, which survive from call to call.
type frame struct {
	plan    *plan
	vals    []*trace.Array
	buffers []any               // per slot: the pooled buffer of a temporary, reused across calls
	groups  map[int]*groupFrame // per group step: its registers and bindings
	pooled  []bool              // per slot: the value lives in (or aliases) a pooled buffer
}
