package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The machine-noise guard of the PyTorch reference, so that the two sides
// are measured alike: before each figure wait until the machine is idle, and
// report foreign_cpu, the fraction of all cores' time that other processes
// used while the figure was measured (from /proc/stat, minus this process's
// own CPU time, which includes its GC).

// userHZ is the unit of /proc/stat (USER_HZ, fixed at 100 by the Linux ABI).
const userHZ = 100

// busyJiffies returns the busy and total jiffies of all cores, or ok=false
// where /proc/stat cannot be read.
func busyJiffies() (busy, total int64, ok bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return 0, 0, false
	}
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0, false
	}
	var v [8]int64
	for i := range v {
		if v[i], err = strconv.ParseInt(fields[i+1], 10, 64); err != nil {
			return 0, 0, false
		}
		total += v[i]
	}
	return total - v[3] - v[4], total, true // minus idle and iowait
}

// waitIdle waits (at most maxWait) until the machine was ≥ 95% idle in two
// consecutive 0.3 s windows.
func waitIdle(maxWait time.Duration) {
	start, good := time.Now(), 0
	for time.Since(start) < maxWait {
		b0, a0, ok := busyJiffies()
		if !ok {
			return
		}
		time.Sleep(300 * time.Millisecond)
		b1, a1, _ := busyJiffies()
		if 1-float64(b1-b0)/float64(max(1, a1-a0)) >= 0.95 {
			good++
		} else {
			good = 0
		}
		if good >= 2 {
			return
		}
	}
}

// ownCPU returns this process's user plus system CPU time.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// foreignMeter measures the CPU share of other processes over an interval.
type foreignMeter struct {
	busy0 int64
	own0  time.Duration
	wall0 time.Time
	ok    bool
}

func startForeign() foreignMeter {
	b, _, ok := busyJiffies()
	return foreignMeter{busy0: b, own0: ownCPU(), wall0: time.Now(), ok: ok}
}

// stop returns the foreign CPU fraction since start (0 where unknown).
func (m foreignMeter) stop(ncpu int) float64 {
	wall := time.Since(m.wall0).Seconds()
	b1, _, ok := busyJiffies()
	if !m.ok || !ok || wall <= 0 {
		return 0
	}
	busy := float64(b1-m.busy0) / userHZ
	own := (ownCPU() - m.own0).Seconds()
	return max(0, (busy-own)/(wall*float64(ncpu)))
}
