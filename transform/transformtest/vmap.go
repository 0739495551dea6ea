package transformtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

// The vmap oracle needs no finite differences: vmap.Map(f) on a batch must
// equal the loop that applies f to each example and stacks the results. The
// batching rules run the same primitives as the loop, on arrays with one more
// axis, so most results are bitwise equal; see vmapTol for the exceptions.

// vmapBatch is the batch size of the vmap checks: 3 examples, so that a
// Chunk(2) splits the batch unevenly (2 + 1).
const vmapBatch = 3

// vmapTol is the tolerance of vmap against the loop, elementwise
// |vmap − loop| ≤ tol·(1 + |loop|), for the functions whose staged program
// contains a primitive that accumulates (reduce_sum, reduce_prod,
// dot_general, scatter_add). Every other primitive computes each output
// element from the same operand elements with the same operation, so vmap
// and the loop must agree bitwise, and are checked so.
//
// An accumulation may legitimately change order under batching: a batched
// dot_general or a reduction over an axis that is no longer innermost may go
// through another kernel path (blocked or BLAS matrix products, strided
// reductions) that sums the same terms in a different order. Reordering a sum
// of n terms changes it by at most about n·ε·Σ|terms|; the table's
// accumulations have n ≤ 24 terms of magnitude ≤ 4 with results O(1), and a
// few ops after them (exp, division by the sum, tanh) propagate that
// relatively. 64 ulps (ε = 2⁻⁵² or 2⁻²³ at 1) covers that while any batching
// bug (a wrong example, axis or index: an O(1) error) fails by orders of
// magnitude. Results with no accumulation keep tolerance 0.
var vmapTol = map[trace.DType]float64{
	trace.Float64: 64 * eps64,
	trace.Float32: 64 * eps32,
}

// accumulating are the primitives whose summation order batching may change.
var accumulating = []trace.Op{trace.OpReduceSum, trace.OpReduceProd, trace.OpDotGeneral, trace.OpScatterAdd}

// CheckVmap checks vmap.Map of s.Fn at dtype dt against a loop over 3
// examples: vmap.Map(f, opts...)(batch) must equal stacking f(exampleₖ).
// The examples are seeded draws from the spec's domain (for a spec with fixed
// Values, example 0 has them and the others rotate them, which keeps their
// ties and zeros but makes the examples differ). The configurations, each a
// call of vmap.Map with InAxesLeaves (one axis per input):
//
//   - every input batched along axis 0, along axis 1 (0 for scalars), along
//     the last axis (given as -1), and, for several inputs, alternately along
//     0 and -1;
//   - for several inputs, each input in turn NotMapped (one value shared by
//     all examples, as in the loop) with the others along 0, then along -1;
//   - OutAxes(-1): the batch placed last in the result;
//   - Chunk(2), with the inputs along -1: must equal the unchunked result
//     bitwise, and the loop;
//   - nested vmap over a 3×2 batch of batches (inner along 0, outer along
//     -1) against the double loop.
//
// Results must have the loop's shape and dtype and equal it exactly (integer
// and bool results included), except within vmapTol where the function
// accumulates. NaN equals NaN.
func CheckVmap(t testing.TB, s OpSpec, dt trace.DType) {
	t.Helper()
	newChecker(t, s, dt).vmapAt(s.Fn, s.vmapExamples(dt, newRand()))
}

// CheckVmapExamples is [CheckVmap] for a function that is not in the table,
// at the given examples (ex[k] are the inputs of example k; at least 2
// examples, with the same shapes and dtypes in each). Inputs may be integer
// arrays, e.g. batched indices of Take or ScatterAdd. Failures are named
// after name.
func CheckVmapExamples(t testing.TB, name string, f func([]*trace.Array) *trace.Array, ex [][]*trace.Array) {
	t.Helper()
	s := OpSpec{Name: name, Fn: f, Shapes: shapesOf(ex[0])}
	dt := trace.Float64
	for _, x := range ex[0] {
		if x.DType().IsFloat() {
			dt = x.DType()
			break
		}
	}
	newChecker(t, s, dt).vmapAt(f, ex)
}

// vmapAt runs the configurations of CheckVmap on f at the examples ex.
func (c *checker) vmapAt(f func([]*trace.Array) *trace.Array, ex [][]*trace.Array) {
	c.t.Helper()
	flat := func(xs []*trace.Array) []*trace.Array { return []*trace.Array{f(xs)} }
	var tol float64
	c.try("staging f for its primitives", func() { tol = c.tolFor(flat, ex[0]) })
	ranks := make([]int, len(ex[0]))
	for i, x := range ex[0] {
		ranks[i] = x.Rank()
	}
	for _, cfg := range vmapConfigs(ranks) {
		c.try("vmap with "+cfg.name, func() {
			got := vmap.Map(f, vmap.InAxesLeaves(cfg.axes))(batchInputs(ex, cfg.axes))
			c.sameAsLoop([]*trace.Array{got}, loopStack(flat, ex, cfg.axes, false), tol)
		})
	}
	all0 := slices.Repeat([]int{0}, len(ranks))
	c.try("vmap with OutAxes(-1) (inputs along 0)", func() {
		got := vmap.Map(f, vmap.InAxesLeaves(all0), vmap.OutAxes(-1))(batchInputs(ex, all0))
		c.sameAsLoop([]*trace.Array{got}, loopStack(flat, ex, all0, true), tol)
	})
	last := slices.Repeat([]int{-1}, len(ranks))
	c.try("vmap with Chunk(2) (inputs along -1)", func() {
		in := batchInputs(ex, last)
		got := vmap.Map(f, vmap.InAxesLeaves(last), vmap.Chunk(2))(in)
		whole := vmap.Map(f, vmap.InAxesLeaves(last))(in)
		c.bitwise(got, whole)
		c.sameAsLoop([]*trace.Array{got}, loopStack(flat, ex, last, false), tol)
	})
	c.try("nested vmap (inner along 0, outer along -1)", func() {
		// A 3×2 batch of batches: inner example l of outer example k is
		// example (k + l) mod 3.
		inner := func(k int) [][]*trace.Array { return [][]*trace.Array{ex[k], ex[(k+1)%len(ex)]} }
		outer := make([][]*trace.Array, len(ex))
		want := make([]*trace.Array, len(ex))
		for k := range ex {
			outer[k] = batchInputs(inner(k), all0)
			want[k] = loopStack(flat, inner(k), all0, false)[0]
		}
		got := vmap.Map(vmap.Map(f, vmap.InAxesLeaves(all0)), vmap.InAxesLeaves(last))(batchInputs(outer, last))
		c.sameAsLoop([]*trace.Array{got}, []*trace.Array{trace.Stack(0, want...)}, tol)
	})
}

// CheckVmapDerivatives checks vmap.Map of s.Fn's derivative functions at
// dtype dt against loops over 3 examples, as [CheckVmap] does for s.Fn:
//
//   - the JVP (x, v) ↦ tangent of JVP(f, x, v), with primals and tangents
//     batched along axis 0, then with the primal NotMapped and only the
//     tangents batched (the pattern of jacobian.Fwd);
//   - the backward function of VJP(f, x₀) batched over cotangents (the
//     pattern of jacobian.Rev), and the per-example VJP (x, u) ↦ VJP(f, x)(u)
//     with both batched;
//   - the other order, JVP and VJP of vmap.Map(f): the tangent and the
//     cotangents of the batched function must be the stacked per-example
//     ones.
func CheckVmapDerivatives(t testing.TB, s OpSpec, dt trace.DType) {
	t.Helper()
	c := newChecker(t, s, dt)
	r := newRand()
	ex := s.vmapExamples(dt, r)
	n := len(s.Shapes)
	y := s.Fn(ex[0])
	// Per example: the primals, then the tangents, then the cotangent.
	for k := range ex {
		ex[k] = append(append(ex[k], randomLike(r, ex[k])...), randomCotangent(r, y))
	}
	tangent := func(in []*trace.Array) []*trace.Array {
		_, t := jvp.JVP(s.Fn, in[:n], in[n:2*n])
		return []*trace.Array{t}
	}
	perExampleVJP := func(in []*trace.Array) []*trace.Array {
		_, back := vjp.VJP(s.Fn, in[:n])
		return back(in[2*n])
	}
	both := slices.Repeat([]int{0}, 2*n+1)
	both[2*n] = vmap.NotMapped // the cotangent, unused by the JVP
	tanOnly := slices.Clone(both)
	for i := range n {
		tanOnly[i] = vmap.NotMapped
	}
	vjpBoth := slices.Repeat([]int{0}, 2*n+1)
	for i := n; i < 2*n; i++ {
		vjpBoth[i] = vmap.NotMapped // the tangents, unused by the VJP
	}
	for _, k := range []struct {
		name string
		f    flatFn
		axes []int
	}{
		{"vmap of JVP (primals and tangents along 0)", tangent, both},
		{"vmap of JVP (primals NotMapped, tangents along 0)", tangent, tanOnly},
		{"vmap of per-example VJP (primals and cotangents along 0)", perExampleVJP, vjpBoth},
	} {
		c.try(k.name, func() {
			tol := c.tolFor(k.f, ex[0])
			got := vmap.Map(k.f, vmap.InAxesLeaves(k.axes))(batchInputs(ex, k.axes))
			c.sameAsLoop(got, loopStack(k.f, ex, k.axes, false), tol)
		})
	}
	// The other order: derivatives of the batched function.
	all0 := slices.Repeat([]int{0}, n)
	batched := vmap.Map(s.Fn, vmap.InAxesLeaves(all0))
	c.try("JVP of vmap (primals and tangents along 0)", func() {
		tol := c.tolFor(tangent, ex[0])
		in := batchInputs(ex, both)
		_, got := jvp.JVP(batched, in[:n], in[n:2*n])
		c.sameAsLoop([]*trace.Array{got}, loopStack(tangent, ex, both, false), tol)
	})
	c.try("VJP of vmap (primals and cotangents along 0)", func() {
		tol := c.tolFor(perExampleVJP, ex[0])
		in := batchInputs(ex, vjpBoth)
		_, back := vjp.VJP(batched, in[:n])
		c.sameAsLoop(back(in[2*n]), loopStack(perExampleVJP, ex, vjpBoth, false), tol)
	})
	c.try("vmap of the backward function of VJP(f, x₀) (cotangents along 0)", func() {
		_, back := vjp.VJP(s.Fn, ex[0][:n])
		us := make([][]*trace.Array, len(ex))
		for k := range ex {
			us[k] = []*trace.Array{ex[k][2*n]}
		}
		f := func(u []*trace.Array) []*trace.Array { return back(u[0]) }
		tol := c.tolFor(f, us[0])
		got := vmap.Map(back)(batchInputs(us, []int{0})[0])
		c.sameAsLoop(got, loopStack(f, us, []int{0}, false), tol)
	})
}

// vmapExamples returns vmapBatch examples of the spec's inputs at dt: seeded
// draws from the domain, or for fixed Values, the values rotated by k
// positions for example k (same multiset: ties and zeros stay, at other
// places).
func (s OpSpec) vmapExamples(dt trace.DType, r *rand.Rand) [][]*trace.Array {
	ex := make([][]*trace.Array, vmapBatch)
	for k := range ex {
		sk := s
		if s.Values != nil {
			sk.Values = make([][]float64, len(s.Values))
			for i, v := range s.Values {
				sk.Values[i] = slices.Clone(v)
				if len(v) > 0 {
					sk.Values[i] = append(slices.Clone(v[k%len(v):]), v[:k%len(v)]...)
				}
			}
		}
		ex[k] = sk.Inputs(dt, r)
	}
	return ex
}

// vmapConfig is one assignment of batch axes to the inputs.
type vmapConfig struct {
	name string
	axes []int // per input: an axis (negative from the end) or vmap.NotMapped
}

// vmapConfigs lists the axis configurations for inputs of the given ranks,
// without duplicates (a scalar input has only axis 0 once batched).
func vmapConfigs(ranks []int) []vmapConfig {
	n := len(ranks)
	each := func(ax func(i int) int) []int {
		a := make([]int, n)
		for i := range a {
			a[i] = ax(i)
		}
		return a
	}
	cfgs := []vmapConfig{
		{"inputs along 0", each(func(int) int { return 0 })},
		{"inputs along 1 (0 for scalars)", each(func(i int) int { return min(1, ranks[i]) })},
		{"inputs along -1", each(func(int) int { return -1 })},
	}
	if n > 1 {
		cfgs = append(cfgs, vmapConfig{"inputs alternately along 0 and -1", each(func(i int) int { return -(i % 2) })})
		for j := range n {
			for _, other := range []int{0, -1} {
				cfgs = append(cfgs, vmapConfig{fmt.Sprintf("input %d NotMapped, others along %d", j, other),
					each(func(i int) int {
						if i == j {
							return vmap.NotMapped
						}
						return other
					})})
			}
		}
	}
	var out []vmapConfig
	seen := map[string]bool{}
	for _, c := range cfgs {
		key := fmt.Sprint(normAxes(c.axes, ranks))
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// normAxes returns the axes as non-negative axes of the batched inputs
// (rank + 1), NotMapped kept.
func normAxes(axes, ranks []int) []int {
	out := slices.Clone(axes)
	for i, a := range out {
		if a < 0 && a != vmap.NotMapped {
			out[i] = a + ranks[i] + 1
		}
	}
	return out
}

// batchInputs stacks the examples' input i along axes[i] (negative from the
// end of the batched array); a NotMapped input is example 0's, unbatched.
func batchInputs(ex [][]*trace.Array, axes []int) []*trace.Array {
	out := make([]*trace.Array, len(axes))
	for i, a := range axes {
		if a == vmap.NotMapped {
			out[i] = ex[0][i]
			continue
		}
		col := make([]*trace.Array, len(ex))
		for k := range ex {
			col[k] = ex[k][i]
		}
		if a < 0 {
			a += col[0].Rank() + 1
		}
		out[i] = trace.Stack(a, col...)
	}
	return out
}

// loopStack is the oracle: f applied to each example (NotMapped inputs taken
// from example 0, as batchInputs passes them) and each output leaf stacked
// along axis 0, or along its last axis when last is set.
func loopStack(f flatFn, ex [][]*trace.Array, axes []int, last bool) []*trace.Array {
	var outs [][]*trace.Array
	for k := range ex {
		in := slices.Clone(ex[k])
		for i, a := range axes {
			if a == vmap.NotMapped {
				in[i] = ex[0][i]
			}
		}
		outs = append(outs, f(in))
	}
	stacked := make([]*trace.Array, len(outs[0]))
	for j := range stacked {
		col := make([]*trace.Array, len(outs))
		for k := range outs {
			col[k] = outs[k][j]
		}
		ax := 0
		if last {
			ax = col[0].Rank()
		}
		stacked[j] = trace.Stack(ax, col...)
	}
	return stacked
}

// try runs one check at a stage, turning a panic into a failure of that
// stage only, so the other configurations still run.
func (c *checker) try(stage string, f func()) {
	c.t.Helper()
	c.stage = stage
	defer c.recover()
	f()
}

// tolFor is vmapTol for f when its staged program at xs accumulates, else 0.
func (c *checker) tolFor(f flatFn, xs []*trace.Array) float64 {
	p, err := trace.Stage(f, xs)
	if err != nil {
		panic(err)
	}
	for _, e := range p.Eqns {
		if slices.Contains(accumulating, e.Op) {
			return vmapTol[c.dt]
		}
	}
	return 0
}

// sameAsLoop checks that the batched results have the loop's shapes and
// dtypes and equal it within tol·(1 + |loop|) (exactly when tol is 0).
func (c *checker) sameAsLoop(got, want []*trace.Array, tol float64) {
	c.t.Helper()
	if len(got) != len(want) {
		c.errorf("vmap gives %d result leaves, the loop %d", len(got), len(want))
		return
	}
	for j := range got {
		g, w := got[j], want[j]
		if !slices.Equal(g.Shape(), w.Shape()) || g.DType() != w.DType() {
			c.errorf("result leaf %d is %v under vmap, %v by the loop", j, g.Aval(), w.Aval())
			continue
		}
		gv, wv := g.Float64s(), w.Float64s()
		worst, worstErr, fail := 0, 0.0, false
		for k := range gv {
			if gv[k] == wv[k] || math.IsNaN(gv[k]) && math.IsNaN(wv[k]) {
				continue
			}
			e := math.Abs(gv[k] - wv[k])
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			if e >= worstErr {
				worst, worstErr = k, e
			}
			if !(e <= tol*(1+math.Abs(wv[k]))) {
				fail = true
			}
		}
		if statsOn && tol > 0 {
			c.t.Logf("STAT vmap %s [%v] %s: max abs difference %.3g, tolerance %.3g", c.s.Name, c.dt, c.stage, worstErr, tol)
		}
		if fail {
			how := "must equal it exactly (no accumulating primitive)"
			if tol > 0 {
				how = fmt.Sprintf("tolerance %.3g·(1 + |loop|)", tol)
			}
			c.errorf("vmap disagrees with the loop over examples: result leaf %d %v at index %v is %.17g under vmap, %.17g by the loop "+
				"(abs difference %.3g); %s", j, g.Aval(), unravel(worst, g.Shape()), gv[worst], wv[worst], worstErr, how)
		}
	}
}

// bitwise checks that the chunked result is bit for bit the unchunked one.
func (c *checker) bitwise(got, want *trace.Array) {
	c.t.Helper()
	if !got.Aval().Equal(want.Aval()) {
		c.errorf("chunked result is %v, unchunked %v", got.Aval(), want.Aval())
		return
	}
	gv, wv := got.Float64s(), want.Float64s()
	var diff []string
	for k := range gv {
		if math.Float64bits(gv[k]) != math.Float64bits(wv[k]) {
			diff = append(diff, fmt.Sprintf("%v: %.17g vs %.17g", unravel(k, got.Shape()), gv[k], wv[k]))
		}
	}
	if len(diff) > 0 {
		c.errorf("Chunk(2) result differs from the unchunked one at %d of %d elements (index: chunked vs unchunked): %s",
			len(diff), len(gv), strings.Join(diff[:min(len(diff), 4)], "; "))
	}
}
