//go:build linux && (amd64 || arm64)

package kernels

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/ebitengine/purego"
)

// openblasLibName is the shared object loaded by dlopen; Debian and Ubuntu
// install it with the libopenblas0 package.
const openblasLibName = "libopenblas.so.0"

// openblasLibrary is a loaded OpenBLAS. The handle is never closed.
//
// GEMMs go through the Fortran entry points sgemm_ and dgemm_ rather than
// cblas_sgemm and cblas_dgemm: every Fortran argument is a pointer, so the
// call fits purego.SyscallN, which puts its arguments only in integer
// registers and on the stack, and costs no allocation. (SyscallN cannot
// pass the float alpha and beta of the CBLAS functions in float registers
// next to integer arguments; purego.RegisterLibFunc can, but through
// reflection, with a dozen allocations and about 1µs per call.)
type openblasLibrary struct {
	sgemm, dgemm uintptr
	// ilp64 is set when the library was built with 64-bit Fortran
	// integers (USE64BITINT); libopenblas.so.0 normally uses 32-bit ones.
	ilp64 bool
}

// load opens the library and resolves the symbols gemm needs.
func (l *openblasLibrary) load() error {
	h, err := purego.Dlopen(openblasLibName, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return err
	}
	if l.sgemm, err = purego.Dlsym(h, "sgemm_"); err != nil {
		return err
	}
	if l.dgemm, err = purego.Dlsym(h, "dgemm_"); err != nil {
		return err
	}
	cfg, err := purego.Dlsym(h, "openblas_get_config")
	if err != nil {
		return fmt.Errorf("%s is not OpenBLAS: %w", openblasLibName, err)
	}
	var getConfig func() string
	purego.RegisterFunc(&getConfig, cfg)
	config := getConfig()
	l.ilp64 = strings.Contains(config, "USE64BITINT")
	if l.sgemm == 0 || l.dgemm == 0 {
		return errors.New("kernels: OpenBLAS gemm symbols resolved to nil")
	}
	return nil
}

// gemmCall holds the by-reference arguments of one Fortran ?gemm_ call.
// Calls draw it from gemmCalls so that a GEMM allocates nothing.
type gemmCall struct {
	transA, transB byte
	ints32         [6]int32 // m, n, k, lda, ldb, ldc
	ints64         [6]int64
	alpha32        float32
	beta32         float32
	alpha64        float64
	beta64         float64
	args           [15]uintptr
	pin            runtime.Pinner
}

var gemmCalls = sync.Pool{New: func() any { return new(gemmCall) }}

// fortranTrans maps a transpose flag to the Fortran TRANS character.
func fortranTrans(t bool) byte {
	if t {
		return 'T'
	}
	return 'N'
}

// gemm implements openblasGemm (see there) for a loaded library.
//
// OpenBLAS's Fortran interface is column-major. The column-major view of a
// row-major matrix is its transpose, so the row-major c = op(a)·op(b) is
// computed as the column-major cᵀ = op(b)ᵀ·op(a)ᵀ: a and b swap places, and
// so do m and n, their transpose flags and leading dimensions.
//
// a, b and c are pinned for the call, and the pointers are stored as
// uintptr in the pinned gemmCall, which runtime.Pinner allows.
func (l *openblasLibrary) gemm(single, transA, transB bool, m, n, k int, alpha float64, a unsafe.Pointer, lda int, b unsafe.Pointer, ldb int, beta float64, c unsafe.Pointer, ldc int) bool {
	if !l.ilp64 && max(m, n, k, lda, ldb, ldc) > math.MaxInt32 {
		return false
	}
	x := gemmCalls.Get().(*gemmCall)
	x.pin.Pin(x)
	x.pin.Pin(a)
	x.pin.Pin(b)
	x.pin.Pin(c)
	x.transA, x.transB = fortranTrans(transA), fortranTrans(transB)
	var ints [6]uintptr
	if l.ilp64 {
		x.ints64 = [6]int64{int64(m), int64(n), int64(k), int64(lda), int64(ldb), int64(ldc)}
		for i := range ints {
			ints[i] = uintptr(unsafe.Pointer(&x.ints64[i]))
		}
	} else {
		x.ints32 = [6]int32{int32(m), int32(n), int32(k), int32(lda), int32(ldb), int32(ldc)}
		for i := range ints {
			ints[i] = uintptr(unsafe.Pointer(&x.ints32[i]))
		}
	}
	fn := l.dgemm
	x.alpha64, x.beta64 = alpha, beta
	pAlpha, pBeta := uintptr(unsafe.Pointer(&x.alpha64)), uintptr(unsafe.Pointer(&x.beta64))
	if single {
		fn = l.sgemm
		x.alpha32, x.beta32 = float32(alpha), float32(beta)
		pAlpha, pBeta = uintptr(unsafe.Pointer(&x.alpha32)), uintptr(unsafe.Pointer(&x.beta32))
	}
	x.args = [15]uintptr{
		uintptr(unsafe.Pointer(&x.transB)), uintptr(unsafe.Pointer(&x.transA)),
		ints[1], ints[0], ints[2], // n, m, k
		pAlpha,
		uintptr(b), ints[4], // b, ldb
		uintptr(a), ints[3], // a, lda
		pBeta,
		uintptr(c), ints[5], // c, ldc
		1, 1, // hidden lengths of the two CHARACTER arguments
	}
	// OpenBLAS runs on its own threads: the pool's workers must not poll
	// meanwhile, or they take its cores.
	workers.quiet.Add(1)
	purego.SyscallN(fn, x.args[:]...)
	workers.blasUntil.Store(time.Now().Add(blasQuietFor).UnixNano())
	workers.quiet.Add(-1)
	x.pin.Unpin()
	x.args = [15]uintptr{}
	gemmCalls.Put(x)
	return true
}
