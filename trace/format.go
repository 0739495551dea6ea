package trace

import (
	"math"
	"strconv"
	"strings"
)

// Printing of arrays, NumPy-like: nested brackets, one row per line, columns
// aligned, and arrays of more than elideThreshold elements elided to their
// first and last elideEdge entries along each axis.

const (
	elideThreshold = 1000
	elideEdge      = 3
)

// String prints the array's values NumPy-style (a tracer prints as
// "Traced<f32[3]> by stage"). Floats use the shortest representation that
// reads back exactly in their dtype.
func (a *Array) String() string {
	if a == nil {
		return "<nil>"
	}
	if a.tracer != nil {
		return "Traced<" + a.aval.String() + "> by " + a.tracer.Interpreter().Name()
	}
	elide := a.aval.Size() > elideThreshold
	elems := formatElems(a, elide)
	width := 0
	for _, e := range elems {
		width = max(width, len(e))
	}
	var sb strings.Builder
	p := printer{sb: &sb, elems: elems, width: width, elide: elide, shape: a.aval.Shape}
	p.block(0)
	return sb.String()
}

// compactString prints the values on one line, as constants in programs.
func (a *Array) compactString() string {
	s := a.String()
	s = strings.ReplaceAll(s, "\n", " ")
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return strings.ReplaceAll(s, "[ ", "[")
}

// formatElems formats the elements that will be shown (all, or with elision the
// leading and trailing ones of each axis), in row-major order of the shown ones.
func formatElems(a *Array, elide bool) []string {
	var out []string
	var walk func(axis, offset int)
	strides := rowMajorStrides(a.aval.Shape)
	walk = func(axis, offset int) {
		if axis == a.Rank() {
			out = append(out, formatElem(a.data, offset))
			return
		}
		for _, i := range shownIndices(a.aval.Shape[axis], elide) {
			walk(axis+1, offset+i*strides[axis])
		}
	}
	walk(0, 0)
	return out
}

func shownIndices(n int, elide bool) []int {
	idx := make([]int, 0, min(n, 2*elideEdge))
	for i := range n {
		if !elide || n <= 2*elideEdge || i < elideEdge || i >= n-elideEdge {
			idx = append(idx, i)
		}
	}
	return idx
}

func formatElem(data any, i int) string {
	switch d := data.(type) {
	case []float32:
		return formatFloat(float64(d[i]), 32)
	case []float64:
		return formatFloat(d[i], 64)
	case []int32:
		return strconv.FormatInt(int64(d[i]), 10)
	case []int64:
		return strconv.FormatInt(d[i], 10)
	case []bool:
		return strconv.FormatBool(d[i])
	}
	return "?"
}

func formatFloat(v float64, bits int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, bits)
}

type printer struct {
	sb    *strings.Builder
	elems []string
	width int
	elide bool
	shape []int
	next  int
}

// block prints the sub-array at axis, indented by axis columns.
func (p *printer) block(axis int) {
	if axis == len(p.shape) {
		e := p.elems[p.next]
		p.next++
		p.sb.WriteString(strings.Repeat(" ", p.width-len(e)))
		p.sb.WriteString(e)
		return
	}
	n := p.shape[axis]
	p.sb.WriteByte('[')
	shown := shownIndices(n, p.elide)
	for j, i := range shown {
		if j > 0 {
			if axis == len(p.shape)-1 {
				p.sb.WriteByte(' ')
			} else {
				p.sb.WriteString(strings.Repeat("\n", len(p.shape)-1-axis))
				p.sb.WriteString(strings.Repeat(" ", axis+1))
			}
			if shown[j-1] != i-1 {
				p.sb.WriteString("...")
				if axis == len(p.shape)-1 {
					p.sb.WriteByte(' ')
				} else {
					p.sb.WriteString(strings.Repeat("\n", len(p.shape)-1-axis))
					p.sb.WriteString(strings.Repeat(" ", axis+1))
				}
			}
		}
		p.block(axis + 1)
	}
	p.sb.WriteByte(']')
}

func rowMajorStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}
