package jacobian

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// numDirections is how many random directions (tangents v for the JVP,
// cotangents u for the VJP) CheckGrads tries per derivative. A wrong
// derivative agrees with the reference along a random direction with
// probability zero; a few directions guard against unlucky near-agreement.
const numDirections = 3

// gradTol is CheckGrads' tolerance per dtype of x, applied as
// |ad − numerical| ≤ tol·(1 + |numerical|) (the package doc explains the values).
var gradTol = map[trace.DType]float64{
	// JAX's float64 gradient tolerance; Numerical errs by ≈ 1e-10 relative.
	trace.Float64: 1e-5,
	// JAX's float32 gradient tolerance; Numerical differences the Float32
	// function, with round-off ≈ 2.4e-5·|f| and truncation ≈ 4e-6·|f'''|.
	trace.Float32: 2e-3,
}

// CheckGrads checks the derivatives of f at x against [Numerical], up to the
// given order (1 or 2; each order multiplies the work by about 2·x.Size()).
//
// Order 1 compares jvp.JVP(f, x, v) with J·v for a few random directions v,
// and the vector-Jacobian product of vjp.VJP with uᵀJ for a few random
// cotangents u, where J = Numerical(f, x). Order 2 also runs the order-1
// checks on the functions x ↦ JVP(f, x, v) and x ↦ VJP(f, x)(u) themselves,
// which checks forward-over-forward, reverse-over-forward, forward-over-reverse
// and reverse-over-reverse derivatives. The directions come from a seeded
// generator (rand.NewPCG(1, 2)), so a failure reproduces.
//
// x must be a concrete float array and f must return a float array. The
// result is nil when every comparison passes; otherwise an error naming the
// order, the derivative and direction, the largest absolute and relative
// errors, where they occur, and the tolerance (see the package doc for the
// tolerances per dtype). f may panic (misuse inside a transform); that panic
// propagates.
func CheckGrads(f func(*trace.Array) *trace.Array, x *trace.Array, order int) error {
	if order < 1 {
		return fmt.Errorf("jacobian.CheckGrads: order %d; want 1 or 2", order)
	}
	if x == nil || !x.IsConcrete() || !x.DType().IsFloat() {
		if x == nil {
			return fmt.Errorf("jacobian.CheckGrads: x is a nil *Array")
		}
		return fmt.Errorf("jacobian.CheckGrads: x is %v (concrete: %v); want a concrete float array", x.Aval(), x.IsConcrete())
	}
	c := &checker{r: rand.New(rand.NewPCG(1, 2)), tol: gradTol[x.DType()], dt: x.DType()}
	return c.check(f, x, order, 1, "f")
}

type checker struct {
	r   *rand.Rand
	tol float64
	dt  trace.DType
}

// check runs the order-1 checks of f (which is the derivative function name
// of the original, at derivative order level) and recurses on the JVP and VJP
// functions while order > 1.
func (c *checker) check(f func(*trace.Array) *trace.Array, x *trace.Array, order, level int, name string) error {
	y := f(x)
	if !y.DType().IsFloat() {
		return fmt.Errorf("jacobian.CheckGrads: %s returns %v; want a float output", name, y.Aval())
	}
	jac := Numerical(f, x).Float64s() // [m, n] row-major
	m, n := y.Size(), x.Size()
	vs := make([]*trace.Array, numDirections)
	us := make([]*trace.Array, numDirections)
	for d := range numDirections {
		v := c.random(x)
		vs[d] = v
		_, jv := jvp.JVP(f, x, v)
		ref := make([]float64, m)
		vv := v.Float64s()
		for o := range m {
			for i := range n {
				ref[o] += jac[o*n+i] * vv[i]
			}
		}
		if err := c.compare(jv, ref, y.Shape(), level, fmt.Sprintf("JVP of %s along direction v%d (forward mode)", name, d)); err != nil {
			return err
		}
	}
	for d := range numDirections {
		u := c.random(y)
		us[d] = u
		_, pullback := vjp.VJP(f, x)
		ut := pullback(u)
		ref := make([]float64, n)
		uu := u.Float64s()
		for o := range m {
			for i := range n {
				ref[i] += uu[o] * jac[o*n+i]
			}
		}
		if err := c.compare(ut, ref, x.Shape(), level, fmt.Sprintf("VJP of %s with cotangent u%d (reverse mode)", name, d)); err != nil {
			return err
		}
	}
	if order == 1 {
		return nil
	}
	// The derivative functions along the first direction: their own
	// derivatives are second derivatives of f.
	v, u := vs[0], us[0]
	g := func(x *trace.Array) *trace.Array {
		_, t := jvp.JVP(f, x, v)
		return t
	}
	if err := c.check(g, x, order-1, level+1, "(x ↦ JVP of "+name+" along v0)"); err != nil {
		return err
	}
	h := func(x *trace.Array) *trace.Array {
		_, pullback := vjp.VJP(f, x)
		return pullback(u)
	}
	return c.check(h, x, order-1, level+1, "(x ↦ VJP of "+name+" with u0)")
}

// random returns an array like a with elements uniform in [-1, 1).
func (c *checker) random(a *trace.Array) *trace.Array {
	v := make([]float64, a.Size())
	for i := range v {
		v[i] = 2*c.r.Float64() - 1
	}
	return fromFloat64s(v, a.DType(), a.Shape())
}

// compare checks got against ref elementwise.
func (c *checker) compare(got *trace.Array, ref []float64, shape []int, level int, what string) error {
	g := got.Float64s()
	if len(g) != len(ref) {
		return fmt.Errorf("jacobian.CheckGrads: order %d, %s: got shape %v, want %v", level, what, got.Shape(), shape)
	}
	worst, maxAbs, maxRel, fail := -1, 0.0, 0.0, false
	for i := range g {
		e := math.Abs(g[i] - ref[i])
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		if e > maxAbs || worst < 0 {
			maxAbs, worst = math.Max(maxAbs, e), i
		}
		if ref[i] != 0 {
			maxRel = math.Max(maxRel, e/math.Abs(ref[i]))
		} else if e > 0 {
			maxRel = math.Inf(1)
		}
		if !(e <= c.tol*(1+math.Abs(ref[i]))) {
			fail = true
		}
	}
	if !fail {
		return nil
	}
	return fmt.Errorf("jacobian.CheckGrads: order %d, %s disagrees with central differences: "+
		"max abs error %.3g at index %v (autodiff %.8g, numerical %.8g), max rel error %.3g; "+
		"tolerance %.0e·(1 + |numerical|) for %v",
		level, what, maxAbs, unravel(worst, shape), g[worst], ref[worst], maxRel, c.tol, c.dt)
}

// unravel turns a row-major flat index into a multi-index string.
func unravel(i int, shape []int) string {
	idx := make([]string, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = fmt.Sprint(i % shape[k])
		i /= shape[k]
	}
	return "[" + strings.Join(idx, " ") + "]"
}
