package kernels

// Gather and scatter along a single axis.
//
// Index normalisation, identical for Gather and ScatterAdd: with
// n = shape[axis], an index i < 0 is first shifted to i + n (so -1 is the
// last element), and the result is then clamped to [0, n-1]. Out-of-range
// indices therefore never fault: they select the first or last element.
// n >= 1 whenever idx is non-empty.

// normIndex applies the index normalisation described above.
func normIndex[I Int](i I, n int) int {
	k := int64(i)
	if k < 0 {
		k += int64(n)
	}
	switch {
	case k < 0:
		return 0
	case k >= int64(n):
		return n - 1
	}
	return int(k)
}

// Gather selects entries of src, of shape `shape`, along axis. dst has
// shape shape[:axis] ++ idxShape ++ shape[axis+1:], where idx is the flat
// (row-major) content of an index array of shape idxShape:
//
//	dst[o, j, p] = src[o, norm(idx[j]), p]
//
// with o ranging over shape[:axis] and p over shape[axis+1:].
func Gather[T any, I Int](dst, src []T, shape []int, axis int, idx []I) {
	if len(dst) == 0 {
		return
	}
	outer := numElements(shape[:axis])
	n := shape[axis]
	inner := numElements(shape[axis+1:])
	m := len(idx)
	if inner == 1 {
		for o := 0; o < outer; o++ {
			s := src[o*n : o*n+n]
			d := dst[o*m : o*m+m]
			for j, i := range idx {
				d[j] = s[normIndex(i, n)]
			}
		}
		return
	}
	pos := 0
	for o := 0; o < outer; o++ {
		base := o * n * inner
		for _, i := range idx {
			s := base + normIndex(i, n)*inner
			copy(dst[pos:pos+inner], src[s:s+inner])
			pos += inner
		}
	}
}

// ScatterAdd accumulates updates into dst, of shape `shape`, along axis.
// updates has shape shape[:axis] ++ [len(idx)] ++ shape[axis+1:]:
//
//	dst[o, norm(idx[j]), p] += updates[o, j, p]
//
// for every o in shape[:axis], j in [0, len(idx)) and p in shape[axis+1:].
// Duplicate indices accumulate.
func ScatterAdd[T Num, I Int](dst []T, shape []int, axis int, idx []I, updates []T) {
	if len(updates) == 0 {
		return
	}
	outer := numElements(shape[:axis])
	n := shape[axis]
	inner := numElements(shape[axis+1:])
	m := len(idx)
	if inner == 1 {
		for o := 0; o < outer; o++ {
			d := dst[o*n : o*n+n]
			u := updates[o*m : o*m+m]
			for j, i := range idx {
				d[normIndex(i, n)] += u[j]
			}
		}
		return
	}
	pos := 0
	for o := 0; o < outer; o++ {
		base := o * n * inner
		for _, i := range idx {
			d := base + normIndex(i, n)*inner
			Add(dst[d:d+inner], dst[d:d+inner], updates[pos:pos+inner])
			pos += inner
		}
	}
}
