package jacobian

import (
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// FwdTree is [Fwd] for functions whose argument and result are pytrees (a
// struct of parameters, a slice of arrays, ...). All float leaves of the
// argument must share one dtype, as must the result's. The result is
// indexed [output leaf][input leaf], in the order of trace.Flatten; block
// [i][j] has shape outLeaf_i.shape ++ inLeaf_j.shape (use the TreeDefs'
// Paths to name them).
func FwdTree[In, Out any](f func(In) Out, opts ...Option) func(In) [][]*trace.Array {
	return treeJacobian(f, Fwd, opts)
}

// RevTree is [Rev] for pytree arguments and results, with the layout of
// [FwdTree].
func RevTree[In, Out any](f func(In) Out, opts ...Option) func(In) [][]*trace.Array {
	return treeJacobian(f, Rev, opts)
}

type mode func(func(*trace.Array) *trace.Array, ...Option) func(*trace.Array) *trace.Array

// treeJacobian ravels the argument's leaves into one vector and the result's
// into another, takes the Jacobian of the raveled function in the given mode,
// and cuts it into blocks.
func treeJacobian[In, Out any](f func(In) Out, m mode, opts []Option) func(In) [][]*trace.Array {
	return func(x In) [][]*trace.Array {
		leaves, inTree := trace.Flatten(x)
		inShapes := shapesOf("the argument", leaves)
		var outShapes [][]int
		g := func(v *trace.Array) *trace.Array {
			out, _ := trace.Flatten(f(trace.Unflatten[In](inTree, unravelLeaves(v, inShapes))))
			outShapes = shapesOf("the result", out)
			return ravel(out)
		}
		j := m(g, opts...)(ravel(leaves)) // [M, N]
		blocks := make([][]*trace.Array, len(outShapes))
		row := 0
		for i, os := range outShapes {
			mi := size(os)
			col := 0
			for _, is := range inShapes {
				nj := size(is)
				b := trace.Slice(j, []int{row, col}, []int{row + mi, col + nj}, nil)
				blocks[i] = append(blocks[i], trace.Reshape(b, append(slices.Clone(os), is...)...))
				col += nj
			}
			row += mi
		}
		return blocks
	}
}

func shapesOf(what string, leaves []*trace.Array) [][]int {
	if len(leaves) == 0 {
		trace.Raise("jacobian", nil, "%s has no array leaves", what)
	}
	shapes := make([][]int, len(leaves))
	for i, l := range leaves {
		if l.DType() != leaves[0].DType() {
			trace.Raise("jacobian", []trace.Aval{leaves[0].Aval(), l.Aval()}, "the leaves of %s have different dtypes; convert them to one dtype first", what)
		}
		shapes[i] = l.Shape()
	}
	return shapes
}

// ravel concatenates the leaves, flattened, into one vector.
func ravel(leaves []*trace.Array) *trace.Array {
	flat := make([]*trace.Array, len(leaves))
	for i, l := range leaves {
		flat[i] = trace.Reshape(l, -1)
	}
	return trace.Concatenate(0, flat...)
}

// unravelLeaves cuts a vector back into arrays of the given shapes.
func unravelLeaves(v *trace.Array, shapes [][]int) []*trace.Array {
	out := make([]*trace.Array, len(shapes))
	off := 0
	for i, s := range shapes {
		n := size(s)
		out[i] = trace.Reshape(trace.Slice(v, []int{off}, []int{off + n}, nil), s...)
		off += n
	}
	return out
}

func size(s []int) int { return prod(s) }
