package jvp_test

import (
	"testing"

	"github.com/leibniz-go/leibniz/transform/transformtest"
)

// TestOracleJVP checks forward mode, and every second-order combination, on
// the shared op-spec table against finite differences.
func TestOracleJVP(t *testing.T) {
	for _, s := range transformtest.Specs() {
		for _, dt := range s.Types() {
			t.Run(s.Name+"/"+dt.String(), func(t *testing.T) {
				transformtest.CheckJVP(t, s, dt)
			})
			t.Run(s.Name+"/"+dt.String()+"/second-order", func(t *testing.T) {
				transformtest.CheckSecondOrder(t, s, dt)
			})
		}
	}
}
