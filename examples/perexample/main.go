// Command perexample computes per-example gradient norms of a small MLP
// (64 → 128 → 10, tanh hidden layer, per-example loss Σ(out − y)², batch
// 256, float32, seeded random data) two ways:
//
//   - vectorized: vmap.Map of vjp.Grad, with the parameters NotMapped and
//     the examples mapped along axis 0 — one batched evaluation, in which
//     every matrix-vector product of the per-example gradient becomes one
//     matrix-matrix product over the batch;
//   - a Go loop calling vjp.Grad once per example, stacking the results.
//
// It prints the first per-example gradient norms from both, the largest
// difference between the two (gradients and norms), and the median time of
// each with the speed-up of the vectorized one.
//
//	go run ./examples/perexample
package main

import (
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"github.com/leibniz-go/leibniz/trace"
	"github.com/leibniz-go/leibniz/vjp"
	"github.com/leibniz-go/leibniz/vmap"
)

const (
	nIn, nHidden, nOut = 64, 128, 10
	batchSize          = 256
	timingReps         = 7
	shownNorms         = 5
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// mlp holds the parameters; its gradient has the same type.
type mlp struct{ W1, B1, W2, B2 *trace.Array }

// example is one (x, y) pair, or a batch of them along axis 0.
type example struct{ X, Y *trace.Array }

// loss is the squared error of one example: x is [64], y is [10].
func loss(p mlp, e example) *trace.Array {
	h := trace.Tanh(trace.Add(trace.MatMul(e.X, p.W1), p.B1))
	out := trace.Add(trace.MatMul(h, p.W2), p.B2)
	return trace.Sum(trace.Square(trace.Sub(out, e.Y)))
}

// grad is the gradient of loss with respect to the parameters, for one
// example.
func grad(p mlp, e example) mlp {
	return vjp.Grad(func(p mlp) *trace.Array { return loss(p, e) })(p)
}

// perExample is grad vectorized over a batch of examples: the result has
// each parameter's shape with the batch prepended.
var perExample = vmap.Map(grad, vmap.InAxes(vmap.NotMapped, 0))

// loopGrads applies grad to one example at a time and stacks the results in
// the layout of perExample.
func loopGrads(p mlp, batch example) mlp {
	n := batch.X.Shape()[0]
	var w1, b1, w2, b2 []*trace.Array
	for i := range n {
		g := grad(p, example{X: trace.Index(batch.X, i), Y: trace.Index(batch.Y, i)})
		w1, b1, w2, b2 = append(w1, g.W1), append(b1, g.B1), append(w2, g.W2), append(b2, g.B2)
	}
	return mlp{trace.Stack(0, w1...), trace.Stack(0, b1...), trace.Stack(0, w2...), trace.Stack(0, b2...)}
}

// setup returns seeded parameters (scaled like PyTorch's default) and a
// batch of n standard normal examples.
func setup(n int) (mlp, example) {
	r := rand.New(rand.NewPCG(4, 4))
	normal := func(scale float64, shape ...int) *trace.Array {
		size := 1
		for _, d := range shape {
			size *= d
		}
		v := make([]float32, size)
		for i := range v {
			v[i] = float32(scale * r.NormFloat64())
		}
		return trace.FromFloat32s(v, shape...)
	}
	p := mlp{
		W1: normal(1/math.Sqrt(nIn), nIn, nHidden),
		B1: normal(0.1, nHidden),
		W2: normal(1/math.Sqrt(nHidden), nHidden, nOut),
		B2: normal(0.1, nOut),
	}
	return p, example{X: normal(1, n, nIn), Y: normal(1, n, nOut)}
}

// leaves lists the gradient's arrays in a fixed order.
func (g mlp) leaves() []*trace.Array { return []*trace.Array{g.W1, g.B1, g.W2, g.B2} }

// norms returns the Euclidean norm of each example's whole gradient (all
// four parameters), accumulated in float64.
func norms(g mlp, n int) []float64 {
	sq := make([]float64, n)
	for _, l := range g.leaves() {
		data := l.Float32s()
		per := len(data) / n
		for i := range n {
			for _, v := range data[i*per : (i+1)*per] {
				sq[i] += float64(v) * float64(v)
			}
		}
	}
	for i := range sq {
		sq[i] = math.Sqrt(sq[i])
	}
	return sq
}

// comparison is how far apart the vectorized and the looped gradients are.
type comparison struct {
	maxAbs  float64 // max |vmap − loop| over every gradient element
	maxRel  float64 // max |vmap − loop| / (1 + |loop|)
	maxRef  float64 // max |loop|
	normsV  []float64
	normsL  []float64
	maxNorm float64 // max |norm_vmap − norm_loop|
}

func compare(v, l mlp, n int) comparison {
	var c comparison
	lv, ll := v.leaves(), l.leaves()
	for k := range lv {
		if !slices.Equal(lv[k].Shape(), ll[k].Shape()) {
			panic(fmt.Sprintf("leaf %d: vmap shape %v, loop shape %v", k, lv[k].Shape(), ll[k].Shape()))
		}
		a, b := lv[k].Float32s(), ll[k].Float32s()
		for i := range a {
			d := math.Abs(float64(a[i]) - float64(b[i]))
			c.maxAbs = max(c.maxAbs, d)
			c.maxRel = max(c.maxRel, d/(1+math.Abs(float64(b[i]))))
			c.maxRef = max(c.maxRef, math.Abs(float64(b[i])))
		}
	}
	c.normsV, c.normsL = norms(v, n), norms(l, n)
	for i := range c.normsV {
		c.maxNorm = max(c.maxNorm, math.Abs(c.normsV[i]-c.normsL[i]))
	}
	return c
}

// median times fn reps times after one warm-up run.
func median(reps int, fn func()) time.Duration {
	fn()
	ts := make([]time.Duration, reps)
	for i := range ts {
		t0 := time.Now()
		fn()
		ts[i] = time.Since(t0)
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}

func run(w io.Writer) error { return runWith(w, batchSize, timingReps) }

// runWith computes, compares and times the per-example gradients of a batch
// of n examples.
func runWith(w io.Writer, n, reps int) error {
	p, batch := setup(n)
	fmt.Fprintf(w, "per-example gradients of an MLP %d→%d→%d (tanh), loss Σ(out − y)², batch %d, float32\n\n", nIn, nHidden, nOut, n)
	gv := perExample(p, batch)
	gl := loopGrads(p, batch)
	c := compare(gv, gl, n)

	fmt.Fprintf(w, "%-8s  %-14s  %-14s\n", "example", "‖g‖ vmap", "‖g‖ loop")
	for i := range min(shownNorms, n) {
		fmt.Fprintf(w, "%-8d  %-14.7g  %-14.7g\n", i, c.normsV[i], c.normsL[i])
	}
	fmt.Fprintf(w, "\nmax |vmap − loop| over all %d gradient elements: %.3e (largest |g| %.3g, max |Δ|/(1+|g|) %.3e)\n",
		n*(nIn*nHidden+nHidden+nHidden*nOut+nOut), c.maxAbs, c.maxRef, c.maxRel)
	fmt.Fprintf(w, "max |‖g‖ vmap − ‖g‖ loop| over the %d examples: %.3e\n", n, c.maxNorm)
	if c.maxRel > tolerance {
		return fmt.Errorf("vmap and loop differ by %.3e relative, more than %.0e", c.maxRel, tolerance)
	}

	tv := median(reps, func() { perExample(p, batch) })
	tl := median(reps, func() { loopGrads(p, batch) })
	fmt.Fprintf(w, "\nmedian of %d runs: vmap(grad) %.3f ms, loop of grad %.3f ms: vmap is %.1f× faster\n",
		reps, ms(tv), ms(tl), float64(tl)/float64(tv))
	return nil
}

// tolerance bounds |vmap − loop| / (1 + |loop|). Both compute the same
// float32 arithmetic but in different orders: the vectorized gradient does
// each layer as one batched matrix product (blocked summation), the loop as
// per-example matrix-vector products. A float32 dot product of length k ≤ 128
// differs between two summation orders by at most about k·ε₃₂·Σ|terms|
// ≈ 1.5e-5·Σ|terms| (ε₃₂ = 1.19e-7), and typically by √k·ε₃₂ ≈ 1.4e-6; the
// gradient chains three such products and a tanh, so 1e-4 leaves a margin
// while a wrong batching rule (an O(1) error) fails.
const tolerance = 1e-4

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
