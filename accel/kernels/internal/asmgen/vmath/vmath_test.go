package vmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 1000000; i++ {
		a := math.Float32frombits(r.Uint32())
		b := math.Float32frombits(r.Uint32())
		c := math.Float32frombits(r.Uint32())
		if i%2 == 0 { // nearby magnitudes to provoke ties
			a = float32(r.Float64()) * 2
			b = float32(1 + float64(r.IntN(1<<12))/(1<<12))
			c = -a * b
			c = math.Nextafter32(c, float32(r.NormFloat64()))
		}
		got := FMA32(a, b, c)
		want := fmaBig(a, b, c)
		if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("FMA32(%g, %g, %g) = %g, want %g", a, b, c, got, want)
		}
	}
	// Ties that double rounding gets wrong.
	a, b := float32(1+0x1p-12), float32(1+0x1p-12)
	c := float32(0x1p-48) // a*b = 1 + 2^-11 + 2^-24 exactly; + c breaks the tie upwards
	if got, want := FMA32(a, b, c), fmaBig(a, b, c); got != want {
		t.Fatalf("tie: %g want %g", got, want)
	}
}

// fmaBig is an exact reference for FMA32.
func fmaBig(a, b, c float32) float32 {
	for _, v := range []float32{a, b, c} {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return float32(float64(a)*float64(b) + float64(c))
		}
	}
	x := new(big.Float).SetPrec(2000).SetFloat64(float64(a))
	x.Mul(x, new(big.Float).SetFloat64(float64(b)))
	x.Add(x, new(big.Float).SetFloat64(float64(c)))
	if x.Sign() == 0 {
		return float32(float64(a)*float64(b) + float64(c)) // sign of an exact zero
	}
	f, _ := x.Float32()
	return f
}
