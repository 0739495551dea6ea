package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerateReproducible checks that the committed gemm_amd64.s is exactly
// what the generator produces, so that `go generate ./accel/kernels` is a
// no-op and the assembly cannot drift from its generator.
func TestGenerateReproducible(t *testing.T) {
	want, err := os.ReadFile("../../gemm_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("gemm_amd64.s is stale: run go generate ./accel/kernels")
	}
	again, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Fatal("two runs of the generator differ")
	}
}
