package vmap

import "github.com/leibniz-go/leibniz/trace"

// ProcessCustom batches a function with custom derivative rules without
// losing them: every operand is brought to a batch along axis 0 (unbatched
// ones are broadcast), and the function and each of its rules are replaced
// by batched versions (each runs the original under a fresh batching
// interpreter). The batched function is then applied with trace.CallCustom,
// so a transform below this one (e.g. JVP of Map(f)) still finds the rules.
func (in *interp) ProcessCustom(c *trace.Custom, args []*trace.Array) []*trace.Array {
	var ctx *trace.Array
	for _, a := range args {
		if v, d := in.unwrap(a); d != notMapped {
			ctx = v
		}
	}
	bc := batchCtx{size: in.size, ctx: ctx}
	vals := make([]*trace.Array, len(args))
	for i, a := range args {
		v, d := in.unwrap(a)
		vals[i] = moveAxis(bc, v, d, 0)
	}
	size := in.size
	batched := &trace.Custom{Name: c.Name, Fun: batchedFlat(size, c.Fun)}
	if c.JVP != nil {
		batched.JVP = func(primals, tangents []*trace.Array) ([]*trace.Array, []*trace.Array) {
			n := len(primals)
			f := batchedFlat(size, func(xs []*trace.Array) []*trace.Array {
				outs, touts := c.JVP(xs[:n], xs[n:])
				return append(outs, touts...)
			})
			r := f(append(append([]*trace.Array(nil), primals...), tangents...))
			return r[:len(r)/2], r[len(r)/2:]
		}
	}
	if c.Fwd != nil {
		var nOut int
		batched.Fwd = func(xs []*trace.Array) ([]*trace.Array, []*trace.Array) {
			r := batchedFlat(size, func(xs []*trace.Array) []*trace.Array {
				outs, res := c.Fwd(xs)
				nOut = len(outs)
				return append(outs, res...)
			})(xs)
			return r[:nOut], r[nOut:]
		}
		batched.Bwd = func(res, cts []*trace.Array) []*trace.Array {
			n := len(res)
			return batchedFlat(size, func(xs []*trace.Array) []*trace.Array {
				return c.Bwd(xs[:n], xs[n:])
			})(append(append([]*trace.Array(nil), res...), cts...))
		}
	}
	outs := trace.CallCustom(batched, vals)
	for i, o := range outs {
		outs[i] = in.wrap(o, 0)
	}
	return outs
}

// batchedFlat maps fn over axis 0 of every argument with a fresh batching
// interpreter, returning every result batched along axis 0.
func batchedFlat(size int, fn func([]*trace.Array) []*trace.Array) func([]*trace.Array) []*trace.Array {
	return func(xs []*trace.Array) []*trace.Array {
		in := newInterp(size)
		defer in.done.Store(true)
		args := make([]*trace.Array, len(xs))
		for i, x := range xs {
			args[i] = in.wrap(x, 0)
		}
		outs := fn(args)
		res := make([]*trace.Array, len(outs))
		for i, o := range outs {
			v, d := in.unwrap(o)
			res[i] = moveAxis(batchCtx{size: size, ctx: v}, v, d, 0)
		}
		return res
	}
}
