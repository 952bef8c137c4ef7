package app

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// AppName is the name baseapp reports and the default home folder is named after.
	AppName = "aitbc"

	// BondDenom is the base denomination of the AITBC token: 1 AITBC = 1,000,000 uaitbc.
	BondDenom = "uaitbc"
	// DisplayDenom is the human denomination of the token.
	DisplayDenom = "AITBC"

	// AccountAddressPrefix is the bech32 human-readable part of account addresses.
	AccountAddressPrefix = "aitbc"
)

var (
	AccountPubKeyPrefix    = AccountAddressPrefix + "pub"
	ValidatorAddressPrefix = AccountAddressPrefix + "valoper"
	ValidatorPubKeyPrefix  = AccountAddressPrefix + "valoperpub"
	ConsNodeAddressPrefix  = AccountAddressPrefix + "valcons"
	ConsNodePubKeyPrefix   = AccountAddressPrefix + "valconspub"
)

func init() {
	// Staking, mint and genutil read sdk.DefaultBondDenom when they build
	// default genesis, so `aitbcd init` writes uaitbc everywhere.
	sdk.DefaultBondDenom = BondDenom
	SetAddressPrefixes(sdk.GetConfig())
}

// SetAddressPrefixes sets the bech32 prefixes of accounts, validators and
// consensus nodes. It is idempotent and safe to call before the config is sealed.
func SetAddressPrefixes(cfg *sdk.Config) {
	if cfg.GetBech32AccountAddrPrefix() == AccountAddressPrefix {
		return
	}
	cfg.SetBech32PrefixForAccount(AccountAddressPrefix, AccountPubKeyPrefix)
	cfg.SetBech32PrefixForValidator(ValidatorAddressPrefix, ValidatorPubKeyPrefix)
	cfg.SetBech32PrefixForConsensusNode(ConsNodeAddressPrefix, ConsNodePubKeyPrefix)
}
