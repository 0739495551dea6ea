package transform_test

import (
	"testing"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/transform"
)

// chainProgram stages a chain of n/5 steps x ← sin x·1 + sin x, five
// equations each (two sins, a broadcast 1, a mul, an add): duplicates for
// CSE, identities for Simplify.
func chainProgram(tb testing.TB, n int) *trace.Program {
	return stage(tb, func(x x1) x1 {
		for range n / 5 {
			x = trace.Add(trace.Mul(trace.Sin(x), trace.Scalar(1)), trace.Sin(x))
		}
		return x
	}, f32s(16))
}

func TestOptimizeChain(t *testing.T) {
	p := chainProgram(t, 1000)
	if len(p.Eqns) != 1000 {
		t.Fatalf("the chain has %d equations, want 1000", len(p.Eqns))
	}
	q := transform.Optimize(p)
	if len(q.Eqns) != 400 { // sin, add per step
		t.Fatalf("optimized chain has %d equations, want 400", len(q.Eqns))
	}
	requireSameFunction(t, p, q)
}

func BenchmarkOptimize1000(b *testing.B) {
	p := chainProgram(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		transform.Optimize(p)
	}
}

func BenchmarkSimplify1000(b *testing.B) {
	p := chainProgram(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		transform.Simplify(p)
	}
}

func BenchmarkCSE1000(b *testing.B) {
	p := chainProgram(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		transform.CSE(p)
	}
}

func BenchmarkDCE1000(b *testing.B) {
	p := chainProgram(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		transform.DCE(p)
	}
}
