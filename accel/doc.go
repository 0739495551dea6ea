// Package accel compiles leibniz programs for fast execution on the CPU.
//
// [Jit] wraps a function of pytrees: the first call with a signature stages
// it, optimizes the program (transform.Optimize) and compiles it with
// [Compile]; later calls skip tracing and run the executable. The cache is
// bounded (least recently used signatures are evicted) and [Stats] exposes
// hits, misses and evictions.
//
// Compilation partitions the program into fusion groups — maximal runs of
// elementwise primitives over one shape, with scalars broadcast into them
// (fills) and full reductions at their end (sinks) — and single steps for
// everything else (contractions, reductions over some axes, structural
// ops), which run the eager kernels of accel/kernels into planned buffers. A
// fusion group runs chunk by chunk (1024 elements): each primitive is one
// kernel call on a chunk held in registers that stay in L1/L2, and only the
// values read outside the group are written back to memory. Temporaries come
// from a per-call frame that is pooled, so steady-state calls allocate only
// their outputs. (String shows the groups and steps chosen.)
//
// Jit inside another transform inlines the function (see [Jit]); the
// lowering table in rules.go classifies every primitive as fused or run
// whole, and a completeness test keeps it total.
package accel
