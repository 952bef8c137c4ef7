package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "reputation"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// MaxDealRefLength bounds a deal reference "<module>/<id>" in bytes.
	MaxDealRefLength = 128
	// MaxTextLength bounds the comment URI in bytes whatever the params
	// say; ValidateBasic checks it.
	MaxTextLength = 4096
)

// Store prefixes of the module's collections.
var (
	ParamsKey     = collections.NewPrefix(0)
	RecordsKey    = collections.NewPrefix(1)
	ScoreIndexKey = collections.NewPrefix(2)
	RatingsKey    = collections.NewPrefix(3)
)
