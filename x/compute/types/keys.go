package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "compute"
	// StoreKey is the store key of the module.
	StoreKey = ModuleName
	// BondsName is the module account holding provider bonds.
	BondsName = "compute_bonds"
	// EscrowName is the module account holding jobs' and leases' escrow.
	EscrowName = "compute_escrow"
	// TreasuryName is the dao module account: it receives the take and slashes.
	TreasuryName = "dao"
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

// Store prefixes of leases, attestations and matching.
var (
	LeasesKey                 = collections.NewPrefix(14)
	LeasesByProviderStatusKey = collections.NewPrefix(15)
	LeasesByStatusKey         = collections.NewPrefix(16)
	LeaseSeqKey               = collections.NewPrefix(17)
	LeaseDeadlinesKey         = collections.NewPrefix(18)
	AttestationsKey           = collections.NewPrefix(19)
	// OfferPricesAnyModelKey orders all listed offers by price, for jobs
	// that name a minimum VRAM instead of a model.
	OfferPricesAnyModelKey = collections.NewPrefix(20)
	MatchCursorKey         = collections.NewPrefix(21)
	// AttestationsDueKey indexes (validator, lease id): the committee
	// members that still have to act on a lease in its current phase.
	AttestationsDueKey = collections.NewPrefix(22)
)
