package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

var activations = []Activation{ActNone, ActTanh, ActReLU, ActSigmoid}

// refActivation is the float64 reference of each activation.
func refActivation(act Activation, x float64) float64 {
	switch act {
	case ActTanh:
		return math.Tanh(x)
	case ActReLU:
		return max(x, 0)
	case ActSigmoid:
		return 1 / (1 + math.Exp(-x))
	}
	return x
}

// biasActCase is one GemmBiasAct problem with padded leading dimensions.
type biasActCase struct {
	m, n, k       int
	lda, ldb, ldc int
	bias          bool
	act           Activation
}

func (c biasActCase) String() string {
	return fmt.Sprintf("m=%d n=%d k=%d lda=%d ldb=%d ldc=%d bias=%v act=%v", c.m, c.n, c.k, c.lda, c.ldb, c.ldc, c.bias, c.act)
}

// checkBiasAct runs the case on the current backend and checks it two ways:
// against the unfused sequence Gemm, bias, activation on the same backend
// (identical for none and ReLU, within a few ULPs of the activation kernel
// otherwise), and against a float64 reference of the whole formula. c starts
// as NaN (it must not be read), its padding and the guards around it must
// be untouched.
func checkBiasAct[T Float](t *testing.T, bc biasActCase, r *rand.Rand) {
	t.Helper()
	a := randFloats[T](r, max((bc.m-1)*bc.lda+bc.k, 0), -1, 1)
	b := randFloats[T](r, max((bc.k-1)*bc.ldb+bc.n, 0), -1, 1)
	var bias []T
	if bc.bias {
		bias = randFloats[T](r, bc.n, -2, 2)
	}
	nc := (bc.m-1)*bc.ldc + bc.n
	c, full := guarded(nc, sentinel[T]())
	GemmBiasAct(bc.m, bc.n, bc.k, a, bc.lda, b, bc.ldb, bias, bc.act, c, bc.ldc)
	requireGuards(t, full, nc, sentinel[T]())

	// The unfused sequence.
	u := make([]T, nc)
	for i := range u {
		u[i] = T(math.NaN())
	}
	Gemm(false, false, bc.m, bc.n, bc.k, 1, a, bc.lda, b, bc.ldb, 0, u, bc.ldc)
	for i := 0; i < bc.m; i++ {
		row := u[i*bc.ldc : i*bc.ldc+bc.n]
		if bias != nil {
			Add(row, row, bias[:bc.n])
		}
		switch bc.act {
		case ActTanh:
			Tanh(row, row)
		case ActSigmoid:
			Logistic(row, row)
		case ActReLU:
			Max(row, row, make([]T, len(row)))
		}
	}

	eps := 0x1p-52
	if is32[T]() {
		eps = 0x1p-23
	}
	for i := 0; i < bc.m; i++ {
		for j := 0; j < bc.ldc && i*bc.ldc+j < nc; j++ {
			o := i*bc.ldc + j
			if j >= bc.n {
				if !math.IsNaN(float64(c[o])) {
					require.Failf(t, "padding written", "%v: c[%d] = %v", bc, o, c[o])
				}
				continue
			}
			got, unfused := float64(c[o]), float64(u[o])
			if bc.act == ActNone || bc.act == ActReLU {
				if !sameBits(c[o], u[o]) {
					require.Failf(t, "fused differs from unfused", "%v: c[%d] = %v, unfused %v", bc, o, got, unfused)
				}
			} else if math.Abs(got-unfused) > 8*eps*math.Max(1, math.Abs(unfused)) {
				require.Failf(t, "fused differs from unfused", "%v: c[%d] = %v, unfused %v", bc, o, got, unfused)
			}
			s, sabs := 0.0, 0.0
			for p := 0; p < bc.k; p++ {
				v := float64(a[i*bc.lda+p]) * float64(b[p*bc.ldb+j])
				s += v
				sabs += math.Abs(v)
			}
			if bias != nil {
				s += float64(bias[j])
				sabs += math.Abs(float64(bias[j]))
			}
			want := refActivation(bc.act, s)
			// Every activation here has a derivative of at most 1.
			tol := (2*float64(bc.k+2)*sabs + 8*math.Max(1, math.Abs(want))) * eps
			if !(math.Abs(got-want) <= tol) {
				require.Failf(t, "not close", "%v: c[%d] = %v, float64 reference %v (tol %g)", bc, o, got, want, tol)
			}
		}
	}
}

// biasActCases covers every activation with and without bias on full and
// ragged tiles, k = 0, sizes 1..17, 63..65 and one that crosses every
// block boundary.
func biasActCases(r *rand.Rand) []biasActCase {
	var shapes [][3]int
	for m := 1; m <= 17; m += 2 {
		for n := 1; n <= 17; n += 3 {
			shapes = append(shapes, [3]int{m, n, 1 + (m+n)%17})
		}
	}
	shapes = append(shapes, [3]int{6, 16, 8}, [3]int{12, 32, 0}, [3]int{63, 65, 64}, [3]int{65, 64, 63})
	if !reducedGemmTests() {
		shapes = append(shapes, [3]int{130, 70, 300})
	}
	var cs []biasActCase
	for _, s := range shapes {
		for _, act := range activations {
			for _, bias := range []bool{false, true} {
				cs = append(cs, biasActCase{
					m: s[0], n: s[1], k: s[2],
					lda: s[2] + r.IntN(3), ldb: s[1] + r.IntN(3), ldc: s[1] + r.IntN(3),
					bias: bias, act: act,
				})
			}
		}
	}
	return cs
}

// TestGemmBiasAct checks the fused epilogue on the packed driver in every
// configuration and on OpenBLAS and gonum (where it is a post-pass).
func TestGemmBiasAct(t *testing.T) {
	run := func(t *testing.T) {
		r := newRNG()
		for _, bc := range biasActCases(r) {
			checkBiasAct[float32](t, bc, r)
			checkBiasAct[float64](t, bc, r)
		}
	}
	t.Run("packed", func(t *testing.T) { forEachPackedConfig(t, run) })
	for _, be := range []gemmBackend{backendOpenBLAS, backendGonum} {
		if be == backendGonum && reducedGemmTests() {
			continue
		}
		t.Run("backend="+be.String(), func(t *testing.T) {
			setGemmBackendForTest(t, be)
			run(t)
		})
	}
}

// TestGemmBiasActSpecials checks the activations' special values through
// the epilogue: NaN stays NaN, ReLU turns -0 into +0, and tanh and sigmoid
// saturate at ±Inf.
func TestGemmBiasActSpecials(t *testing.T) {
	forEachGemmBackend(t, func(t *testing.T) {
		// a is 1×1 (value 1), b is 1×5, so c = b + bias.
		a := []float64{1}
		b := []float64{math.NaN(), math.Copysign(0, -1), math.Inf(1), math.Inf(-1), -3}
		c := make([]float64, 5)
		GemmBiasAct(1, 5, 1, a, 1, b, 5, nil, ActReLU, c, 5)
		require.True(t, math.IsNaN(c[0]))
		require.True(t, c[1] == 0 && !math.Signbit(c[1]), "relu(-0) = +0")
		require.Equal(t, []float64{math.Inf(1), 0, 0}, c[2:])
		GemmBiasAct(1, 5, 1, a, 1, b, 5, nil, ActTanh, c, 5)
		require.True(t, math.IsNaN(c[0]))
		require.Equal(t, []float64{1, -1}, c[2:4])
		GemmBiasAct(1, 5, 1, a, 1, b, 5, []float64{0, 0, 0, 0, math.Inf(1)}, ActSigmoid, c, 5)
		require.Equal(t, 0.5, c[1])
		require.Equal(t, []float64{1, 0, 1}, c[2:])
	})
}

// TestGemmBiasActArgs checks the argument checks and the empty cases.
func TestGemmBiasActArgs(t *testing.T) {
	a, b, c := make([]float32, 6), make([]float32, 6), make([]float32, 4)
	require.NotPanics(t, func() { GemmBiasAct(2, 2, 3, a, 3, b, 2, nil, ActNone, c, 2) })
	require.NotPanics(t, func() { GemmBiasAct[float32](0, 2, 3, nil, 3, nil, 2, nil, ActTanh, nil, 2) })
	require.NotPanics(t, func() { GemmBiasAct[float32](2, 0, 3, nil, 3, nil, 0, nil, ActTanh, nil, 0) })
	require.Panics(t, func() { GemmBiasAct(2, 2, 3, a, 3, b, 2, make([]float32, 1), ActNone, c, 2) }, "short bias")
	require.Panics(t, func() { GemmBiasAct(2, 2, 3, a, 3, b, 2, nil, Activation(9), c, 2) }, "bad activation")
	require.Panics(t, func() { GemmBiasAct(2, 2, 3, a, 2, b, 2, nil, ActNone, c, 2) }, "lda < k")
	require.Panics(t, func() { GemmBiasAct(2, 2, 3, a, 3, b, 2, nil, ActNone, c[:3], 2) }, "short c")
	require.Panics(t, func() { GemmBiasAct(2, 2, 0, a, 3, b, 2, nil, ActNone, c[:3], 2) }, "short c, k == 0")
	require.Equal(t, "sigmoid", ActSigmoid.String())
	require.Equal(t, "Activation(9)", Activation(9).String())
}

// BenchmarkGemmBiasAct compares the fused epilogue with the unfused
// sequence (Gemm, then bias and activation over c) for a 256×256×256
// float32 layer on the built-in backend, one goroutine.
func BenchmarkGemmBiasAct(b *testing.B) {
	const m, n, k = 256, 256, 256
	r := newRNG()
	x := randFloats[float32](r, m*k, -1, 1)
	w := randFloats[float32](r, k*n, -1, 1)
	bias := randFloats[float32](r, n, -1, 1)
	c := make([]float32, m*n)
	for _, act := range []Activation{ActReLU, ActTanh} {
		b.Run(fmt.Sprintf("act=%v/fused", act), func(b *testing.B) {
			setGemmBackendForTest(b, backendBuiltin)
			setGemmThreadsForTest(b, 1)
			for b.Loop() {
				GemmBiasAct(m, n, k, x, k, w, n, bias, act, c, n)
			}
		})
		b.Run(fmt.Sprintf("act=%v/unfused", act), func(b *testing.B) {
			setGemmBackendForTest(b, backendBuiltin)
			setGemmThreadsForTest(b, 1)
			for b.Loop() {
				Gemm(false, false, m, n, k, 1, x, k, w, n, 0, c, n)
				for i := 0; i < m; i++ {
					epilogueRow(c[i*n:(i+1)*n], bias, act)
				}
			}
		})
	}
}
