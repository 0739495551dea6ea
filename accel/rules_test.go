package accel

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/trace"
)

// Every primitive is lowered, either fused or run whole.
func TestEveryOpHasRule(t *testing.T) {
	for _, op := range trace.AllOps() {
		assert.NotZero(t, lowerRules[op], "accel: no lowering for primitive %q", op)
	}
}
