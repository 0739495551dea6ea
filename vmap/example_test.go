package vmap_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

func ExampleMap() {
	w := trace.FromFloat64s([]float64{1, 2, 3, 4}, 2, 2)
	matvec := func(w, x *trace.Array) *trace.Array { return trace.MatMul(w, x) }
	xs := trace.FromFloat64s([]float64{1, 0, 0, 1, 1, 1}, 3, 2) // three vectors
	batched := vmap.Map(matvec, vmap.InAxes(vmap.NotMapped, 0))
	fmt.Println(batched(w, xs))
	// Per-example gradients of Σ x² : 2x for each row.
	fmt.Println(vmap.Map(vjp.Grad(func(x *trace.Array) *trace.Array { return trace.Sum(trace.Square(x)) }))(xs))
	// Output:
	// [[1 3]
	//  [2 4]
	//  [3 7]]
	// [[2 0]
	//  [0 2]
	//  [2 2]]
}
