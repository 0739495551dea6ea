package kernels

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGenerateReproducible runs the avo generator (the command of the
// go:generate line in simd.go) into a temporary file and compares it byte
// for byte with the committed simd_amd64.s.
func TestGenerateReproducible(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goCmd); err != nil {
			t.Skip("no go command to run the generator")
		}
	}
	out := filepath.Join(t.TempDir(), "simd_amd64.s")
	cmd := exec.Command(goCmd, "run", "./internal/asmgen", "-out", out)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "go run ./internal/asmgen: %s", msg)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	want, err := os.ReadFile("simd_amd64.s")
	require.NoError(t, err)
	if !bytes.Equal(got, want) {
		t.Fatal("simd_amd64.s differs from the generator's output: run go generate ./accel/kernels")
	}
}
