package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/aitbc/aitbc/x/compute/types"
)

// syncDue makes the AttestationsDue index say, for each committee member
// of the lease, whether it still has to act in the lease's current phase.
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
			acted, err := k.Attestations.Has(ctx, collections.Join(lease.Id, val))
			if err != nil {
				return err
			}
			due = !acted
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
