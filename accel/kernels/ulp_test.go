package kernels

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/leibniz-go/leibniz/accel/kernels/internal/asmgen/vmath"
)

// Accuracy of the transcendental kernels against the math package.
//
// Errors are counted in ulps: the number of representable values between the
// result and the reference (0 = identical). The float64 reference is math.F;
// the float32 reference is float32(math.F(float64(x))), which is correctly
// rounded or very nearly so. The bounds below are the ones documented in
// doc.go; they hold for the SIMD kernels (measured over the samples of
// TestULP and, for float32, over all 2^32 inputs by TestULPExhaustive32) and
// for the pure-Go loops, which call math directly.

type ulpCase struct {
	name     string
	k32      func(dst, x []float32)
	k64      func(dst, x []float64)
	ref      func(float64) float64
	b32, b64 uint64  // documented maximum error in ulps
	lo, hi   float64 // dense uniform sampling range
}

func ulpCases() []ulpCase {
	return []ulpCase{
		{"Exp", Exp[float32], Exp[float64], refExp, 1, 2, -110, 90},
		{"Log", Log[float32], Log[float64], refLog, 1, 1, 0, 10},
		{"Log1p", Log1p[float32], Log1p[float64], math.Log1p, 1, 1, -1, 10},
		{"Sin", Sin[float32], Sin[float64], refSin, 1, 2, -1e4, 1e4},
		{"Cos", Cos[float32], Cos[float64], refCos, 1, 2, -1e4, 1e4},
		{"Tanh", Tanh[float32], Tanh[float64], math.Tanh, 1, 2, -12, 12},
		{"Logistic", Logistic[float32], Logistic[float64], logistic, 2, 2, -110, 50},
		{"Erf", Erf[float32], Erf[float64], math.Erf, 2, 2, -7, 7},
	}
}

// refExp and refLog are math.Exp and math.Log with the corrections of the
// pure-Go kernels (exp64, log64) for inputs where the amd64 assembly of the
// math package is wrong.
func refExp(x float64) float64 { return exp64(x) }
func refLog(x float64) float64 { return log64(x) }

// refSin and refCos are math.Sin and math.Cos after an exact reduction by
// π/2 in big.Float arithmetic for π/4 ≤ |x| ≤ vmath.SinBound64: math.Sin
// reduces with π to about 100 bits there, so near multiples of π its
// relative error grows (math.Sin(math.Pi) is 7 ulps off). Above the bound
// the kernels call math.Sin and math.Cos, and so does the reference (whose
// Payne–Hanek reduction is itself off by up to about 1e-17 absolute:
// math.Sin(6.798531234611252e250) has a relative error of 2e-12).
func refSin(x float64) float64 { return refSinCos(x, false) }
func refCos(x float64) float64 { return refSinCos(x, true) }

var bigPiOver2 = sync.OnceValue(func() *big.Float {
	// Machin: π/4 = 4·atan(1/5) - atan(1/239).
	const prec = 1400
	atanInv := func(n int64) *big.Float {
		x := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), new(big.Float).SetPrec(prec).SetInt64(n))
		x2 := new(big.Float).SetPrec(prec).Mul(x, x)
		sum := new(big.Float).SetPrec(prec).Set(x)
		term := new(big.Float).SetPrec(prec).Set(x)
		eps := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), -prec-8)
		for k := int64(1); ; k++ {
			term.Mul(term, x2)
			t := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetPrec(prec).SetInt64(2*k+1))
			if t.Cmp(eps) < 0 {
				break
			}
			if k%2 == 1 {
				sum.Sub(sum, t)
			} else {
				sum.Add(sum, t)
			}
		}
		return sum
	}
	pi4 := new(big.Float).SetPrec(prec).Mul(big.NewFloat(4), atanInv(5))
	pi4.Sub(pi4, atanInv(239))
	return pi4.Mul(pi4, big.NewFloat(2)) // π/2
})

func refSinCos(x float64, cos bool) float64 {
	if !(math.Abs(x) >= math.Pi/4 && math.Abs(x) <= vmath.SinBound64) {
		if cos {
			return math.Cos(x)
		}
		return math.Sin(x)
	}
	p := bigPiOver2()
	bx := new(big.Float).SetPrec(p.Prec()).SetFloat64(x)
	k := new(big.Float).SetPrec(p.Prec()).Quo(bx, p)
	k.Add(k, big.NewFloat(0.5))
	ki, _ := k.Int(nil)
	if k.Sign() < 0 && !k.IsInt() {
		ki.Sub(ki, big.NewInt(1)) // floor
	}
	rb := new(big.Float).SetPrec(p.Prec()).SetInt(ki)
	rb.Mul(rb, p)
	rb.Sub(bx, rb)
	hi, _ := rb.Float64()
	lo, _ := new(big.Float).Sub(rb, new(big.Float).SetFloat64(hi)).Float64()
	q := new(big.Int).And(ki, big.NewInt(3)).Int64()
	if cos {
		q++
	}
	s, c := math.Sin(hi), math.Cos(hi)
	switch q & 3 {
	case 0:
		return math.FMA(c, lo, s)
	case 1:
		return math.FMA(-s, lo, c)
	case 2:
		return -math.FMA(c, lo, s)
	default:
		return -math.FMA(-s, lo, c)
	}
}

// ulps32 returns the distance in ulps between got and want, with NaN equal
// to NaN, and math.MaxUint64 for a NaN mismatch or zeros of opposite sign.
func ulps32(got, want float32) uint64 {
	if got != got || want != want {
		if got != got && want != want {
			return 0
		}
		return math.MaxUint64
	}
	if got == 0 && want == 0 && math.Signbit(float64(got)) != math.Signbit(float64(want)) {
		return math.MaxUint64
	}
	ord := func(f float32) int64 {
		b := int64(int32(math.Float32bits(f)))
		if b < 0 {
			b = math.MinInt32 - b
		}
		return b
	}
	d := ord(got) - ord(want)
	if d < 0 {
		d = -d
	}
	return uint64(d)
}

func ulps64(got, want float64) uint64 {
	if got != got || want != want {
		if got != got && want != want {
			return 0
		}
		return math.MaxUint64
	}
	if got == 0 && want == 0 && math.Signbit(got) != math.Signbit(want) {
		return math.MaxUint64
	}
	ord := func(f float64) int64 {
		b := int64(math.Float64bits(f))
		if b < 0 {
			b = math.MinInt64 - b
		}
		return b
	}
	a, b := ord(got), ord(want)
	if (a < 0) != (b < 0) {
		return uint64(max(a, b)) + uint64(-min(a, b))
	}
	if a < b {
		return uint64(b - a)
	}
	return uint64(a - b)
}

// ulpSamples returns the inputs of TestULP: per binary exponent of the
// type, perExp random mantissas of both signs; n uniform samples in
// [lo, hi]; and the special values.
func ulpSamples(r *rand.Rand, is32 bool, perExp, n int, lo, hi float64) []float64 {
	var xs []float64
	minE, maxE := -1074, 1023
	if is32 {
		minE, maxE = -149, 127
	}
	for e := minE; e <= maxE; e++ {
		for k := 0; k < perExp; k++ {
			x := math.Ldexp(1+r.Float64(), e)
			if is32 && e < -126 {
				x = math.Ldexp(float64(1+r.IntN(1<<(e+149))), -149)
			} else if !is32 && e < -1022 {
				x = math.Ldexp(float64(1+r.Int64N(1<<(e+1074))), -1074)
			}
			xs = append(xs, x, -x)
		}
	}
	for k := 0; k < n; k++ {
		xs = append(xs, lo+(hi-lo)*r.Float64())
	}
	return append(xs, ulpSpecials(is32)...)
}

// ulpSpecials are ±0, ±Inf, NaN, the extremes of the subnormal and normal
// ranges, the arguments where the kernels switch method or clamp (and their
// neighbours), negative logarithm arguments and huge sine arguments.
func ulpSpecials(is32 bool) []float64 {
	xs := []float64{
		0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		1, -1, 2, -2, 0.5, -0.5, 1e-300, -1e-300,
		math.SmallestNonzeroFloat32, math.SmallestNonzeroFloat64, 0x1p-126, 0x1p-1022,
		0x1p-126 - 0x1p-149, 0x1p-1022 - 0x1p-1074, math.MaxFloat32, math.MaxFloat64,
		88.72, 88.73, 89, -87.3, -103.9, -104, -150, 709.78, 709.79, 710, -708.4, -745.1, -745.2, -746, -800,
		vmath.TanhSmall, vmath.ErfSmall, vmath.TanhClamp32, vmath.TanhClamp64, vmath.ErfClamp32, vmath.ErfClamp64,
		vmath.SinBound32, vmath.SinBound64, math.Pi, math.Pi / 2, math.Pi / 4, 3 * math.Pi / 4, 1e5, 1e6, 1e9,
		1e10, 1e15, 1e20, 1e22, 1e30, 3.4e38, 1e300,
		-1 + 0x1p-24, -1 + 0x1p-53, -0.99, -1.5, -1e10, 1e-8, 1e-20,
	}
	var out []float64
	for _, x := range xs {
		for _, v := range []float64{x, -x} {
			if is32 {
				f := float32(v)
				out = append(out, float64(f), float64(math.Nextafter32(f, 0)), float64(math.Nextafter32(f, float32(math.Inf(1)))))
			} else {
				out = append(out, v, math.Nextafter(v, 0), math.Nextafter(v, math.Inf(1)))
			}
		}
	}
	return out
}

// maxULP evaluates the kernel on xs and returns the largest error and its
// argument.
func maxULP32(kern func(dst, x []float32), ref func(float64) float64, xs []float64) (uint64, float32) {
	x := make([]float32, len(xs))
	for i, v := range xs {
		x[i] = float32(v)
	}
	got := make([]float32, len(x))
	kern(got, x)
	var worst uint64
	var at float32
	for i, v := range x {
		if e := ulps32(got[i], float32(ref(float64(v)))); e > worst {
			worst, at = e, v
		}
	}
	return worst, at
}

func maxULP64(kern func(dst, x []float64), ref func(float64) float64, x []float64) (uint64, float64) {
	got := make([]float64, len(x))
	kern(got, x)
	var worst uint64
	var at float64
	for i, v := range x {
		if e := ulps64(got[i], ref(v)); e > worst {
			worst, at = e, v
		}
	}
	return worst, at
}

// TestULP checks the documented error bounds over samples of the whole
// float range and the special values; -v prints the measured table.
// LEIBNIZ_ULP_SAMPLES=n raises the number of samples per binary exponent.
func TestULP(t *testing.T) {
	if !haveSIMD {
		t.Skip("no SIMD kernels: the pure-Go loops call math (checked bit for bit by TestSIMDMathExact)")
	}
	perExp, dense := 24, 20000
	if s := os.Getenv("LEIBNIZ_ULP_SAMPLES"); s != "" {
		_, err := fmt.Sscan(s, &perExp)
		require.NoError(t, err)
		dense = perExp * 1000
	}
	for _, c := range ulpCases() {
		r := rand.New(rand.NewPCG(7, uint64(len(c.name))))
		e32, at32 := maxULP32(c.k32, c.ref, ulpSamples(r, true, perExp, dense, c.lo, c.hi))
		e64, at64 := maxULP64(c.k64, c.ref, ulpSamples(r, false, perExp, dense, c.lo, c.hi))
		t.Logf("%-8s f32 %d ulp (x=%g)   f64 %d ulp (x=%g)", c.name, e32, at32, e64, at64)
		if os.Getenv("LEIBNIZ_ULP_REPORT") != "" {
			continue
		}
		require.LessOrEqual(t, e32, c.b32, "%s f32 at x=%g", c.name, at32)
		require.LessOrEqual(t, e64, c.b64, "%s f64 at x=%g", c.name, at64)
	}
}

// TestULPExhaustive32 checks the float32 bounds on every float32 input. It
// takes minutes and runs only with LEIBNIZ_EXHAUSTIVE=1 (all functions) or
// LEIBNIZ_EXHAUSTIVE=Name (one of them).
func TestULPExhaustive32(t *testing.T) {
	if !haveSIMD {
		t.Skip("no SIMD kernels: the pure-Go loops call math")
	}
	if os.Getenv("LEIBNIZ_EXHAUSTIVE") == "" {
		t.Skip("set LEIBNIZ_EXHAUSTIVE=1 to check every float32 input")
	}
	for _, c := range ulpCases() {
		if name := os.Getenv("LEIBNIZ_EXHAUSTIVE"); name != "1" && name != c.name {
			continue
		}
		ref := findMathCase(c.name).ref // math: accurate enough for float32, and fast
		workers := runtime.GOMAXPROCS(0)
		var mu sync.Mutex
		var worst uint64
		var at float32
		var wg sync.WaitGroup
		const chunk = 1 << 16
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := make([]float32, chunk)
				got := make([]float32, chunk)
				var lw uint64
				var la float32
				for base := uint64(w) * chunk; base < 1<<32; base += uint64(workers) * chunk {
					for i := range x {
						x[i] = math.Float32frombits(uint32(base) + uint32(i))
					}
					c.k32(got, x)
					for i, v := range x {
						if e := ulps32(got[i], float32(ref(float64(v)))); e > lw {
							lw, la = e, v
						}
					}
				}
				mu.Lock()
				if lw > worst {
					worst, at = lw, la
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		t.Logf("%-8s f32 exhaustive: %d ulp (x=%g)", c.name, worst, at)
		require.LessOrEqual(t, worst, c.b32, "%s at x=%g", c.name, at)
	}
}
