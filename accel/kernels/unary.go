package kernels

import "math"

// Element-wise unary kernels. For every kernel len(dst) == len(x) and dst may
// be the same slice as x. Float32 transcendental functions are evaluated in
// float64 and rounded once to float32.

// Neg sets dst[i] = -x[i] for every i.
func Neg[T Num](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = -v
	}
}

// Abs sets dst[i] = |x[i]| for every i. For floats the sign bit is cleared,
// so Abs(-0) = +0 and Abs(NaN) = NaN; for integers Abs(min) wraps to min.
func Abs[T Num](dst, x []T) {
	x = x[:len(dst)]
	if isFloat[T]() {
		for i, v := range x {
			dst[i] = T(math.Abs(float64(v)))
		}
		return
	}
	for i, v := range x {
		if v < 0 {
			v = -v
		}
		dst[i] = v
	}
}

// Sign sets dst[i] = sign(x[i]) for every i: -1 if x[i] < 0, +1 if x[i] > 0
// and x[i] otherwise (so ±0 maps to ±0 and NaN to NaN).
func Sign[T Num](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		switch {
		case v > 0:
			v = 1
		case v < 0:
			v = -1
		}
		dst[i] = v
	}
}

// Exp sets dst[i] = exp(x[i]) for every i.
func Exp[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Exp(float64(v)))
	}
}

// Log sets dst[i] = log(x[i]) for every i.
func Log[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Log(float64(v)))
	}
}

// Log1p sets dst[i] = log(1 + x[i]) for every i, accurate for small x[i].
func Log1p[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Log1p(float64(v)))
	}
}

// Expm1 sets dst[i] = exp(x[i]) - 1 for every i, accurate for small x[i].
func Expm1[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Expm1(float64(v)))
	}
}

// Sin sets dst[i] = sin(x[i]) for every i.
func Sin[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Sin(float64(v)))
	}
}

// Cos sets dst[i] = cos(x[i]) for every i.
func Cos[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Cos(float64(v)))
	}
}

// Tan sets dst[i] = tan(x[i]) for every i.
func Tan[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Tan(float64(v)))
	}
}

// Tanh sets dst[i] = tanh(x[i]) for every i.
func Tanh[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Tanh(float64(v)))
	}
}

// Logistic sets dst[i] = 1 / (1 + exp(-x[i])) for every i.
//
// It is evaluated as 1/(1+exp(-x)) for x >= 0 and exp(x)/(1+exp(x)) for
// x < 0, so it never overflows and never produces NaN for non-NaN input:
// Logistic(+Inf) = 1 and Logistic(-Inf) = 0.
func Logistic[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(logistic(float64(v)))
	}
}

func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Sqrt sets dst[i] = sqrt(x[i]) for every i.
func Sqrt[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Sqrt(float64(v)))
	}
}

// Rsqrt sets dst[i] = 1 / sqrt(x[i]) for every i.
func Rsqrt[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(1 / math.Sqrt(float64(v)))
	}
}

// Floor sets dst[i] = floor(x[i]) for every i.
func Floor[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Floor(float64(v)))
	}
}

// Ceil sets dst[i] = ceil(x[i]) for every i.
func Ceil[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Ceil(float64(v)))
	}
}

// Round sets dst[i] = x[i] rounded to the nearest integer for every i, with
// ties rounded to even (NumPy's round semantics, math.RoundToEven).
func Round[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.RoundToEven(float64(v)))
	}
}

// Erf sets dst[i] = erf(x[i]) for every i.
func Erf[T Float](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = T(math.Erf(float64(v)))
	}
}
