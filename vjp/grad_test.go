package vjp_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// seed is the running example f(x1, x2) = ln(x1) + x1·x2 − sin(x2).
func seed(x *trace.Array) *trace.Array {
	x1, x2 := trace.Index(x, 0), trace.Index(x, 1)
	return trace.Sub(trace.Add(trace.Log(x1), trace.Mul(x1, x2)), trace.Sin(x2))
}

type mlp struct{ W1, B1, W2, B2 *trace.Array }

func mlpLoss(x, y *trace.Array) func(mlp) *trace.Array {
	return func(p mlp) *trace.Array {
		h := trace.Tanh(trace.Add(trace.MatMul(x, p.W1), p.B1))
		out := trace.Add(trace.MatMul(h, p.W2), p.B2)
		return trace.Mean(trace.Square(trace.Sub(out, y)))
	}
}

func ramp(dt trace.DType, shape ...int) *trace.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return trace.Reshape(trace.Linspace(dt, -1, 1, n), shape...)
}

func mlpParams(dt trace.DType) mlp {
	return mlp{W1: ramp(dt, 4, 8), B1: ramp(dt, 8), W2: ramp(dt, 8, 2), B2: ramp(dt, 2)}
}

func TestGradRunningExample(t *testing.T) {
	x := trace.FromFloat64s([]float64{2, 5})
	g := vjp.Grad(seed)(x).Float64s()
	// Hand-written: ∂f/∂x1 = 1/x1 + x2, ∂f/∂x2 = x1 − cos(x2).
	assert.Equal(t, []float64{1.0/2 + 5, 2 - math.Cos(5)}, g)
	y, yd := jvp.JVP(seed, x, trace.FromFloat64s([]float64{1, 0}))
	assert.Equal(t, math.Log(2)+10-math.Sin(5), y.Item())
	assert.Equal(t, 5.5, yd.Item())
}

// The derivative programs staged from Grad are small and readable: golden
// files, each also passing the verifier.
func TestGoldenDerivativePrograms(t *testing.T) {
	x := ramp(trace.Float32, 5, 4)
	y := ramp(trace.Float32, 5, 2)
	cases := []struct {
		name  string
		stage func() (*trace.Program, error)
	}{
		{"grad_running_example", func() (*trace.Program, error) {
			return trace.Stage(vjp.Grad(seed), trace.FromFloat64s([]float64{2, 5}))
		}},
		{"grad_mlp_loss", func() (*trace.Program, error) {
			return trace.Stage(vjp.Grad(mlpLoss(x, y)), mlpParams(trace.Float32))
		}},
		{"grad_matmul", func() (*trace.Program, error) {
			w := ramp(trace.Float32, 3, 4)
			return trace.Stage(vjp.Grad(func(a *trace.Array) *trace.Array {
				return trace.Sum(trace.MatMul(a, w))
			}), ramp(trace.Float32, 2, 3))
		}},
		{"hvp_running_example", func() (*trace.Program, error) {
			return trace.Stage(func(v *trace.Array) *trace.Array {
				_, t := jvp.JVP(vjp.Grad(seed), trace.FromFloat64s([]float64{2, 5}), v)
				return t
			}, trace.FromFloat64s([]float64{1, 0}))
		}},
		{"vjp_tanh_layer", func() (*trace.Program, error) {
			w := ramp(trace.Float32, 3, 3)
			return trace.Stage(func(u *trace.Array) *trace.Array {
				_, back := vjp.VJP(func(x *trace.Array) *trace.Array { return trace.Tanh(trace.MatMul(w, x)) }, ramp(trace.Float32, 3))
				return back(u)
			}, ramp(trace.Float32, 3))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.stage()
			require.NoError(t, err)
			require.NoError(t, trace.Check(p))
			got := fmt.Sprintf("%+v\n", p)
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./vjp -update to create the golden file")
			assert.Equal(t, string(want), got)
		})
	}
}

func TestValueAndGradStruct(t *testing.T) {
	x := ramp(trace.Float64, 5, 4)
	y := ramp(trace.Float64, 5, 2)
	loss, g := vjp.ValueAndGrad(mlpLoss(x, y))(mlpParams(trace.Float64))
	assert.Equal(t, mlpLoss(x, y)(mlpParams(trace.Float64)).Item(), loss.Item())
	assert.Equal(t, []int{4, 8}, g.W1.Shape())
	assert.Equal(t, []int{2}, g.B2.Shape())
	// ∂loss/∂B2 = mean over rows of 2(out − y)/(rows·cols) summed: check against
	// the closed form computed eagerly.
	p := mlpParams(trace.Float64)
	h := trace.Tanh(trace.Add(trace.MatMul(x, p.W1), p.B1))
	resid := trace.Sub(trace.Add(trace.MatMul(h, p.W2), p.B2), y)
	want := trace.Mul(trace.Sum(resid, 0), trace.Scalar(2.0/10)).Float64s()
	assert.InDeltaSlice(t, want, g.B2.Float64s(), 1e-15)
}

func TestGradAux(t *testing.T) {
	type aux struct{ Pred, Count *trace.Array }
	f := func(x *trace.Array) (*trace.Array, aux) {
		pred := trace.Sin(x)
		return trace.Sum(trace.Square(pred)), aux{Pred: pred, Count: trace.Scalar(3)}
	}
	x := trace.FromFloat64s([]float64{0.1, 0.2, 0.3})
	g, a := vjp.GradAux(f)(x)
	assert.Equal(t, trace.Sin(x).Float64s(), a.Pred.Float64s())
	assert.True(t, a.Pred.IsConcrete())
	want := make([]float64, 3)
	for i, v := range x.Float64s() {
		want[i] = 2 * math.Sin(v) * math.Cos(v)
	}
	assert.InDeltaSlice(t, want, g.Float64s(), 1e-16)
}

// The fourth derivative of tanh by four nested Grads matches the closed form
// to f64 rounding.
func TestFourthDerivativeOfTanh(t *testing.T) {
	d4 := vjp.Grad(vjp.Grad(vjp.Grad(vjp.Grad(trace.Tanh))))
	for _, x := range []float64{-3, -0.7, 0, 0.5, 1.3, 4} {
		got := d4(trace.Scalar(x)).Item()
		// Both sides round a few dozen operations on values of magnitude ≤ 5:
		// agreement to 1e-13 relative is f64 rounding, not approximation.
		assert.InDelta(t, tanhDeriv(4, x), got, 1e-13*math.Max(1, math.Abs(got)), "x=%v", x)
	}
}

// tanhDeriv computes the n-th derivative of tanh at x from the polynomial
// recurrence P_{n+1}(t) = (1 − t²) P_n'(t), P_0(t) = t, with t = tanh x.
func tanhDeriv(n int, x float64) float64 {
	p := []float64{0, 1} // coefficients of P_0 = t
	for range n {
		d := make([]float64, len(p)) // P'
		for i := 1; i < len(p); i++ {
			d[i-1] = float64(i) * p[i]
		}
		q := make([]float64, len(d)+2) // (1 − t²) P'
		for i, c := range d {
			q[i] += c
			q[i+2] -= c
		}
		p = q
	}
	t := math.Tanh(x)
	v := 0.0
	for i := len(p) - 1; i >= 0; i-- {
		v = v*t + p[i]
	}
	return v
}

// The classic perturbation-confusion test: d/dx [x · d/dy (x + y)] = 1, not 2.
func TestNoPerturbationConfusion(t *testing.T) {
	f := func(x *trace.Array) *trace.Array {
		inner := func(y *trace.Array) *trace.Array { return trace.Add(x, y) }
		return trace.Mul(x, vjp.Grad(inner)(trace.Scalar(1)))
	}
	assert.Equal(t, 1.0, vjp.Grad(f)(trace.Scalar(3)).Item())
	// Same in forward mode, nested.
	g := func(x *trace.Array) *trace.Array {
		inner := func(y *trace.Array) *trace.Array { return trace.Add(x, y) }
		_, d := jvp.JVP(inner, trace.Scalar(1), trace.Scalar(1))
		return trace.Mul(x, d)
	}
	_, d := jvp.JVP(g, trace.Scalar(3), trace.Scalar(1))
	assert.Equal(t, 1.0, d.Item())
}

func TestHigherOrderCompositions(t *testing.T) {
	x := trace.FromFloat64s([]float64{2, 5})
	// Hessian of the running example: [[−1/x1², 1], [1, sin(x2)]].
	hess := [][]float64{{-0.25, 1}, {1, math.Sin(5)}}
	for i, e := range [][]float64{{1, 0}, {0, 1}} {
		v := trace.FromFloat64s(e)
		// forward-over-reverse
		_, hv := jvp.JVP(vjp.Grad(seed), x, v)
		assert.InDeltaSlice(t, hess[i], hv.Float64s(), 1e-15, "forward-over-reverse")
		// reverse-over-forward: grad of x ↦ ⟨∇f(x), v⟩ computed by JVP
		dir := func(x *trace.Array) *trace.Array {
			_, d := jvp.JVP(seed, x, v)
			return d
		}
		assert.InDeltaSlice(t, hess[i], vjp.Grad(dir)(x).Float64s(), 1e-15, "reverse-over-forward")
		// reverse-over-reverse
		comp := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Mul(vjp.Grad(seed)(x), v)) }
		assert.InDeltaSlice(t, hess[i], vjp.Grad(comp)(x).Float64s(), 1e-15, "reverse-over-reverse")
	}
}

func TestTranspose(t *testing.T) {
	a := ramp(trace.Float64, 3, 2)
	f := func(x *trace.Array) *trace.Array { return trace.MatMul(a, x) }
	ft := vjp.Transpose(f, trace.Zeros(trace.Float64, 2))
	u := trace.FromFloat64s([]float64{1, 2, 3})
	assert.Equal(t, trace.MatMul(trace.Transpose(a), u).Float64s(), ft(u).Float64s())
	err := trace.Try(func() {
		vjp.Transpose(trace.Sin, trace.Zeros(trace.Float64, 2))(trace.Ones(trace.Float64, 2))
	})
	assert.ErrorContains(t, err, "sin is applied to a tangent but is not linear")
}

func TestStopGradient(t *testing.T) {
	f := func(x *trace.Array) *trace.Array { return trace.Sum(trace.Mul(trace.StopGradient(x), x)) }
	x := trace.FromFloat64s([]float64{1, 2})
	assert.Equal(t, []float64{1, 2}, vjp.Grad(f)(x).Float64s())
	_, d := jvp.JVP(f, x, trace.FromFloat64s([]float64{1, 1}))
	assert.Equal(t, 3.0, d.Item())
}

func TestBadInput(t *testing.T) {
	x := trace.FromFloat64s([]float64{1, 2})
	cases := []struct {
		name string
		run  func()
		want string
	}{
		{"grad of vector", func() { vjp.Grad(trace.Sin)(x) }, "must return a float scalar"},
		{"grad of integer", func() {
			vjp.Grad(func(x *trace.Array) *trace.Array { return trace.ArgMax(x, 0) })(x)
		}, "must return a float scalar"},
		{"tangent shape", func() { jvp.JVP(trace.Sin, x, trace.Zeros(trace.Float64, 3)) }, "the tangent of leaf"},
		{"tangent dtype", func() { jvp.JVP(trace.Sin, x, trace.Zeros(trace.Float32, 2)) }, "same shape and dtype"},
		{"tangent tree", func() {
			jvp.JVP(func(xs []*trace.Array) *trace.Array { return xs[0] }, []*trace.Array{x}, []*trace.Array{x, x})
		}, "tangents have structure"},
		{"cotangent tree", func() {
			_, back := vjp.VJP(func(x *trace.Array) []*trace.Array { return []*trace.Array{x, x} }, x)
			back([]*trace.Array{x})
		}, "the cotangent has structure"},
		{"cotangent shape", func() {
			_, back := vjp.VJP(trace.Sin, x)
			back(trace.Zeros(trace.Float64, 3))
		}, "cotangent 0 is f64[3]"},
		{"escaped tracer", func() {
			var leak *trace.Array
			vjp.Grad(func(x *trace.Array) *trace.Array { leak = x; return trace.Sum(x) })(x)
			trace.Add(leak, x)
		}, "escaped tracer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := trace.Try(c.run)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), "grad_test.go:")
		})
	}
}
