package vmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"testing"
)

// ulpErr32 returns |got - want| in units of the float32 ulp at want, where
// want is an accurate float64 value.
func ulpErr32(got float32, want float64) float64 {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		if math.IsNaN(want) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	}
	if math.IsInf(g, 0) || math.Abs(want) > math.MaxFloat32 {
		if float32(want) == got {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(want)
	u := math.Ldexp(1, max(e-24, -149))
	return math.Abs(g-want) / u
}

func ulpErr64(got, want float64) float64 {
	if math.IsNaN(want) || math.IsNaN(got) {
		if math.IsNaN(want) && math.IsNaN(got) {
			return 0
		}
		return math.Inf(1)
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		if want == got {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(want)
	u := math.Ldexp(1, max(e-53, -1074))
	return math.Abs(got-want) / u
}

func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

type fn struct {
	name   string
	f32    func(float32) float32
	f64    func(float64) float64
	ref    func(float64) float64
	lo, hi float64 // |x| range sampled (log-uniform)
}

var fns = []fn{
	{"exp", Exp32, Exp64, math.Exp, 1e-45, 800},
	{"log", Log32, Log64, math.Log, 1e-320, 1e308},
	{"log1p", Log1p32, Log1p64, math.Log1p, 1e-320, 1e308},
	{"sin", Sin32, Sin64, math.Sin, 1e-320, 1e30},
	{"cos", Cos32, Cos64, math.Cos, 1e-320, 1e30},
	{"tanh", Tanh32, Tanh64, math.Tanh, 1e-320, 1e3},
	{"logistic", Logistic32, Logistic64, logistic, 1e-320, 1e3},
	{"erf", Erf32, Erf64, math.Erf, 1e-320, 1e3},
}

// TestReport prints the measured maximum errors (go test -run Report -v).
func TestReport(t *testing.T) {
	n := 200000
	if os.Getenv("VMATH_N") == "" {
		n = 20000
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, f := range fns {
		var m32, m64 float64
		var w32, w64 float64
		for i := 0; i < n; i++ {
			lx := math.Log(f.lo) + (math.Log(f.hi)-math.Log(f.lo))*r.Float64()
			x := math.Exp(lx)
			if r.IntN(2) == 0 {
				x = -x
			}
			if e := ulpErr64(f.f64(x), f.ref(x)); e > m64 {
				m64, w64 = e, x
			}
			x32 := float32(x)
			if e := ulpErr32(f.f32(x32), f.ref(float64(x32))); e > m32 {
				m32, w32 = e, float64(x32)
			}
		}
		t.Logf("%-9s f32 %.3f ulp (x=%g)   f64 %.3f ulp (x=%g)", f.name, m32, w32, m64, w64)
	}
}

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
