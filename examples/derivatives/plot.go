package main

import (
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// names label the curves by derivative order.
var names = []string{"tanh x", "d/dx tanh x", "d²/dx² tanh x", "d³/dx³ tanh x", "d⁴/dx⁴ tanh x"}

// writePlot draws every curves[k] against xs into a PNG at path.
func writePlot(path string, xs []float64, curves [][]float64) error {
	p := plot.New()
	p.Title.Text = "tanh and its first four derivatives by nested vjp.Grad"
	p.X.Label.Text = "x"
	p.Y.Label.Text = "dⁿ/dxⁿ tanh x"
	p.Y.Min, p.Y.Max = -4.5, 4.5
	var ticks []plot.Tick
	for v := -4; v <= 4; v++ {
		ticks = append(ticks, plot.Tick{Value: float64(v), Label: strconv.Itoa(v)})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	for k, ys := range curves {
		pts := make(plotter.XYs, len(xs))
		for i := range xs {
			pts[i] = plotter.XY{X: xs[i], Y: ys[i]}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		line.Color, line.Width = plotutil.Color(k), vg.Points(2)
		if k > 0 {
			line.Dashes = plotutil.Dashes(k - 1)
		}
		p.Add(line)
		p.Legend.Add(names[k], line)
	}
	img := vgimg.New(9*vg.Inch, 6*vg.Inch)
	margin := vg.Inch / 8
	p.Draw(draw.Tiles{Rows: 1, Cols: 1, PadTop: margin, PadBottom: margin, PadLeft: margin, PadRight: 2 * margin}.At(draw.New(img), 0, 0))
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
