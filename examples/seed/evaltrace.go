package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// fxy is the running example f(x1, x2) = ln(x1) + x1·x2 − sin(x2), elementwise.
func fxy(x1, x2 *trace.Array) *trace.Array {
	return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
}

// f is the running example on a vector x = (x1, x2).
func f(x *trace.Array) *trace.Array { return fxy(trace.Index(x, 0), trace.Index(x, 1)) }

// vals is an evaluation trace: vals[j+1] holds vⱼ for j = −1 … 5 (v₋₁ = x1,
// v₀ = x2, v₅ = y). A Go array of arrays is a pytree, so whole traces go in
// and out of jvp.JVP and vjp.VJP.
type vals [7]*trace.Array

// variable describes one vⱼ of the trace: its name, how it is computed from
// earlier variables (nil for the inputs), and the textbook formulas of its
// tangent (forward mode) and adjoint (reverse mode).
type variable struct {
	name, primal, tangent, adjoint string
	eval                           func(v *vals) *trace.Array
}

// vars is the evaluation trace of f, in Baydin et al.'s naming.
var vars = [7]variable{
	{"v₋₁", "x1", "ẋ1", "v̄₂·v₀ + v̄₁/v₋₁", nil},
	{"v₀", "x2", "ẋ2", "v̄₃·cos v₀ + v̄₂·v₋₁", nil},
	{"v₁", "ln v₋₁", "v̇₋₁/v₋₁", "v̄₄", func(v *vals) *trace.Array { return trace.Log(v[0]) }},
	{"v₂", "v₋₁ × v₀", "v̇₋₁·v₀ + v₋₁·v̇₀", "v̄₄", func(v *vals) *trace.Array { return trace.Mul(v[0], v[1]) }},
	{"v₃", "sin v₀", "v̇₀·cos v₀", "−v̄₅", func(v *vals) *trace.Array { return trace.Sin(v[1]) }},
	{"v₄", "v₁ + v₂", "v̇₁ + v̇₂", "v̄₅", func(v *vals) *trace.Array { return trace.Add(v[2], v[3]) }},
	{"v₅", "v₄ − v₃", "v̇₄ − v̇₃", "ȳ (the seed)", func(v *vals) *trace.Array { return trace.Sub(v[5], v[4]) }},
}

// adjointOrder is the order in which reverse mode produces the adjoints.
var adjointOrder = []int{6, 5, 4, 2, 3, 1, 0}

// evalFrom runs the trace taking the inputs and every variable up to index k
// from v and recomputing the later ones, so that the derivative of the result
// with respect to v[k] follows every path from vₖ to y: the adjoint v̄ₖ.
func evalFrom(k int, v vals) vals {
	for i := range v {
		if i > k && vars[i].eval != nil {
			v[i] = vars[i].eval(&v)
		}
	}
	return v
}

// primalTrace evaluates the trace at x = (x1, x2), eagerly, or under a
// transform when x is traced.
func primalTrace(x *trace.Array) vals {
	return evalFrom(1, vals{trace.Index(x, 0), trace.Index(x, 1)})
}

// tangentTrace returns the tangents v̇ⱼ along ẋ: one jvp.JVP of the function
// x ↦ (v₋₁, …, v₅) gives the directional derivative of every intermediate in
// one forward pass.
func tangentTrace(x, xdot *trace.Array) vals {
	_, dots := jvp.JVP(primalTrace, x, xdot)
	return dots
}

// adjointTrace returns the adjoints v̄ⱼ = ∂y/∂vⱼ: for each vⱼ, the
// vector-Jacobian product of the function from the trace with vⱼ made an input
// to y = v₅, seeded with ȳ = 1.
func adjointTrace(primal vals) vals {
	var bars vals
	for k := range primal {
		y, back := vjp.VJP(func(v vals) *trace.Array { return evalFrom(k, v)[6] }, primal)
		bars[k] = back(trace.OnesLike(y))[k]
	}
	return bars
}

// printTraces prints sections 1–3: the primal, tangent and adjoint traces.
func printTraces(w io.Writer, x *trace.Array) {
	primal := primalTrace(x)
	fmt.Fprintf(w, "1. Primal evaluation trace (eager trace functions)\n")
	for i, v := range vars {
		fmt.Fprintf(w, "   %s = %s = %v\n", pad(v.name, 4), pad(v.primal, 10), primal[i].Item())
	}
	fmt.Fprintf(w, "   %s = %s = %v\n\n", pad("y", 4), pad("v₅", 10), primal[6].Item())

	xdot := trace.FromFloat64s([]float64{1, 0})
	dots := tangentTrace(x, xdot)
	fmt.Fprintf(w, "2. Forward (tangent) trace along ẋ = (1, 0): jvp.JVP of x ↦ (v₋₁, …, v₅)\n")
	for i, v := range vars {
		fmt.Fprintf(w, "   %s = %s = %v\n", pad(dot(v.name), 4), pad(v.tangent, 18), dots[i].Item())
	}
	fmt.Fprintf(w, "   ẏ = v̇₅ = ∂f/∂x1 = %v   (one forward pass per input direction)\n\n", dots[6].Item())

	bars := adjointTrace(primal)
	fmt.Fprintf(w, "3. Reverse (adjoint) trace: vjp.VJP of y with each vⱼ made an input, seeded ȳ = 1\n")
	for _, i := range adjointOrder {
		fmt.Fprintf(w, "   %s = %s = %v\n", pad(bar(vars[i].name), 4), pad(vars[i].adjoint, 19), bars[i].Item())
	}
	fmt.Fprintf(w, "   x̄ = (v̄₋₁, v̄₀) = ∇f = (%v, %v)   (one reverse pass for all inputs)\n\n", bars[0].Item(), bars[1].Item())
}

// dot and bar put a combining dot or bar over a variable name's first letter.
func dot(name string) string { return name[:1] + "\u0307" + name[1:] }
func bar(name string) string { return name[:1] + "\u0304" + name[1:] }

// pad right-pads s with spaces to width display columns (combining marks take
// no column).
func pad(s string, width int) string {
	n := utf8.RuneCountInString(s) - strings.Count(s, "\u0307") - strings.Count(s, "\u0304")
	return s + strings.Repeat(" ", max(0, width-n))
}
