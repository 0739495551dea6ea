//go:build !amd64 || noasm

package kernels

// gemmAsmAvailable is false: this build has no assembly micro-kernels, and
// every packed GEMM runs a pure-Go one (gemmKernelRows or gemmKernelRegs).
var gemmAsmAvailable = false

// gemmAsmKernels returns nil kernels: there is no assembly in this build.
func gemmAsmKernels() (func(int, *float32, *float32, *float32, int, float32, float32), func(int, *float64, *float64, *float64, int, float64, float64)) {
	return nil, nil
}
