package kernels

// Prefetch asks the processor to bring p's cache lines into its caches
// (PREFETCHT0, one per 64 bytes), without waiting for them: a hint for
// memory that is about to be read or written, given while the processor is
// busy with arithmetic. It changes nothing in memory and never faults;
// without the assembly kernels it does nothing.
//
// The fusion groups of accel use it for large arrays: a group touches each
// array's chunk in one short pass, and a burst of cache misses there (a
// store to a line not in cache must first read it) stalls that pass, while
// the same misses taken during a long transcendental kernel cost nothing.
func Prefetch(p []byte) { prefetch(p) }
