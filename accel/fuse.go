package accel

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// Fusion: the equations of a program are partitioned, in program order, into
// fusion groups and single steps. A group is a maximal run of fused
// (elementwise) equations over one shape; it may also read scalars broadcast
// to its shape (fills) and end in full reductions (sinks), and it runs chunk
// by chunk so that its intermediates never leave the cache. A step that
// needs a value of the open group closes it first; steps that do not are
// emitted before it, which is safe because the group runs only when it
// closes.

// member is one equation of a group: a fused primitive or a sink.
type member struct {
	eqn  *trace.Eqn
	kind memberKind
}

type memberKind uint8

const (
	memberOp   memberKind = iota // a fused elementwise primitive
	memberSink                   // a reduction over all axes of a group value
)

type groupBuild struct {
	shape    []int
	members  []member
	elements map[*trace.Var]bool // values computed chunk by chunk
	sinks    map[*trace.Var]bool // values available only when the group ends
}

// partition returns the program's equations as a list of single equations
// and groups, in an order that respects every dependency.
func partition(eqns []*trace.Eqn) []any {
	var out []any
	var open *groupBuild
	closeGroup := func() {
		if open != nil {
			out = append(out, open)
			open = nil
		}
	}
	for _, e := range eqns {
		kind, ok := fusable(e, open)
		if ok && open != nil && !open.accepts(e, kind) {
			closeGroup()
		}
		if ok && kind == memberSink && open == nil {
			ok = false // a reduction with no group to sink into runs whole
		}
		if !ok {
			if open != nil && open.uses(e) {
				closeGroup()
			}
			out = append(out, e)
			continue
		}
		if open == nil {
			open = &groupBuild{shape: groupShape(e, kind), elements: map[*trace.Var]bool{}, sinks: map[*trace.Var]bool{}}
		}
		open.members = append(open.members, member{eqn: e, kind: kind})
		if kind == memberSink {
			open.sinks[e.Out[0]] = true
		} else {
			open.elements[e.Out[0]] = true
		}
	}
	closeGroup()
	return out
}

// fusable reports whether e can be a group member, and as what.
func fusable(e *trace.Eqn, open *groupBuild) (memberKind, bool) {
	switch {
	case lowerRules[e.Op] == fused:
		return memberOp, true
	case e.Op == trace.OpReduceSum || e.Op == trace.OpReduceMax || e.Op == trace.OpReduceMin:
		in := e.In[0].AtomAval()
		v, isVar := e.In[0].(*trace.Var)
		if open != nil && isVar && open.elements[v] && in.DType.IsFloat() &&
			len(e.Params.(trace.ReduceParams).Axes) == in.Rank() {
			return memberSink, true
		}
	}
	return 0, false
}

func groupShape(e *trace.Eqn, kind memberKind) []int {
	if kind == memberSink {
		return e.In[0].AtomAval().Shape
	}
	return e.Out[0].Aval.Shape
}

// accepts reports whether e can join the open group: same shape, and no
// operand that is one of the group's sinks (those exist only at the end).
func (g *groupBuild) accepts(e *trace.Eqn, kind memberKind) bool {
	if !slices.Equal(groupShape(e, kind), g.shape) {
		return false
	}
	for _, a := range e.In {
		if v, ok := a.(*trace.Var); ok && g.sinks[v] {
			return false
		}
	}
	return true
}

// uses reports whether e reads a value of the group.
func (g *groupBuild) uses(e *trace.Eqn) bool {
	for _, a := range e.In {
		if v, ok := a.(*trace.Var); ok && (g.elements[v] || g.sinks[v]) {
			return true
		}
	}
	return false
}

// Broadcasts that groups read lazily: instead of materializing
// broadcast_in_dim, a group fills a register with the broadcast pattern for
// each chunk (a scalar once per call; a row repeated; a column's elements
// each repeated). They are steps of their own only where something other
// than a group needs the broadcast array.
type bcastMode uint8

const (
	bcastScalar bcastMode = iota + 1 // a rank-0 operand
	bcastRow                         // the operand is the output's trailing axes: element i reads i mod size
	bcastCol                         // the operand is the output's leading axes: element i reads i / inner
)

// lazyBroadcast classifies a broadcast_in_dim equation; inner is the number
// of consecutive output elements per operand element (bcastCol).
func lazyBroadcast(e *trace.Eqn) (mode bcastMode, inner int, ok bool) {
	if e.Op != trace.OpBroadcastInDim {
		return 0, 0, false
	}
	bp := e.Params.(trace.BroadcastParams)
	x := e.In[0].AtomAval()
	out := e.Out[0].Aval
	if x.Rank() == 0 {
		return bcastScalar, 0, true
	}
	if x.Size() == 0 {
		return 0, 0, false
	}
	// The output axes the operand really spans (its size-1 axes broadcast
	// like missing ones): the operand is a row if they are the trailing
	// axes, a column if they are the leading ones.
	var kept []int
	for i, d := range bp.Dims {
		if x.Shape[i] == out.Shape[d] && (x.Shape[i] != 1 || out.Shape[d] == 1) {
			kept = append(kept, d)
		}
	}
	n, r := len(out.Shape), len(kept)
	if r == 0 {
		return bcastScalar, 0, true
	}
	trailing, leading := true, true
	for i, d := range kept {
		trailing = trailing && d == n-r+i
		leading = leading && d == i
	}
	switch {
	case trailing:
		return bcastRow, 0, true
	case leading:
		return bcastCol, out.Size() / x.Size(), true
	}
	return 0, 0, false
}
