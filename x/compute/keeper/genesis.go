package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/internal/colls"
	"github.com/aitbc/aitbc/x/compute/types"
)

// InitGenesis imports the state; the unbonding queue and price index are
// rebuilt, and the bonds account must hold the bonds and unbondings.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, p := range gs.Providers {
		op, err := k.operator(p.Operator)
		if err != nil {
			return err
		}
		if err := k.Providers.Set(ctx, op, p); err != nil {
			return err
		}
	}
	for _, u := range gs.Unbondings {
		if err := k.Unbondings.Set(ctx, u.Id, u); err != nil {
			return err
		}
		if err := k.UnbondingQueue.Set(ctx, collections.Join(u.CompletionTime, u.Id)); err != nil {
			return err
		}
	}
	for _, o := range gs.Offers {
		if err := k.setOffer(ctx, o, nil); err != nil {
			return err
		}
	}
	for _, j := range gs.Jobs {
		if err := k.Jobs.Set(ctx, j.Id, j); err != nil {
			return err
		}
		if j.Status == types.JOB_STATUS_OPEN {
			if err := k.JobDeadlines.Set(ctx, collections.Join(j.Deadline, j.Id)); err != nil {
				return err
			}
		}
	}
	if err := k.JobSeq.Set(ctx, gs.NextJobId); err != nil {
		return err
	}
	for _, l := range gs.Leases {
		err := k.Leases.Set(ctx, l.Id, l)
		switch {
		case err != nil:
		case l.Status == types.LEASE_STATUS_ACTIVE:
			err = k.LeaseDeadlines.Set(ctx, collections.Join(l.Deadline, l.Id))
		case l.Status == types.LEASE_STATUS_ATTESTING && l.AttestationPhase == types.ATTESTATION_PHASE_COMMIT:
			err = k.LeaseDeadlines.Set(ctx, collections.Join(*l.CommitDeadline, l.Id))
		case l.Status == types.LEASE_STATUS_ATTESTING:
			err = k.LeaseDeadlines.Set(ctx, collections.Join(*l.AttestationDeadline, l.Id))
		}
		if err != nil {
			return err
		}
	}
	for _, a := range gs.Attestations {
		val, err := k.operator(a.Validator)
		if err != nil {
			return err
		}
		if err := k.Attestations.Set(ctx, collections.Join(a.LeaseId, val), a); err != nil {
			return err
		}
	}
	// The attestations-due index is derived: rebuilt from the leases and
	// their attestations.
	for _, l := range gs.Leases {
		if err := k.syncDue(ctx, l); err != nil {
			return err
		}
	}
	if err := k.LeaseSeq.Set(ctx, gs.NextLeaseId); err != nil {
		return err
	}
	if err := k.MatchCursor.Set(ctx, gs.MatchCursor); err != nil {
		return err
	}
	if err := k.CheckEscrowBalance(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	if err := k.OfferSeq.Set(ctx, gs.NextOfferId); err != nil {
		return err
	}
	if err := k.UnbondingSeq.Set(ctx, gs.NextUnbondingId); err != nil {
		return err
	}
	if err := k.CheckBondsBalance(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	return nil
}

// ExportGenesis exports the state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if gs.Providers, err = colls.Values(ctx, k.Providers); err != nil {
		return nil, err
	}
	if gs.Unbondings, err = colls.Values(ctx, k.Unbondings); err != nil {
		return nil, err
	}
	if gs.Offers, err = colls.IndexedValues(ctx, k.Offers); err != nil {
		return nil, err
	}
	if gs.Jobs, err = colls.IndexedValues(ctx, k.Jobs); err != nil {
		return nil, err
	}
	if gs.NextJobId, err = k.JobSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Leases, err = colls.IndexedValues(ctx, k.Leases); err != nil {
		return nil, err
	}
	if gs.Attestations, err = colls.Values(ctx, k.Attestations); err != nil {
		return nil, err
	}
	if gs.NextLeaseId, err = k.LeaseSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.MatchCursor, err = k.MatchCursor.Get(ctx); err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	if gs.NextOfferId, err = k.OfferSeq.Peek(ctx); err != nil {
		return nil, err
	}
	gs.NextUnbondingId, err = k.UnbondingSeq.Peek(ctx)
	return gs, err
}
