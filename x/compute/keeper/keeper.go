// Package keeper holds the GPU marketplace state: providers and their
// bonds, offers with price indexes, jobs and their escrow, leases, their
// attestation committees and settlement.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/compute/types"
)

// OfferIndexes index offers by provider.
type OfferIndexes struct {
	Provider *indexes.Multi[sdk.ValAddress, uint64, types.Offer]
}

// IndexesList implements collections.Indexes.
func (i OfferIndexes) IndexesList() []collections.Index[uint64, types.Offer] {
	return []collections.Index[uint64, types.Offer]{i.Provider}
}

// JobIndexes index jobs by consumer and by status.
type JobIndexes struct {
	Consumer *indexes.Multi[sdk.AccAddress, uint64, types.Job]
	Status   *indexes.Multi[int32, uint64, types.Job]
}

// IndexesList implements collections.Indexes.
func (i JobIndexes) IndexesList() []collections.Index[uint64, types.Job] {
	return []collections.Index[uint64, types.Job]{i.Consumer, i.Status}
}

// LeaseIndexes index leases by (provider, status) and by status.
type LeaseIndexes struct {
	ProviderStatus *indexes.Multi[collections.Pair[sdk.ValAddress, int32], uint64, types.Lease]
	Status         *indexes.Multi[int32, uint64, types.Lease]
}

// IndexesList implements collections.Indexes.
func (i LeaseIndexes) IndexesList() []collections.Index[uint64, types.Lease] {
	return []collections.Index[uint64, types.Lease]{i.ProviderStatus, i.Status}
}

// Keeper manages the x/compute state.
type Keeper struct {
	cdc              codec.BinaryCodec
	storeService     store.KVStoreService
	addressCodec     address.Codec
	valCodec         address.Codec
	authority        string
	stakingKeeper    types.StakingKeeper
	bankKeeper       types.BankKeeper
	reputationKeeper types.ReputationKeeper

	Schema         collections.Schema
	Params         collections.Item[types.Params]
	Providers      collections.Map[sdk.ValAddress, types.Provider]
	Unbondings     collections.Map[uint64, types.BondUnbonding]
	UnbondingQueue collections.KeySet[collections.Pair[time.Time, uint64]]
	UnbondingSeq   collections.Sequence
	Offers         *collections.IndexedMap[uint64, types.Offer, OfferIndexes]
	// OfferPrices orders open offers by (model, price per GPU-hour, id), so
	// the cheapest offer of a model is one seek away.
	OfferPrices collections.KeySet[collections.Triple[string, uint64, uint64]]
	OfferSeq    collections.Sequence
	// Jobs by id; the status index lists open jobs in submission order.
	Jobs   *collections.IndexedMap[uint64, types.Job, JobIndexes]
	JobSeq collections.Sequence
	// JobDeadlines queue (deadline, id) so EndBlock reads only what is due.
	JobDeadlines collections.KeySet[collections.Pair[time.Time, uint64]]
	// OfferPricesAnyModel orders listed offers by (price, id) across models.
	OfferPricesAnyModel collections.KeySet[collections.Pair[uint64, uint64]]
	// MatchCursor is the job id EndBlock matching resumes from, so jobs no
	// offer can take do not starve the ones behind them.
	MatchCursor collections.Item[uint64]
	Leases      *collections.IndexedMap[uint64, types.Lease, LeaseIndexes]
	LeaseSeq    collections.Sequence
	// LeaseDeadlines queue (time, lease id): the result deadline of an
	// active lease, the attestation deadline of one being attested.
	LeaseDeadlines collections.KeySet[collections.Pair[time.Time, uint64]]
	// Attestations by (lease id, validator).
	Attestations collections.Map[collections.Pair[uint64, sdk.ValAddress], types.Attestation]
	// AttestationsDue holds (validator, lease id) while the member still
	// has to act on the lease in its current phase; derived from the lease
	// and its attestations (syncDue), rebuilt on genesis import.
	AttestationsDue collections.KeySet[collections.Pair[sdk.ValAddress, uint64]]
}

// NewKeeper returns the x/compute keeper.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, addressCodec, valCodec address.Codec,
	sk types.StakingKeeper, bk types.BankKeeper, rk types.ReputationKeeper, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid compute authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, storeService: storeService, addressCodec: addressCodec, valCodec: valCodec, authority: authority,
		stakingKeeper: sk, bankKeeper: bk, reputationKeeper: rk,
		Params:         collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Providers:      collections.NewMap(sb, types.ProvidersKey, "providers", sdk.ValAddressKey, codec.CollValue[types.Provider](cdc)),
		Unbondings:     collections.NewMap(sb, types.UnbondingsKey, "unbondings", collections.Uint64Key, codec.CollValue[types.BondUnbonding](cdc)),
		UnbondingQueue: collections.NewKeySet(sb, types.UnbondingQueueKey, "unbonding_queue", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		UnbondingSeq:   collections.NewSequence(sb, types.UnbondingSeqKey, "unbonding_seq"),
		Offers: collections.NewIndexedMap(sb, types.OffersKey, "offers", collections.Uint64Key, codec.CollValue[types.Offer](cdc),
			OfferIndexes{Provider: indexes.NewMulti(sb, types.OffersByProviderKey, "offers_by_provider", sdk.ValAddressKey, collections.Uint64Key,
				func(_ uint64, o types.Offer) (sdk.ValAddress, error) { return valCodec.StringToBytes(o.Provider) })}),
		OfferPrices: collections.NewKeySet(sb, types.OfferPriceIndexKey, "offer_prices",
			collections.TripleKeyCodec(colls.StringKey, collections.Uint64Key, collections.Uint64Key)),
		OfferSeq: collections.NewSequence(sb, types.OfferSeqKey, "offer_seq"),
		Jobs: collections.NewIndexedMap(sb, types.JobsKey, "jobs", collections.Uint64Key, codec.CollValue[types.Job](cdc),
			JobIndexes{
				Consumer: indexes.NewMulti(sb, types.JobsByConsumerKey, "jobs_by_consumer", sdk.AccAddressKey, collections.Uint64Key,
					func(_ uint64, j types.Job) (sdk.AccAddress, error) { return addressCodec.StringToBytes(j.Consumer) }),
				Status: indexes.NewMulti(sb, types.JobsByStatusKey, "jobs_by_status", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, j types.Job) (int32, error) { return int32(j.Status), nil }),
			}),
		JobSeq:       collections.NewSequence(sb, types.JobSeqKey, "job_seq"),
		JobDeadlines: collections.NewKeySet(sb, types.JobDeadlinesKey, "job_deadlines", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		OfferPricesAnyModel: collections.NewKeySet(sb, types.OfferPricesAnyModelKey, "offer_prices_any_model",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		MatchCursor: collections.NewItem(sb, types.MatchCursorKey, "match_cursor", collections.Uint64Value),
		Leases: collections.NewIndexedMap(sb, types.LeasesKey, "leases", collections.Uint64Key, codec.CollValue[types.Lease](cdc),
			LeaseIndexes{
				ProviderStatus: indexes.NewMulti(sb, types.LeasesByProviderStatusKey, "leases_by_provider_status",
					collections.PairKeyCodec(sdk.ValAddressKey, collections.Int32Key), collections.Uint64Key,
					func(_ uint64, l types.Lease) (collections.Pair[sdk.ValAddress, int32], error) {
						op, err := valCodec.StringToBytes(l.Provider)
						return collections.Join(sdk.ValAddress(op), int32(l.Status)), err
					}),
				Status: indexes.NewMulti(sb, types.LeasesByStatusKey, "leases_by_status", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, l types.Lease) (int32, error) { return int32(l.Status), nil }),
			}),
		LeaseSeq:       collections.NewSequence(sb, types.LeaseSeqKey, "lease_seq"),
		LeaseDeadlines: collections.NewKeySet(sb, types.LeaseDeadlinesKey, "lease_deadlines", collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)),
		Attestations: collections.NewMap(sb, types.AttestationsKey, "attestations",
			collections.PairKeyCodec(collections.Uint64Key, sdk.ValAddressKey), codec.CollValue[types.Attestation](cdc)),
		AttestationsDue: collections.NewKeySet(sb, types.AttestationsDueKey, "attestations_due",
			collections.PairKeyCodec(sdk.ValAddressKey, collections.Uint64Key)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to change params.
func (k Keeper) GetAuthority() string { return k.authority }
