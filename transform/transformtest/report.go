package transformtest

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/leibniz-go/leibniz/trace"
)

// statsOn (environment LEIBNIZ_ORACLE_STATS=1, with go test -v) logs the
// ratio of error to tolerance of every comparison: the measurements behind
// the tolerances of tolerance.go.
var statsOn = os.Getenv("LEIBNIZ_ORACLE_STATS") != ""

// checker reports the failures of one check of one spec at one dtype.
type checker struct {
	t     testing.TB
	s     OpSpec
	dt    trace.DType
	stage string
}

func newChecker(t testing.TB, s OpSpec, dt trace.DType) *checker {
	return &checker{t: t, s: s, dt: dt, stage: "setup"}
}

func stagef(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func (c *checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("%s [%v] %s: %s", c.s.Name, c.dt, c.stage, fmt.Sprintf(format, args...))
}

// recover turns a panic of the library into a test failure naming the spec
// and the stage, so that one broken rule does not hide the other results.
func (c *checker) recover() {
	if e := recover(); e != nil {
		stack := strings.Split(string(debug.Stack()), "\n")
		if len(stack) > 40 {
			stack = stack[:40]
		}
		c.t.Errorf("%s [%v] %s: panic: %v\n%s", c.s.Name, c.dt, c.stage, e, strings.Join(stack, "\n"))
	}
}

// sameAval reports whether got has want's shape and dtype.
func (c *checker) sameAval(what string, got, want *trace.Array) bool {
	c.t.Helper()
	if got == nil {
		c.errorf("%s is nil, want %v", what, want.Aval())
		return false
	}
	if !got.Aval().Equal(want.Aval()) {
		c.errorf("%s is %v, want %v", what, got.Aval(), want.Aval())
		return false
	}
	return true
}

func (c *checker) sameAvals(what string, got, want []*trace.Array) bool {
	c.t.Helper()
	if len(got) != len(want) {
		c.errorf("%s has %d leaves, want %d", what, len(got), len(want))
		return false
	}
	ok := true
	for i := range got {
		ok = c.sameAval(fmt.Sprintf("%s %d", what, i), got[i], want[i]) && ok
	}
	return ok
}

// primal checks that a transform's primal output equals f's (up to the
// identity tolerance: the same primitives run, possibly regrouped).
func (c *checker) primal(got, want *trace.Array) {
	c.t.Helper()
	if !got.Aval().Equal(want.Aval()) {
		return
	}
	g, w := got.Float64s(), want.Float64s()
	tol := identityTol[c.dt]
	for k := range g {
		if !(math.Abs(g[k]-w[k]) <= tol*(1+math.Abs(w[k]))) && !(math.IsNaN(g[k]) && math.IsNaN(w[k])) {
			c.errorf("primal output differs from f at index %v: %.10g, f gives %.10g", unravel(k, want.Shape()), g[k], w[k])
			return
		}
	}
}

// zero checks that every element of the arrays is exactly zero (false for
// bool arrays).
func (c *checker) zero(got []*trace.Array) {
	c.t.Helper()
	for i, a := range got {
		for k, v := range a.Float64s() {
			if v != 0 {
				c.errorf("derivative leaf %d is %.6g at index %v; Smooth is false, so it must be exactly zero", i, v, unravel(k, a.Shape()))
				return
			}
		}
	}
}

// closeElems checks |ad − ref| ≤ tol·(1 + |ref|) elementwise over all leaves.
func (c *checker) closeElems(ad []*trace.Array, ref [][]float64, tol float64) {
	c.t.Helper()
	if len(ad) != len(ref) {
		c.errorf("autodiff gives %d leaves, the reference %d", len(ad), len(ref))
		return
	}
	worstLeaf, worstIdx, worstErr, maxRel, fail := 0, 0, -1.0, 0.0, false
	var worstAD, worstRef float64
	for i, a := range ad {
		g := a.Float64s()
		if len(g) != len(ref[i]) {
			c.errorf("leaf %d has %d elements, the reference %d", i, len(g), len(ref[i]))
			return
		}
		for k := range g {
			e := math.Abs(g[k] - ref[i][k])
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			if e > worstErr {
				worstLeaf, worstIdx, worstErr, worstAD, worstRef = i, k, e, g[k], ref[i][k]
			}
			if ref[i][k] != 0 {
				maxRel = math.Max(maxRel, e/math.Abs(ref[i][k]))
			}
			if !(e <= tol*(1+math.Abs(ref[i][k]))) {
				fail = true
			}
		}
	}
	if statsOn {
		ratio := 0.0
		for i, a := range ad {
			g := a.Float64s()
			for k := range g {
				ratio = math.Max(ratio, math.Abs(g[k]-ref[i][k])/(tol*(1+math.Abs(ref[i][k]))))
			}
		}
		c.t.Logf("STAT fd %s [%v] %s: error/tolerance %.3g", c.s.Name, c.dt, c.stage, ratio)
	}
	if fail {
		c.errorf("autodiff disagrees with central differences: max abs error %.3g at leaf %d index %v "+
			"(autodiff %.8g, finite differences %.8g), max rel error %.3g; tolerance %.0e·(1 + |fd|)",
			worstErr, worstLeaf, unravel(worstIdx, ad[worstLeaf].Shape()), worstAD, worstRef, maxRel, tol)
	}
}

// identity checks ⟨u, jv⟩ = ⟨ct, v⟩ up to tol relative to the sum of the
// absolute products, plus 1 when jv comes from finite differences (the
// absolute part of closeElems' bound).
func (c *checker) identity(u, jv, ct, v []*trace.Array, tol float64, fd bool) {
	c.t.Helper()
	a, sa := dot(u, jv)
	b, sb := dot(ct, v)
	scale := sa + sb
	if fd {
		scale++
	}
	if statsOn {
		c.t.Logf("STAT identity %s [%v] %s: error/tolerance %.3g", c.s.Name, c.dt, c.stage, math.Abs(a-b)/(tol*scale))
	}
	if !(math.Abs(a-b) <= tol*scale) {
		c.errorf("⟨u, J v⟩ = %.10g (forward) but ⟨Jᵀu, v⟩ = %.10g (reverse): difference %.3g, relative %.3g; tolerance %.0e",
			a, b, math.Abs(a-b), math.Abs(a-b)/scale, tol)
	}
}

// dot is Σ aᵢbᵢ over all leaves, in float64, and Σ |aᵢbᵢ|.
func dot(a, b []*trace.Array) (sum, abs float64) {
	for i := range a {
		x, y := a[i].Float64s(), b[i].Float64s()
		for k := range x {
			sum += x[k] * y[k]
			abs += math.Abs(x[k] * y[k])
		}
	}
	return sum, abs
}

// unravel turns a row-major flat index into a multi-index.
func unravel(i int, shape []int) []int {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = i % shape[k]
		i /= shape[k]
	}
	return slices.Clip(idx)
}
