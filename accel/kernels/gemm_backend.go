package kernels

import (
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// gemmBackend names an implementation of the float GEMM behind Gemm and
// DotGeneral.
type gemmBackend uint32

const (
	// backendAuto (the zero value) means "no test override": use the
	// process-wide default.
	backendAuto gemmBackend = iota
	// backendBuiltin is the package's own packed GEMM (gemm_packed.go).
	backendBuiltin
	// backendOpenBLAS is OpenBLAS, called through purego.
	backendOpenBLAS
	// backendGonum is gonum's pure-Go blas32/blas64, the built-in path
	// before the packed driver, kept as a test reference and benchmark
	// baseline: it is never chosen by default and only works when the
	// tests have set gemmReference (elsewhere it falls back to
	// backendBuiltin).
	backendGonum
)

func (b gemmBackend) String() string {
	switch b {
	case backendBuiltin:
		return "builtin"
	case backendOpenBLAS:
		return "openblas"
	case backendGonum:
		return "gonum"
	}
	return "auto"
}

// blasEnv is the environment variable that selects the GEMM backend. Its
// only recognised value is "builtin" (case-insensitive), which keeps every
// GEMM on the pure-Go path and never loads OpenBLAS. Anything else, including
// unset, means: use OpenBLAS when libopenblas.so.0 loads.
const blasEnv = "LEIBNIZ_BLAS"

// openblasMinWork is the smallest m*n*k sent to OpenBLAS by default. Below
// it the built-in packed GEMM is as fast or faster: OpenBLAS's foreign call
// costs about 0.4µs, and its thread start-up makes it slower than the
// built-in path at 96³–128³; from about 192³ on OpenBLAS is 10–25% faster
// (BenchmarkGemmSmall, 2-core Zen VM).
const openblasMinWork = 1 << 22

// defaultGemm is the process-wide backend, decided once on first use.
var defaultGemm struct {
	once    sync.Once
	backend gemmBackend
}

// backendOverride, when not backendAuto, replaces the default backend and
// the small-size cutoff for every call. Only tests set it, through
// setGemmBackendForTest.
var backendOverride atomic.Uint32

// BLASBackend reports which implementation serves float GEMMs (Gemm and
// DotGeneral): "openblas" when libopenblas.so.0 was loaded and the
// environment variable LEIBNIZ_BLAS is not "builtin", otherwise "builtin"
// (the package's own packed GEMM). The decision is made once, on first use,
// and never changes. Even under "openblas", products with m*n*k below a
// cutoff (about 160³) run on the built-in path, where they are as fast or
// faster.
func BLASBackend() string {
	return defaultBackend().String()
}

// defaultBackend returns the process-wide backend, reading the environment
// and loading OpenBLAS on the first call.
func defaultBackend() gemmBackend {
	defaultGemm.once.Do(func() {
		defaultGemm.backend = backendBuiltin
		if useOpenBLAS(os.Getenv(blasEnv), openblasAvailable) {
			defaultGemm.backend = backendOpenBLAS
		}
	})
	return defaultGemm.backend
}

// useOpenBLAS decides the default backend from the value of LEIBNIZ_BLAS.
// available is consulted (and so the library loaded) only when the
// environment does not rule OpenBLAS out.
func useOpenBLAS(env string, available func() bool) bool {
	if strings.EqualFold(strings.TrimSpace(env), "builtin") {
		return false
	}
	return available()
}

// openblasAvailable loads OpenBLAS if that has not been tried yet and
// reports whether it is usable.
func openblasAvailable() bool {
	return loadOpenBLAS() == nil
}

// pickBackend chooses the backend for a non-degenerate m×n×k product.
func pickBackend(m, n, k int) gemmBackend {
	if be := gemmBackend(backendOverride.Load()); be != backendAuto {
		return be
	}
	be := defaultBackend()
	if be == backendOpenBLAS && m*n*k < openblasMinWork {
		return backendBuiltin
	}
	return be
}

// gemmWith is gemm on an explicit backend; backendOpenBLAS falls back to the
// built-in path when OpenBLAS is not loaded or cannot take the arguments.
// The degenerate cases (m, n or k zero, alpha zero) never reach a BLAS.
func gemmWith[T Num](be gemmBackend, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if beta == 0 {
				clear(row)
			} else if beta != 1 {
				for j := range row {
					row[j] *= beta
				}
			}
		}
		return
	}
	if be == backendOpenBLAS && gemmArgsValid(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) && openblasGemm(is32[T](), transA, transB, m, n, k,
		float64(alpha), unsafe.Pointer(unsafe.SliceData(a)), lda,
		unsafe.Pointer(unsafe.SliceData(b)), ldb,
		float64(beta), unsafe.Pointer(unsafe.SliceData(c)), ldc) {
		return
	}
	if be == backendGonum && gemmReference != nil {
		referenceGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	builtinGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmArgsValid reports whether the leading dimensions and slice lengths of
// a row-major GEMM with m, n, k > 0 are consistent, so that a foreign BLAS
// reads and writes only inside the slices. Invalid arguments go to the
// built-in path, whose checks panic with a message naming the bad argument.
func gemmArgsValid(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	return lda >= colsA && lenA >= (rowsA-1)*lda+colsA &&
		ldb >= colsB && lenB >= (rowsB-1)*ldb+colsB &&
		ldc >= n && lenC >= (m-1)*ldc+n
}

// openblasGemm runs one non-degenerate GEMM through OpenBLAS on row-major
// float32 (single) or float64 data and reports whether it did; it returns
// false, touching nothing, when OpenBLAS is not loaded or a size does not
// fit its integer type. alpha and beta are exact conversions of the
// caller's T values.
func openblasGemm(single, transA, transB bool, m, n, k int, alpha float64, a unsafe.Pointer, lda int, b unsafe.Pointer, ldb int, beta float64, c unsafe.Pointer, ldc int) bool {
	lib := openblasLib()
	if lib == nil {
		return false
	}
	return lib.gemm(single, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// openblasLib returns the loaded library, or nil when it did not load. It
// loads it on the first call.
func openblasLib() *openblasLibrary {
	if loadOpenBLAS() != nil {
		return nil
	}
	return &openblas.lib
}

// openblas holds the lazily loaded library; loadOpenBLAS fills it once.
var openblas struct {
	once sync.Once
	lib  openblasLibrary
	err  error
}

// loadOpenBLAS tries to load OpenBLAS the first time it is called and
// returns the (cached) error of that attempt.
func loadOpenBLAS() error {
	openblas.once.Do(func() {
		openblas.err = openblas.lib.load()
	})
	return openblas.err
}
