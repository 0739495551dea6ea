package jacobian

import (
	"slices"

	"github.com/leibniz-go/leibniz/jvp"
	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

// Option configures the Jacobian functions.
type Option func(*config)

type config struct{ chunk int }

// Chunk bounds memory: the basis is pushed through the function k vectors at
// a time (each chunk is one batched evaluation), and only a k-row slice of
// the basis exists at once. The result is identical to the unchunked one.
func Chunk(k int) Option { return func(c *config) { c.chunk = k } }

func configOf(opts []Option) config {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.chunk < 0 {
		trace.Raise("jacobian", nil, "Chunk(%d) must be positive", c.chunk)
	}
	return c
}

// Fwd returns the Jacobian function of f computed in forward mode: one
// batched JVP (vmap of jvp) over the standard basis of the input space, so
// its cost grows with the input size. The Jacobian of f: R^(in.shape) →
// R^(out.shape) has shape out.shape ++ in.shape, as in JAX.
func Fwd(f func(*trace.Array) *trace.Array, opts ...Option) func(*trace.Array) *trace.Array {
	c := configOf(opts)
	return func(x *trace.Array) *trace.Array {
		checkFloat("jacobian.Fwd", x)
		if x.Size() == 0 {
			y := f(x)
			checkFloatOut("jacobian.Fwd", y)
			return trace.Zeros(y.DType(), append(slices.Clone(y.Shape()), x.Shape()...)...)
		}
		push := func(v *trace.Array) *trace.Array {
			_, t := jvp.JVP(f, x, v)
			return t
		}
		// jt: [n] ++ out.shape, row i the derivative along input element i.
		jt := overBasis(push, x.Aval(), c.chunk)
		checkFloatOut("jacobian.Fwd", jt)
		n := x.Size()
		outShape := jt.Shape()[1:]
		m := prod(outShape)
		j := trace.Transpose(trace.Reshape(jt, n, m))
		return trace.Reshape(j, append(slices.Clone(outShape), x.Shape()...)...)
	}
}

// Rev returns the Jacobian function of f computed in reverse mode: f is
// linearized once and its VJP is batched (vmap of vjp) over the standard
// basis of the output space, so its cost grows with the output size. The
// result has shape out.shape ++ in.shape.
func Rev(f func(*trace.Array) *trace.Array, opts ...Option) func(*trace.Array) *trace.Array {
	c := configOf(opts)
	return func(x *trace.Array) *trace.Array {
		checkFloat("jacobian.Rev", x)
		y, back := vjp.VJP(f, x)
		checkFloatOut("jacobian.Rev", y)
		shape := append(slices.Clone(y.Shape()), x.Shape()...)
		if y.Size() == 0 {
			return trace.Zeros(y.DType(), shape...)
		}
		jt := overBasis(back, y.Aval(), c.chunk) // [m] ++ in.shape
		// The Jacobian has the output's dtype in both modes.
		return trace.Convert(trace.Reshape(jt, shape...), y.DType())
	}
}

// Hessian returns the Hessian function of a scalar function f: forward mode
// over reverse mode (Fwd of the gradient), with shape in.shape ++ in.shape.
func Hessian(f func(*trace.Array) *trace.Array, opts ...Option) func(*trace.Array) *trace.Array {
	return Fwd(vjp.Grad(f), opts...)
}

// HVP returns the Hessian-vector product H(x)·v of a scalar function f,
// forward-over-reverse, without forming the Hessian.
func HVP(f func(*trace.Array) *trace.Array, x, v *trace.Array) *trace.Array {
	_, t := jvp.JVP(vjp.Grad(f), x, v)
	return t
}

// Auto returns the Jacobian function of f in the cheaper mode: forward when
// the input has fewer elements than the output, reverse otherwise (the wrong
// mode costs a factor of about out/in or in/out). The output size is found by
// staging f once per call, which evaluates nothing.
func Auto(f func(*trace.Array) *trace.Array, opts ...Option) func(*trace.Array) *trace.Array {
	fwd, rev := Fwd(f, opts...), Rev(f, opts...)
	return func(x *trace.Array) *trace.Array {
		p, err := trace.Stage(f, x)
		if err != nil {
			panic(err)
		}
		if x.Size() < p.OutAvals()[0].Size() {
			return fwd(x)
		}
		return rev(x)
	}
}

// checkFloatOut rejects integer and bool outputs: their derivatives are not
// defined (JAX raises as well), and an all-zero Jacobian would hide the
// mistake. Inputs are checked by checkFloat.
func checkFloatOut(fn string, y *trace.Array) {
	if !y.DType().IsFloat() {
		trace.Raise(fn, []trace.Aval{y.Aval()}, "the output has dtype %v; Jacobians need float outputs (use trace.Convert)", y.DType())
	}
}

// overBasis evaluates the linear map g on every standard basis vector of the
// space of a (batched by vmap, in chunks of k rows when k > 0) and stacks the
// results: shape [a.Size()] ++ g's output shape.
func overBasis(g func(*trace.Array) *trace.Array, a trace.Aval, k int) *trace.Array {
	n := a.Size()
	if n == 0 {
		trace.Raise("jacobian", []trace.Aval{a}, "the space has no elements")
	}
	batched := vmap.Map(g)
	if k == 0 || k >= n {
		return batched(basisRows(a, 0, n))
	}
	var parts []*trace.Array
	for lo := 0; lo < n; lo += k {
		parts = append(parts, batched(basisRows(a, lo, min(lo+k, n))))
	}
	return trace.Concatenate(0, parts...)
}

// basisRows returns the standard basis vectors lo..hi-1 of a's space, shaped
// [hi-lo] ++ a.Shape.
func basisRows(a trace.Aval, lo, hi int) *trace.Array {
	n := a.Size()
	if lo == 0 && hi == n {
		return trace.Reshape(trace.Eye(a.DType, n), append([]int{n}, a.Shape...)...)
	}
	idx := trace.Add(trace.Arange(trace.Int64, hi-lo), trace.Full(trace.Int64, float64(lo)))
	oneHot := trace.Equal(trace.Reshape(idx, hi-lo, 1), trace.Arange(trace.Int64, n))
	return trace.Reshape(trace.Convert(oneHot, a.DType), append([]int{hi - lo}, a.Shape...)...)
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
