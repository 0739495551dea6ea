package kernels

// This file holds the strided-copy engine shared by the shape kernels.

// stackRank is the rank up to which index bookkeeping lives on the stack.
const stackRank = 8

// tileSize is the edge length of the square tiles used when one side of a
// copy is contiguous along a different axis than the other side.
const tileSize = 16

// intScratch returns a zeroed []int of length n, backed by buf when it is
// large enough.
func intScratch(buf []int, n int) []int {
	if n <= len(buf) {
		s := buf[:n]
		clear(s)
		return s
	}
	return make([]int, n)
}

// stridedCopy sets, for every multi-index i of shape,
//
//	dst[dOff + Σ i[k]*ds[k]] = src[sOff + Σ i[k]*ss[k]].
//
// Strides may be zero (broadcast) or negative (reversal). The traversal
// order is unspecified, so the mapping from multi-indices to destination
// positions must be injective (a zero dst stride is only allowed with a
// zero src stride on the same axis). Nothing is written when any dimension
// is 0; a rank-0 shape copies one element.
func stridedCopy[T any](dst []T, dOff int, ds []int, src []T, sOff int, ss []int, shape []int) {
	for _, n := range shape {
		if n == 0 {
			return
		}
	}
	r := len(shape)
	var buf [4 * stackRank]int
	b := intScratch(buf[:], 4*r)
	// Collapsed dims are stored innermost first. Size-1 dims are dropped and
	// an outer dim is merged into the current innermost group when both of
	// its strides equal the group's stride times the group's size.
	cn, cd, cs, idx := b[:0:r], b[r:r:2*r], b[2*r:2*r:3*r], b[3*r:4*r]
	for k := r - 1; k >= 0; k-- {
		n := shape[k]
		if n == 1 {
			continue
		}
		if m := len(cn) - 1; m >= 0 && ds[k] == cd[m]*cn[m] && ss[k] == cs[m]*cn[m] {
			cn[m] *= n
			continue
		}
		cn = append(cn, n)
		cd = append(cd, ds[k])
		cs = append(cs, ss[k])
	}
	rank := len(cn)
	if rank == 0 {
		dst[dOff] = src[sOff]
		return
	}

	// When the innermost group is contiguous on one side only and another
	// group is contiguous on the other side (a transpose), copy tiles of
	// those two groups so that both sides stay in cache.
	first := 1 // first group handled by the odometer
	if rank >= 2 && (cd[0] == 1) != (cs[0] == 1) {
		for p := 1; p < rank; p++ {
			if (cd[0] == 1 && cs[p] == 1) || (cs[0] == 1 && cd[p] == 1) {
				cn[1], cn[p] = cn[p], cn[1]
				cd[1], cd[p] = cd[p], cd[1]
				cs[1], cs[p] = cs[p], cs[1]
				first = 2
				break
			}
		}
	}

	do, so := dOff, sOff
	for {
		if first == 2 {
			copyTile(dst, do, cd[1], cd[0], src, so, cs[1], cs[0], cn[1], cn[0])
		} else {
			copyLine(dst, do, cd[0], src, so, cs[0], cn[0])
		}
		k := first
		for ; k < rank; k++ {
			idx[k]++
			do += cd[k]
			so += cs[k]
			if idx[k] < cn[k] {
				break
			}
			do -= cd[k] * cn[k]
			so -= cs[k] * cn[k]
			idx[k] = 0
		}
		if k == rank {
			return
		}
	}
}

// copyLine sets dst[do + j*dd] = src[so + j*sd] for j in [0, n).
func copyLine[T any](dst []T, do, dd int, src []T, so, sd, n int) {
	switch {
	case dd == 1 && sd == 1:
		copy(dst[do:do+n], src[so:so+n])
	case dd == 1 && sd == 0:
		Fill(dst[do:do+n], src[so])
	case dd == 1:
		d := dst[do : do+n]
		for j := range d {
			d[j] = src[so+j*sd]
		}
	default:
		for j := 0; j < n; j++ {
			dst[do+j*dd] = src[so+j*sd]
		}
	}
}

// copyTile sets dst[do + i*di + j*dj] = src[so + i*si + j*sj] for i in
// [0, ni) and j in [0, nj), visiting the pairs in square tiles.
func copyTile[T any](dst []T, do, di, dj int, src []T, so, si, sj int, ni, nj int) {
	for i0 := 0; i0 < ni; i0 += tileSize {
		i1 := min(i0+tileSize, ni)
		for j0 := 0; j0 < nj; j0 += tileSize {
			j1 := min(j0+tileSize, nj)
			for i := i0; i < i1; i++ {
				dp, sp := do+i*di+j0*dj, so+i*si+j0*sj
				switch {
				case dj == 1:
					d := dst[dp : dp+j1-j0]
					for j := range d {
						d[j] = src[sp+j*sj]
					}
				case sj == 1:
					s := src[sp : sp+j1-j0]
					for j, v := range s {
						dst[dp+j*dj] = v
					}
				default:
					for j := 0; j < j1-j0; j++ {
						dst[dp+j*dj] = src[sp+j*sj]
					}
				}
			}
		}
	}
}
