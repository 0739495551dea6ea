package accel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel"
	"github.com/leibniz-go/leibniz/accel/kernels"
	"github.com/leibniz-go/leibniz/trace"
)

// combineCase is a group whose arithmetic the compiler may combine (or
// must not): want and notWant are fragments of the compiled group's
// description.
type combineCase struct {
	name    string
	f       func(x, y, z *trace.Array) []*trace.Array
	want    []string
	notWant []string
}

func combineCases() []combineCase {
	T := trace.Tanh
	return []combineCase{
		{"mul then add", func(x, y, z *trace.Array) []*trace.Array {
			return []*trace.Array{trace.Add(trace.Mul(x, y), T(z))}
		}, []string{"mul→add"}, nil},
		// The intermediate is the right operand: z − x·y, z / (x+y).
		{"swapped sub and div", func(x, y, z *trace.Array) []*trace.Array {
			return []*trace.Array{trace.Sub(z, trace.Mul(x, y)), trace.Div(T(z), trace.Add(x, y))}
		}, []string{"mul→sub", "add→div"}, nil},
		// Each intermediate has its own second operand (s, from a sin) so
		// that no two are the same value.
		{"every pair", func(x, y, z *trace.Array) []*trace.Array {
			var out []*trace.Array
			ops := []func(a, b *trace.Array) *trace.Array{trace.Add, trace.Sub, trace.Mul, trace.Div}
			k := 0.0
			s := func() *trace.Array { k++; return trace.Sin(trace.Mul(y, trace.Scalar(k))) }
			for _, op1 := range ops {
				for _, op2 := range ops {
					out = append(out, op2(op1(x, s()), z), op2(z, op1(s(), x)))
				}
			}
			return out
		}, []string{"div→sub", "sub→mul", "add→add", "mul→div"}, nil},
		// Read twice: both instructions stay.
		{"intermediate read twice", func(x, y, z *trace.Array) []*trace.Array {
			t := trace.Mul(x, y)
			return []*trace.Array{trace.Add(t, z), trace.Sub(t, z)}
		}, nil, []string{"→"}},
		// t = u·y, then u's register is reused by sin(x) before t is read:
		// moving the product to its reader would read sin(x) for u.
		{"operand overwritten", func(x, y, z *trace.Array) []*trace.Array {
			u := trace.Exp(x)
			t := trace.Mul(u, y)
			v := trace.Sin(x)
			return []*trace.Array{trace.Add(t, v)}
		}, nil, []string{"→"}},
		// A value that is also an output is stored, not combined.
		{"intermediate escapes", func(x, y, z *trace.Array) []*trace.Array {
			t := trace.Mul(x, y)
			return []*trace.Array{t, trace.Add(t, z)}
		}, nil, []string{"→"}},
		{"sum of a difference", func(x, y, z *trace.Array) []*trace.Array {
			return []*trace.Array{trace.Sum(trace.Sub(T(x), y)), trace.Sum(trace.Div(x, trace.Add(trace.Mul(y, y), trace.Scalar(2))))}
		}, []string{"reduce_sum(sub)", "reduce_sum(div)"}, nil},
		// The summed value is also an output: the sum reads it stored.
		{"summed value escapes", func(x, y, z *trace.Array) []*trace.Array {
			d := trace.Sub(x, y)
			return []*trace.Array{trace.Sum(d), d}
		}, nil, []string{"reduce_sum("}},
		{"max is not combined", func(x, y, z *trace.Array) []*trace.Array {
			return []*trace.Array{trace.Max(trace.Mul(x, y))}
		}, nil, []string{"reduce_max("}},
		{"integers are not combined", func(x, y, z *trace.Array) []*trace.Array {
			i, j := trace.Convert(x, trace.Int32), trace.Convert(y, trace.Int32)
			return []*trace.Array{trace.Add(trace.Mul(i, j), trace.Convert(z, trace.Int32))}
		}, nil, []string{"→"}},
		{"scalars", func(x, y, z *trace.Array) []*trace.Array {
			return []*trace.Array{trace.Sub(trace.Mul(x, trace.Scalar(2)), trace.Scalar(1))}
		}, []string{"mul→sub"}, nil},
	}
}

// Combined arithmetic gives bit for bit the elementwise results of eager
// evaluation (the same operations, each rounded), in float32 and float64,
// below a chunk, over several chunks and split across workers; where
// combining would be wrong it does not happen. Sums differ from eager's
// only in the order of additions.
func TestCombineEqualsEager(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, c := range combineCases() {
		for _, dt := range []trace.DType{trace.Float32, trace.Float64} {
			for _, n := range []int{5, 1031, kernels.ParallelMin + 37} {
				name := fmt.Sprintf("%s/%v/n=%d", c.name, dt, n)
				in := [3]*trace.Array{}
				for k := range in {
					in[k] = trace.Convert(trace.Add(randArray(r, n), trace.Scalar(float64(k)*0.25)), dt)
				}
				f := func(in [3]*trace.Array) []*trace.Array { return c.f(in[0], in[1], in[2]) }
				p, err := trace.Stage(f, in)
				require.NoError(t, err, name)
				exe, err := accel.Compile(p)
				require.NoError(t, err, name)
				for _, w := range c.want {
					require.Contains(t, exe.String(), w, name)
				}
				for _, w := range c.notWant {
					require.NotContains(t, exe.String(), w, name)
				}
				want, got := f(in), accel.Jit(f)(in)
				for i := range want {
					w, g := want[i].Float64s(), got[i].Float64s()
					if want[i].Rank() == 0 && c.name != "max is not combined" {
						// Every summed value is below 8 in magnitude (inputs
						// in [-3, 3.5]); a chunk's lane sum errs by at most
						// (16+6)·ε per unit summed, eager's pairwise sum by
						// about log2(n)·ε: 48·ε·8n bounds both.
						assert.InDelta(t, w[0], g[0], 48*eps(dt)*8*float64(n), "%s: sum %d", name, i)
						continue
					}
					if k := firstDiff(w, g); k >= 0 {
						t.Fatalf("%s: output %d differs first at %d: eager %v, jit %v", name, i, k, w[k], g[k])
					}
				}
			}
		}
	}
}

func eps(dt trace.DType) float64 {
	if dt == trace.Float32 {
		return 0x1p-24
	}
	return 0x1p-53
}

// A combined sum adds the same values in the same order as a sum of the
// stored difference: the two agree bit for bit.
func TestCombinedSumEqualsStoredSum(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{7, 1024, 4099, kernels.ParallelMin + 37} {
		in := [2]*trace.Array{randArray(r, n), randArray(r, n)}
		combined := accel.Jit(func(in [2]*trace.Array) *trace.Array { return trace.Sum(trace.Sub(in[0], in[1])) })(in)
		stored := accel.Jit(func(in [2]*trace.Array) []*trace.Array {
			d := trace.Sub(in[0], in[1])
			return []*trace.Array{trace.Sum(d), d}
		})(in)[0]
		require.Equal(t, math.Float64bits(stored.Item()), math.Float64bits(combined.Item()), "n=%d: %v and %v", n, stored.Item(), combined.Item())
	}
}

// randomGroup builds a random elementwise program over three inputs: a
// mix of arithmetic (often reading values made long before, so registers
// are reused between a value and its readers), transcendentals, a sin and
// cos of one operand, scalars, and sum and max sinks, with random values
// returned as outputs. Values stay bounded (tanh and sin squash them, and
// divisors are 1.5 + something in [0, 1)) so sums can be compared.
func randomGroup(r *rand.Rand, ops int) func(in [3]*trace.Array) []*trace.Array {
	type step struct{ kind, a, b int }
	steps := make([]step, ops)
	for i := range steps {
		steps[i] = step{r.IntN(10), r.IntN(3 + i), r.IntN(3 + i)}
	}
	outs := map[int]bool{}
	for range 1 + r.IntN(3) {
		outs[3+r.IntN(ops)] = true
	}
	return func(in [3]*trace.Array) []*trace.Array {
		vals := []*trace.Array{in[0], in[1], in[2]}
		var res []*trace.Array
		for _, s := range steps {
			a, b := vals[s.a], vals[s.b]
			var v *trace.Array
			switch s.kind {
			case 0:
				v = trace.Add(a, b)
			case 1:
				v = trace.Sub(a, b)
			case 2:
				v = trace.Mul(trace.Tanh(a), b)
			case 3:
				v = trace.Div(a, trace.Add(trace.Square(trace.Sin(b)), trace.Scalar(1.5)))
			case 4:
				v = trace.Maximum(a, trace.Neg(b))
			case 5:
				v = trace.Add(trace.Sin(a), trace.Cos(a))
			case 6:
				v = trace.Sub(trace.Mul(a, trace.Scalar(0.5)), trace.Scalar(1))
			case 7:
				v = trace.Tanh(trace.Mul(a, b))
			case 8:
				res = append(res, trace.Sum(trace.Sub(a, b)))
				v = trace.Exp(trace.Neg(trace.Abs(a)))
			default:
				res = append(res, trace.Max(trace.Mul(a, b)), trace.Sum(trace.Tanh(a)))
				v = trace.Mul(a, trace.Tanh(b))
			}
			vals = append(vals, trace.Tanh(v))
			if outs[len(vals)-1] {
				res = append(res, vals[len(vals)-1])
			}
		}
		return append(res, vals[len(vals)-1])
	}
}

// Random groups compiled and run chunk by chunk (below a chunk, over
// several with a partial last one, and split across workers) equal eager
// evaluation: elementwise results and maxima bit for bit, sums to within
// their rounding. They exercise register reuse, sinks placed between
// instructions and combined arithmetic together.
func TestRandomGroupsEqualEager(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	programs := 60
	if testing.Short() {
		programs = 15
	}
	for p := range programs {
		f := randomGroup(r, 4+r.IntN(20))
		for _, n := range []int{7, 2053, kernels.ParallelMin + 1029} {
			in := [3]*trace.Array{randArray(r, n), randArray(r, n), randArray(r, n)}
			want, got := f(in), accel.Jit(f)(in)
			require.Len(t, got, len(want))
			for i := range want {
				w, g := want[i].Float64s(), got[i].Float64s()
				if want[i].Rank() == 0 && math.Abs(w[0]-g[0]) <= 48*0x1p-24*8*float64(n) {
					// A sum (maxima must match below): every summed value
					// is below 8 in magnitude (inputs in [-3, 3], the
					// others in [-1, 1]), the bound of TestCombineEqualsEager.
					continue
				}
				if k := firstDiff(w, g); k >= 0 {
					t.Fatalf("program %d, n=%d, output %d differs first at %d: eager %v, jit %v", p, n, i, k, w[k], g[k])
				}
			}
		}
	}
}
