package jvp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/trace"
)

// Every primitive has a JVP rule; non-differentiable ones have an explicit
// zero rule rather than a gap.
func TestEveryOpHasRule(t *testing.T) {
	for _, op := range trace.AllOps() {
		assert.NotNil(t, jvpRules[op], "jvp: no rule for primitive %q", op)
	}
}
