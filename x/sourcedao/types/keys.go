package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module; its module account holds the
	// mining pool.
	ModuleName = "sourcedao"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
)

// Store prefixes of the module's collections.
var (
	ParamsKey         = collections.NewPrefix(0)
	PoolKey           = collections.NewPrefix(1)
	StageUnlocksKey   = collections.NewPrefix(2)
	ProjectsKey       = collections.NewPrefix(3)
	ProjectsByState   = collections.NewPrefix(4)
	ProjectsByManager = collections.NewPrefix(5)
	ProjectSeqKey     = collections.NewPrefix(6)
	LatestVersionsKey = collections.NewPrefix(7)
	RewardsKey        = collections.NewPrefix(8)
	UnclaimedKey      = collections.NewPrefix(9)
	CoreDevelopersKey = collections.NewPrefix(10)
	DanDevelopersKey  = collections.NewPrefix(11)
	DanRevokedKey     = collections.NewPrefix(12)
	CumulativeKey     = collections.NewPrefix(13)
)
