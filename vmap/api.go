package vmap

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/leibniz-go/leibniz/trace"
)

// NotMapped marks an argument (or leaf) that is not batched: every example
// sees it whole, and it is never copied per example.
const NotMapped = notMapped - 1_000_000

// Option configures [Map].
type Option func(*config)

type config struct {
	inAxes     []int   // per positional argument
	inLeaves   [][]int // per positional argument, per leaf (overrides inAxes)
	outAxes    []int   // per result
	axisSize   int     // 0: from the inputs
	chunk      int     // 0: the whole batch at once
	hasInAxes  bool
	hasLeaves  bool
	hasOutAxes bool
}

// InAxes gives, per positional argument, the axis that carries the batch (it
// applies to every leaf of that argument; negative counts from the end) or
// [NotMapped]. Without it, every argument is mapped along axis 0.
func InAxes(axes ...int) Option {
	return func(c *config) { c.inAxes, c.hasInAxes = slices.Clone(axes), true }
}

// InAxesLeaves gives the batch axis per leaf: one list per positional
// argument, with one entry per leaf in the order of trace.Flatten.
func InAxesLeaves(perArg ...[]int) Option {
	return func(c *config) {
		c.inLeaves, c.hasLeaves = make([][]int, len(perArg)), true
		for i, a := range perArg {
			c.inLeaves[i] = slices.Clone(a)
		}
	}
}

// OutAxes gives, per result, the axis where the batch is placed in every leaf
// of that result (default 0; negative counts from the end).
func OutAxes(axes ...int) Option {
	return func(c *config) { c.outAxes, c.hasOutAxes = slices.Clone(axes), true }
}

// AxisSize sets the batch size, needed when no argument is mapped.
func AxisSize(n int) Option { return func(c *config) { c.axisSize = n } }

// Chunk processes the batch k examples at a time (bounding memory), with the
// same results as the whole batch at once.
func Chunk(k int) Option { return func(c *config) { c.chunk = k } }

// Map vectorizes f: the returned function has f's type; it maps f over the
// batch axis of its mapped arguments (axis 0 by default) and stacks the
// results along the output axis (0 by default). F is any function whose
// arguments and results are pytrees of *trace.Array, with any number of each.
// A wrong F panics at wrap time with a *trace.Error naming the type.
//
// Map is a transform: it composes with every other one (vmap of grad for
// per-example gradients, grad of vmap, jvp of vmap, nested Map) and is
// evaluated by the batching interpreter, one batched primitive per primitive
// of f — not a loop.
func Map[F any](f F, opts ...Option) F {
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if ft == nil || ft.Kind() != reflect.Func || fv.IsNil() {
		panic(trace.Errorf("vmap.Map", nil, "needs a non-nil function, got %v", ft))
	}
	if ft.IsVariadic() {
		panic(trace.Errorf("vmap.Map", nil, "cannot map the variadic function type %v", ft))
	}
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.hasInAxes && len(cfg.inAxes) != ft.NumIn() {
		panic(trace.Errorf("vmap.Map", nil, "InAxes has %d entries for %d arguments of %v", len(cfg.inAxes), ft.NumIn(), ft))
	}
	if cfg.hasLeaves && len(cfg.inLeaves) != ft.NumIn() {
		panic(trace.Errorf("vmap.Map", nil, "InAxesLeaves has %d entries for %d arguments of %v", len(cfg.inLeaves), ft.NumIn(), ft))
	}
	if cfg.hasOutAxes && len(cfg.outAxes) != ft.NumOut() {
		panic(trace.Errorf("vmap.Map", nil, "OutAxes has %d entries for %d results of %v", len(cfg.outAxes), ft.NumOut(), ft))
	}
	if cfg.chunk < 0 || cfg.axisSize < 0 {
		panic(trace.Errorf("vmap.Map", nil, "Chunk and AxisSize must be positive"))
	}
	wrapped := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		return call(fv, ft, &cfg, args)
	})
	return wrapped.Interface().(F)
}

// batchArgs is the flattened, validated view of one call's arguments.
type batchArgs struct {
	leaves [][]*trace.Array
	trees  []*trace.TreeDef
	axes   [][]int // normalized batch axis per leaf, or notMapped
	size   int
}

func call(fv reflect.Value, ft reflect.Type, cfg *config, args []reflect.Value) []reflect.Value {
	b := flattenArgs(ft, cfg, args)
	if cfg.chunk == 0 || cfg.chunk >= b.size {
		return apply(fv, ft, cfg, b)
	}
	// Chunked: slice the mapped leaves, apply, concatenate along out axes.
	var parts [][]reflect.Value
	for lo := 0; lo < b.size; lo += cfg.chunk {
		hi := min(lo+cfg.chunk, b.size)
		parts = append(parts, apply(fv, ft, cfg, b.slice(lo, hi)))
	}
	return concatResults(ft, cfg, parts)
}

func flattenArgs(ft reflect.Type, cfg *config, args []reflect.Value) batchArgs {
	b := batchArgs{size: -1}
	var sizeFrom string
	for i, a := range args {
		leaves, tree := trace.Flatten(a.Interface())
		b.leaves = append(b.leaves, leaves)
		b.trees = append(b.trees, tree)
		axes := make([]int, len(leaves))
		paths := tree.Paths()
		for j, l := range leaves {
			ax := 0
			switch {
			case cfg.hasLeaves:
				if len(cfg.inLeaves[i]) != len(leaves) {
					panic(trace.Errorf("vmap", nil, "InAxesLeaves gives %d axes for argument %d, which has %d leaves", len(cfg.inLeaves[i]), i, len(leaves)))
				}
				ax = cfg.inLeaves[i][j]
			case cfg.hasInAxes:
				ax = cfg.inAxes[i]
			}
			if ax == NotMapped {
				axes[j] = notMapped
				continue
			}
			r := l.Rank()
			if ax < -r || ax >= r {
				panic(trace.Errorf("vmap", []trace.Aval{l.Aval()}, "batch axis %d is out of range for leaf %s of argument %d (rank %d)", ax, leafName(paths[j]), i, r))
			}
			if ax < 0 {
				ax += r
			}
			axes[j] = ax
			n := l.Shape()[ax]
			where := fmt.Sprintf("leaf %s of argument %d (axis %d of %v)", leafName(paths[j]), i, ax, l.Aval())
			switch {
			case b.size < 0:
				b.size, sizeFrom = n, where
			case n != b.size:
				panic(trace.Errorf("vmap", nil, "mapped leaves have different batch sizes: %d for %s but %d for %s", b.size, sizeFrom, n, where))
			}
		}
		b.axes = append(b.axes, axes)
	}
	if cfg.axisSize > 0 {
		if b.size >= 0 && b.size != cfg.axisSize {
			panic(trace.Errorf("vmap", nil, "AxisSize(%d) differs from the batch size %d of %s", cfg.axisSize, b.size, sizeFrom))
		}
		b.size = cfg.axisSize
	}
	if b.size < 0 {
		panic(trace.Errorf("vmap", nil, "no argument of %v is mapped: give AxisSize(n) or map an argument", ft))
	}
	if b.size == 0 {
		panic(trace.Errorf("vmap", nil, "the batch is empty (%s has size 0)", sizeFrom))
	}
	return b
}

func leafName(p string) string {
	if p == "" {
		return "(the argument itself)"
	}
	return p
}

// slice returns the batch restricted to examples [lo, hi).
func (b batchArgs) slice(lo, hi int) batchArgs {
	out := batchArgs{trees: b.trees, axes: b.axes, size: hi - lo}
	for i, leaves := range b.leaves {
		ls := make([]*trace.Array, len(leaves))
		for j, l := range leaves {
			ls[j] = l
			if ax := b.axes[i][j]; ax != notMapped {
				start := make([]int, l.Rank())
				limit := slices.Clone(l.Shape())
				start[ax], limit[ax] = lo, hi
				ls[j] = trace.Slice(l, start, limit, nil)
			}
		}
		out.leaves = append(out.leaves, ls)
	}
	return out
}

// apply runs f once under a batching interpreter.
func apply(fv reflect.Value, ft reflect.Type, cfg *config, b batchArgs) []reflect.Value {
	in := newInterp(b.size)
	defer in.done.Store(true)
	args := make([]reflect.Value, len(b.leaves))
	for i, leaves := range b.leaves {
		wrapped := make([]*trace.Array, len(leaves))
		for j, l := range leaves {
			wrapped[j] = l
			if ax := b.axes[i][j]; ax != notMapped {
				wrapped[j] = in.wrap(l, ax)
			}
		}
		args[i] = valueOf(ft.In(i), b.trees[i].Unflatten(wrapped))
	}
	res := fv.Call(args)
	out := make([]reflect.Value, len(res))
	for i, r := range res {
		leaves, tree := trace.Flatten(r.Interface())
		for j, l := range leaves {
			v, bdim := in.unwrap(l)
			leaves[j] = moveAxis(batchCtx{size: b.size}, v, bdim, outAxis(cfg, i, v.Rank()+boolInt(bdim == notMapped)))
		}
		out[i] = valueOf(ft.Out(i), tree.Unflatten(leaves))
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// outAxis is result i's batch axis for a batched leaf of the given rank.
func outAxis(cfg *config, i, rank int) int {
	ax := 0
	if cfg.hasOutAxes {
		ax = cfg.outAxes[i]
	}
	if ax < -rank || ax >= rank {
		panic(trace.Errorf("vmap", nil, "output axis %d is out of range for a batched result of rank %d", ax, rank))
	}
	if ax < 0 {
		ax += rank
	}
	return ax
}

// concatResults joins the results of the chunks along their batch axes.
func concatResults(ft reflect.Type, cfg *config, parts [][]reflect.Value) []reflect.Value {
	out := make([]reflect.Value, ft.NumOut())
	for i := range out {
		var all [][]*trace.Array
		var tree *trace.TreeDef
		for _, p := range parts {
			leaves, t := trace.Flatten(p[i].Interface())
			all, tree = append(all, leaves), t
		}
		joined := make([]*trace.Array, len(all[0]))
		for j := range joined {
			pieces := make([]*trace.Array, len(all))
			for k := range all {
				pieces[k] = all[k][j]
			}
			joined[j] = trace.Concatenate(outAxis(cfg, i, pieces[0].Rank()), pieces...)
		}
		out[i] = valueOf(ft.Out(i), tree.Unflatten(joined))
	}
	return out
}

// valueOf converts v to a reflect.Value of type t (a nil interface result
// becomes t's zero value).
func valueOf(t reflect.Type, v any) reflect.Value {
	if v == nil {
		return reflect.Zero(t)
	}
	return reflect.ValueOf(v).Convert(t)
}
