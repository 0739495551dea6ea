package trace_test

import (
	"fmt"

	"github.com/leibniz-go/leibniz/trace"
)

func ExampleFlatten() {
	type Linear struct {
		W, B *trace.Array
		Act  string `leibniz:"static"` // carried in the TreeDef, not a leaf
	}
	params := Linear{
		W:   trace.FromFloat64s([]float64{1, 2, 3, 4, 5, 6}, 3, 2),
		B:   trace.FromFloat64s([]float64{0, 0}),
		Act: "tanh",
	}
	leaves, def := trace.Flatten(params)
	fmt.Println(def.NumLeaves(), len(leaves))
	fmt.Println(def.String())
	fmt.Println(def.Paths())

	// Put leaves back (here the same ones) into a value of the same type.
	rebuilt := trace.Unflatten[Linear](def, leaves)
	fmt.Println(rebuilt.W.Shape(), rebuilt.Act)
	// Output:
	// 2 2
	// Linear{W:*, B:*, Act="tanh"}
	// [W B]
	// [3 2] tanh
}
