package accel

import (
	"strings"

	"github.com/leibniz-go/leibniz/trace"
)

// opStep runs one primitive over whole arrays with the eager kernels.
type opStep struct {
	eqn *trace.Eqn
	in  []int
	out int
}

func (s *opStep) run(f *frame) {
	args := make([]*trace.Array, len(s.in))
	for i, k := range s.in {
		args[i] = f.vals[k]
	}
	out := s.eqn.Out[0].Aval
	dst := f.bufferFor(s.out, out)
	data := trace.Compute(s.eqn.Op, s.eqn.Params, args, out, dst)
	f.vals[s.out] = trace.FromData(data, out.Shape...)
	// A result that aliases an operand (reshape and friends) lives wherever
	// that operand lives.
	f.pooled[s.out] = dst != nil && f.isTemp(s.out)
	if !sameData(data, dst) && len(s.in) > 0 {
		f.pooled[s.out] = f.pooled[s.in[0]]
	}
}

func (s *opStep) describe(p *plan) string {
	var sb strings.Builder
	sb.WriteString(s.eqn.Op.String())
	sb.WriteString(paramString(s.eqn.Params))
	sb.WriteString(" → ")
	sb.WriteString(s.eqn.Out[0].Aval.String())
	return sb.String()
}

func allocLike(dt trace.DType, n int) any {
	switch dt {
	case trace.Float32:
		return make([]float32, n)
	case trace.Float64:
		return make([]float64, n)
	case trace.Int32:
		return make([]int32, n)
	case trace.Int64:
		return make([]int64, n)
	}
	return make([]bool, n)
}

// sameData reports whether two data slices are the same memory.
func sameData(a, b any) bool {
	switch x := a.(type) {
	case []float32:
		return same(x, b)
	case []float64:
		return same(x, b)
	case []int32:
		return same(x, b)
	case []int64:
		return same(x, b)
	case []bool:
		return same(x, b)
	}
	return false
}

func same[T any](x []T, b any) bool {
	y, ok := b.([]T)
	return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}
