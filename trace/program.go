package trace

// Var is a program variable: typed by its Aval and bound exactly once, as a
// program input, a constant, or an equation's output. Vars are compared by
// identity; their printed names are assigned by the printer.
type Var struct {
	Aval Aval
}

// Literal is a scalar constant written inline in a program, e.g. 0.5:f32[].
type Literal struct {
	// Value is a concrete rank-0 array.
	Value *Array
}

// Atom is an equation operand or program output: a *Var or a *Literal.
type Atom interface {
	// AtomAval is the type of the atom.
	AtomAval() Aval
	atom()
}

// AtomAval returns the variable's type.
func (v *Var) AtomAval() Aval { return v.Aval }

// AtomAval returns the literal's type.
func (l *Literal) AtomAval() Aval { return l.Value.aval }

func (*Var) atom()     {}
func (*Literal) atom() {}

// Eqn is one equation: Out = Op[Params] In.
type Eqn struct {
	Op     Op
	Params Params
	In     []Atom
	Out    []*Var
}

// Program is a staged function in A-normal form: typed input variables,
// constants, a sequence of equations, and output atoms. It is the IR every
// transform reads and writes.
//
// Printed form ((*Program).String; the %+v verb puts one equation per line):
//
//	{ lambda a:f32[2,2]=[[1 0] [0 1]] ; b:f32[3] . let c:f32[3] = sin b ; d:f32[] = reduce_sum[axes=(0)] c in ( d ) }
//
// Constants (arrays captured by the function) come first with their values,
// then ";" and the inputs; names are assigned in order of first binding;
// scalars captured from Go appear inline as typed literals such as 0.5:f32[].
type Program struct {
	// In are the input variables, one per leaf of InTree.
	In []*Var
	// Consts are the constant variables, bound to ConstVals (concrete arrays,
	// or tracers of an enclosing transform when a program is staged inside
	// one).
	Consts    []*Var
	ConstVals []*Array
	Eqns      []*Eqn
	// Out are the outputs, one per leaf of OutTree.
	Out []Atom
	// InTree and OutTree are the pytree structures of the staged function's
	// argument and result.
	InTree, OutTree *TreeDef
}

// InAvals returns the types of the inputs.
func (p *Program) InAvals() []Aval {
	out := make([]Aval, len(p.In))
	for i, v := range p.In {
		out[i] = v.Aval
	}
	return out
}

// OutAvals returns the types of the outputs.
func (p *Program) OutAvals() []Aval {
	out := make([]Aval, len(p.Out))
	for i, a := range p.Out {
		out[i] = a.AtomAval()
	}
	return out
}
