package accel

import (
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// Combining arithmetic. Every instruction of a group is a pass over the
// chunk that loads its operands and stores its result; for the cheap
// operations the store, not the arithmetic, is what costs. So an add, sub,
// mul or div whose result is read once — by the next arithmetic
// instruction, or by a sum — runs inside its reader: the two become one
// kernels.Chain pass, or the sum adds `a op b` without storing it
// (kernels.LaneSumOf). Each operation is still rounded on its own, so
// results are bit for bit those of the separate passes. The intermediate's
// register is then never written.

// arithOf maps the primitives Chain and LaneSumOf fuse to their kernels
// operation.
var arithOf = map[trace.Op]kernels.Arith{
	trace.OpAdd: kernels.ArithAdd,
	trace.OpSub: kernels.ArithSub,
	trace.OpMul: kernels.ArithMul,
	trace.OpDiv: kernels.ArithDiv,
}

// combinable reports whether instruction in is a plain floating add, sub,
// mul or div into a register, which its single reader may absorb.
func combinable(in instr) bool { return isArith(in) && !in.dst[0].ext }

// combine fuses, first, sums with the arithmetic instruction that makes
// their argument, then pairs of arithmetic instructions.
func (g *groupStep) combine() {
	removed := make([]bool, len(g.instrs))
	for s := range g.sinks {
		sk := &g.sinks[s]
		if sk.op != trace.OpReduceSum || sk.arg.ext {
			continue
		}
		k := g.writer(sk.arg, sk.after)
		if k < 0 || removed[k] || !combinable(g.instrs[k]) {
			continue
		}
		if rd, sinks := g.readers(k); len(rd) != 0 || len(sinks) != 1 {
			continue
		}
		in := g.instrs[k]
		sk.of, sk.fused = in.op, true
		sk.arg, sk.arg2 = in.args[0], in.args[1]
		sk.after = k // where instruction k ran: its operands are current
		removed[k] = true
	}
	for k, in := range g.instrs {
		if removed[k] || !combinable(in) {
			continue
		}
		rd, sinks := g.readers(k)
		if len(rd) != 1 || len(sinks) != 0 {
			continue
		}
		m := rd[0]
		out := g.instrs[m]
		if removed[m] || !isArith(out) || out.dstDT != in.dstDT {
			continue
		}
		t := in.dst[0]
		if out.args[0] == t && out.args[1] == t || g.overwrites(k, m, in.args) {
			continue
		}
		c, swap := out.args[1], false
		if out.args[1] == t {
			c, swap = out.args[0], true
		}
		g.instrs[m] = instr{op: in.op, op2: out.op, chain: true, swap: swap, dst: out.dst, dstDT: out.dstDT,
			args: []loc{in.args[0], in.args[1], c}, argDT: []trace.DType{in.dstDT, in.dstDT, in.dstDT}}
		removed[k] = true
	}
	g.compact(removed)
	g.dropUnusedRegs()
}

// isArith reports whether in is a plain floating add, sub, mul or div
// (into a register or an external array).
func isArith(in instr) bool {
	_, ok := arithOf[in.op]
	return ok && !in.chain && len(in.dst) == 1 && in.dstDT.IsFloat() &&
		in.argDT[0] == in.dstDT && in.argDT[1] == in.dstDT
}

// writer returns the index of the last instruction before index `before`
// that writes register l, or -1.
func (g *groupStep) writer(l loc, before int) int {
	for k := before - 1; k >= 0; k-- {
		for _, d := range g.instrs[k].dst {
			if d == l {
				return k
			}
		}
	}
	return -1
}

// readers returns the instructions and sinks that read the value
// instruction k writes to its register: those up to the next instruction
// that writes the register again (which may itself read it).
func (g *groupStep) readers(k int) (instrs, sinks []int) {
	r := g.instrs[k].dst[0]
	end := len(g.instrs)
	for m := k + 1; m < len(g.instrs); m++ {
		in := g.instrs[m]
		for _, a := range in.args {
			if a == r {
				instrs = append(instrs, m)
				break
			}
		}
		for _, d := range in.dst {
			if d == r {
				end = m
			}
		}
		if end == m {
			break
		}
	}
	for s, sk := range g.sinks {
		// A sink runs before instruction sk.after.
		if sk.after > k && sk.after <= end && (sk.arg == r || sk.fused && sk.arg2 == r) {
			sinks = append(sinks, s)
		}
	}
	return instrs, sinks
}

// overwrites reports whether an instruction strictly between k and m
// writes one of the locations ls.
func (g *groupStep) overwrites(k, m int, ls []loc) bool {
	for j := k + 1; j < m; j++ {
		for _, d := range g.instrs[j].dst {
			for _, l := range ls {
				if d == l {
					return true
				}
			}
		}
	}
	return false
}

// compact drops the removed instructions and renumbers the sinks'
// positions.
func (g *groupStep) compact(removed []bool) {
	before := make([]int, len(g.instrs)+1) // removed instructions before index i
	kept := g.instrs[:0]
	for i, in := range g.instrs {
		before[i+1] = before[i]
		if removed[i] {
			before[i+1]++
			continue
		}
		kept = append(kept, in)
	}
	g.instrs = kept
	for s := range g.sinks {
		g.sinks[s].after -= before[g.sinks[s].after]
	}
}

// dropUnusedRegs renumbers the registers, leaving out those that no
// instruction, sink, fill or broadcast uses any more.
func (g *groupStep) dropUnusedRegs() {
	used := make([]bool, len(g.regs))
	mark := func(ls ...loc) {
		for _, l := range ls {
			if !l.ext {
				used[l.i] = true
			}
		}
	}
	for _, in := range g.instrs {
		mark(in.dst...)
		mark(in.args...)
	}
	for _, sk := range g.sinks {
		mark(sk.arg)
		if sk.fused {
			mark(sk.arg2)
		}
	}
	for _, f := range g.fills {
		used[f.reg] = true
	}
	for _, b := range g.bcasts {
		used[b.reg] = true
	}
	newIndex := make([]int, len(g.regs))
	kept := g.regs[:0]
	for i, dt := range g.regs {
		if used[i] {
			newIndex[i] = len(kept)
			kept = append(kept, dt)
		}
	}
	g.regs = kept
	renumber := func(ls []loc) {
		for k, l := range ls {
			if !l.ext {
				ls[k].i = newIndex[l.i]
			}
		}
	}
	for _, in := range g.instrs {
		renumber(in.dst)
		renumber(in.args)
	}
	for s := range g.sinks {
		sk := &g.sinks[s]
		if !sk.arg.ext {
			sk.arg.i = newIndex[sk.arg.i]
		}
		if sk.fused && !sk.arg2.ext {
			sk.arg2.i = newIndex[sk.arg2.i]
		}
	}
	for f := range g.fills {
		g.fills[f].reg = newIndex[g.fills[f].reg]
	}
	for b := range g.bcasts {
		g.bcasts[b].reg = newIndex[g.bcasts[b].reg]
	}
}
