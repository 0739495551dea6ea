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

	"github.com/mmcloughlin/avo/build"
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
	cfg := printer.Config{Name: "accel/kernels/internal/asmgen", Pkg: "kernels"}
	return pass.Concat(pass.Compile, &pass.Output{Writer: nopCloser{w}, Printer: printer.NewGoAsm(cfg)}).Execute(f)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// gen wraps an avo build context with the constant pool of the file.
type gen struct {
	*build.Context
	consts map[string]bool
}

func newGen() *gen {
	g := &gen{Context: build.NewContext(), consts: map[string]bool{}}
	g.ConstraintExpr("amd64,!noasm")
	return g
}
