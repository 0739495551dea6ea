// Command gemmgen generates gemm_amd64.s, the AVX2+FMA GEMM micro-kernels of
// package kernels, with avo. Run it from accel/kernels through go generate:
//
//	go run ./internal/gemmgen -out gemm_amd64.s
//
// The output depends only on this program, so running it again must give a
// byte-identical file (main_test.go checks that).
//
// Each kernel computes one MR×NR tile of C from a packed A micro-panel (kc
// columns of MR values, column after column) and a packed B micro-panel (kc
// rows of NR values, row after row):
//
//	acc[i][j] = Σ_p a[p*MR+i] * b[p*NR+j]
//	c[i*ldc+j] = alpha*acc[i][j] + beta*c[i*ldc+j]   (c is not read when beta == 0)
//
// The tile lives in 12 YMM accumulators (MR = 6 rows of two vectors). Each
// step of k loads the two B vectors of row p, broadcasts the six A values of
// column p one after the other and issues 12 FMAs, unrolled four times.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
	"github.com/mmcloughlin/avo/reg"
)

// argv is recorded in the generated file's header. It is fixed (rather than
// taken from os.Args) so that the output does not depend on how the
// generator was started.
var argv = []string{"go", "run", "./internal/gemmgen", "-out", "gemm_amd64.s"}

func main() {
	// avo's build package registers its own flags on flag.CommandLine.
	fs := flag.NewFlagSet("gemmgen", flag.ExitOnError)
	out := fs.String("out", "gemm_amd64.s", "output file")
	_ = fs.Parse(os.Args[1:])
	src, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gemmgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gemmgen:", err)
		os.Exit(1)
	}
}

// generate returns the text of gemm_amd64.s.
func generate() ([]byte, error) {
	ctx := build.NewContext()
	ctx.ConstraintExpr("amd64,!noasm")
	kernel(ctx, f32)
	kernel(ctx, f64)
	f, err := ctx.Result()
	if err != nil {
		return nil, err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return nil, err
	}
	src, err := printer.NewGoAsm(printer.Config{Argv: argv, Pkg: "kernels"}).Print(f)
	if err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(src, []byte("\n")) {
		src = append(src, '\n')
	}
	return src, nil
}

// elem describes one element type: its size, the micro-tile width and the
// instructions that differ between float32 and float64.
type elem struct {
	name  string // Go type
	size  int    // bytes
	nr    int    // tile columns: two YMM vectors
	kern  string // function name
	bcast func(ctx *build.Context, src, dst operand.Op)
	fma   func(ctx *build.Context, x, y, acc operand.Op) // acc += x*y
	mul   func(ctx *build.Context, x, y, dst operand.Op) // dst = x*y
	mov   func(ctx *build.Context, src, dst operand.Op)
	ucom  func(ctx *build.Context, x, y operand.Op)
	xor   func(ctx *build.Context, x, y, dst operand.Op)
}

const mr = 6 // tile rows

var f32 = elem{
	name: "float32", size: 4, nr: 16, kern: "sgemmKernel6x16",
	bcast: func(c *build.Context, s, d operand.Op) { c.VBROADCASTSS(s, d) },
	fma:   func(c *build.Context, x, y, a operand.Op) { c.VFMADD231PS(x, y, a) },
	mul:   func(c *build.Context, x, y, d operand.Op) { c.VMULPS(x, y, d) },
	mov:   func(c *build.Context, s, d operand.Op) { c.VMOVUPS(s, d) },
	ucom:  func(c *build.Context, x, y operand.Op) { c.VUCOMISS(x, y) },
	xor:   func(c *build.Context, x, y, d operand.Op) { c.VXORPS(x, y, d) },
}

var f64 = elem{
	name: "float64", size: 8, nr: 8, kern: "dgemmKernel6x8",
	bcast: func(c *build.Context, s, d operand.Op) { c.VBROADCASTSD(s, d) },
	fma:   func(c *build.Context, x, y, a operand.Op) { c.VFMADD231PD(x, y, a) },
	mul:   func(c *build.Context, x, y, d operand.Op) { c.VMULPD(x, y, d) },
	mov:   func(c *build.Context, s, d operand.Op) { c.VMOVUPD(s, d) },
	ucom:  func(c *build.Context, x, y operand.Op) { c.VUCOMISD(x, y) },
	xor:   func(c *build.Context, x, y, d operand.Op) { c.VXORPD(x, y, d) },
}

// unroll is the number of k steps per loop iteration.
const unroll = 4

// kernel emits the micro-kernel for e:
//
//	func kern(kc int, a, b, c *T, ldc int, alpha, beta T)
//
// kc ≥ 1 is the depth, a and b the packed micro-panels, c the top-left
// element of the tile and ldc its row stride in elements.
func kernel(ctx *build.Context, e elem) {
	ctx.Function(e.kern)
	ctx.Attributes(attr.NOSPLIT)
	ctx.SignatureExpr(fmt.Sprintf("func(kc int, a, b, c *%s, ldc int, alpha, beta %s)", e.name, e.name))
	ctx.Doc(fmt.Sprintf("%s sets the %d×%d tile at c to alpha*A*B + beta*c (c unread when beta == 0).", e.kern, mr, e.nr))

	ys := []reg.VecPhysical{reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7,
		reg.Y8, reg.Y9, reg.Y10, reg.Y11}
	acc := func(r, h int) reg.VecPhysical { return ys[2*r+h] }
	b0, b1 := reg.Y12, reg.Y13
	bc := []reg.VecPhysical{reg.Y14, reg.Y15}

	kc := ctx.Load(ctx.Param("kc"), ctx.GP64())
	ap := ctx.Load(ctx.Param("a"), ctx.GP64())
	bp := ctx.Load(ctx.Param("b"), ctx.GP64())
	cp := ctx.Load(ctx.Param("c"), ctx.GP64())
	ldc := ctx.Load(ctx.Param("ldc"), ctx.GP64())

	// ldc in bytes; rows 3..5 are addressed from c3 = c + 3*ldc.
	ctx.SHLQ(operand.Imm(uint64(log2(e.size))), ldc)
	l3 := ctx.GP64()
	ctx.LEAQ(operand.Mem{Base: ldc, Index: ldc, Scale: 2}, l3)
	c3 := ctx.GP64()
	ctx.LEAQ(operand.Mem{Base: cp, Index: l3, Scale: 1}, c3)
	row := func(r, h int) operand.Mem {
		base := operand.Mem{Base: cp, Disp: 32 * h}
		if r >= 3 {
			base.Base = c3
			r -= 3
		}
		if r > 0 {
			base.Index, base.Scale = ldc, uint8(r)
		}
		return base
	}

	ctx.Comment("Prefetch the C tile while the products are computed.")
	for r := 0; r < mr; r++ {
		ctx.PREFETCHT0(row(r, 0))
		m := row(r, 0)
		m.Disp += 63
		ctx.PREFETCHT0(m)
	}

	for r := 0; r < mr; r++ {
		for h := 0; h < 2; h++ {
			e.xor(ctx, acc(r, h), acc(r, h), acc(r, h))
		}
	}

	astep, bstep := mr*e.size, e.nr*e.size
	step := func(u int) {
		e.mov(ctx, operand.Mem{Base: bp, Disp: u * bstep}, b0)
		e.mov(ctx, operand.Mem{Base: bp, Disp: u*bstep + 32}, b1)
		for r := 0; r < mr; r++ {
			x := bc[r%2]
			e.bcast(ctx, operand.Mem{Base: ap, Disp: u*astep + r*e.size}, x)
			e.fma(ctx, b0, x, acc(r, 0))
			e.fma(ctx, b1, x, acc(r, 1))
		}
	}

	ctx.Comment(fmt.Sprintf("Main loop: %d steps of k per iteration.", unroll))
	ctx.Label("loop" + e.kern)
	ctx.CMPQ(kc, operand.Imm(unroll))
	ctx.JL(operand.LabelRef("tail" + e.kern))
	ctx.PREFETCHT0(operand.Mem{Base: ap, Disp: 8 * astep * unroll / 2})
	for u := 0; u < unroll; u++ {
		step(u)
	}
	ctx.ADDQ(operand.U32(unroll*astep), ap)
	ctx.ADDQ(operand.U32(unroll*bstep), bp)
	ctx.SUBQ(operand.Imm(unroll), kc)
	ctx.JMP(operand.LabelRef("loop" + e.kern))

	ctx.Comment("Remaining steps of k, one at a time.")
	ctx.Label("tail" + e.kern)
	ctx.TESTQ(kc, kc)
	ctx.JE(operand.LabelRef("store" + e.kern))
	step(0)
	ctx.ADDQ(operand.U32(astep), ap)
	ctx.ADDQ(operand.U32(bstep), bp)
	ctx.DECQ(kc)
	ctx.JMP(operand.LabelRef("tail" + e.kern))

	ctx.Label("store" + e.kern)
	ctx.Comment("Y12 = alpha, Y13 = beta; beta == 0 must not read c (it may hold NaNs).",
		"A NaN beta takes the general path.")
	e.bcast(ctx, paramAddr(ctx, "alpha"), b0)
	e.bcast(ctx, paramAddr(ctx, "beta"), b1)
	e.xor(ctx, reg.X14, reg.X14, reg.X14)
	e.ucom(ctx, reg.X13, reg.X14)
	ctx.JNE(operand.LabelRef("beta" + e.kern))
	ctx.JP(operand.LabelRef("beta" + e.kern))
	for r := 0; r < mr; r++ {
		for h := 0; h < 2; h++ {
			e.mul(ctx, acc(r, h), b0, acc(r, h))
			e.mov(ctx, acc(r, h), row(r, h))
		}
	}
	ctx.VZEROUPPER()
	ctx.RET()

	ctx.Label("beta" + e.kern)
	for r := 0; r < mr; r++ {
		for h := 0; h < 2; h++ {
			x := bc[h]
			e.mul(ctx, row(r, h), b1, x)
			e.fma(ctx, acc(r, h), b0, x)
			e.mov(ctx, x, row(r, h))
		}
	}
	ctx.VZEROUPPER()
	ctx.RET()
}

// paramAddr returns the frame address of the named scalar parameter.
func paramAddr(ctx *build.Context, name string) operand.Mem {
	b, err := ctx.Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

func log2(n int) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}
