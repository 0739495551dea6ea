package transform

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/leibniz-go/leibniz/trace"
)

// CSE returns p with its common subexpressions merged: of two equations with
// the same primitive, equal params (the same Go type and the same canonical
// String) and the same operands, the later one is dropped and its outputs are
// replaced by the earlier one's. Operands are the same when they are the same
// *trace.Var, or literals of equal dtype, weakness and bit pattern (so 0.0 and
// -0.0 differ, and a NaN literal equals itself); the operands of the
// commutative primitives (add, mul, max, min, eq, ne, and, or) are compared
// as unordered pairs. Constants bound to the same *trace.Array are merged as
// well. One forward pass finds chains of duplicates. p is not modified.
func CSE(p *trace.Program) *trace.Program {
	q, _ := cse(p)
	return q
}

// commutative marks the primitives whose two operands may be swapped.
var commutative = [trace.NumOps]bool{
	trace.OpAdd: true, trace.OpMul: true, trace.OpMax: true, trace.OpMin: true,
	trace.OpEq: true, trace.OpNe: true, trace.OpAnd: true, trace.OpOr: true,
}

// eqnKey identifies an equation up to the identity of its outputs.
type eqnKey struct {
	op       trace.Op
	ptype    reflect.Type
	params   string
	operands string
}

// cser is the state of one CSE pass.
type cser struct {
	ids map[*trace.Var]int
	buf []string
}

// cse is CSE reporting whether anything was merged.
func cse(p *trace.Program) (*trace.Program, bool) {
	c := &cser{ids: make(map[*trace.Var]int, len(p.Eqns)+len(p.In)+len(p.Consts))}
	s := subst{}
	q := shell(p)
	changed := false

	constOf := make(map[*trace.Array]*trace.Var, len(p.Consts))
	for i, v := range p.Consts {
		val := p.ConstVals[i]
		if w, ok := constOf[val]; ok && sameAval(w.Aval, v.Aval) {
			s[v] = w
			changed = true
			continue
		}
		constOf[val] = v
		q.Consts = append(q.Consts, v)
		q.ConstVals = append(q.ConstVals, val)
	}

	seen := make(map[eqnKey]*trace.Eqn, len(p.Eqns))
	q.Eqns = make([]*trace.Eqn, 0, len(p.Eqns))
	for _, e := range p.Eqns {
		e = s.eqn(e)
		if e.Op == trace.OpCustomLin {
			// Its params hold a closure (the user's backward pass), which
			// its printed params cannot identify: never merge it.
			q.Eqns = append(q.Eqns, e)
			continue
		}
		k := c.key(e)
		if prev, ok := seen[k]; ok && sameOuts(prev, e) {
			for j, v := range e.Out {
				s[v] = prev.Out[j]
			}
			changed = true
			continue
		}
		seen[k] = e
		q.Eqns = append(q.Eqns, e)
	}
	q.Out = s.outs(p)
	return q, changed
}

// sameOuts reports whether two equations' outputs have the same types, so
// that one may stand for the other.
func sameOuts(a, b *trace.Eqn) bool {
	if len(a.Out) != len(b.Out) {
		return false
	}
	for i := range a.Out {
		if !sameAval(a.Out[i].Aval, b.Out[i].Aval) {
			return false
		}
	}
	return true
}

func (c *cser) key(e *trace.Eqn) eqnKey {
	k := eqnKey{op: e.Op}
	if e.Params != nil {
		k.ptype = reflect.TypeOf(e.Params)
		k.params = e.Params.String()
	}
	c.buf = c.buf[:0]
	for _, a := range e.In {
		c.buf = append(c.buf, c.atomKey(a))
	}
	if len(c.buf) == 2 && commutative[e.Op] && c.buf[1] < c.buf[0] {
		c.buf[0], c.buf[1] = c.buf[1], c.buf[0]
	}
	k.operands = strings.Join(c.buf, ",")
	return k
}

// atomKey names an operand: "v<id>" for a variable (by identity), or
// "l<dtype><weak>:<bits>" for a literal.
func (c *cser) atomKey(a trace.Atom) string {
	switch a := a.(type) {
	case *trace.Var:
		id, ok := c.ids[a]
		if !ok {
			id = len(c.ids)
			c.ids[a] = id
		}
		return "v" + strconv.Itoa(id)
	case *trace.Literal:
		v := a.Value
		w := "s"
		if v.Weak() {
			w = "w"
		}
		return "l" + v.DType().String() + w + ":" + strconv.FormatUint(scalarBits(v), 16)
	}
	return "?"
}

// scalarBits returns the bit pattern of the first element of a concrete
// array, widened to 64 bits.
func scalarBits(a *trace.Array) uint64 {
	switch d := a.Data().(type) {
	case []float32:
		return uint64(math.Float32bits(d[0]))
	case []float64:
		return math.Float64bits(d[0])
	case []int32:
		return uint64(uint32(d[0]))
	case []int64:
		return uint64(d[0])
	case []bool:
		if d[0] {
			return 1
		}
	}
	return 0
}
