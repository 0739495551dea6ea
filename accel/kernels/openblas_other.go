//go:build !(linux && (amd64 || arm64))

package kernels

import (
	"errors"
	"unsafe"
)

// openblasLibName is the shared object that would be loaded.
const openblasLibName = "libopenblas.so.0"

// openblasLibrary is a placeholder: OpenBLAS is only loaded on linux/amd64
// and linux/arm64, and every GEMM elsewhere takes the built-in path.
type openblasLibrary struct{}

func (*openblasLibrary) load() error {
	return errors.New("kernels: OpenBLAS is only used on linux/amd64 and linux/arm64")
}

func (*openblasLibrary) gemm(single, transA, transB bool, m, n, k int, alpha float64, a unsafe.Pointer, lda int, b unsafe.Pointer, ldb int, beta float64, c unsafe.Pointer, ldc int) bool {
	return false
}
