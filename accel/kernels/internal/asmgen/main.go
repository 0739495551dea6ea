// Command asmgen generates the AVX2+FMA assembly of package kernels
// (accel/kernels/simd_amd64.s) with avo.
//
// Run it through go generate in accel/kernels:
//
//	go generate ./accel/kernels
//
// which runs `go run ./internal/asmgen -out simd_amd64.s`. The output depends
// only on this program (not on its arguments or the working directory), so
// running it again reproduces the committed file byte for byte; a test in
// package kernels checks that. The Go declarations of the generated
// functions are hand-written in simd_amd64.go.
//
// The math functions follow package vmath, which holds their coefficients
// and a scalar Go version of every kernel that the tests compare with the
// assembly bit for bit.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
)

func main() {
	// A flag set of our own: avo's build package registers its flags,
	// -out among them, on flag.CommandLine.
	fs := flag.NewFlagSet("asmgen", flag.ExitOnError)
	out := fs.String("out", "simd_amd64.s", "assembly output `file`")
	_ = fs.Parse(os.Args[1:])
	var buf bytes.Buffer
	if err := generate(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "asmgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "asmgen:", err)
		os.Exit(1)
	}
}

// generate writes the assembly file to w.
func generate(w io.Writer) error {
	g := newGen()
	g.all()
	f, err := g.Result()
	if err != nil {
		return err
	}
	for _, fn := range f.Functions() {
		interleave(fn)
	}
	cfg := printer.Config{Name: "accel/kernels/internal/asmgen", Pkg: "kernels"}
	var buf bytes.Buffer
	if err := pass.Concat(pass.Compile, &pass.Output{Writer: nopCloser{&buf}, Printer: printer.NewGoAsm(cfg)}).Execute(f); err != nil {
		return err
	}
	// avo's allocator also hands out X16-X31/Y16-Y31, which need AVX-512.
	if m := avx512Reg.Find(buf.Bytes()); m != nil {
		return fmt.Errorf("register %s needs AVX-512: too many live vectors in a kernel", m)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

var avx512Reg = regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b|\bZ[0-9]+\b`)

// Marker comments around the unrolled bodies of a loop that interleave
// merges: "@interleave <lag %>" starts each body (see interleave), and
// interleaveEnd follows the last.
const (
	interleaveMark = "@interleave"
	interleaveEnd  = "@interleave-end"
)

// interleave replaces each group of bodies between marker comments in fn by
// their instructions taken in turn, one from each body, body k starting
// after k·lag% of the instructions of body 0, and drops the markers. The bodies are independent computations on different lanes, so
// any merge is correct; taking them in turn gives the out-of-order core
// ready instructions of one while the other waits on latency. It runs
// before register allocation.
func interleave(fn *ir.Function) {
	var out []ir.Node
	var bodies [][]ir.Node
	in, lagPercent := false, 0
	for _, n := range fn.Nodes {
		if c, ok := n.(*ir.Comment); ok && len(c.Lines) == 1 {
			var pct int
			if _, err := fmt.Sscanf(c.Lines[0], interleaveMark+" %d", &pct); err == nil {
				in, lagPercent = true, pct
				bodies = append(bodies, nil)
				continue
			}
			switch c.Lines[0] {
			case interleaveEnd:
				// Body k starts after k·lag instructions of body 0, so
				// that the bodies' peaks of register pressure do not
				// coincide (16 YMM registers).
				lag := len(bodies[0]) * lagPercent / 100
				for k := 0; ; k++ {
					done := true
					for j, b := range bodies {
						if t := k - j*lag; t >= 0 && t < len(b) {
							out = append(out, b[t])
						}
						if k-j*lag < len(b) {
							done = false
						}
					}
					if done {
						break
					}
				}
				in, bodies = false, nil
				continue
			}
		}
		if in {
			bodies[len(bodies)-1] = append(bodies[len(bodies)-1], n)
		} else {
			out = append(out, n)
		}
	}
	fn.Nodes = out
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// gen wraps an avo build context with the constant pool of the file and
// the constants that the function being emitted holds in registers (see
// hoist).
type gen struct {
	*build.Context
	consts map[string]bool
	inReg  map[string]vec
}

func newGen() *gen {
	g := &gen{Context: build.NewContext(), consts: map[string]bool{}}
	g.ConstraintExpr("amd64,!noasm")
	return g
}

// Function starts a function, with every constant in memory.
func (g *gen) Function(name string) {
	g.inReg = map[string]vec{}
	g.Context.Function(name)
}
