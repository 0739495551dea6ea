// Package trace is the core of leibniz: arrays, the closed set of primitives,
// the interpreter protocol that transforms plug into, the program IR, pytrees
// and errors.
//
// # Arrays
//
// [Array] is an immutable n-dimensional array with a shape and a [DType]
// (Float32, Float64, Int32, Int64, Bool), holding either concrete row-major data
// or a [Tracer] owned by a transform in progress. Make arrays with
// [FromFloat64s], [FromFloat32s], [FromInt64s], [FromInt32s], [FromBools],
// [Scalar], [Scalar32], [Zeros], [Ones], [Full], [Arange], [Linspace], [Eye] and
// [FromDense]; read them with Shape, DType, Float64s, Float32s, Item, String and
// Dense.
//
// # Functions and primitives
//
// The user-level functions ([Add], [MatMul], [Sum], [Softmax], [Take], ...)
// follow NumPy: binary functions broadcast (trailing axes aligned, sizes equal
// or 1), axes may be negative, reductions take variadic axes (none = all) and
// drop them. Each is a composition of primitives ([Op]), the small closed set
// declared in ops.go that every transform has rules for. A primitive
// application goes through [Bind]: its shape rule validates the operands once,
// then the interpreter with the highest level among the arguments' tracers
// processes it, or, with no tracers, the eager evaluator computes it with the
// kernels of accel/kernels.
//
// # Dtype promotion
//
// Operands of a binary function promote along the lattice
// Bool < Int32 < Int64 < Float32 < Float64 (the larger wins; an integer meeting
// a float gives that float). Scalars made by [Scalar] and [Scalar32] are weakly
// typed, like Python numbers in JAX: they adopt the dtype of the array they
// meet, so Add(x32, Scalar(0.5)) stays Float32 and doubles no memory; a weak
// float meeting an integer array gives the weak scalar's float type. Two weak
// operands give a weak result. Float-only functions (Exp, Sin, Div, Mean, ...)
// convert integer and bool operands first: Int64 to Float64, Int32 and Bool to
// Float32. Arithmetic on Bool operands is an error; convert them first. Sum and
// Prod count Bool as Int32. ArgMax and ArgMin return Int64 indices.
//
// # Interpreters
//
// There is no global "current trace" (Go has no goroutine-local storage).
// Each transform invocation creates an [Interpreter] with a fresh level from
// [NewLevel]; a tracer carries its interpreter, and [Bind] dispatches to the
// highest level among the arguments, lifting the others as constants of it.
// Nesting order is creation order, which prevents perturbation confusion, and
// transforms run safely from many goroutines at once. A tracer used after its
// transform has returned is an "escaped tracer" error naming the transform.
//
// # Programs
//
// [Stage] traces a function into a [Program]: typed input variables,
// constants, equations and outputs, in A-normal form. The canonical text form
// comes only from (*Program).String:
//
//	{ lambda a:f32[3] . let b:f32[3] = log a ; c:f32[3] = mul a a ; d:f32[3] = add b c in ( d ) }
//
// The IR node kinds:
//
//	Program  { lambda consts ; inputs . let eqns in ( outputs ) }
//	Var      a name bound once, typed: c:f32[3]
//	Literal  a concrete scalar inline: 0.5:f32[]
//	Eqn      outs = op[params] ins, e.g. d:f32[] = reduce_sum[axes=(0)] c
//	Params   per-primitive structs printed with sorted names, e.g. [axes=(0,1)]
//
// [Check] verifies a program (every variable bound once before use, equation
// types as the shape rules compute them); [Eval] runs one, on concrete arrays
// or under a transform.
//
// # Pytrees
//
// Inputs and outputs of staged and transformed functions may be any nesting of
// *Array, slices, arrays, structs (exported fields; fields tagged
// `leibniz:"static"` are carried, not traced), maps with ordered keys, pointers
// and interfaces. [Flatten] lists the leaves and returns a [TreeDef];
// [Unflatten] rebuilds the value.
//
// # Errors
//
// One policy for all of leibniz. Transformed functions keep the signature of
// the function they transform (that is what lets them compose), so misuse
// inside them panics with an [*Error] carrying the op, its params, the operand
// shapes and dtypes, what was expected, and the file:line of the first caller
// outside leibniz. Entry points that are not composable ([Stage], [Eval],
// [Check]) return the error instead, and [Try] turns a leibniz panic into an
// error at the caller's boundary (other panics propagate). Validation happens
// once, in the shape rule: kernels never see bad input and never panic.
package trace
