package vjp_test

import (
	"testing"

	"github.com/leibniz-go/leibniz/transform/transformtest"
)

// TestOracleVJP checks reverse mode on the shared op-spec table by the
// inner-product identity ⟨u, J v⟩ = ⟨Jᵀu, v⟩ against forward mode.
func TestOracleVJP(t *testing.T) {
	for _, s := range transformtest.Specs() {
		for _, dt := range s.Types() {
			t.Run(s.Name+"/"+dt.String(), func(t *testing.T) {
				transformtest.CheckVJP(t, s, dt)
			})
		}
	}
}
