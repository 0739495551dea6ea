package accel

import (
	"github.com/leibniz-go/leibniz/trace"
)

// chunkSize is the number of elements a group processes at a time: its
// registers (one chunk per live value) stay in L1/L2 (1024 f64 = 8 KiB).
const chunkSize = 1024

// lower turns an optimized program into a plan.
func lower(p *trace.Program) *plan {
	pl := &plan{}
	slotOf := map[*trace.Var]int{}
	newSlot := func(s slot) int {
		pl.slots = append(pl.slots, s)
		return len(pl.slots) - 1
	}
	for i, v := range p.Consts {
		slotOf[v] = newSlot(slot{aval: v.Aval, kind: slotConst, value: p.ConstVals[i]})
	}
	for _, v := range p.In {
		slotOf[v] = newSlot(slot{aval: v.Aval, kind: slotInput})
		pl.in = append(pl.in, slotOf[v])
	}
	isOut := map[*trace.Var]bool{}
	for _, a := range p.Out {
		if v, ok := a.(*trace.Var); ok {
			isOut[v] = true
		}
	}
	varSlot := func(v *trace.Var) int {
		if s, ok := slotOf[v]; ok {
			return s
		}
		kind := slotTemp
		if isOut[v] {
			kind = slotOutput
		}
		slotOf[v] = newSlot(slot{aval: v.Aval, kind: kind})
		return slotOf[v]
	}
	atomSlot := func(a trace.Atom) int {
		switch a := a.(type) {
		case *trace.Var:
			return varSlot(a)
		case *trace.Literal:
			return newSlot(slot{aval: a.Value.Aval(), kind: slotLiteral, value: a.Value})
		}
		panic("accel: unknown atom")
	}
	// Which values are read outside their group (or are outputs)?
	parts := partition(p.Eqns)
	groupOf := map[*trace.Var]int{}
	for gi, part := range parts {
		if g, ok := part.(*groupBuild); ok {
			for _, m := range g.members {
				groupOf[m.eqn.Out[0]] = gi + 1
			}
		}
	}
	escapes := map[*trace.Var]bool{}
	for gi, part := range parts {
		var ins []trace.Atom
		switch x := part.(type) {
		case *trace.Eqn:
			ins = x.In
		case *groupBuild:
			for _, m := range x.members {
				ins = append(ins, m.eqn.In...)
			}
		}
		for _, a := range ins {
			if v, ok := a.(*trace.Var); ok && groupOf[v] != 0 && groupOf[v] != gi+1 {
				escapes[v] = true
			}
		}
	}
	for v := range isOut {
		escapes[v] = true
	}
	// Lazy broadcasts become steps only where a non-group step or an output
	// needs them as arrays.
	lazy := map[*trace.Var]*trace.Eqn{}
	for _, part := range parts {
		if e, ok := part.(*trace.Eqn); ok {
			if _, _, ok := lazyBroadcast(e); ok {
				lazy[e.Out[0]] = e
			}
		}
	}
	needed := map[*trace.Var]bool{}
	for v := range isOut {
		needed[v] = true
	}
	for _, part := range parts {
		if e, ok := part.(*trace.Eqn); ok && lazy[e.Out[0]] == nil {
			for _, a := range e.In {
				if v, ok := a.(*trace.Var); ok {
					needed[v] = true
				}
			}
		}
	}
	for _, part := range parts {
		switch x := part.(type) {
		case *trace.Eqn:
			if lazy[x.Out[0]] != nil && !needed[x.Out[0]] {
				continue
			}
			in := make([]int, len(x.In))
			for i, a := range x.In {
				in[i] = atomSlot(a)
			}
			pl.steps = append(pl.steps, &opStep{eqn: x, in: in, out: varSlot(x.Out[0])})
		case *groupBuild:
			pl.steps = append(pl.steps, buildGroup(x, escapes, lazy, atomSlot, varSlot, len(pl.steps)))
		}
	}
	for _, a := range p.Out {
		pl.out = append(pl.out, atomSlot(a))
	}
	for i, s := range pl.slots {
		if s.kind == slotTemp {
			pl.tempOf = append(pl.tempOf, i)
		}
	}
	pl.temps = len(pl.tempOf)
	return pl
}

// buildGroup assigns chunk registers to the group's values and lists its
// instructions.
func buildGroup(g *groupBuild, escapes map[*trace.Var]bool, lazy map[*trace.Var]*trace.Eqn, atomSlot func(trace.Atom) int, varSlot func(*trace.Var) int, index int) *groupStep {
	gs := &groupStep{size: prod(g.shape), shape: g.shape, index: index}
	reg := map[*trace.Var]int{}
	newReg := func(a trace.Aval) int {
		gs.regs = append(gs.regs, a.DType)
		return len(gs.regs) - 1
	}
	// operand returns a register for an atom: internal values already have
	// one; external ones are loaded (sliced per chunk) into a register view.
	operand := func(a trace.Atom) int {
		if v, ok := a.(*trace.Var); ok {
			if r, ok := reg[v]; ok {
				return r
			}
		}
		r := newReg(a.AtomAval())
		v, isVar := a.(*trace.Var)
		if b := lazy[v]; isVar && b != nil {
			mode, inner, _ := lazyBroadcast(b)
			src := atomSlot(b.In[0])
			if mode == bcastScalar {
				gs.fills = append(gs.fills, fill{reg: r, slot: src})
			} else {
				gs.bcasts = append(gs.bcasts, bcast{reg: r, slot: src, mode: mode, inner: inner})
			}
		} else {
			gs.loads = append(gs.loads, load{reg: r, slot: atomSlot(a)})
		}
		if isVar {
			reg[v] = r
		}
		return r
	}
	for _, m := range g.members {
		e := m.eqn
		switch m.kind {
		case memberSink:
			gs.sinks = append(gs.sinks, sink{op: e.Op, reg: operand(e.In[0]), slot: varSlot(e.Out[0])})
			continue
		case memberOp:
			args := make([]int, len(e.In))
			for i, a := range e.In {
				args[i] = operand(a)
			}
			r := newReg(e.Out[0].Aval)
			gs.instrs = append(gs.instrs, instr{op: e.Op, params: e.Params, dst: r, args: args})
			reg[e.Out[0]] = r
		}
		if escapes[e.Out[0]] {
			gs.stores = append(gs.stores, store{reg: reg[e.Out[0]], slot: varSlot(e.Out[0])})
		}
	}
	return gs
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
