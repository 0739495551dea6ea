package accel

import (
	"container/list"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/leibniz-go/leibniz/trace"
)

// Option configures [Jit] and [Compile].
type Option func(*jitConfig)

type jitConfig struct {
	cacheSize int
	stats     *CacheStats
	reuse     bool
}

// ReuseOutputs makes a compiled function write its results into buffers it
// keeps, instead of fresh ones: the arrays a call returns stay valid only
// until the next call of that function (like bufio.Scanner.Bytes), which
// overwrites them. A training loop that consumes its gradients before the
// next step saves the allocation and page zeroing of every output (about
// 0.25 ms per 4 MB here). Concurrent calls still get distinct buffers; a
// result that must outlive the next call must be copied by the caller.
func ReuseOutputs() Option { return func(c *jitConfig) { c.reuse = true } }

// CacheSize bounds the number of compiled signatures a jitted function keeps
// (default 64). When it is full, the least recently used one is evicted.
func CacheSize(n int) Option { return func(c *jitConfig) { c.cacheSize = n } }

// Stats makes the jitted function count its cache hits, misses (each one a
// trace and compile) and evictions in s — for finding silent recompiles,
// e.g. from a batch whose size changes every call.
func Stats(s *CacheStats) Option { return func(c *jitConfig) { c.stats = s } }

// CacheStats counts what a jitted function's cache did. Read it with the
// atomic Load methods; it may be shared by several jitted functions.
type CacheStats struct {
	Hits, Misses, Evictions atomic.Int64
}

// Jit returns f compiled: on the first call with a given signature (the
// tree structure, shapes and dtypes of all arguments), f is staged, optimized
// and compiled (see [Compile]); later calls with that signature run the
// compiled executable without tracing. F is any function whose arguments and
// results are pytrees of *trace.Array, with any number of each; a wrong F
// panics at wrap time with a *trace.Error naming the type.
//
// Composition: when an argument is a tracer (Jit called inside Grad, Map,
// Stage, ...), the jitted function is inlined: f runs on the tracers and the
// enclosing transform sees its primitives, so vjp.Grad(accel.Jit(f)) and
// vmap.Map(accel.Jit(f)) differentiate and batch f itself; to compile the
// whole transformed function, put Jit outside: accel.Jit(vjp.Grad(f)).
//
// A jitted function is safe for concurrent use.
func Jit[F any](f F, opts ...Option) F {
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if ft == nil || ft.Kind() != reflect.Func || fv.IsNil() {
		panic(trace.Errorf("accel.Jit", nil, "needs a non-nil function, got %v", ft))
	}
	if ft.IsVariadic() {
		panic(trace.Errorf("accel.Jit", nil, "cannot compile the variadic function type %v", ft))
	}
	cfg := jitConfig{cacheSize: 64}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.cacheSize < 1 {
		panic(trace.Errorf("accel.Jit", nil, "CacheSize(%d) must be at least 1", cfg.cacheSize))
	}
	j := &jitted{fv: fv, ft: ft, cfg: cfg, entries: map[string]*list.Element{}, lru: list.New()}
	return reflect.MakeFunc(ft, j.call).Interface().(F)
}

type jitted struct {
	fv  reflect.Value
	ft  reflect.Type
	cfg jitConfig

	mu      sync.Mutex
	entries map[string]*list.Element // signature → element of lru holding *entry
	lru     *list.List               // front: most recently used
}

type entry struct {
	key      string
	exe      *Executable
	outTrees []*trace.TreeDef
	outLens  []int
}

func (j *jitted) call(args []reflect.Value) []reflect.Value {
	var leaves []*trace.Array
	trees := make([]*trace.TreeDef, len(args))
	var key strings.Builder
	for i, a := range args {
		ls, tree := trace.Flatten(a.Interface())
		trees[i] = tree
		key.WriteString(tree.String())
		key.WriteByte('|')
		for _, l := range ls {
			if !l.IsConcrete() {
				return j.fv.Call(args) // inside a transform: inline
			}
			writeAval(&key, l.Aval())
		}
		key.WriteByte(';')
		leaves = append(leaves, ls...)
	}
	e := j.lookup(key.String(), args, trees, leaves)
	outs, err := e.exe.Run(leaves...)
	if err != nil {
		panic(err)
	}
	res := make([]reflect.Value, len(e.outTrees))
	off := 0
	for i, t := range e.outTrees {
		v := t.Unflatten(outs[off : off+e.outLens[i]])
		off += e.outLens[i]
		if v == nil {
			res[i] = reflect.Zero(j.ft.Out(i))
		} else {
			res[i] = reflect.ValueOf(v).Convert(j.ft.Out(i))
		}
	}
	return res
}

// lookup returns the cache entry for a signature, compiling it on a miss.
func (j *jitted) lookup(key string, args []reflect.Value, trees []*trace.TreeDef, leaves []*trace.Array) *entry {
	j.mu.Lock()
	if el, ok := j.entries[key]; ok {
		j.lru.MoveToFront(el)
		j.mu.Unlock()
		if s := j.cfg.stats; s != nil {
			s.Hits.Add(1)
		}
		return el.Value.(*entry)
	}
	j.mu.Unlock()
	if s := j.cfg.stats; s != nil {
		s.Misses.Add(1)
	}
	e := j.compile(key, trees, leaves)
	j.mu.Lock()
	defer j.mu.Unlock()
	if el, ok := j.entries[key]; ok { // compiled concurrently by another call
		return el.Value.(*entry)
	}
	j.entries[key] = j.lru.PushFront(e)
	for j.lru.Len() > j.cfg.cacheSize {
		old := j.lru.Back()
		j.lru.Remove(old)
		delete(j.entries, old.Value.(*entry).key)
		if s := j.cfg.stats; s != nil {
			s.Evictions.Add(1)
		}
	}
	return e
}

// compile stages f on the flattened arguments and compiles the program.
func (j *jitted) compile(key string, trees []*trace.TreeDef, leaves []*trace.Array) *entry {
	e := &entry{key: key}
	counts := make([]int, len(trees))
	for i, t := range trees {
		counts[i] = t.NumLeaves()
	}
	prog, err := trace.Stage(func(flat []*trace.Array) []*trace.Array {
		in := make([]reflect.Value, len(trees))
		off := 0
		for i, t := range trees {
			v := t.Unflatten(flat[off : off+counts[i]])
			off += counts[i]
			if v == nil {
				in[i] = reflect.Zero(j.ft.In(i))
			} else {
				in[i] = reflect.ValueOf(v).Convert(j.ft.In(i))
			}
		}
		var outs []*trace.Array
		e.outTrees, e.outLens = nil, nil
		for _, r := range j.fv.Call(in) {
			ls, t := trace.Flatten(r.Interface())
			e.outTrees = append(e.outTrees, t)
			e.outLens = append(e.outLens, len(ls))
			outs = append(outs, ls...)
		}
		return outs
	}, leaves)
	if err != nil {
		panic(err)
	}
	exe, err := compile(prog, j.cfg)
	if err != nil {
		panic(err)
	}
	e.exe = exe
	return e
}

func writeAval(sb *strings.Builder, a trace.Aval) {
	sb.WriteString(a.DType.String())
	if a.Weak {
		sb.WriteByte('w')
	}
	sb.WriteByte('[')
	for i, d := range a.Shape {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(d))
	}
	sb.WriteByte(']')
}
