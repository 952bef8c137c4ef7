package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Genesis keeps votes and override deductions apart, as types.Vote and
// OverrideDeduction; the store merges them into one record per (proposal,
// voter) (votes_store.go).

// importVoteRecords stores the genesis votes and deductions, after the
// proposals. A vote's counted tally is not stored but recomputed from its
// powers, its deduction and the proposal's power cap, as a vote does: an
// imported vote whose counted tally disagrees is refused.
func (k Keeper) importVoteRecords(ctx context.Context, votes []types.Vote, deductions []types.OverrideDeduction) error {
	for _, d := range deductions {
		addr, err := k.address("override delegatee", d.Delegatee)
		if err != nil {
			return err
		}
		if d.Amount.IsNil() || !d.Amount.IsPositive() {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "override deduction of %s on proposal %d is %v, not positive", d.Delegatee, d.ProposalId, d.Amount)
		}
		if has, err := k.Proposals.Has(ctx, d.ProposalId); err != nil || !has {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "override deduction of %s on proposal %d: unknown proposal", d.Delegatee, d.ProposalId)
		}
		key := collections.Join(d.ProposalId, addr)
		if has, err := k.Votes.Has(ctx, key); err != nil || has {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "override deduction of %s on proposal %d given twice", d.Delegatee, d.ProposalId)
		}
		if err := k.setRecord(ctx, key, voteRecord{weight: math.ZeroInt(), deducted: d.Amount}); err != nil {
			return err
		}
	}
	for _, v := range votes {
		voter, err := k.address("voter", v.Voter)
		if err != nil {
			return err
		}
		key := collections.Join(v.ProposalId, voter)
		rec, err := k.getRecord(ctx, key)
		if err != nil {
			return err
		}
		if rec.voted {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "vote of %s on proposal %d given twice", v.Voter, v.ProposalId)
		}
		if err := types.ValidateVoteOptions(v.Options); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "vote of %s on proposal %d: %s", v.Voter, v.ProposalId, err)
		}
		for _, n := range []math.Int{v.DelegatedPower, v.OwnPower, v.Counted.Yes, v.Counted.Abstain, v.Counted.No, v.Counted.NoWithVeto} {
			if n.IsNil() || n.IsNegative() {
				return errorsmod.Wrapf(types.ErrInvalidGenesis, "vote of %s on proposal %d has a missing or negative amount", v.Voter, v.ProposalId)
			}
		}
		p, err := k.proposalRecord(ctx, v.ProposalId)
		if err != nil {
			return err
		}
		weight := rawWeight(v, rec.deducted)
		if !p.PowerCap.IsNil() {
			weight = math.MinInt(weight, p.PowerCap)
		}
		if counted := splitWeight(weight, v.Options); !sameTally(counted, v.Counted) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "vote of %s on proposal %d counts %v; its powers, deduction and the power cap give %v", v.Voter, v.ProposalId, v.Counted, counted)
		}
		rec.vote, rec.voted, rec.weight = v, true, weight
		if err := k.setRecord(ctx, key, rec); err != nil {
			return err
		}
	}
	return nil
}

// exportVoteRecords gives the stored records as genesis votes and
// override deductions, each in (proposal, address) order.
func (k Keeper) exportVoteRecords(ctx context.Context) ([]types.Vote, []types.OverrideDeduction, error) {
	var votes []types.Vote
	var deductions []types.OverrideDeduction
	err := k.Votes.Walk(ctx, nil, func(key collectionsPairVote, stored types.VoteRecord) (bool, error) {
		r, err := k.decodeRecord(key, stored)
		if err != nil {
			return true, err
		}
		if r.voted {
			votes = append(votes, r.vote)
		}
		if r.deducted.IsPositive() {
			delegatee, err := k.addrString(key.K2())
			if err != nil {
				return true, err
			}
			deductions = append(deductions, types.OverrideDeduction{ProposalId: key.K1(), Delegatee: delegatee, Amount: r.deducted})
		}
		return false, nil
	})
	return votes, deductions, err
}
