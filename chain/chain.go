// Package chain is the one source of the AITBC chain's public metadata: the
// bank denom metadata that every genesis carries (app/genesis.go), and the
// localnet's chain-registry chain.json and assetlist.json, Keplr
// suggestChain file and TypeScript chain info, which `go run
// ./tools/chainmeta` generates from it (render.go) and a test keeps fresh.
//
// The facts about the localnet (chain id, ports, minimum gas price) must
// match scripts/localnet.sh and `aitbcd init`; chain_test.go checks both.
package chain

import (
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// The token.
const (
	// BaseDenom is the denomination the chain accounts in (app.BondDenom).
	BaseDenom = "uaitbc"
	// DisplayDenom is the unit wallets show (app.DisplayDenom): 10^6 uaitbc.
	DisplayDenom = "AITBC"
	// DisplayExponent is the power of ten from BaseDenom to DisplayDenom.
	DisplayExponent = 6
	// MilliDenom is the thousandth of an AITBC.
	MilliDenom = "maitbc"
	// MilliExponent is the power of ten from BaseDenom to MilliDenom.
	MilliExponent = 3

	TokenName        = "AITBC"
	TokenSymbol      = "AITBC"
	TokenDescription = "The native token of the AITBC chain: staking, fees, DAO voting power and GPU compute payments."
)

// The chain.
const (
	// Bech32Prefix is the account prefix (app.AccountAddressPrefix); the
	// validator and consensus prefixes follow cosmos-sdk's convention.
	Bech32Prefix = "aitbc"
	// CoinType is the BIP-44 coin type of keys: cosmos-sdk's default, as
	// `aitbcd keys add` derives them.
	CoinType   = 118
	DaemonName = "aitbcd"
	NodeHome   = "$HOME/.aitbc"
	GitRepo    = "https://github.com/aitbc/aitbc"
	SDKVersion = "v0.53.8"
	// CometBFTVersion is the consensus engine line the SDK resolves.
	CometBFTVersion = "v0.38"
)

// The localnet (scripts/localnet.sh).
const (
	LocalChainID    = "aitbc-local-1"
	LocalChainName  = "aitbclocal" // chain-registry chain_name: [a-z0-9]+
	LocalPrettyName = "AITBC Localnet"
	LocalHost       = "127.0.0.1"
	LocalRPCPort    = 26657
	LocalAPIPort    = 1317
	LocalGRPCPort   = 9090
)

// Gas prices in uaitbc per gas unit, as decimal strings. The low step is
// the minimum gas price `aitbcd init` writes into app.toml
// (cmd/aitbcd/cmd/config.go), so a wallet's cheapest fee is accepted.
const (
	LowGasPrice     = "0.0025"
	AverageGasPrice = "0.005"
	HighGasPrice    = "0.01"
	// SendGas is the gas a bank send takes with a margin; wallets use it as
	// a default estimate.
	SendGas = 100000
)

// DenomMetadata is the bank metadata of AITBC, in every genesis the chain
// produces: wallets, explorers and SIGN_MODE_TEXTUAL show amounts in AITBC.
func DenomMetadata() banktypes.Metadata {
	return banktypes.Metadata{
		Description: TokenDescription,
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: BaseDenom, Exponent: 0, Aliases: []string{"microaitbc"}},
			{Denom: MilliDenom, Exponent: MilliExponent, Aliases: []string{"milliaitbc"}},
			{Denom: DisplayDenom, Exponent: DisplayExponent, Aliases: []string{"aitbc"}},
		},
		Base:    BaseDenom,
		Display: DisplayDenom,
		Name:    TokenName,
		Symbol:  TokenSymbol,
	}
}
