package keeper

import (
	"context"
	"errors"
	"strconv"

	"cosmossdk.io/collections"

	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
)

// DealChecker vouches to x/reputation for finished leases (deal ref
// "compute/<lease id>"), so their consumer and provider may rate each
// other once.
type DealChecker struct{ k Keeper }

var _ reputationtypes.DealChecker = DealChecker{}

// NewDealChecker returns the lease voucher of the keeper.
func NewDealChecker(k Keeper) DealChecker { return DealChecker{k: k} }

// FinishedDeal implements reputationtypes.DealChecker: any lease that
// reached a final status is a finished deal; the provider party is the
// provider's validator account.
func (d DealChecker) FinishedDeal(ctx context.Context, id string) (reputationtypes.DealParties, bool, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
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
