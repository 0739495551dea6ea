//go:build race

package accel_test

// raceEnabled: under the race detector sync.Pool drops items at random, so
// pooled frames (and their buffers) are not reused reliably.
const raceEnabled = true
