package transformtest

import (
	"math/rand/v2"
	"testing"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// numDirections is how many random directions each check tries. A wrong
// derivative agrees with the reference along a random direction with
// probability zero; two guard against an unlucky near-agreement.
const numDirections = 2

// newRand is the seeded generator every check starts from, so that all checks
// of a spec see the same inputs and a failure reproduces.
func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// flatFn is a function from the inputs to a list of output leaves.
type flatFn func([]*trace.Array) []*trace.Array

// CheckJVP checks jvp.JVP of s.Fn at dtype dt: along seeded random directions
// v, the tangent must match the central difference (f(x+hv) − f(x−hv))/2h of
// the Float64 reference (see [OpSpec.Internal32]), and the primal output must
// match s.Fn. For a spec that is not Smooth the tangent must be exactly zero.
func CheckJVP(t testing.TB, s OpSpec, dt trace.DType) {
	t.Helper()
	c := newChecker(t, s, dt)
	defer c.recover()
	r := newRand()
	xs := s.Inputs(dt, r)
	y := s.Fn(xs)
	ref := s.reference(dt)
	for d := range numDirections {
		c.stage = stagef("JVP along direction v%d", d)
		v := randomLike(r, xs)
		yj, tj := jvp.JVP(s.Fn, xs, v)
		c.sameAval("primal output", yj, y)
		c.sameAval("tangent", tj, y)
		c.primal(yj, y)
		if !s.Smooth {
			c.zero([]*trace.Array{tj})
			continue
		}
		fd := s.directional(ref.f, ref.xs(xs), values(v))
		c.closeElems([]*trace.Array{tj}, fd, s.fdTolFor(dt))
	}
}

// CheckVJP checks vjp.VJP of s.Fn at dtype dt by the inner-product identity
// ⟨u, J v⟩ = ⟨Jᵀu, v⟩ for seeded random u and v, with J v from jvp.JVP (which
// CheckJVP checks against finite differences) and Jᵀu from vjp.VJP. The
// cotangents must have the inputs' shapes and dtypes and the primal output
// must match s.Fn. For a spec that is not Smooth, Jᵀu must be exactly zero.
func CheckVJP(t testing.TB, s OpSpec, dt trace.DType) {
	t.Helper()
	c := newChecker(t, s, dt)
	defer c.recover()
	r := newRand()
	xs := s.Inputs(dt, r)
	y := s.Fn(xs)
	c.stage = "VJP primal"
	yv, pullback := vjp.VJP(s.Fn, xs)
	c.sameAval("primal output", yv, y)
	c.primal(yv, y)
	for d := range numDirections {
		c.stage = stagef("VJP with cotangent u%d", d)
		u := randomCotangent(r, y)
		v := randomLike(r, xs)
		ct := pullback(u)
		if !c.sameAvals("cotangent", ct, xs) {
			continue
		}
		if !s.Smooth {
			c.zero(ct)
			continue
		}
		_, jv := jvp.JVP(s.Fn, xs, v)
		c.identity([]*trace.Array{u}, []*trace.Array{jv}, ct, v, s.identityTolFor(dt), false)
	}
}

// CheckSecondOrder checks the derivatives of the first-order functions
// g(x) = JVP(f, x, v) (the tangent) and h(x) = VJP(f, x)(u) at dtype dt,
// against central differences of the reference g and h (evaluated in
// Float64, see [OpSpec.Internal32]) along a random direction w:
//
//   - forward-over-forward: jvp.JVP(g, x, w) against the differences of g;
//   - forward-over-reverse: jvp.JVP(h, x, w) against the differences of h;
//   - reverse-over-forward: ⟨vjp.VJP(g, x)(u₂), w⟩ against ⟨u₂, differences of g⟩;
//   - reverse-over-reverse: ⟨vjp.VJP(h, x)(u₃), w⟩ against ⟨u₃, differences of h⟩.
//
// For a spec that is not Smooth every second derivative must be exactly zero.
// Specs with FirstOrderOnly are skipped.
func CheckSecondOrder(t testing.TB, s OpSpec, dt trace.DType) {
	t.Helper()
	if s.FirstOrderOnly {
		t.Skipf("%s: derivative not differentiable at the sampled inputs (FirstOrderOnly)", s.Name)
		return
	}
	c := newChecker(t, s, dt)
	defer c.recover()
	r := newRand()
	xs := s.Inputs(dt, r)
	y := s.Fn(xs)
	v := randomLike(r, xs)
	u := randomCotangent(r, y)
	ref := s.reference(dt)
	g := jvpFn(s.Fn, v)
	h := vjpFn(s.Fn, u)
	gRef := jvpFn(ref.fn, convertAll(v, ref.dt))
	hRef := vjpFn(ref.fn, trace.Convert(u, ref.fn(ref.inputs(xs)).DType()))
	tol := s.fdTolFor(dt)
	for _, k := range []struct {
		name    string
		f, fRef flatFn
		fwd     bool
	}{
		{"forward-over-forward (JVP of x ↦ JVP(f, x, v))", g, gRef, true},
		{"forward-over-reverse (JVP of x ↦ VJP(f, x)(u))", h, hRef, true},
		{"reverse-over-forward (VJP of x ↦ JVP(f, x, v))", g, gRef, false},
		{"reverse-over-reverse (VJP of x ↦ VJP(f, x)(u))", h, hRef, false},
	} {
		c.stage = k.name
		w := randomLike(r, xs)
		out := k.f(xs)
		if k.fwd {
			_, dw := jvp.JVP(k.f, xs, w)
			if !c.sameAvals("second-order tangent", dw, out) {
				continue
			}
			if !s.Smooth {
				c.zero(dw)
				continue
			}
			c.closeElems(dw, s.directional(k.fRef, ref.xs(xs), values(w)), tol)
			continue
		}
		u2 := make([]*trace.Array, len(out))
		for i, o := range out {
			u2[i] = randomCotangent(r, o)
		}
		_, pullback := vjp.VJP(k.f, xs)
		ct := pullback(u2)
		if !c.sameAvals("second-order cotangent", ct, xs) {
			continue
		}
		if !s.Smooth {
			c.zero(ct)
			continue
		}
		fd := s.directional(k.fRef, ref.xs(xs), values(w))
		c.identity(u2, fromValues(fd), ct, w, tol, true)
	}
}

// jvpFn is x ↦ the tangent of f at x along v, as a flat function.
func jvpFn(f func([]*trace.Array) *trace.Array, v []*trace.Array) flatFn {
	return func(xs []*trace.Array) []*trace.Array {
		_, t := jvp.JVP(f, xs, v)
		return []*trace.Array{t}
	}
}

// vjpFn is x ↦ the cotangents of f's inputs at x for output cotangent u.
func vjpFn(f func([]*trace.Array) *trace.Array, u *trace.Array) flatFn {
	return func(xs []*trace.Array) []*trace.Array {
		_, pullback := vjp.VJP(f, xs)
		return pullback(u)
	}
}

// reference is the function the finite differences evaluate, at its dtype.
type reference struct {
	fn func([]*trace.Array) *trace.Array
	f  flatFn
	dt trace.DType
}

func (s OpSpec) reference(dt trace.DType) reference {
	fn := s.Fn
	return reference{fn: fn, f: func(xs []*trace.Array) []*trace.Array { return []*trace.Array{fn(xs)} }, dt: s.refDType(dt)}
}

// inputs converts xs (exactly, from dt) to the reference dtype.
func (r reference) inputs(xs []*trace.Array) []*trace.Array { return convertAll(xs, r.dt) }

// xs returns the reference inputs as values with their shapes.
func (r reference) xs(xs []*trace.Array) refPoint {
	return refPoint{dt: r.dt, vals: values(xs), shapes: shapesOf(xs)}
}

// refPoint is an evaluation point of the reference.
type refPoint struct {
	dt     trace.DType
	vals   [][]float64
	shapes [][]int
}

// directional returns the central difference (F(x+hw) − F(x−hw)) / 2h of
// each output leaf of F, evaluated at the reference dtype.
func (s OpSpec) directional(f flatFn, x refPoint, w [][]float64) [][]float64 {
	h := s.step(x.vals)
	at := func(sign float64) []*trace.Array {
		in := make([]*trace.Array, len(x.vals))
		for i, xi := range x.vals {
			p := make([]float64, len(xi))
			for k := range xi {
				p[k] = xi[k] + sign*h*w[i][k]
			}
			in[i] = fromFloat64s(p, x.dt, x.shapes[i])
		}
		return f(in)
	}
	plus, minus := at(1), at(-1)
	out := make([][]float64, len(plus))
	for i := range plus {
		p, m := plus[i].Float64s(), minus[i].Float64s()
		out[i] = make([]float64, len(p))
		for k := range p {
			out[i][k] = (p[k] - m[k]) / (2 * h)
		}
	}
	return out
}

// randomLike returns arrays like xs with elements uniform in [-1, 1).
func randomLike(r *rand.Rand, xs []*trace.Array) []*trace.Array {
	out := make([]*trace.Array, len(xs))
	for i, x := range xs {
		out[i] = randomCotangent(r, x)
	}
	return out
}

// randomCotangent returns an array like y: uniform in [-1, 1) for floats,
// zeros for integer and bool arrays (which have no derivatives).
func randomCotangent(r *rand.Rand, y *trace.Array) *trace.Array {
	if !y.DType().IsFloat() {
		return trace.Zeros(y.DType(), y.Shape()...)
	}
	v := make([]float64, y.Size())
	for k := range v {
		v[k] = 2*r.Float64() - 1
	}
	return fromFloat64s(v, y.DType(), y.Shape())
}

func values(xs []*trace.Array) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = x.Float64s()
	}
	return out
}

func shapesOf(xs []*trace.Array) [][]int {
	out := make([][]int, len(xs))
	for i, x := range xs {
		out[i] = x.Shape()
	}
	return out
}

func fromValues(vs [][]float64) []*trace.Array {
	out := make([]*trace.Array, len(vs))
	for i, v := range vs {
		out[i] = trace.FromFloat64s(v)
	}
	return out
}

func convertAll(xs []*trace.Array, dt trace.DType) []*trace.Array {
	out := make([]*trace.Array, len(xs))
	for i, x := range xs {
		out[i] = x
		if x.DType().IsFloat() {
			out[i] = trace.Convert(x, dt)
		}
	}
	return out
}
