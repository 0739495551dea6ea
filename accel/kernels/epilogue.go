package kernels

import "fmt"

// Activation is an element-wise function applied to a GEMM's output by
// GemmBiasAct.
type Activation uint8

const (
	// ActNone is the identity.
	ActNone Activation = iota
	// ActTanh is tanh(x), computed by Tanh.
	ActTanh
	// ActReLU is max(x, 0) with Go's max semantics: NaN stays NaN and
	// -0 becomes +0.
	ActReLU
	// ActSigmoid is the logistic function 1/(1+exp(-x)), computed by
	// Logistic.
	ActSigmoid
)

func (a Activation) String() string {
	switch a {
	case ActNone:
		return "none"
	case ActTanh:
		return "tanh"
	case ActReLU:
		return "relu"
	case ActSigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// GemmBiasAct sets c = act(a·b + bias) for row-major a (m×k), b (k×n) and
// c (m×n) with leading dimensions lda, ldb and ldc, bias broadcast over the
// rows:
//
//	s = Σ_p a[i*lda+p]*b[p*ldb+j]
//	c[i*ldc+j] = act(s + bias[j])
//
// bias may be nil (no bias); otherwise it needs at least n elements. c is
// overwritten without being read, and only its m×n part is written. With
// k == 0 the product is 0, so c[i, j] = act(bias[j]).
//
// The result is that of Gemm (alpha 1, beta 0) followed by an Add of the
// bias row and the activation kernel (Tanh, Logistic, or max(x, 0) for
// ReLU) on every row, evaluated in that order: bitwise for ActNone and
// ActReLU; for ActTanh and ActSigmoid within the activation kernel's
// accuracy, since it runs on pieces of rows (whose elements may take its
// vector or its scalar path differently from a whole-row call). The
// built-in backend applies the bias and the activation to each output tile
// right after its last k block, while the tile is in L1; under OpenBLAS
// (see BLASBackend) they run as a pass over each row of c after the
// product. It is meant for the accel compiler's lowering of a dot_general
// followed by a bias add and an activation (a dense layer).
func GemmBiasAct[T Float](m, n, k int, a []T, lda int, b []T, ldb int, bias []T, act Activation, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if act > ActSigmoid {
		panic(fmt.Sprintf("kernels: GemmBiasAct: unknown activation %d", uint8(act)))
	}
	if bias != nil && len(bias) < n {
		panic(fmt.Sprintf("kernels: GemmBiasAct: len(bias) %d < n %d", len(bias), n))
	}
	if k == 0 {
		if ldc < n || len(c) < (m-1)*ldc+n {
			panic(fmt.Sprintf("kernels: GemmBiasAct: c too short for %d×%d with ldc %d", m, n, ldc))
		}
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if bias != nil {
				copy(row, bias[:n])
			} else {
				clear(row)
			}
			epilogueRow(row, nil, act)
		}
		return
	}
	be := pickBackend(m, n, k)
	if be == backendOpenBLAS && gemmArgsValid(false, false, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		gemmWith(be, false, false, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		for i := 0; i < m; i++ {
			epilogueRow(c[i*ldc:i*ldc+n], bias, act)
		}
		return
	}
	checkGemmArgs(false, false, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if be == backendGonum {
		gemmWith(be, false, false, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		for i := 0; i < m; i++ {
			epilogueRow(c[i*ldc:i*ldc+n], bias, act)
		}
		return
	}
	if is32[T]() {
		g := gemmOp[float32]{m: m, n: n, k: k, alpha: 1, beta: 0,
			a: reinterpret[float32](a), lda: lda, b: reinterpret[float32](b), ldb: ldb,
			c: reinterpret[float32](c), ldc: ldc, batch: 1,
			bias: reinterpret[float32](bias), act: act}
		packedGemm(&g)
		return
	}
	g := gemmOp[float64]{m: m, n: n, k: k, alpha: 1, beta: 0,
		a: reinterpret[float64](a), lda: lda, b: reinterpret[float64](b), ldb: ldb,
		c: reinterpret[float64](c), ldc: ldc, batch: 1,
		bias: reinterpret[float64](bias), act: act}
	packedGemm(&g)
}

// epilogueRow sets row[j] = act(row[j] + bias[j]); bias may be nil.
func epilogueRow[E Float](row, bias []E, act Activation) {
	if bias != nil {
		bias = bias[:len(row)]
		for j, v := range bias {
			row[j] += v
		}
	}
	switch act {
	case ActTanh:
		Tanh(row, row)
	case ActReLU:
		for j, v := range row {
			row[j] = max(v, 0)
		}
	case ActSigmoid:
		Logistic(row, row)
	}
}
