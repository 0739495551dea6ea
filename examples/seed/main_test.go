package main

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seed.png")
	var buf bytes.Buffer
	require.NoError(t, run(&buf, out))

	file, err := os.Open(out)
	require.NoError(t, err)
	defer file.Close()
	info, err := file.Stat()
	require.NoError(t, err)
	assert.Positive(t, info.Size())
	img, err := png.Decode(file)
	require.NoError(t, err)
	assert.Greater(t, img.Bounds().Dx(), 100)

	text := buf.String()
	assert.Contains(t, text, "∇f = (5.5, 1.7163378145367738)")
	assert.Regexp(t, `automatic, reverse: vjp.Grad +5\.5 +1\.7163378145367738 +0\.0e\+00`, text)
	assert.Regexp(t, `symbolic, trace.Eval of the program +5\.5 +1\.7163378145367738 +0\.0e\+00`, text)
	assert.Contains(t, text, "{ lambda a:f64[2] . let")
	assert.Contains(t, text, out)
}

func TestTraces(t *testing.T) {
	x1, x2 := 2.0, 5.0
	x := trace.FromFloat64s([]float64{x1, x2})
	item := func(v vals) []float64 {
		out := make([]float64, len(v))
		for i, a := range v {
			out[i] = a.Item()
		}
		return out
	}
	primal := primalTrace(x)
	assert.Equal(t, []float64{x1, x2, math.Log(x1), x1 * x2, math.Sin(x2), math.Log(x1) + x1*x2, math.Log(x1) + x1*x2 - math.Sin(x2)}, item(primal))
	assert.Equal(t, f(x).Item(), primal[6].Item())

	// The tangent formulas along ẋ = (1, 0), and the adjoint formulas.
	assert.Equal(t, []float64{1, 0, 1 / x1, x2, 0, 1/x1 + x2, 1/x1 + x2}, item(tangentTrace(x, trace.FromFloat64s([]float64{1, 0}))))
	assert.Equal(t, []float64{x2 + 1/x1, -math.Cos(x2) + x1, 1, 1, -1, 1, 1}, item(adjointTrace(primal)))
}

func TestGradients(t *testing.T) {
	x := trace.FromFloat64s([]float64{2, 5})
	exact := handGrad(2, 5)
	assert.Equal(t, []float64{5.5, 1.7163378145367738}, exact)
	assert.Equal(t, exact, vjp.Grad(f)(x).Float64s())

	sweep := sweepSteps(x, exact)
	require.Len(t, sweep, 13)
	b := best(sweep)
	assert.Less(t, b.maxErr(), 1e-9)
	assert.True(t, b.h >= 1e-6 && b.h <= 1e-4, "the best step %v is near ∛ε·|x| ≈ 1e-5", b.h)
	// Truncation: the error falls by 100 per decade of h at large steps.
	assert.InDelta(t, 100, sweep[0].err[0]/sweep[1].err[0], 1)
	// Round-off: the smallest step is far worse than the best.
	assert.Greater(t, sweep[12].maxErr(), 1e5*b.maxErr())
}

func TestCurves(t *testing.T) {
	x1, y, dy := curves(5)
	require.Len(t, x1, gridPoints)
	for i, v := range x1 {
		assert.InDelta(t, math.Log(v)+5*v-math.Sin(5), y[i], 1e-14)
		assert.InDelta(t, 1/v+5, dy[i], 1e-14)
	}
}
