package trace

import (
	"slices"
	"strconv"
	"strings"
)

// Aval is the abstract value of an array: its shape and dtype, without data. It is
// what shape rules compute and what a program's variables are typed with.
type Aval struct {
	Shape []int
	DType DType
	// Weak marks a weakly typed value (from [Scalar] or [Scalar32]): it adopts
	// the dtype of the operand it meets in a binary function.
	Weak bool
}

// Rank is the number of dimensions.
func (a Aval) Rank() int { return len(a.Shape) }

// Size is the number of elements (1 for a scalar).
func (a Aval) Size() int { return prod(a.Shape) }

// Equal reports whether a and b have the same shape and dtype (weakness is ignored).
func (a Aval) Equal(b Aval) bool { return a.DType == b.DType && slices.Equal(a.Shape, b.Shape) }

// String prints the aval as in programs: "f32[2,3]", "f64[]".
func (a Aval) String() string {
	var sb strings.Builder
	sb.WriteString(a.DType.String())
	writeShape(&sb, a.Shape)
	return sb.String()
}

func writeShape(sb *strings.Builder, shape []int) {
	sb.WriteByte('[')
	for i, d := range shape {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(d))
	}
	sb.WriteByte(']')
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
