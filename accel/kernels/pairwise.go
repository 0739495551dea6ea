package kernels

import "math/bits"

// Pairwise summation with the leaves summed G at a time.
//
// pairwiseSumGo splits a slice of more than pairwiseBlock elements at
// h = len/2 rounded down to a multiple of 8, so every leaf starts at a
// multiple of 8 and only the last one can end with a partial block. A leaf
// of m whole blocks of 8 elements keeps 8 accumulators s0..s7, which is
// exactly what one float32 vector (two float64 vectors) holds when the
// leaf's blocks are added in order. pairwiseSumTree computes the same sum
// with a leaf kernel that runs G leaves side by side (independent addition
// chains) and adds the leaf sums in the recursion's order, so its result is
// bitwise that of pairwiseSumGo.
//
// In units of blocks, a slice of 8q elements splits into floor(q/2) and
// ceil(q/2) blocks, so the nodes at depth d of the recursion have
// floor(q/2^d) or ceil(q/2^d) blocks. All nodes above depth D split and
// all nodes at depth D are leaves (of m = floor(q/2^D) or m+1 blocks) when
// floor(q/2^(D-1)) ≥ 17 and ceil(q/2^D) ≤ 16: such a "uniform" node is a
// perfect binary tree of 2^D leaves (uniformDepth). This holds for every q
// in [17·2^j, 32·2^j]; the other multiples of 8 (q in (32·2^j, 34·2^j),
// whose nodes of 16 blocks are leaves while those of 17 split) and the
// partial slices along the right edge (length not a multiple of 8) recurse
// as in pairwiseSumGo until they reach uniform nodes or single leaves.
// Within a group, the kernel adds a zero block to the accumulators of the
// leaves of m blocks while those of m+1 add their last block.

// The uniform nodes are handed to the leaf kernel in batches of at most
// 2^maxBatchDepth leaves (deeper nodes are split first), with the leaf
// boundaries, group descriptors and group sums in arrays on the stack:
// small ones for nodes of at most 2^smallBatchDepth leaves (a float32 sum
// of 1024 elements has 8), large ones otherwise. Uniform nodes of 2
// leaves (and the gap sizes made of them) are summed in Go: the kernel's
// fixed costs make it no faster there.
const (
	minBatchDepth   = 2
	smallBatchDepth = 3
	maxBatchDepth   = 7
)

// maxLeafGroup is the largest number of leaves in a group of the leaf
// kernels.
const maxLeafGroup = 8

// leafBlocks is the largest number of blocks of 8 elements in a leaf.
const leafBlocks = pairwiseBlock / 8

// pairwiseSumTree returns pairwiseSumGo(x), bit for bit, computing the
// leaves of the uniform nodes with leafSums, g leaves per group.
func pairwiseSumTree[E float32 | float64](x []E, g int) E {
	n := len(x)
	if n < 2*(leafBlocks+1)*8 {
		// No node below holds a batch of 2^minBatchDepth leaves.
		return pairwiseSumGo(x)
	}
	if n%8 == 0 {
		if d := uniformDepth(n / 8); d >= minBatchDepth {
			return uniformSum(x, d, g)
		}
	}
	h := n / 2
	h -= h % 8
	return pairwiseSumTree(x[:h], g) + pairwiseSumTree(x[h:], g)
}

// uniformDepth returns the depth D of the leaves of the node of q > 16
// blocks when they all lie at that depth, and 0 otherwise.
func uniformDepth(q int) int {
	// The smallest d with ceil(q/2^d) ≤ leafBlocks (a power of 2).
	d := bits.Len(uint(q-1) / leafBlocks)
	if q>>(d-1) > leafBlocks {
		return d
	}
	return 0
}

// uniformSum returns the sum of the uniform node x whose leaves lie at
// depth d.
func uniformSum[E float32 | float64](x []E, d int, g int) E {
	if d > maxBatchDepth {
		h := len(x) / 2
		h -= h % 8
		return uniformSum(x[:h], d-1, g) + uniformSum(x[h:], d-1, g)
	}
	if d <= smallBatchDepth {
		// Groups of g ≥ 4 leaves, g+1 descriptor words each.
		const n = 1 << smallBatchDepth
		var b [n + 1]int
		var desc [n / 4 * 5]int
		var s [maxLeafGroup]E
		return batchSum(x, d, g, b[:], desc[:], s[:])
	}
	const n = 1 << maxBatchDepth
	var b [n + 1]int
	var desc [n / 4 * 5]int
	var s [n / 4]E
	return batchSum(x, d, g, b[:], desc[:], s[:])
}

// batchSum returns the sum of the uniform node x whose 2^d leaves lie at
// depth d, using b (2^d+1 elements), desc (room for the descriptors of the
// groups of g leaves) and s (room for the group sums, and for g leaf sums)
// as scratch.
func batchSum[E float32 | float64](x []E, d, g int, b, desc []int, s []E) E {
	nl := 1 << d
	q := len(x) / 8
	m := q >> d
	// b[k] is the first block of leaf k: k·m when all leaves have m
	// blocks, otherwise every node halved d times.
	b = b[:nl+1]
	if q == m<<d {
		for k := range b {
			b[k] = k * m
		}
	} else {
		b[0], b[1] = 0, q
		for l := 0; l < d; l++ {
			w := 1 << l
			for j := w; j > 0; j-- {
				b[2*j] = b[j]
			}
			for j := 0; j < w; j++ {
				b[2*j+1] = b[2*j] + (b[2*j+2]-b[2*j])/2
			}
		}
	}
	groups := (nl + g - 1) / g
	desc = desc[:groups*(g+1)]
	for j := 0; j < groups; j++ {
		dj := desc[j*(g+1) : (j+1)*(g+1)]
		mask := 0
		for k := 0; k < g; k++ {
			l := j*g + k
			if l >= nl {
				dj[k+1] = 0 // a dummy leaf: leaf 0 again, its sum unused
				continue
			}
			dj[k+1] = 8 * b[l]
			if b[l+1]-b[l] > m {
				mask |= 1 << k
			}
		}
		dj[0] = mask
	}
	// With whole groups the kernel adds up each group's subtree, and the
	// group sums form the top of the tree; otherwise it returns the leaf
	// sums.
	if nl < g {
		leafSums(s[:g], x, desc, m, false)
		groups = nl
	} else {
		leafSums(s[:groups], x, desc, m, true)
	}
	for w := groups; w > 1; w /= 2 {
		for i := 0; i < w/2; i++ {
			s[i] = s[2*i] + s[2*i+1]
		}
	}
	return s[0]
}

// leafSums runs avxLeafSumsF32 or avxLeafSumsF64 (leafSumsGo without the
// assembly), with 8 or 4 leaves per group; dst has room for len(desc)/(g+1)
// group sums with tree, g times as many sums without.
func leafSums[E float32 | float64](dst, x []E, desc []int, m int, tree bool) {
	switch x := any(x).(type) {
	case []float32:
		avxLeafSumsF32(any(dst).([]float32), x, desc, m, tree)
	case []float64:
		avxLeafSumsF64(any(dst).([]float64), x, desc, m, tree)
	}
}

// leafSumsGo is the definition of the leaf kernels avxLeafSums<T>, with
// g leaves per group (a power of 2). Group j is described by
// desc[j*(g+1):(j+1)*(g+1)]: a bit mask of its leaves that have m+1 blocks
// of 8 elements (the others have m ≥ 1; m+1 ≤ leafBlocks where a leaf has
// m+1), then the element offset in x of each of its g leaves. Each leaf is
// summed as pairwiseSumGo sums a leaf. Without tree, dst[j*g+k] is set to
// the sum of leaf k of group j; with tree, dst[j] is set to the g leaf sums
// of group j added as a balanced binary tree, as pairwiseSumGo adds the
// halves of its recursion.
func leafSumsGo[E float32 | float64](dst, x []E, desc []int, m int, tree bool, g int) {
	var r [maxLeafGroup]E
	for j := 0; j < len(desc)/(g+1); j++ {
		dj := desc[j*(g+1) : (j+1)*(g+1)]
		for k := 0; k < g; k++ {
			n := 8 * m
			if dj[0]>>k&1 != 0 {
				n += 8
			}
			r[k] = pairwiseSumGo(x[dj[k+1] : dj[k+1]+n])
		}
		if !tree {
			copy(dst[j*g:], r[:g])
			continue
		}
		for w := g; w > 1; w /= 2 {
			for i := 0; i < w/2; i++ {
				r[i] = r[2*i] + r[2*i+1]
			}
		}
		dst[j] = r[0]
	}
}
