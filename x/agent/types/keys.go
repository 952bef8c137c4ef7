package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "agent"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// TreasuryName is the module account that receives registration fees:
	// the dao treasury.
	TreasuryName = "dao"
)

// Store prefixes of the module's collections.
var (
	ParamsKey       = collections.NewPrefix(0)
	AgentsKey       = collections.NewPrefix(1)
	AgentsByOwner   = collections.NewPrefix(2)
	AgentsByType    = collections.NewPrefix(3)
	CapabilitiesKey = collections.NewPrefix(4)
	WalletsKey      = collections.NewPrefix(5)
	PoliciesKey     = collections.NewPrefix(6)
	SpendsKey       = collections.NewPrefix(7)
	AgentSeqKey     = collections.NewPrefix(8)
)

// WalletDerivationKey is the prefix of the module credential of a wallet.
var WalletDerivationKey = []byte("wallet")
