// Command bench is the project's workload harness: it runs the canonical
// workloads of BENCHMARKS.md with leibniz, validates each once against its
// closed form, and prints one line per figure in the format of the PyTorch
// reference (bench/torch/workloads.py), so the two can be laid side by side:
//
//	W2 variant=value_and_grad_eager impl=leibniz threads=2 median_ms=... min_ms=... reps=...
//	CHECK W2 variant=value_and_grad_eager max_abs_err=...
//
// Run it under the shared lock, back to back with the reference:
//
//	flock /tmp/bench.lock go run ./examples/bench
//	flock /tmp/bench.lock /usr/bin/python3 ../shared/bench/torch/workloads.py --threads 2 --only W2
//
// This version has the eager workloads that the transforms built so far can
// run: W1 (elementwise value and gradient), W2 (MLP value and gradient) and
// W6 (fourth derivative of tanh by nested gradients).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

var (
	only    = flag.String("only", "W1,W2,W6", "comma-separated workloads to run")
	targetS = flag.Float64("target-s", 1.0, "approximate seconds of repetitions per figure")
	minReps = flag.Int("min-reps", 5, "minimum repetitions per figure")
)

func main() {
	flag.Parse()
	workloads := map[string]func(){"W1": w1, "W2": w2, "W6": w6}
	for _, w := range strings.Split(*only, ",") {
		run, ok := workloads[w]
		if !ok {
			fmt.Fprintf(os.Stderr, "bench: unknown or not yet available workload %q\n", w)
			os.Exit(2)
		}
		run()
	}
}

// measure times fn after a warm-up and prints its line.
func measure(wl, variant, extra string, fn func()) {
	fn() // warm-up
	t0 := time.Now()
	fn()
	one := time.Since(t0).Seconds()
	reps := max(*minReps, int(*targetS/max(one, 1e-9)))
	reps = min(reps, 10000)
	times := make([]float64, reps)
	for i := range times {
		t := time.Now()
		fn()
		times[i] = float64(time.Since(t).Nanoseconds()) / 1e6
	}
	slices.Sort(times)
	if extra != "" {
		extra = " " + extra
	}
	fmt.Printf("%s variant=%s%s impl=leibniz threads=%d median_ms=%.4f min_ms=%.4f reps=%d\n",
		wl, variant, extra, runtime.GOMAXPROCS(0), times[len(times)/2], times[0], reps)
}

func check(wl, variant string, errs ...any) {
	var sb strings.Builder
	for i := 0; i+1 < len(errs); i += 2 {
		fmt.Fprintf(&sb, " %s=%.3e", errs[i], errs[i+1])
	}
	fmt.Printf("CHECK %s variant=%s%s\n", wl, variant, sb.String())
}
