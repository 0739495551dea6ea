package trace

import (
	"fmt"
	"strings"
)

// namer assigns the printed names a, b, ..., z, ba, bb, ... to variables in
// order of first binding.
type namer struct{ names map[*Var]string }

func newNamer(p *Program) namer {
	n := namer{names: make(map[*Var]string)}
	for _, v := range p.Consts {
		n.bind(v)
	}
	for _, v := range p.In {
		n.bind(v)
	}
	for _, e := range p.Eqns {
		for _, v := range e.Out {
			n.bind(v)
		}
	}
	return n
}

func (n namer) bind(v *Var) {
	if _, ok := n.names[v]; !ok {
		n.names[v] = varName(len(n.names))
	}
}

// varName is the i-th name: a..z, then ba..bz, ca.. (base 26, like JAX).
func varName(i int) string {
	var b []byte
	for {
		b = append(b, byte('a'+i%26))
		i /= 26
		if i == 0 {
			break
		}
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

func (n namer) atom(a Atom) string {
	switch a := a.(type) {
	case *Var:
		if s, ok := n.names[a]; ok {
			return s
		}
		return "?" + a.Aval.String()
	case *Literal:
		return literalString(a.Value)
	}
	return "?"
}

func literalString(v *Array) string {
	s := formatElem(v.data, 0)
	if v.aval.DType.IsFloat() && !strings.ContainsAny(s, ".eNI") {
		s += ".0"
	}
	return s + ":" + v.aval.String()
}

// String returns the canonical one-line form of the program (see [Program]).
func (p *Program) String() string { return p.format(false) }

// Format implements fmt.Formatter: %v and %s print the canonical one-line
// form; %+v prints one equation per line.
func (p *Program) Format(f fmt.State, verb rune) {
	fmt.Fprint(f, p.format(verb == 'v' && f.Flag('+')))
}

func (p *Program) format(multiline bool) string {
	n := newNamer(p)
	var sb strings.Builder
	sb.WriteString("{ lambda")
	for i, v := range p.Consts {
		sb.WriteString(" " + n.names[v] + ":" + v.Aval.String())
		if c := p.ConstVals[i]; c != nil && c.tracer == nil {
			sb.WriteString("=" + c.compactString())
		}
	}
	if len(p.Consts) > 0 {
		sb.WriteString(" ;")
	}
	for _, v := range p.In {
		sb.WriteString(" " + n.names[v] + ":" + v.Aval.String())
	}
	sb.WriteString(" . let")
	for i, e := range p.Eqns {
		switch {
		case multiline:
			sb.WriteString("\n    ")
		case i > 0:
			sb.WriteString(" ; ")
		default:
			sb.WriteByte(' ')
		}
		n.eqn(&sb, e)
	}
	if multiline {
		sb.WriteString("\n  in (")
	} else {
		sb.WriteString(" in (")
	}
	for _, a := range p.Out {
		sb.WriteString(" " + n.atom(a))
	}
	sb.WriteString(" ) }")
	return sb.String()
}

func (n namer) eqn(sb *strings.Builder, e *Eqn) {
	for i, v := range e.Out {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(n.atom(v) + ":" + v.Aval.String())
	}
	sb.WriteString(" = " + e.Op.String() + paramString(e.Params))
	for _, a := range e.In {
		sb.WriteString(" " + n.atom(a))
	}
}
