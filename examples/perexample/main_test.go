package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

func TestRunSmallBatch(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, runWith(&buf, 16, 1))
	text := buf.String()
	assert.Contains(t, text, "batch 16, float32")
	assert.Regexp(t, `\n0 +[0-9.]+ +[0-9.]+ *\n`, text)
	assert.Contains(t, text, "vmap is")
}

// The vectorized per-example gradients equal the looped ones up to float32
// rounding (see tolerance for the bound), in shape and in value, and so do
// the per-example norms.
func TestVmapMatchesLoop(t *testing.T) {
	const n = 16
	p, batch := setup(n)
	gv, gl := perExample(p, batch), loopGrads(p, batch)
	assert.Equal(t, []int{n, nIn, nHidden}, gv.W1.Shape())
	assert.Equal(t, []int{n, nHidden}, gv.B1.Shape())
	assert.Equal(t, []int{n, nHidden, nOut}, gv.W2.Shape())
	assert.Equal(t, []int{n, nOut}, gv.B2.Shape())
	c := compare(gv, gl, n)
	assert.Less(t, c.maxRel, tolerance)
	assert.Greater(t, c.maxRef, 0.1) // the gradients are not trivially zero
	for i := range n {
		// A norm is a sum of ~10⁴ float64 squares of float32 values that agree
		// to 1e-4 relative, so the norms agree to 1e-4 relative too.
		assert.InEpsilon(t, c.normsL[i], c.normsV[i], 1e-4, "example %d", i)
	}
	// One example against a direct Grad call at it.
	g3 := grad(p, example{X: trace.Index(batch.X, 3), Y: trace.Index(batch.Y, 3)})
	assert.InDeltaSlice(t, g3.B2.Float64s(), trace.Index(gv.B2, 3).Float64s(), tolerance*(1+c.maxRef))
}
