package transform_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform"
)

// passCase is one program and the pass applied to it; the result is compared
// with testdata/<pass>_<name>.golden.
type passCase struct {
	name  string
	build func(t testing.TB) *trace.Program
}

type x1 = *trace.Array
type x2 = [2]*trace.Array

func f32s(shape ...int) *trace.Array { return trace.Zeros(trace.Float32, shape...) }

// passes are the passes under test; "simplify" is followed by DCE so that the
// golden files show only what matters (raw Simplify is checked too).
var passes = []struct {
	name string
	run  func(*trace.Program) *trace.Program
}{
	{"dce", transform.DCE},
	{"cse", transform.CSE},
	{"simplify", func(p *trace.Program) *trace.Program { return transform.DCE(transform.Simplify(p)) }},
	{"optimize", transform.Optimize},
}

// dceCases are built by hand: Stage already drops what its outputs do not
// use.
func dceCases() []passCase {
	captured := trace.FromFloat32s([]float32{1, 2, 3})
	return []passCase{
		{"dead_branch", func(t testing.TB) *trace.Program {
			var b builder
			x := b.input(trace.Float32, 3)
			b.op(trace.OpExp, nil, x)
			y := b.op(trace.OpSin, nil, x)
			b.op(trace.OpMul, nil, y, y)
			return b.build(b.op(trace.OpCos, nil, y))
		}},
		{"dead_constant", func(t testing.TB) *trace.Program {
			var b builder
			x := b.input(trace.Float32, 3)
			c := b.constant(captured)
			b.op(trace.OpAdd, nil, x, c)
			return b.build(b.op(trace.OpNeg, nil, x))
		}},
		{"unused_input", func(t testing.TB) *trace.Program {
			var b builder
			x, y := b.input(trace.Float32, 2), b.input(trace.Float32, 3)
			b.op(trace.OpMul, nil, y, y)
			return b.build(b.op(trace.OpSin, nil, x))
		}},
		{"all_dead", func(t testing.TB) *trace.Program {
			var b builder
			x := b.input(trace.Float32, 3)
			c := b.constant(captured)
			b.op(trace.OpReduceSum, trace.ReduceParams{Axes: []int{0}}, b.op(trace.OpMul, nil, x, c))
			return b.build(x, f32(2))
		}},
		{"used_constant_kept", func(t testing.TB) *trace.Program {
			var b builder
			x := b.input(trace.Float32, 3)
			c1 := b.constant(captured)
			c2 := b.constant(trace.Ones(trace.Float32, 3))
			b.op(trace.OpMul, nil, x, c1)
			return b.build(b.op(trace.OpAdd, nil, x, c2), c1)
		}},
		{"nothing_dead", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(trace.Sin(x), captured) }, f32s(3))
		}},
	}
}

func cseCases() []passCase {
	shared := trace.FromFloat32s([]float32{1, 2, 3})
	return []passCase{
		{"duplicate_sin", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(trace.Sin(x), trace.Sin(x)) }, f32s(3))
		}},
		{"chain", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return trace.Add(trace.Exp(trace.Sin(x)), trace.Exp(trace.Sin(x)))
			}, f32s(3))
		}},
		{"commutative", func(t testing.TB) *trace.Program {
			return stage(t, func(xs x2) x1 {
				return trace.Sub(trace.Mul(xs[0], xs[1]), trace.Mul(xs[1], xs[0]))
			}, x2{f32s(3), f32s(3)})
		}},
		{"not_commutative", func(t testing.TB) *trace.Program {
			return stage(t, func(xs x2) x1 {
				return trace.Add(trace.Sub(xs[0], xs[1]), trace.Sub(xs[1], xs[0]))
			}, x2{f32s(3), f32s(3)})
		}},
		{"literals", func(t testing.TB) *trace.Program {
			// add a 2.0 and add 2.0 a merge, and so do the two add a 0.0;
			// add a 3.0 and add a -0.0 are different.
			return stageMulti(t, func(x x1) []x1 {
				return []x1{
					trace.Add(x, trace.Scalar(2)), trace.Add(trace.Scalar(2), x), trace.Add(x, trace.Scalar(3)),
					trace.Add(x, trace.Scalar(0)), trace.Add(x, trace.Scalar(0)), trace.Add(x, trace.Scalar(negZero)),
				}
			}, f32s())
		}},
		{"broadcast_literals", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return trace.Mul(trace.Add(x, trace.Scalar(2)), trace.Add(x, trace.Scalar(2)))
			}, f32s(2, 3))
		}},
		{"params", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(x x1) []x1 {
				return []x1{trace.Sum(x, 0), trace.Sum(x, 1), trace.Sum(x, 0), trace.Max(x, 0)}
			}, f32s(2, 2))
		}},
		{"duplicate_constant", func(t testing.TB) *trace.Program {
			var b builder
			x := b.input(trace.Float32, 3)
			c1, c2 := b.constant(shared), b.constant(shared)
			y1 := b.op(trace.OpAdd, nil, x, c1)
			y2 := b.op(trace.OpAdd, nil, c2, x)
			return b.build(b.op(trace.OpMul, nil, y1, y2), c2)
		}},
		{"constants_with_equal_values", func(t testing.TB) *trace.Program {
			// Distinct arrays with equal contents are not merged.
			var b builder
			x := b.input(trace.Float32, 3)
			c1, c2 := b.constant(shared), b.constant(trace.FromFloat32s([]float32{1, 2, 3}))
			return b.build(b.op(trace.OpAdd, nil, x, c1), b.op(trace.OpAdd, nil, x, c2))
		}},
	}
}

var negZero = -1 / posInf()

func posInf() float64 {
	z := 0.0
	return 1 / z
}

func simplifyCases() []passCase {
	ones := trace.Ones(trace.Float32, 3)
	zeros := trace.Zeros(trace.Float32, 3)
	bind := trace.Bind1
	return []passCase{
		{"mul_one", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(x, trace.Scalar(1)) }, f32s(3))
		}},
		{"mul_one_scalar", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(trace.Scalar(1), x) }, f32s())
		}},
		{"mul_ones_constant", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(ones, x) }, f32s(3))
		}},
		{"div_one", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Div(x, trace.Scalar(1)) }, trace.Zeros(trace.Float64, 2, 2))
		}},
		{"add_sub_zero", func(t testing.TB) *trace.Program {
			return stage(t, func(xs x2) x1 {
				return trace.Sub(trace.Add(trace.Scalar(0), xs[0]), trace.Sub(xs[1], trace.Scalar(0)))
			}, x2{f32s(3), f32s(3)})
		}},
		{"neg_neg_plus_zeros", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Add(trace.Neg(trace.Neg(x)), zeros) }, f32s(3))
		}},
		{"integer_identities", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return trace.Mul(trace.Add(x, trace.Zeros(trace.Int32, 3)), trace.Ones(trace.Int32, 3))
			}, trace.Zeros(trace.Int32, 3))
		}},
		{"sub_neg", func(t testing.TB) *trace.Program {
			return stage(t, func(xs x2) x1 { return trace.Sub(xs[0], trace.Neg(xs[1])) }, x2{f32s(3), f32s(3)})
		}},
		{"add_neg", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(xs x2) []x1 {
				return []x1{trace.Add(xs[0], trace.Neg(xs[1])), trace.Add(trace.Neg(xs[1]), xs[0])}
			}, x2{f32s(3), f32s(3)})
		}},
		{"mul_zero_kept", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Mul(x, trace.Scalar(0)) }, f32s(3))
		}},
		{"fills_fold", func(t testing.TB) *trace.Program {
			// 0·fill and fill+fill fold to fills; 0·x stays.
			var b builder
			x := b.input(trace.Float32, 2, 3)
			zero, five := b.bcast(f32(0), 2, 3), b.bcast(f32(5), 2, 3)
			p := b.op(trace.OpMul, nil, zero, five)
			s := b.op(trace.OpAdd, nil, five, b.op(trace.OpSin, nil, five))
			return b.build(p, s, b.op(trace.OpMul, nil, zero, x))
		}},
		{"transpose_transpose", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return trace.Transpose(trace.Transpose(x, 1, 0, 2), 2, 0, 1)
			}, f32s(2, 3, 4))
		}},
		{"transpose_chains", func(t testing.TB) *trace.Program {
			// A chain of three composes to one transpose; a permutation
			// followed by its inverse cancels.
			return stageMulti(t, func(x x1) []x1 {
				return []x1{
					trace.Transpose(trace.Transpose(trace.Transpose(x, 1, 2, 0), 1, 0, 2), 0, 2, 1),
					trace.Transpose(trace.Transpose(x, 1, 2, 0), 2, 0, 1),
				}
			}, f32s(2, 3, 4))
		}},
		{"transpose_identity", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return bind(trace.OpTranspose, trace.TransposeParams{Perm: []int{0, 1}}, x)
			}, f32s(2, 3))
		}},
		{"reshape_reshape", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(x x1) []x1 {
				r := trace.Reshape(x, 6, 4)
				return []x1{trace.Reshape(r, 4, 6), trace.Reshape(r, 2, 3, 4)}
			}, f32s(2, 3, 4))
		}},
		{"reshape_same", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return bind(trace.OpReshape, trace.ReshapeParams{Shape: []int{2, 3}}, x)
			}, f32s(2, 3))
		}},
		{"convert_same", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(x x1) []x1 {
				same := bind(trace.OpConvert, trace.ConvertParams{DType: trace.Float32}, x)
				weak := bind(trace.OpConvert, trace.ConvertParams{DType: trace.Float32, Weak: true}, x)
				return []x1{same, weak, trace.Convert(x, trace.Float64)}
			}, f32s(3))
		}},
		{"convert_weak_input", func(t testing.TB) *trace.Program {
			// A weak input converted to strong keeps its convert.
			return stageMulti(t, func(x x1) []x1 {
				return []x1{
					bind(trace.OpConvert, trace.ConvertParams{DType: trace.Float64}, x),
					bind(trace.OpConvert, trace.ConvertParams{DType: trace.Float64, Weak: true}, x),
				}
			}, trace.Scalar(0))
		}},
		{"broadcast_identity", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return bind(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: []int{2, 3}, Dims: []int{0, 1}}, x)
			}, f32s(2, 3))
		}},
		{"broadcast_broadcast", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				mid := bind(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: []int{3, 1, 2}, Dims: []int{0, 1}}, x)
				return bind(trace.OpBroadcastInDim, trace.BroadcastParams{Shape: []int{4, 3, 5, 2}, Dims: []int{1, 2, 3}}, mid)
			}, f32s(3, 1))
		}},
		{"broadcast_to_twice", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.BroadcastTo(trace.BroadcastTo(x, 2, 3), 4, 2, 3) }, f32s(3))
		}},
		{"rev_rev", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(x x1) []x1 {
				r := trace.Reverse(x, 0, 2)
				return []x1{trace.Reverse(r, 0, 2), trace.Reverse(r, 1, 2), bind(trace.OpRev, trace.RevParams{Axes: []int{}}, x)}
			}, f32s(2, 3, 4))
		}},
		{"reduce_no_axes", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return bind(trace.OpReduceSum, trace.ReduceParams{Axes: []int{}}, x)
			}, f32s(2, 3))
		}},
		{"stop_gradient_kept", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.StopGradient(trace.Mul(x, trace.Scalar(1))) }, f32s(3))
		}},
		{"select", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(xs x2) []x1 {
				c := trace.Greater(xs[0], xs[1])
				return []x1{
					trace.Where(c, xs[0], xs[0]),
					trace.Where(trace.FromBools([]bool{true, true, true}), xs[0], xs[1]),
				}
			}, x2{f32s(3), f32s(3)})
		}},
		{"logical_identities", func(t testing.TB) *trace.Program {
			return stageMulti(t, func(x x1) []x1 {
				tr := trace.FromBools([]bool{true, true})
				fa := trace.FromBools([]bool{false, false})
				return []x1{trace.LogicalAnd(tr, x), trace.LogicalOr(x, fa), trace.LogicalAnd(x, fa), trace.LogicalOr(tr, x)}
			}, trace.Zeros(trace.Bool, 2))
		}},
		{"constant_fold", func(t testing.TB) *trace.Program {
			// reduce_sum of a constant becomes a literal, neg of a constant a
			// new constant; a broadcast and a concatenate of constants, which
			// are larger than their operands, stay.
			var b builder
			x := b.input(trace.Float32, 3)
			c := b.constant(trace.FromFloat32s([]float32{1, 2, 3}))
			s := b.op(trace.OpReduceSum, trace.ReduceParams{Axes: []int{0}}, c)
			n := b.op(trace.OpNeg, nil, c)
			e := b.op(trace.OpExp, nil, f32(0))
			y := b.op(trace.OpAdd, nil, b.op(trace.OpMul, nil, x, b.bcast(s, 3)), n)
			cat := b.op(trace.OpConcatenate, trace.AxisParams{Axis: 0}, c, n)
			big := b.bcast(e, 2, 3)
			one := b.bcast(e, 1)
			return b.build(y, cat, big, one)
		}},
		{"keeps_weak", func(t testing.TB) *trace.Program {
			// x weak, 1 strong: x·1 is strong, so it is not replaced by x.
			var b builder
			x := &trace.Var{Aval: trace.Aval{Shape: []int{}, DType: trace.Float32, Weak: true}}
			b.p.In = append(b.p.In, x)
			return b.build(b.op(trace.OpMul, nil, x, f32(1)))
		}},
	}
}

func optimizeCases() []passCase {
	c := trace.FromFloat32s([]float32{1, 2, 3})
	return []passCase{
		{"identities_and_duplicates", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				a := trace.Mul(trace.Sin(x), trace.Scalar(1))
				b := trace.Neg(trace.Neg(trace.Sin(x)))
				_ = trace.Exp(x)
				return trace.Add(a, b)
			}, f32s(3))
		}},
		{"captured_constants", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				y := trace.Add(trace.Mul(x, c), trace.Mul(c, x))
				return trace.Sub(y, trace.Neg(trace.Mul(x, trace.Ones(trace.Float32, 3))))
			}, f32s(3))
		}},
		{"softmax", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.Softmax(x, -1) }, f32s(2, 3))
		}},
		{"logsumexp", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 { return trace.LogSumExp(x, 1) }, trace.Zeros(trace.Float64, 2, 3))
		}},
		{"relu_where", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				return trace.Where(trace.Greater(x, trace.Scalar(0)), x, trace.Scalar(0))
			}, trace.Zeros(trace.Float64, 4))
		}},
		{"promotion", func(t testing.TB) *trace.Program {
			return stage(t, func(xs []x1) x1 {
				return trace.Add(trace.Mul(xs[0], xs[1]), trace.Mul(trace.Scalar(1), trace.Mul(xs[1], xs[0])))
			}, []x1{trace.Zeros(trace.Int32, 3), f32s(3)})
		}},
		{"gather_scatter", func(t testing.TB) *trace.Program {
			idx := trace.FromInt64s([]int64{2, 0, 2})
			return stage(t, func(x x1) x1 {
				g := trace.Take(x, idx, 0)
				return trace.ScatterAdd(trace.Zeros(trace.Float32, 4, 2), idx, trace.Mul(g, trace.Scalar(1)), 0)
			}, f32s(4, 2))
		}},
		{"pad_reverse_slice", func(t testing.TB) *trace.Program {
			return stage(t, func(x x1) x1 {
				p := trace.Pad(x, []int{1}, []int{2}, 0)
				return trace.Slice(trace.Reverse(trace.Reverse(p)), []int{0}, []int{-1}, []int{2})
			}, f32s(4))
		}},
		{"mlp", func(t testing.TB) *trace.Program {
			w := trace.Ones(trace.Float32, 4, 2)
			return stage(t, func(x x1) x1 {
				h := trace.Tanh(trace.Add(trace.MatMul(x, w), trace.Scalar(0)))
				h2 := trace.Tanh(trace.Add(trace.MatMul(x, w), trace.Scalar(0)))
				return trace.Mean(trace.Square(trace.Sub(h, trace.Transpose(trace.Transpose(h2)))))
			}, f32s(5, 4))
		}},
	}
}

func allCases() map[string][]passCase {
	return map[string][]passCase{
		"dce":      dceCases(),
		"cse":      cseCases(),
		"simplify": simplifyCases(),
		"optimize": optimizeCases(),
	}
}

// TestPasses applies each pass to its cases and checks the invariants: the
// result matches the golden file, passes Check and computes the same function
// bit for bit; the input program is unchanged.
func TestPasses(t *testing.T) {
	cases := allCases()
	for _, pass := range passes {
		for _, c := range cases[pass.name] {
			t.Run(pass.name+"/"+c.name, func(t *testing.T) {
				p := c.build(t)
				require.NoError(t, trace.Check(p))
				before := fmt.Sprintf("%+v", p)
				got := pass.run(p)
				require.NoError(t, trace.Check(got))
				require.Equal(t, before, fmt.Sprintf("%+v", p), "the input program was modified")
				golden(t, pass.name+"_"+c.name, fmt.Sprintf("%+v\n=>\n%+v\n", p, got))
				requireSameFunction(t, p, got)
			})
		}
	}
}

// TestEveryPassOnEveryCase runs every pass (raw Simplify included) on every
// program of every table: each must keep the invariants.
func TestEveryPassOnEveryCase(t *testing.T) {
	all := []struct {
		name string
		run  func(*trace.Program) *trace.Program
	}{
		{"DCE", transform.DCE}, {"CSE", transform.CSE}, {"Simplify", transform.Simplify}, {"Optimize", transform.Optimize},
	}
	for group, cases := range allCases() {
		for _, c := range cases {
			for _, pass := range all {
				t.Run(group+"/"+c.name+"/"+pass.name, func(t *testing.T) {
					p := c.build(t)
					before := fmt.Sprintf("%+v", p)
					got := pass.run(p)
					require.NoError(t, trace.Check(got))
					require.Equal(t, before, fmt.Sprintf("%+v", p), "the input program was modified")
					requireSameFunction(t, p, got)
				})
			}
		}
	}
}

// TestOptimizeIdempotent: a second Optimize changes nothing.
func TestOptimizeIdempotent(t *testing.T) {
	for group, cases := range allCases() {
		for _, c := range cases {
			t.Run(group+"/"+c.name, func(t *testing.T) {
				once := transform.Optimize(c.build(t))
				twice := transform.Optimize(once)
				require.Equal(t, once.String(), twice.String())
			})
		}
	}
}

// TestAddZeroSignedZero pins down the one documented inexact rewrite: for
// x = −0, x+0 computes +0 but the simplified program returns x itself.
func TestAddZeroSignedZero(t *testing.T) {
	p := stage(t, func(x x1) x1 { return trace.Add(x, trace.Scalar(0)) }, f32s())
	q := transform.Optimize(p)
	require.Empty(t, q.Eqns)
	x := trace.FromFloat32s([]float32{float32(negZero)}, []int{}...)
	want, err := trace.Eval(p, x)
	require.NoError(t, err)
	got, err := trace.Eval(q, x)
	require.NoError(t, err)
	require.Equal(t, []uint64{0}, bits(want[0]))
	require.Equal(t, []uint64{1 << 31}, bits(got[0]))
}
