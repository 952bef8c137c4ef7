package cmd

import (
	"testing"

	"github.com/aitbc/aitbc/chain"
)

// TestMinGasPriceIsTheChainRegistryLowStep: wallets that use the lowest gas
// price step of chain/localnet (chain.json, Keplr) pay what a node made by
// `aitbcd init` accepts.
func TestMinGasPriceIsTheChainRegistryLowStep(t *testing.T) {
	if want := chain.LowGasPrice + chain.BaseDenom; DefaultMinGasPrices != want {
		t.Fatalf("aitbcd init writes minimum-gas-prices %q; chain/chain.go's low gas price is %q", DefaultMinGasPrices, want)
	}
}
