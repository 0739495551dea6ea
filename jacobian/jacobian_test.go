package jacobian_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type fn = func(*trace.Array) *trace.Array

// in converts a constant to the dtype of x, so that every test function is
// dtype-generic: evaluated on a Float64 copy of x it is the accurate
// reference of the Float32 one.
func in(c, x *trace.Array) *trace.Array { return trace.Convert(c, x.DType()) }

// seeded returns n values uniform in [lo, hi) from a generator seeded by seed.
func seeded(seed uint64, n int, lo, hi float64) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
	}
	return v
}

func arr(dt trace.DType, v []float64, shape ...int) *trace.Array {
	return trace.Convert(trace.FromFloat64s(v, shape...), dt)
}

// Constants of the test functions (Float64; converted to x's dtype).
var (
	w43  = trace.FromFloat64s(seeded(1, 12, -1, 1), 4, 3)
	b4   = trace.FromFloat64s(seeded(2, 4, -0.5, 0.5))
	w35  = trace.FromFloat64s(seeded(3, 15, -1, 1), 3, 5)
	idx5 = trace.FromInt64s([]int64{2, 0, 1, 2, 0})
)

// jacCase is a function and the point its Jacobian is taken at.
type jacCase struct {
	name  string
	f     fn
	shape []int // of x
	out   []int // of f(x)
}

// jacCases are the representative functions: elementwise, a layer,
// softmax, reductions, broadcasting, non-square Jacobians in both
// directions, a matrix input, and scalar inputs and outputs.
func jacCases() []jacCase {
	return []jacCase{
		{"elementwise", func(x *trace.Array) *trace.Array {
			return trace.Mul(trace.Sin(x), trace.Exp(trace.Mul(x, trace.Scalar(0.5))))
		},
			[]int{4}, []int{4}},
		{"tanh-layer R3→R4", func(x *trace.Array) *trace.Array {
			return trace.Tanh(trace.Add(trace.MatMul(in(w43, x), x), in(b4, x)))
		}, []int{3}, []int{4}},
		{"softmax", func(x *trace.Array) *trace.Array { return trace.Softmax(x, -1) }, []int{5}, []int{5}},
		{"reductions [3,4]→[3]", func(x *trace.Array) *trace.Array {
			return trace.Add(trace.LogSumExp(x, 1), trace.Mul(trace.Max(x, 1), trace.Sum(trace.Square(x), 1)))
		}, []int{3, 4}, []int{3}},
		{"broadcasting R3→[2,3,3]", func(x *trace.Array) *trace.Array {
			col := trace.Reshape(trace.Sin(x), 3, 1)
			return trace.Add(trace.Mul(col, x), trace.Reshape(trace.Sub(trace.Square(x), x), 1, 1, 3))
		}, []int{3}, []int{1, 3, 3}},
		// Tall (more outputs than inputs) and wide.
		{"R3→R5", func(x *trace.Array) *trace.Array {
			return trace.Concatenate(0, trace.Sin(x), trace.Mul(trace.Slice(x, []int{0}, []int{2}, nil), trace.Slice(x, []int{1}, []int{3}, nil)))
		}, []int{3}, []int{5}},
		{"R5→R2", func(x *trace.Array) *trace.Array {
			return trace.Stack(0, trace.Sum(trace.Mul(x, trace.Cos(x))), trace.LogSumExp(trace.Mul(x, trace.Scalar(2))))
		}, []int{5}, []int{2}},
		{"matrix input [2,3]→[4]", func(x *trace.Array) *trace.Array {
			return trace.Concatenate(0, trace.Sum(trace.Sin(x), 0), trace.Reshape(trace.Sum(trace.Mul(x, x)), 1))
		}, []int{2, 3}, []int{4}},
		{"matrix to matrix [2,3]→[2,5]", func(x *trace.Array) *trace.Array { return trace.Tanh(trace.MatMul(x, in(w35, x))) }, []int{2, 3}, []int{2, 5}},
		{"gather R3→R5", func(x *trace.Array) *trace.Array {
			return trace.Mul(trace.Take(x, idx5, 0), trace.Take(trace.Exp(x), idx5, 0))
		},
			[]int{3}, []int{5}},
		{"scalar→scalar", func(x *trace.Array) *trace.Array { return trace.Mul(trace.Sin(x), trace.Exp(x)) }, []int{}, []int{}},
		{"scalar→R3", func(x *trace.Array) *trace.Array { return trace.Stack(0, x, trace.Square(x), trace.Tanh(x)) }, []int{}, []int{3}},
		{"R4→scalar", func(x *trace.Array) *trace.Array {
			return trace.Sqrt(trace.Add(trace.Sum(trace.Square(x)), trace.Scalar(1)))
		}, []int{4}, []int{}},
	}
}

// caseNamed returns the jacCase of that name.
func caseNamed(name string) jacCase {
	cs := jacCases()
	return cs[slices.IndexFunc(cs, func(c jacCase) bool { return c.name == name })]
}

func point(c jacCase, dt trace.DType) *trace.Array {
	n := 1
	for _, d := range c.shape {
		n *= d
	}
	return arr(dt, seeded(uint64(len(c.name)), n, -1.5, 1.5), c.shape...)
}

// Tolerances, elementwise |J − ref| ≤ tol·(1 + |ref|). The worst errors
// measured over this file's tests are given with each; all leave ≥ 60×.
var (
	// numericalTol is the tolerance of Fwd, Rev and Hessian against
	// Numerical. The reference is always Numerical of the function on a
	// Float64 copy of x (the functions are dtype-generic), accurate to
	// ≈ ε^(2/3) ≈ 4e-11 times the size of f and f‴ (O(1) here).
	// Float64: the autodiff error is ≈ 1e-15, so the gap is the reference's;
	// measured 7.3e-11, and 1e-8 fails any wrong derivative (an O(1) error)
	// by orders of magnitude. Float32: the Jacobian is computed in Float32, a
	// few ulps (6e-8 each) amplified by cancellation (softmax, logsumexp) and
	// short sums; measured 1.6e-7, 1e-5 ≈ 80 ulps (JAX's float32 gradient
	// tolerance, 2e-3, differences in float32 and is much looser).
	numericalTol = map[trace.DType]float64{trace.Float64: 1e-8, trace.Float32: 1e-5}
	// modeTol bounds the gap between two autodiff results for the same
	// matrix (Fwd vs Rev, the four ways to a Hessian, HVP vs H·v, symmetry):
	// the same rules evaluated in another order, so only rounding. 64 ulps;
	// measured 1.4 ulps (f64, 1.9e-16) and 0.8 ulps (f32, 9.5e-8).
	modeTol = map[trace.DType]float64{trace.Float64: 64 * 0x1p-52, trace.Float32: 64 * 0x1p-23}
)

// assertClose checks got against want elementwise within tol·(1 + |want|),
// with equal shapes.
func assertClose(t *testing.T, want, got *trace.Array, tol float64, msg string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(msg, args...)
	if !assert.Equal(t, want.Shape(), got.Shape(), "%s: shape", what) {
		return
	}
	w, g := want.Float64s(), got.Float64s()
	worst, worstErr := 0, -1.0
	for i := range w {
		e := math.Abs(g[i] - w[i])
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		if e/(1+math.Abs(w[i])) > worstErr {
			worst, worstErr = i, e/(1+math.Abs(w[i]))
		}
	}
	if len(w) > 0 && !(worstErr <= tol) {
		t.Errorf("%s: at flat index %d got %.17g, want %.17g: error %.3g·(1 + |want|) > tolerance %.3g", what, worst, g[worst], w[worst], worstErr, tol)
	}
}

// assertBitwise checks that got is bit for bit want.
func assertBitwise(t *testing.T, want, got *trace.Array, msg string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(msg, args...)
	if !assert.Equal(t, want.Aval(), got.Aval(), "%s: aval", what) {
		return
	}
	w, g := want.Float64s(), got.Float64s()
	for i := range w {
		if math.Float64bits(w[i]) != math.Float64bits(g[i]) {
			t.Errorf("%s: not bitwise equal at flat index %d: %.17g vs %.17g", what, i, g[i], w[i])
			return
		}
	}
}

func TestFwdRevMatchNumerical(t *testing.T) {
	for _, c := range jacCases() {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(c.name+"/"+dt.String(), func(t *testing.T) {
				x := point(c, dt)
				wantShape := append(slices.Clone(c.out), c.shape...)
				ref := jacobian.Numerical(c.f, trace.Convert(x, trace.Float64))
				require.Equal(t, wantShape, ref.Shape())
				fwd, rev := jacobian.Fwd(c.f)(x), jacobian.Rev(c.f)(x)
				for _, j := range []*trace.Array{fwd, rev} {
					require.Equal(t, wantShape, j.Shape())
					require.Equal(t, dt, j.DType())
				}
				assertClose(t, ref, fwd, numericalTol[dt], "Fwd vs Numerical")
				assertClose(t, ref, rev, numericalTol[dt], "Rev vs Numerical")
				assertClose(t, fwd, rev, modeTol[dt], "Rev vs Fwd")
			})
		}
	}
}

// W5 of BENCHMARKS.md: f(x) = Σ sin(x) ⊙ (A·x).
func w5(a *trace.Array) fn {
	return func(x *trace.Array) *trace.Array {
		return trace.Sum(trace.Mul(trace.Sin(x), trace.MatMul(in(a, x), x)))
	}
}

// w5Closed returns the closed-form gradient and Hessian of W5:
// ∇f = cos(x)⊙(Ax) + Aᵀ sin(x) and
// H = diag(−sin(x)⊙(Ax)) + diag(cos x)·A + Aᵀ·diag(cos x).
func w5Closed(a []float64, x []float64) (grad, hess []float64) {
	n := len(x)
	ax := make([]float64, n)
	for i := range n {
		for j := range n {
			ax[i] += a[i*n+j] * x[j]
		}
	}
	grad = make([]float64, n)
	hess = make([]float64, n*n)
	for i := range n {
		grad[i] = math.Cos(x[i]) * ax[i]
		for j := range n {
			grad[i] += a[j*n+i] * math.Sin(x[j])
			hess[i*n+j] = math.Cos(x[i])*a[i*n+j] + a[j*n+i]*math.Cos(x[j])
		}
		hess[i*n+i] -= math.Sin(x[i]) * ax[i]
	}
	return grad, hess
}

func TestHessianW5ClosedForm(t *testing.T) {
	const n = 8
	av, xv := seeded(5, n*n, -1, 1), seeded(6, n, -2, 2)
	a, x := trace.FromFloat64s(av, n, n), trace.FromFloat64s(xv)
	f := w5(a)
	grad, hess := w5Closed(av, xv)
	// The closed forms are evaluated in float64 in another order than the
	// autodiff; both err by a few ulps of sums of n = 8 terms of size ≤ 2:
	// measured 1.7e-16, tolerance 1e-14 (45 ulps).
	const tol = 1e-14
	assertClose(t, trace.FromFloat64s(grad), vjp.Grad(f)(x), tol, "gradient vs closed form")
	h := jacobian.Hessian(f)(x)
	require.Equal(t, []int{n, n}, h.Shape())
	assertClose(t, trace.FromFloat64s(hess, n, n), h, tol, "Hessian vs closed form")
	assertClose(t, h, trace.Transpose(h), modeTol[trace.Float64], "Hessian symmetry")
	// And the closed form against central differences of the gradient.
	assertClose(t, trace.FromFloat64s(hess, n, n), jacobian.Numerical(vjp.Grad(f), x), 1e-8, "closed form vs Numerical")
}

// TestHessianSymmetric checks symmetry on functions with more structure than
// W5 (a softmax cross-entropy of a layer, a matrix input).
func TestHessianSymmetric(t *testing.T) {
	cases := []struct {
		name  string
		f     fn
		shape []int
	}{
		{"cross-entropy", func(x *trace.Array) *trace.Array {
			logits := trace.Tanh(trace.MatMul(in(w43, x), x))
			return trace.Sub(trace.LogSumExp(logits), trace.Index(logits, 1))
		}, []int{3}},
		{"matrix input", func(x *trace.Array) *trace.Array {
			return trace.Sum(trace.Sin(trace.MatMul(x, trace.Transpose(x))))
		}, []int{2, 3}},
	}
	for _, c := range cases {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(c.name+"/"+dt.String(), func(t *testing.T) {
				x := point(jacCase{name: c.name, shape: c.shape}, dt)
				h := jacobian.Hessian(c.f)(x)
				n := x.Size()
				require.Equal(t, append(slices.Clone(c.shape), c.shape...), h.Shape())
				hm := trace.Reshape(h, n, n)
				assertClose(t, hm, trace.Transpose(hm), modeTol[dt], "symmetry")
				ref := jacobian.Numerical(vjp.Grad(c.f), trace.Convert(x, trace.Float64))
				assertClose(t, ref, h, numericalTol[dt], "Hessian vs Numerical of the gradient")
			})
		}
	}
}

// TestCompositions: Fwd(Rev(f)), Rev(Rev(f)), Rev(Fwd(f)) and Hessian(f) of
// a scalar f are four ways to the same matrix; HVP is the Hessian times v.
func TestCompositions(t *testing.T) {
	const n = 5
	a := trace.FromFloat64s(seeded(8, n*n, -1, 1), n, n)
	fs := map[string]fn{
		"W5": w5(a),
		"logsumexp-layer": func(x *trace.Array) *trace.Array {
			return trace.LogSumExp(trace.Tanh(trace.MatMul(in(a, x), trace.Mul(x, x))))
		},
	}
	for name, f := range fs {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(name+"/"+dt.String(), func(t *testing.T) {
				x := arr(dt, seeded(9, n, -1.5, 1.5))
				h := jacobian.Hessian(f)(x)
				require.Equal(t, []int{n, n}, h.Shape())
				// Rev of a scalar function is its gradient, shaped like x.
				assertClose(t, vjp.Grad(f)(x), jacobian.Rev(f)(x), modeTol[dt], "Rev(f) vs Grad(f)")
				assertClose(t, h, jacobian.Fwd(jacobian.Rev(f))(x), modeTol[dt], "Fwd(Rev(f)) vs Hessian")
				assertClose(t, h, jacobian.Rev(jacobian.Rev(f))(x), modeTol[dt], "Rev(Rev(f)) vs Hessian")
				assertClose(t, h, jacobian.Rev(jacobian.Fwd(f))(x), modeTol[dt], "Rev(Fwd(f)) vs Hessian")
				assertClose(t, h, jacobian.Fwd(jacobian.Fwd(f))(x), modeTol[dt], "Fwd(Fwd(f)) vs Hessian")
				assertClose(t, jacobian.Numerical(vjp.Grad(f), trace.Convert(x, trace.Float64)), h, numericalTol[dt], "Hessian vs Numerical")
				for k := range 2 {
					v := arr(dt, seeded(uint64(20+k), n, -1, 1))
					hv := trace.MatMul(h, v)
					assertClose(t, hv, jacobian.HVP(f, x, v), modeTol[dt], "HVP vs Hessian·v%d", k)
				}
			})
		}
	}
}

// Chunking splits the basis; every chunk is the same batched computation on
// fewer rows, so the result must be bitwise the unchunked one.
func TestChunkedBitwise(t *testing.T) {
	const n = 6
	a := trace.FromFloat64s(seeded(10, n*n, -1, 1), n, n)
	cases := []struct {
		name   string
		f      fn
		shape  []int
		scalar bool
	}{
		{"W5", w5(a), []int{n}, true},
		{"tanh-layer", caseNamed("tanh-layer R3→R4").f, []int{3}, false},
		{"matrix to matrix", caseNamed("matrix to matrix [2,3]→[2,5]").f, []int{2, 3}, false},
		{"softmax", caseNamed("softmax").f, []int{5}, false},
	}
	for _, c := range cases {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(c.name+"/"+dt.String(), func(t *testing.T) {
				x := point(jacCase{name: c.name, shape: c.shape}, dt)
				modes := map[string]func(fn, ...jacobian.Option) fn{"Fwd": jacobian.Fwd, "Rev": jacobian.Rev}
				if c.scalar {
					modes["Hessian"] = jacobian.Hessian
				}
				for mname, m := range modes {
					whole := m(c.f)(x)
					for _, k := range []int{1, 3, 100} {
						assertBitwise(t, whole, m(c.f, jacobian.Chunk(k))(x), "%s with Chunk(%d)", mname, k)
					}
				}
			})
		}
	}
}

// stagedText is the printed program of g staged at x, checked.
func staged(t *testing.T, g fn, x *trace.Array) *trace.Program {
	t.Helper()
	p, err := trace.Stage(g, x)
	require.NoError(t, err)
	require.NoError(t, trace.Check(p))
	return p
}

func TestAutoPicksTheCheaperMode(t *testing.T) {
	for _, c := range []struct {
		name string
		fwd  bool
	}{
		{"R3→R5", true}, // tall: more outputs than inputs
		{"scalar→R3", true},
		{"tanh-layer R3→R4", true},
		{"R5→R2", false}, // wide
		{"R4→scalar", false},
		{"reductions [3,4]→[3]", false},
		{"softmax", false}, // square: Rev
	} {
		t.Run(c.name, func(t *testing.T) {
			jc := caseNamed(c.name)
			x := point(jc, trace.Float64)
			want, other := jacobian.Rev(jc.f), jacobian.Fwd(jc.f)
			if c.fwd {
				want, other = other, want
			}
			auto := jacobian.Auto(jc.f)
			assertBitwise(t, want(x), auto(x), "Auto vs the expected mode")
			assertClose(t, other(x), auto(x), modeTol[trace.Float64], "Auto vs the other mode")
			// Values alone may coincide bitwise; the staged programs show the
			// mode: Auto's is the chosen mode's, and differs from the other.
			pa, pw, po := staged(t, auto, x), staged(t, want, x), staged(t, other, x)
			assert.Equal(t, pw.String(), pa.String(), "Auto stages the expected mode")
			assert.NotEqual(t, po.String(), pa.String(), "Auto does not stage the other mode")
		})
	}
}

// countOp counts the equations of p that apply op.
func countOp(p *trace.Program, op trace.Op) int {
	n := 0
	for _, e := range p.Eqns {
		if e.Op == op {
			n++
		}
	}
	return n
}

// The Jacobian programs are batched: a Jacobian is one batched JVP or VJP
// over the basis, so the number of equations, and of dot_general in
// particular, does not grow with the sizes (one dot_general for a batch of
// matrix-vector products, not one per basis vector). The printed programs
// for the small sizes are golden files (go test -update rewrites them).
func TestGoldenJacobianPrograms(t *testing.T) {
	layer := func(n int) fn { // tanh(W·x + b), W [4/3·n]×n
		m := 4 * n / 3
		w := trace.FromFloat32s(f32s(seeded(11, m*n, -1, 1)), m, n)
		b := trace.FromFloat32s(f32s(seeded(12, m, -1, 1)))
		return func(x *trace.Array) *trace.Array { return trace.Tanh(trace.Add(trace.MatMul(w, x), b)) }
	}
	// In Fwd of the layer the tangents W·eᵢ do not depend on x: staging
	// folds them into a constant (Wᵀ), leaving only the primal dot_general.
	// With x ⊙ x inside, the batched tangent product W·(2x ⊙ V) is in the
	// program, as one dot_general over the whole basis V.
	squareLayer := func(n int) fn {
		l := layer(n)
		return func(x *trace.Array) *trace.Array { return l(trace.Mul(x, x)) }
	}
	w5n := func(n int) fn { return w5(trace.FromFloat64s(seeded(13, n*n, -1, 1), n, n)) }
	cases := []struct {
		name  string
		g     func(n int) fn
		dt    trace.DType
		sizes [2]int
		dots  int // dot_general equations: the primal's and the batched ones
	}{
		{"rev_tanh_layer", func(n int) fn { return jacobian.Rev(layer(n)) }, trace.Float32, [2]int{3, 6}, 2},
		{"fwd_tanh_layer", func(n int) fn { return jacobian.Fwd(layer(n)) }, trace.Float32, [2]int{3, 6}, 1},
		{"fwd_tanh_square_layer", func(n int) fn { return jacobian.Fwd(squareLayer(n)) }, trace.Float32, [2]int{3, 6}, 2},
		{"hessian_w5", func(n int) fn { return jacobian.Hessian(w5n(n)) }, trace.Float64, [2]int{4, 8}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var progs [2]*trace.Program
			for i, n := range c.sizes {
				progs[i] = staged(t, c.g(n), trace.Zeros(c.dt, n))
			}
			small, large := progs[0], progs[1]
			dots := countOp(small, trace.OpDotGeneral)
			assert.Equal(t, c.dots, dots, "dot_general equations at size %d", c.sizes[0])
			assert.Equal(t, dots, countOp(large, trace.OpDotGeneral),
				"dot_general count grows with the size (%d → %d): not batched", c.sizes[0], c.sizes[1])
			assert.Equal(t, len(small.Eqns), len(large.Eqns),
				"equation count grows with the size (%d → %d): not batched", c.sizes[0], c.sizes[1])

			got := fmt.Sprintf("%+v\n", small)
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "missing golden file: run go test ./jacobian -run TestGoldenJacobianPrograms -update")
			assert.Equal(t, string(want), got)
			// The staged program computes the Jacobian it was staged from.
			x := arr(c.dt, seeded(14, c.sizes[0], -1, 1))
			outs, err := trace.Eval(small, x)
			require.NoError(t, err)
			assertBitwise(t, c.g(c.sizes[0])(x), outs[0], "evaluated program vs eager")
		})
	}
}

// Per-example Jacobians: vmap of Fwd, Rev, Auto and Hessian against a loop
// (the Jacobian functions compose with vmap: a batch of basis pushes inside a
// batch of examples).
func TestPerExampleJacobians(t *testing.T) {
	modes := map[string]func(fn, ...jacobian.Option) fn{"Fwd": jacobian.Fwd, "Rev": jacobian.Rev, "Auto": jacobian.Auto}
	for _, c := range jacCases() {
		for _, dt := range []trace.DType{trace.Float64, trace.Float32} {
			t.Run(c.name+"/"+dt.String(), func(t *testing.T) {
				x0 := point(c, dt)
				xs := []*trace.Array{x0, trace.Mul(x0, trace.Scalar(0.7)), trace.Neg(x0)}
				batch := trace.Stack(0, xs...)
				for name, m := range modes {
					want := make([]*trace.Array, len(xs))
					for k, x := range xs {
						want[k] = m(c.f)(x)
					}
					assertClose(t, trace.Stack(0, want...), vmap.Map(m(c.f))(batch), modeTol[dt], "vmap of %s", name)
				}
				if len(c.out) == 0 {
					want := make([]*trace.Array, len(xs))
					for k, x := range xs {
						want[k] = jacobian.Hessian(c.f)(x)
					}
					assertClose(t, trace.Stack(0, want...), vmap.Map(jacobian.Hessian(c.f))(batch), modeTol[dt], "vmap of Hessian")
				}
			})
		}
	}
}

func f32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		name string
		run  func()
		want string
	}{
		{"Chunk(-1) Fwd", func() { jacobian.Fwd(trace.Sin, jacobian.Chunk(-1)) }, "Chunk(-1) must be positive"},
		{"Chunk(-1) Rev", func() { jacobian.Rev(trace.Sin, jacobian.Chunk(-1)) }, "Chunk(-1) must be positive"},
		{"Chunk(-1) Hessian", func() { jacobian.Hessian(trace.Sin, jacobian.Chunk(-1)) }, "Chunk(-1) must be positive"},
		{"Chunk(-1) Auto", func() { jacobian.Auto(trace.Sin, jacobian.Chunk(-1)) }, "Chunk(-1) must be positive"},
		{"Hessian of a vector function", func() { jacobian.Hessian(trace.Sin)(trace.Ones(trace.Float64, 3)) },
			"the function must return a float scalar (a loss), got f64[3]"},
		{"HVP of a vector function", func() {
			jacobian.HVP(trace.Sin, trace.Ones(trace.Float64, 3), trace.Ones(trace.Float64, 3))
		}, "the function must return a float scalar (a loss), got f64[3]"},
		{"Hessian of an integer function", func() {
			jacobian.Hessian(func(x *trace.Array) *trace.Array { return trace.ArgMax(x, 0) })(trace.Ones(trace.Float64, 3))
		}, "float scalar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := trace.Try(c.run)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// An empty input has an empty Jacobian: shape out.shape ++ [0], as Numerical
// gives. Rev computes it; Fwd (whose basis is the empty input space) and Auto
// (which picks Fwd when the input is smaller) raise a clear error instead
// (reported as an inconsistency; either outcome is accepted here, but never
// a crash or a wrongly shaped result).
func TestEmptyInput(t *testing.T) {
	sum1 := func(x *trace.Array) *trace.Array { return trace.Reshape(trace.Sum(x), 1) }
	x := trace.Zeros(trace.Float64, 0)
	want := jacobian.Numerical(sum1, x)
	require.Equal(t, []int{1, 0}, want.Shape())
	assert.Equal(t, []int{1, 0}, jacobian.Rev(sum1)(x).Shape(), "Rev")
	for name, m := range map[string]func(fn, ...jacobian.Option) fn{"Fwd": jacobian.Fwd, "Rev": jacobian.Rev, "Auto": jacobian.Auto} {
		var j *trace.Array
		err := trace.Try(func() { j = m(sum1)(x) })
		if err != nil {
			assert.Contains(t, err.Error(), "no elements", name)
			assert.Contains(t, err.Error(), "f64[0]", name)
			continue
		}
		assert.Equal(t, []int{1, 0}, j.Shape(), name)
	}
}
