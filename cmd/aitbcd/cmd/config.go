package cmd

import (
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/aitbc/aitbc/app"
)

// DefaultMinGasPrices is the minimum gas price written to app.toml by
// `aitbcd init`: a fresh node accepts transactions that pay it
// (e.g. --gas-prices 0.0025uaitbc, or --fees 500uaitbc for 200k gas).
const DefaultMinGasPrices = "0.0025" + app.BondDenom

// initCometBFTConfig returns the CometBFT defaults of an AITBC node.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	// Five-second blocks: a job's attestation needs a few blocks, and
	// governance deadlines are measured in days.
	cfg.Consensus.TimeoutCommit = 5 * time.Second
	return cfg
}

// initAppConfig returns the app.toml template and defaults of an AITBC node.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = DefaultMinGasPrices
	return serverconfig.DefaultConfigTemplate, cfg
}
