package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// syncDue makes the AttestationsDue index say, for each committee member
// of the lease, whether it still has to act in the lease's current phase:
// commit if it has not, in the commit phase; reveal if it committed and has
// not revealed, in the reveal phase.
// It is called after every change of a lease's status or attestations, and
// on genesis import; a final lease leaves nobody due. At most
// committee_size members, each one read and one write.
func (k Keeper) syncDue(ctx context.Context, lease types.Lease) error {
	for _, m := range lease.Committee {
		val, err := k.operator(m.Validator)
		if err != nil {
			return err
		}
		due := false
		if lease.Status == types.LEASE_STATUS_ATTESTING {
			if due, err = k.isDue(ctx, lease, val); err != nil {
				return err
			}
		}
		key := collections.Join(val, lease.Id)
		if due {
			err = k.AttestationsDue.Set(ctx, key)
		} else {
			err = k.AttestationsDue.Remove(ctx, key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isDue says whether committee member val of an attesting lease has to act
// in the lease's current phase.
func (k Keeper) isDue(ctx context.Context, lease types.Lease, val sdk.ValAddress) (bool, error) {
	a, err := k.Attestations.Get(ctx, collections.Join(lease.Id, val))
	committed := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return false, err
	}
	switch lease.AttestationPhase {
	case types.ATTESTATION_PHASE_COMMIT:
		return !committed, nil
	case types.ATTESTATION_PHASE_REVEAL:
		return committed && !a.Revealed, nil
	}
	return false, nil
}
