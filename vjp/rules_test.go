package vjp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/trace"
)

// Exactly the Linear primitives have transpose rules: JVP rules apply only
// those to tangents, so the linear programs of Linearize are transposable.
func TestEveryOpHasRule(t *testing.T) {
	for _, op := range trace.AllOps() {
		if op.Info().Linear {
			assert.NotNil(t, transposeRules[op], "vjp: no transpose rule for linear primitive %q", op)
		} else {
			assert.Nil(t, transposeRules[op], "vjp: primitive %q has a transpose rule but is not marked Linear", op)
		}
	}
}
