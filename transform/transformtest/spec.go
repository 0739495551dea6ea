package transformtest

import (
	"math/rand/v2"

	"github.com/leibniz-go/leibniz/trace"
)

// Domain samples one element of input i. Specs use it to keep inputs inside
// the function's domain and away from kinks and poles (log: (0.5, 2); abs:
// away from 0).
type Domain func(i int, r *rand.Rand) float64

// OpSpec is one entry of the op-spec table: a function of float inputs, the
// primitives it exercises, and where to evaluate it.
type OpSpec struct {
	// Name identifies the case, e.g. "Sin" or "MatMul/batched"; unique.
	Name string
	// Ops are the primitives this case exercises; each appears in the staged
	// program of Fn or of its JVP (a test checks it).
	Ops []trace.Op
	// Fn is the function under test, built from trace's user-level functions.
	// It must be dtype-generic: with inputs of one float dtype it computes in
	// that dtype (so that evaluating it on Float64 copies gives an accurate
	// reference), unless Internal32 is set. Integer inputs (indices) are
	// constants captured by Fn, not inputs.
	Fn func(xs []*trace.Array) *trace.Array
	// Shapes are the shapes of the inputs, one per element of xs.
	Shapes [][]int
	// Domain samples the elements of the inputs; nil means uniform in [-2, 2).
	Domain Domain
	// Values, when set, are the inputs' elements (row-major, one slice per
	// input) instead of samples from Domain, e.g. to place exact zeros.
	Values [][]float64
	// DTypes are the float dtypes to check; nil means Float64 and Float32.
	DTypes []trace.DType
	// Smooth is true when Fn is differentiable at the sampled inputs. When
	// false (floor, comparisons, argmax, stop_gradient), the derivatives must
	// be exactly zero instead of matching finite differences.
	Smooth bool
	// Internal32 marks a function that rounds through Float32 whatever its
	// input dtype (a Convert): the reference is then Fn itself at the checked
	// dtype, differenced with the Float32 step and checked with Float32
	// tolerances.
	Internal32 bool
	// FirstOrderOnly skips CheckSecondOrder: Fn is differentiable at the
	// inputs but its derivative is not (e.g. max at a tie, where the JVP is
	// the mean of the tied tangents but changes discontinuously nearby).
	FirstOrderOnly bool
	// Tol overrides the default tolerances; a reason is required.
	Tol Tol
}

// Tol overrides the tolerances of a spec (zero fields keep the default).
type Tol struct {
	// F32 and F64 replace the finite-difference tolerance of that dtype.
	F32, F64 float64
	// Why says why the default does not fit; required when a field is set.
	Why string
}

// Types returns the dtypes the spec is checked at.
func (s OpSpec) Types() []trace.DType {
	if len(s.DTypes) == 0 {
		return []trace.DType{trace.Float64, trace.Float32}
	}
	return s.DTypes
}

// Inputs returns the spec's inputs in dtype dt: Values when set, otherwise
// samples of Domain drawn from r, rounded to dt. A nil r is a fresh generator
// seeded as the checks seed theirs, which gives the inputs they check at.
func (s OpSpec) Inputs(dt trace.DType, r *rand.Rand) []*trace.Array {
	if r == nil {
		r = newRand()
	}
	dom := s.Domain
	if dom == nil {
		dom = Uniform(-2, 2)
	}
	xs := make([]*trace.Array, len(s.Shapes))
	for i, sh := range s.Shapes {
		n := 1
		for _, d := range sh {
			n *= d
		}
		var v []float64
		if s.Values != nil {
			v = s.Values[i]
		} else {
			v = make([]float64, n)
			for k := range v {
				v[k] = dom(i, r)
			}
		}
		xs[i] = fromFloat64s(v, dt, sh)
	}
	return xs
}

// Uniform samples uniformly from [lo, hi).
func Uniform(lo, hi float64) Domain {
	return func(_ int, r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() }
}

// AwayFromZero samples uniformly from (-hi, -lo] ∪ [lo, hi).
func AwayFromZero(lo, hi float64) Domain {
	return func(_ int, r *rand.Rand) float64 {
		v := lo + (hi-lo)*r.Float64()
		if r.IntN(2) == 0 {
			return -v
		}
		return v
	}
}

// Intervals picks one of the intervals [lo, hi) at random, then a point
// uniformly inside it.
func Intervals(iv ...[2]float64) Domain {
	return func(_ int, r *rand.Rand) float64 {
		p := iv[r.IntN(len(iv))]
		return p[0] + (p[1]-p[0])*r.Float64()
	}
}

// PerInput samples input i with ds[i].
func PerInput(ds ...Domain) Domain {
	return func(i int, r *rand.Rand) float64 { return ds[i](i, r) }
}

// fromFloat64s makes an array of dtype dt from float64 data (rounding to dt).
func fromFloat64s(v []float64, dt trace.DType, shape []int) *trace.Array {
	if shape == nil {
		shape = []int{}
	}
	return trace.Convert(trace.FromFloat64s(v, shape...), dt)
}
