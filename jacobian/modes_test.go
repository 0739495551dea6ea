package jacobian_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/jacobian"
	"github.com/leibniz-go/leibniz/trace"
)

// Empty inputs and outputs give empty Jacobians of the right shape in both
// modes (and so in Auto), and integer inputs or outputs are errors in both.
func TestModesAgreeOnEdgeCases(t *testing.T) {
	sum := func(x *trace.Array) *trace.Array { return trace.Reshape(trace.Sum(x), 1) }
	empty := func(x *trace.Array) *trace.Array { return trace.Slice(x, []int{1}, []int{1}, nil) }
	for name, mode := range map[string]func(func(*trace.Array) *trace.Array, ...jacobian.Option) func(*trace.Array) *trace.Array{
		"fwd": jacobian.Fwd, "rev": jacobian.Rev, "auto": jacobian.Auto,
	} {
		assert.Equal(t, []int{1, 0}, mode(sum)(trace.Zeros(trace.Float64, 0)).Shape(), name)
		assert.Equal(t, []int{0, 3}, mode(empty)(trace.Zeros(trace.Float64, 3)).Shape(), name)
		err := trace.Try(func() { mode(sum)(trace.Zeros(trace.Int64, 3)) })
		assert.ErrorContains(t, err, "float", name)
		err = trace.Try(func() {
			mode(func(x *trace.Array) *trace.Array { return trace.Greater(x, trace.Scalar(0)) })(trace.Zeros(trace.Float64, 3))
		})
		assert.ErrorContains(t, err, "float outputs", name)
		// The Jacobian has the output's dtype in both modes.
		narrow := func(x *trace.Array) *trace.Array { return trace.Convert(x, trace.Float32) }
		assert.Equal(t, trace.Float32, mode(narrow)(trace.Ones(trace.Float64, 2)).DType(), name)
	}
}
