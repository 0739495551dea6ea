package kernels

// Conversion and fill kernels. len(dst) == len(src) for every conversion.

// Convert sets dst[i] = D(src[i]) for every i, with Go conversion semantics
// (integers wrap, floats round to nearest) except for float-to-integer
// conversions, which truncate toward zero and are fully defined: NaN maps to
// 0 and values beyond the range of D saturate to D's minimum or maximum.
// dst may share memory with src only if D and S have the same size and dst
// is exactly src.
func Convert[D, S Num](dst []D, src []S) {
	src = src[:len(dst)]
	if !isFloat[S]() || isFloat[D]() {
		for i, v := range src {
			dst[i] = D(v)
		}
		return
	}
	// Float to integer: saturate. Both bounds are powers of two and hence
	// exact in float64; any f in [lo, hi) truncates into range.
	lo, hi := -2147483648.0, 2147483648.0
	if !is32[D]() {
		lo, hi = -9223372036854775808.0, 9223372036854775808.0
	}
	dmin, dmax := lowest[D](), highest[D]()
	for i, v := range src {
		f := float64(v)
		switch {
		case f != f:
			dst[i] = 0
		case f >= hi:
			dst[i] = dmax
		case f < lo:
			dst[i] = dmin
		default:
			dst[i] = D(int64(f))
		}
	}
}

// FromBool sets dst[i] = 1 if src[i] else 0 for every i.
func FromBool[D Num](dst []D, src []bool) {
	src = src[:len(dst)]
	for i, v := range src {
		if v {
			dst[i] = 1
		} else {
			dst[i] = 0
		}
	}
}

// ToBool sets dst[i] = src[i] != 0 for every i (NaN gives true).
func ToBool[S Num](dst []bool, src []S) {
	src = src[:len(dst)]
	for i, v := range src {
		dst[i] = v != 0
	}
}

// Fill sets dst[i] = v for every i.
func Fill[T any](dst []T, v T) {
	if len(dst) < 64 {
		for i := range dst {
			dst[i] = v
		}
		return
	}
	// Seed a block, then double it with copy.
	for i := range dst[:16] {
		dst[i] = v
	}
	for n := 16; n < len(dst); n *= 2 {
		copy(dst[n:], dst[:n])
	}
}
