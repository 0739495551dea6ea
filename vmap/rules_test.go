package vmap

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leibniz-go/leibniz/trace"
)

// Every primitive has a batching rule: there is no silent per-example loop.
func TestEveryOpHasRule(t *testing.T) {
	for _, op := range trace.AllOps() {
		assert.NotNil(t, batchRules[op], "vmap: no batching rule for primitive %q", op)
	}
}
