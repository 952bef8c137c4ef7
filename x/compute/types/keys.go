package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "compute"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// BondsName is the module account holding provider bonds.
	BondsName = "compute_bonds"
	// EscrowName is the module account holding jobs' escrow.
	EscrowName = "compute_escrow"
)

// Store prefixes of the module's collections.
var (
	ParamsKey           = collections.NewPrefix(0)
	ProvidersKey        = collections.NewPrefix(1)
	UnbondingsKey       = collections.NewPrefix(2)
	UnbondingQueueKey   = collections.NewPrefix(3)
	UnbondingSeqKey     = collections.NewPrefix(4)
	OffersKey           = collections.NewPrefix(5)
	OffersByProviderKey = collections.NewPrefix(6)
	OfferPriceIndexKey  = collections.NewPrefix(7)
	OfferSeqKey         = collections.NewPrefix(8)
)

// Store prefixes of jobs.
var (
	JobsKey           = collections.NewPrefix(9)
	JobsByConsumerKey = collections.NewPrefix(10)
	JobsByStatusKey   = collections.NewPrefix(11)
	JobDeadlinesKey   = collections.NewPrefix(12)
	JobSeqKey         = collections.NewPrefix(13)
)
