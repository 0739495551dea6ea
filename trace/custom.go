package trace

// Custom holds a function together with user-defined derivative rules; the
// jvp and vjp packages build it (jvp.CustomJVP, vjp.CustomVJP) and
// [CallCustom] applies it. All functions work on flat leaf lists.
type Custom struct {
	// Name names the function in printed programs and errors.
	Name string
	// Fun is the primal function.
	Fun func(args []*Array) []*Array
	// JVP, if set, returns the primal outputs and their tangents; the
	// tangents it receives are never symbolic zeros.
	JVP func(primals, tangents []*Array) (outs, touts []*Array)
	// Fwd and Bwd, if set, define the vector-Jacobian product: Fwd returns the
	// outputs and residuals, Bwd maps residuals and output cotangents to
	// input cotangents (nil for a zero cotangent).
	Fwd func(args []*Array) (outs, res []*Array)
	Bwd func(res, cts []*Array) []*Array
}

// CustomInterpreter is implemented by interpreters that apply custom
// derivative rules (forward mode). Other interpreters trace through the
// function's body.
type CustomInterpreter interface {
	Interpreter
	ProcessCustom(c *Custom, args []*Array) []*Array
}

// CallCustom applies c to args: eagerly when no argument is a tracer, through
// the top interpreter's ProcessCustom when it has one, and otherwise by
// running c.Fun on the tracers (staging and batching see the body).
func CallCustom(c *Custom, args []*Array) []*Array {
	var top Interpreter
	for i, a := range args {
		if a == nil {
			Raise(c.Name, nil, "argument %d is a nil *Array", i)
		}
		if a.tracer == nil {
			continue
		}
		it := a.tracer.Interpreter()
		if !it.Active() {
			Raise(c.Name, []Aval{a.aval}, "argument %d is an escaped tracer of %s, which has already returned", i, describeInterp(it))
		}
		if top == nil || it.Level() > top.Level() {
			top = it
		}
	}
	if ci, ok := top.(CustomInterpreter); ok {
		return ci.ProcessCustom(c, args)
	}
	return c.Fun(args)
}

// CustomLinParams are the parameters of custom_lin, the linear primitive that
// stands for the tangent map of a function with a custom VJP inside reverse
// mode. Its operands are NumRes residuals followed by the input tangents; its
// outputs have types Outs. It cannot be evaluated forward: reverse mode
// transposes it by calling Bwd.
type CustomLinParams struct {
	Name   string
	NumRes int
	Outs   []Aval
	Bwd    func(res, cts []*Array) []*Array
}

func (p CustomLinParams) String() string {
	return "[name=" + p.Name + " res=" + itoa(p.NumRes) + "]"
}

func customLinRule(p Params, in []Aval) ([]Aval, error) {
	cp, ok := p.(CustomLinParams)
	if !ok {
		return nil, errParams(p, CustomLinParams{})
	}
	if cp.NumRes < 0 || cp.NumRes > len(in) || cp.Bwd == nil {
		return nil, ruleErr("invalid custom_lin params for %d operands", len(in))
	}
	return cp.Outs, nil
}

func customLinEager(p Params, _ []*Array, _ Aval, into any) any {
	panic(Errorf("custom_lin", nil, "the linearized form of %s, which has a custom VJP, can only be transposed (used by reverse mode), not evaluated forward",
		p.(CustomLinParams).Name))
}
