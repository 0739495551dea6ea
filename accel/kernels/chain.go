package kernels

import (
	"math"
	"strconv"
)

// Fused arithmetic: two operations, or an operation and a sum, in one pass
// over memory. Each operation is rounded to T as on its own, so the results
// are bit for bit those of separate passes; only the intermediate values
// are never stored. A fusion group of the compiler uses them for values
// read once (see accel).

// Arith names one of the four arithmetic operations Chain and LaneSumOf
// fuse.
type Arith uint8

const (
	ArithAdd Arith = iota // a + b
	ArithSub              // a − b
	ArithMul              // a · b
	ArithDiv              // a / b
)

var arithNames = [...]string{"add", "sub", "mul", "div"}

// String returns the operation's primitive name: add, sub, mul or div.
func (op Arith) String() string {
	if int(op) < len(arithNames) {
		return arithNames[op]
	}
	return "Arith(" + strconv.Itoa(int(op)) + ")"
}

// arith returns a op b, rounded to T (the conversion keeps the compiler
// from fusing it with a neighbouring operation).
func arith[T Float](op Arith, a, b T) T {
	switch op {
	case ArithAdd:
		return T(a + b)
	case ArithSub:
		return T(a - b)
	case ArithMul:
		return T(a * b)
	}
	return T(a / b)
}

// Chain sets dst[i] = (a[i] op1 b[i]) op2 c[i] for every i or, when swap is
// set, dst[i] = c[i] op2 (a[i] op1 b[i]). Both operations are rounded, so
// dst equals the result of op1 into a temporary and op2 from it, bit for
// bit. len(a), len(b) and len(c) are at least len(dst); dst may be the same
// slice as a, b or c.
func Chain[T Float](dst, a, b, c []T, op1, op2 Arith, swap bool) {
	a, b, c = a[:len(dst)], b[:len(dst)], c[:len(dst)]
	i := simdChain(op1, op2, swap, dst, a, b, c)
	if swap {
		for ; i < len(dst); i++ {
			dst[i] = arith(op2, c[i], arith(op1, a[i], b[i]))
		}
		return
	}
	for ; i < len(dst); i++ {
		dst[i] = arith(op2, arith(op1, a[i], b[i]), c[i])
	}
}

// Lane sums. LaneSum adds in the order a vector unit adds without
// shuffling: the elements are dealt to laneBlock accumulators (64 float32
// or 32 float64: eight vectors), block by block; the whole vectors left
// after the last whole block go to the first accumulators, one vector
// each; the eight vectors of accumulators are added as the balanced tree
// ((v0+v1)+(v2+v3))+((v4+v5)+(v6+v7)); the lanes of the result as halves
// (lane i plus lane i+V/2, V the lanes of a vector) until one is left; and
// the last len(x) mod V elements are added to it in order. The
// accumulators start at −0, the identity of addition, so a sum of −0s is
// −0; an empty sum is +0.
//
// Each accumulator adds at most len(x)/laneBlock elements in sequence
// (16 float32 or 32 float64 in a chunk of 1024), so the rounding error is
// that of a pairwise sum of that depth plus the 6 (float32) or 5 (float64)
// levels of the tree.

// LaneSum returns the sum of x added in lanes (see above). Its order
// differs from Sum's pairwise order, so the two can differ in the last
// bits; LaneSum is the faster for chunk-sized slices.
func LaneSum[T Float](x []T) T {
	s, n := simdLaneSum(x)
	if n == 0 {
		return laneSumGo(x, func(i int) T { return x[i] })
	}
	for _, v := range x[n:] {
		s = T(s + v)
	}
	return s
}

// LaneSumOf returns LaneSum of the values a[i] op b[i], each rounded to T,
// bit for bit, without storing them. len(b) is at least len(a).
func LaneSumOf[T Float](op Arith, a, b []T) T {
	b = b[:len(a)]
	s, n := simdLaneSumOf(op, a, b)
	if n == 0 {
		return laneSumGo(a, func(i int) T { return arith(op, a[i], b[i]) })
	}
	for i := n; i < len(a); i++ {
		s = T(s + arith(op, a[i], b[i]))
	}
	return s
}

// laneSumGo is the definition of LaneSum over the len(x) values at(i).
func laneSumGo[T Float](x []T, at func(i int) T) T {
	if len(x) == 0 {
		return 0
	}
	v := 8 // lanes of a vector
	if !is32[T]() {
		v = 4
	}
	block := 8 * v
	negZero := T(math.Copysign(0, -1))
	var acc [64]T
	for l := range block {
		acc[l] = negZero
	}
	n := len(x)
	i := 0
	for ; i+block <= n; i += block {
		for l := range block {
			acc[l] = T(acc[l] + at(i+l))
		}
	}
	for l := 0; i+v <= n; i, l = i+v, l+v {
		for k := range v {
			acc[l+k] = T(acc[l+k] + at(i+k))
		}
	}
	// ((v0+v1)+(v2+v3))+((v4+v5)+(v6+v7)), lane by lane, into acc[:v].
	for k := range v {
		lane := func(j int) T { return acc[j*v+k] }
		acc[k] = T(T(T(lane(0)+lane(1))+T(lane(2)+lane(3))) + T(T(lane(4)+lane(5))+T(lane(6)+lane(7))))
	}
	for h := v / 2; h >= 1; h /= 2 {
		for k := range h {
			acc[k] = T(acc[k] + acc[k+h])
		}
	}
	s := acc[0]
	for ; i < n; i++ {
		s = T(s + at(i))
	}
	return s
}
