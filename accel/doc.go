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
// ops), which run the eager kernels of accel/kernels into planned buffers.
// Broadcasts of scalars, rows and columns into a group are read lazily,
// never materialized. A fusion group runs chunk by chunk (1024 elements),
// in blocks of 16 chunks that the worker pool's goroutines take one at a
// time (kernels.ParallelFor; a late or descheduled worker takes fewer, and
// full reductions combine per-block results in block order, so results do
// not depend on scheduling or the number of workers): each primitive is one kernel
// call on chunk-sized registers that stay in L1/L2 and are reused once their
// value is dead; values read outside the group are written straight into
// their buffers, and a sin and a cos of the same operand share one range
// reduction (kernels.SinCos). An add, sub, mul or div whose result is read
// once, by the next arithmetic operation or by a sum, runs inside its
// reader (combine.go): two operations in one pass (kernels.Chain, shown as
// mul→add), or a sum of a op b that never stores it (kernels.LaneSumOf,
// shown as reduce_sum(sub)); each operation is still rounded on its own,
// so results are those of separate passes bit for bit. Full sums add each
// chunk in vector lanes (kernels.LaneSum). In groups over arrays larger
// than the caches,
// the first transcendental instruction runs each chunk in two pieces and
// prefetches the chunk of every full-size array before each (prefetch.go),
// so the cache misses of the cheap passes are taken while it computes.
// Before a group first runs on a worker, its
// instructions are bound to that worker's typed registers, so a chunk costs
// one method call per instruction. Temporaries come from a per-call frame
// that is kept with the executable, so steady-state calls allocate only
// their outputs (without zeroing them when a group or a float dot_general
// overwrites them entirely) — and not those with [ReuseOutputs], which
// keeps them in the frame for the next call to overwrite. Large fresh
// outputs that the caller drops come back to the executable at the next
// garbage collection (kernels.Recycler; up to four calls' worth is kept)
// and later calls write into them, so a loop that consumes each call's
// results before the next mostly allocates nothing either; an output still
// referred to, even through a slice of its data, is never reused. (String
// shows the groups and steps chosen.)
//
// Jit inside another transform inlines the function (see [Jit]); the
// lowering table in rules.go classifies every primitive as fused or run
// whole, and a completeness test keeps it total.
package accel
