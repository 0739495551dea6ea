package main

import (
	"fmt"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
)

// gridPoints is the number of points of the grid on [0.5, 4].
const gridPoints = 200

// curves returns the grid x1 ∈ [0.5, 4], f(x1, 5) and ∂f/∂x1(x1, 5). The
// partials come from one vjp.Grad: the grid points are independent, so the
// gradient of Σᵢ f(x1ᵢ, 5) with respect to the grid is ∂f/∂x1 at every point.
func curves(x2 float64) (x1, y, dy []float64) {
	grid := trace.Linspace(trace.Float64, 0.5, 4, gridPoints)
	sum := func(x1 *trace.Array) *trace.Array { return trace.Sum(fxy(x1, trace.Scalar(x2))) }
	return grid.Float64s(), fxy(grid, trace.Scalar(x2)).Float64s(), vjp.Grad(sum)(grid).Float64s()
}

// writePlot draws two panels into a PNG at path: f(x1, 5) with ∂f/∂x1(x1, 5)
// and the tangent line at x1 = x0; and the error of central differences
// against the step on log-log axes.
func writePlot(path string, x0, x2 float64, sweep []stepError) error {
	left, err := curvePlot(x0, x2)
	if err != nil {
		return err
	}
	right, err := errorPlot(x0, x2, sweep)
	if err != nil {
		return err
	}
	img := vgimg.New(12*vg.Inch, 5*vg.Inch)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Inch / 2, PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 4}
	left.Draw(tiles.At(dc, 0, 0))
	right.Draw(tiles.At(dc, 1, 0))
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func curvePlot(x0, x2 float64) (*plot.Plot, error) {
	x1, y, dy := curves(x2)
	p := plot.New()
	p.Title.Text = "f(x1, 5) = ln x1 + 5·x1 − sin 5 and its derivative"
	p.X.Label.Text = "x1"
	p.Y.Label.Text = "value"
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true

	fLine, err := plotter.NewLine(xys(x1, y))
	if err != nil {
		return nil, err
	}
	fLine.Color, fLine.Width = plotutil.Color(0), vg.Points(2)
	dLine, err := plotter.NewLine(xys(x1, dy))
	if err != nil {
		return nil, err
	}
	dLine.Color, dLine.Width = plotutil.Color(1), vg.Points(2)

	// The tangent line at x0, whose slope is the derivative there.
	y0 := fxy(trace.Scalar(x0), trace.Scalar(x2)).Item()
	slope := vjp.Grad(func(x1 *trace.Array) *trace.Array { return fxy(x1, trace.Scalar(x2)) })(trace.Scalar(x0)).Item()
	tangent := plotter.NewFunction(func(x float64) float64 { return y0 + slope*(x-x0) })
	tangent.XMin, tangent.XMax = x0-1, x0+1
	tangent.Color, tangent.Dashes = color.Gray{Y: 90}, []vg.Length{vg.Points(4), vg.Points(3)}
	point, err := plotter.NewScatter(plotter.XYs{{X: x0, Y: y0}})
	if err != nil {
		return nil, err
	}
	point.Shape, point.Radius = draw.CircleGlyph{}, vg.Points(3.5)

	p.Add(fLine, dLine, tangent, point)
	p.Legend.Add("f(x1, 5)", fLine)
	p.Legend.Add("∂f/∂x1 (x1, 5) from vjp.Grad", dLine)
	p.Legend.Add(fmt.Sprintf("tangent at x1 = %v, slope %v", x0, slope), tangent)
	return p, nil
}

// errorPlot draws the error of central differences against h on log-log
// axes. It plots log₁₀ values on linear axes labelled with powers of ten:
// gonum/plot v0.17's plot.LogScale places the vertical axis label's glyph box
// at the arithmetic midpoint of the range, which leaves a gap under the title.
func errorPlot(x0, x2 float64, sweep []stepError) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Central differences: error against step h"
	p.X.Label.Text = "step h"
	p.Y.Label.Text = "|numerical − exact|"
	p.X.Tick.Marker, p.Y.Tick.Marker = decades{}, decades{}
	p.Add(plotter.NewGrid())
	p.Legend.Left = true

	for i, name := range []string{"∂f/∂x1", "∂f/∂x2"} {
		var pts plotter.XYs
		for _, s := range sweep {
			if s.err[i] > 0 { // an exact hit has no logarithm: leave it out
				pts = append(pts, plotter.XY{X: math.Log10(s.h), Y: math.Log10(s.err[i])})
			}
		}
		line, scatter, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = plotutil.Color(i), vg.Points(2)
		scatter.Color, scatter.Shape = plotutil.Color(i), plotutil.Shape(i)
		p.Add(line, scatter)
		p.Legend.Add("error of "+name, line, scatter)
	}

	// The error models for ∂f/∂x1: truncation |∂³f/∂x1³|·h²/6 = h²/(3·x1³),
	// round-off ε·|f|/h.
	fx := math.Abs(fxy(trace.Scalar(x0), trace.Scalar(x2)).Item())
	trunc := plotter.NewFunction(func(u float64) float64 { return math.Log10(math.Pow(10, 2*u) / (3 * x0 * x0 * x0)) })
	round := plotter.NewFunction(func(u float64) float64 { return math.Log10(0x1p-52 * fx / math.Pow(10, u)) })
	for i, fn := range []*plotter.Function{trunc, round} {
		fn.XMin, fn.XMax = math.Log10(sweep[len(sweep)-1].h), math.Log10(sweep[0].h)
		fn.Color, fn.Dashes = color.Gray{Y: 110}, []vg.Length{vg.Points(2 + 3*float64(i)), vg.Points(3)}
	}
	p.Add(trunc, round)
	p.Legend.Add("truncation model h²/(3·x1³)", trunc)
	p.Legend.Add("round-off model ε·|f|/h", round)
	p.Y.Min, p.Y.Max = -14, 0
	return p, nil
}

func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

// decades ticks an axis of log₁₀ values at the integers, labelling every
// other one as a power of ten ("1e-5").
type decades struct{}

func (decades) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := int(math.Ceil(lo)); e <= int(math.Floor(hi)); e++ {
		label := ""
		switch {
		case e == 0:
			label = "1"
		case e%2 != 0:
			label = fmt.Sprintf("1e%d", e)
		}
		ticks = append(ticks, plot.Tick{Value: float64(e), Label: label})
	}
	return ticks
}
