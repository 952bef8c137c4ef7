package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "reputation"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
)

// Store prefixes of the module's collections.
var (
	ParamsKey     = collections.NewPrefix(0)
	RecordsKey    = collections.NewPrefix(1)
	ScoreIndexKey = collections.NewPrefix(2)
	RatingsKey    = collections.NewPrefix(3)
)
