package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/trace"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "derivatives.png")
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
	assert.Contains(t, text, "all orders agree with the closed forms")
	assert.Regexp(t, `\n4 +\(−24t³ \+ 16t\)\(1 − t²\) +0 +3\.95221956372458`, text) // tanh⁗(0), tanh⁗(0.5)
	assert.Contains(t, text, out)
}

func TestDerivativesMatchClosedForms(t *testing.T) {
	grid := trace.Linspace(trace.Float64, lo, hi, points)
	xs := grid.Float64s()
	for k, d := range derivatives(maxOrder) {
		ad := d(grid).Float64s()
		require.Len(t, ad, points)
		assert.Less(t, maxDiff(k, xs, ad), tolerance, "order %d", k)
	}
}
