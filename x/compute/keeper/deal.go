package keeper

import (
	"context"
	"errors"
	"math"
	"strconv"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// DealChecker vouches to x/reputation for finished leases (deal ref
// "compute/<lease id>"), so their consumer and provider may rate each
// other once.
type DealChecker struct{ k Keeper }

var _ reputationtypes.DealChecker = DealChecker{}

// NewDealChecker returns the lease voucher of the keeper.
func NewDealChecker(k Keeper) DealChecker { return DealChecker{k: k} }

// CanonicalDealID implements reputationtypes.DealChecker. A lease id has one
// spelling: the decimal form of a uint64 without sign, spaces or leading
// zeros. Any other ("042", "+42", " 42", "18446744073709551616") is refused
// rather than read as lease 42, so one lease cannot be rated under many
// refs.
func (DealChecker) CanonicalDealID(id string) (string, error) {
	if _, ok := parseLeaseID(id); !ok {
		return "", errorsmod.Wrapf(reputationtypes.ErrInvalidDealRef,
			"lease id %q: expected a decimal number without sign, spaces or leading zeros, at most %d", id, uint64(math.MaxUint64))
	}
	return id, nil
}

// parseLeaseID reads a lease id in its canonical spelling only.
func parseLeaseID(id string) (uint64, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil && strconv.FormatUint(n, 10) == id
}

// FinishedDeal implements reputationtypes.DealChecker: any lease that
// reached a final status is a finished deal; the provider party is the
// provider's validator account. An id that is not canonical is no deal.
func (d DealChecker) FinishedDeal(ctx context.Context, id string) (reputationtypes.DealParties, bool, error) {
	n, ok := parseLeaseID(id)
	if !ok {
		return reputationtypes.DealParties{}, false, nil
	}
	l, err := d.k.Leases.Get(ctx, n)
	if errors.Is(err, collections.ErrNotFound) {
		return reputationtypes.DealParties{}, false, nil
	}
	if err != nil || !l.Status.IsFinal() {
		return reputationtypes.DealParties{}, false, err
	}
	consumer, err := d.k.account(l.Consumer)
	if err != nil {
		return reputationtypes.DealParties{}, false, err
	}
	provider, err := d.k.operatorAccount(l.Provider)
	if err != nil {
		return reputationtypes.DealParties{}, false, err
	}
	return reputationtypes.DealParties{Consumer: consumer, Provider: provider}, true, nil
}
