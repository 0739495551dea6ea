package accel

import (
	"github.com/leibniz-go/leibniz/trace"
)

// chunkSize is the number of elements a group processes at a time: its
// registers (one chunk per live value) stay in L1/L2 (1024 f64 = 8 KiB).
// It is a power of two (operand.at).
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

// buildGroup lists the group's instructions and assigns locations: values
// that escape the group are written straight into their slot's buffer;
// the others get registers, which are reused once their value is dead. A
// sin and a cos of the same operand become one sincos instruction.
func buildGroup(g *groupBuild, escapes map[*trace.Var]bool, lazy map[*trace.Var]*trace.Eqn, atomSlot func(trace.Atom) int, varSlot func(*trace.Var) int, index int) *groupStep {
	gs := &groupStep{size: prod(g.shape), shape: g.shape, index: index}
	where := map[*trace.Var]loc{}
	last := map[*trace.Var]int{} // member index of each value's last use
	for i, m := range g.members {
		for _, a := range m.eqn.In {
			if v, ok := a.(*trace.Var); ok {
				last[v] = i
			}
		}
	}
	free := map[trace.DType][]int{}
	reusable := map[int]bool{} // registers that hold instruction results
	newReg := func(dt trace.DType, reuse bool) int {
		if fl := free[dt]; reuse && len(fl) > 0 {
			free[dt] = fl[:len(fl)-1]
			return fl[len(fl)-1]
		}
		gs.regs = append(gs.regs, dt)
		return len(gs.regs) - 1
	}
	inExt := map[int]int{} // input slot → its external operand
	newExt := func(slot int, dt trace.DType, out bool) int {
		if k, ok := inExt[slot]; ok && !out {
			return k
		}
		gs.exts = append(gs.exts, ext{slot: slot, dt: dt, out: out})
		k := len(gs.exts) - 1
		if !out {
			inExt[slot] = k
		}
		return k
	}
	// operand returns the location of an atom: a value of the group, a
	// lazily broadcast register, or an external input.
	operand := func(a trace.Atom) loc {
		v, isVar := a.(*trace.Var)
		if isVar {
			if l, ok := where[v]; ok {
				return l
			}
		}
		dt := a.AtomAval().DType
		var l loc
		if b := lazy[v]; isVar && b != nil {
			mode, inner, _ := lazyBroadcast(b)
			src := newExt(atomSlot(b.In[0]), dt, false)
			r := newReg(dt, false)
			if mode == bcastScalar {
				gs.fills = append(gs.fills, fill{reg: r, ext: src})
			} else {
				gs.bcasts = append(gs.bcasts, bcast{reg: r, ext: src, mode: mode, inner: inner})
			}
			l = loc{i: r}
		} else {
			l = loc{ext: true, i: newExt(atomSlot(a), dt, false)}
		}
		if isVar {
			where[v] = l
		}
		return l
	}
	define := func(v *trace.Var) loc {
		var l loc
		if escapes[v] {
			l = loc{ext: true, i: newExt(varSlot(v), v.Aval.DType, true)}
		} else {
			l = loc{i: newReg(v.Aval.DType, true)}
			reusable[l.i] = true
		}
		where[v] = l
		return l
	}
	// release frees the registers of member i's operands that die there.
	release := func(i int) {
		for _, a := range g.members[i].eqn.In {
			v, ok := a.(*trace.Var)
			if !ok || last[v] != i {
				continue
			}
			if l, ok := where[v]; ok && !l.ext && reusable[l.i] {
				free[v.Aval.DType] = append(free[v.Aval.DType], l.i)
				delete(reusable, l.i)
			}
		}
	}
	partner := sinCosPartners(g.members)
	merged := map[int]bool{}
	for i, m := range g.members {
		e := m.eqn
		switch {
		case merged[i]:
		case m.kind == memberSink:
			gs.sinks = append(gs.sinks, sink{op: e.Op, arg: operand(e.In[0]), dt: e.In[0].AtomAval().DType, slot: varSlot(e.Out[0]), after: len(gs.instrs)})
		default:
			in := instr{op: e.Op, dstDT: e.Out[0].Aval.DType}
			for _, a := range e.In {
				in.args = append(in.args, operand(a))
				in.argDT = append(in.argDT, a.AtomAval().DType)
			}
			in.dst = []loc{define(e.Out[0])}
			if j, ok := partner[i]; ok {
				// The partner computes cos (or sin) of the same operand.
				other := define(g.members[j].eqn.Out[0])
				in.sincos = true
				if e.Op == trace.OpSin {
					in.dst = append(in.dst, other)
				} else {
					in.dst = []loc{other, in.dst[0]}
				}
				merged[j] = true
			}
			gs.instrs = append(gs.instrs, in)
		}
		release(i)
	}
	gs.combine()
	return gs
}

// sinCosPartners pairs each floating sin member with a later cos member of
// the same operand (or a cos with a later sin): the first of each pair maps
// to the second.
func sinCosPartners(members []member) map[int]int {
	pairs := map[int]int{}
	taken := map[int]bool{}
	for i, m := range members {
		e := m.eqn
		if m.kind != memberOp || (e.Op != trace.OpSin && e.Op != trace.OpCos) || taken[i] {
			continue
		}
		want := trace.OpCos
		if e.Op == trace.OpCos {
			want = trace.OpSin
		}
		for j := i + 1; j < len(members); j++ {
			o := members[j].eqn
			if members[j].kind == memberOp && o.Op == want && !taken[j] && o.In[0] == e.In[0] {
				pairs[i] = j
				taken[i], taken[j] = true, true
				break
			}
		}
	}
	return pairs
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
