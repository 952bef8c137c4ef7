package keeper

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/x/dao/types"
)

// What a vote reads. The whole proposal record (title, summary, messages)
// would cost a vote gas per byte on every read; a vote reads instead
// VotingStates[id]: the proposal's fields a vote uses, its snapshot rules
// included, written when voting starts (saveAndSchedule) and when late
// quorum or super-quorum moves its times (saveVotingTimes), removed when
// voting ends (setStatus). It is derived from the record and not in
// genesis; a store without it (from before it existed) falls back to the
// record.

// votingStateOf is what a vote needs of a proposal in voting.
func votingStateOf(p types.Proposal) types.VotingState {
	vs := types.VotingState{
		Class: p.Class, SnapshotTime: p.SubmitTime, QuorumTime: p.QuorumTime,
		SnapshotTotalPower: p.SnapshotTotalPower, PowerCap: p.PowerCap, Committee: p.Committee,
		Electorate: p.Electorate, SnapshotVesting: p.SnapshotVesting, SnapshotTwasWindow: p.SnapshotTwasWindow,
	}
	if p.VotingEndTime != nil {
		vs.VotingEndTime = *p.VotingEndTime
	}
	return vs
}

// saveVotingState stores the voting state of a proposal in voting.
func (k Keeper) saveVotingState(ctx context.Context, p types.Proposal) error {
	return k.VotingStates.Set(ctx, p.Id, votingStateOf(p))
}

// proposalForVote returns a proposal as a vote or the tally fold uses it:
// in voting, the fields of its voting state with a zero tally (not its
// text, messages or running tally); otherwise, or without a voting state,
// the stored record as it is (whose tally, while voting, is zero too: the
// running one is in LiveTallies).
func (k Keeper) proposalForVote(ctx context.Context, id uint64) (types.Proposal, error) {
	vs, err := k.VotingStates.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return k.proposalRecord(ctx, id)
	}
	if err != nil {
		return types.Proposal{}, err
	}
	end := vs.VotingEndTime
	return types.Proposal{
		Id: id, Status: types.PROPOSAL_STATUS_VOTING, Class: vs.Class, SubmitTime: vs.SnapshotTime,
		VotingEndTime: &end, QuorumTime: vs.QuorumTime, SnapshotTotalPower: vs.SnapshotTotalPower,
		PowerCap: vs.PowerCap, Committee: vs.Committee, Tally: zeroTally(),
		Electorate: vs.Electorate, SnapshotVesting: vs.SnapshotVesting, SnapshotTwasWindow: vs.SnapshotTwasWindow,
	}, nil
}

// snapshotRules returns the electorate of a proposal and the params its
// voters' snapshot uses (vesting, window): fixed at submission, or for a
// proposal stored before they were, the class's and the params' now.
func (k Keeper) snapshotRules(ctx context.Context, p types.Proposal) (types.Electorate, types.Params, error) {
	if p.Electorate != types.ELECTORATE_UNSPECIFIED && p.SnapshotVesting != nil && p.SnapshotTwasWindow != nil && *p.SnapshotTwasWindow > 0 {
		return p.Electorate, types.Params{Vesting: *p.SnapshotVesting, TwasWindow: *p.SnapshotTwasWindow}, nil
	}
	class, params, ok, err := k.voteRules(ctx, p.Class)
	if err != nil {
		return 0, types.Params{}, err
	}
	if !ok {
		return 0, types.Params{}, errorsmod.Wrapf(types.ErrUnknownClass, "proposal %d has class %q, no longer in params", p.Id, p.Class)
	}
	return class.Electorate, params, nil
}

// voteRules returns the class of a proposal and the params, read only
// off the common path: a vote past the block's pending limit
// (applyTallyNow) and a proposal stored without its snapshot rules. ok is
// false when the class is no longer in the params.
func (k Keeper) voteRules(ctx context.Context, name string) (types.ProposalClass, types.Params, bool, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.ProposalClass{}, types.Params{}, false, err
	}
	class, ok := params.Class(name)
	return class, params, ok, nil
}

// CheckVoteRecords checks that what votes read agrees with what it is
// derived from: each voting state belongs to a proposal in voting and
// holds that proposal's fields, and every proposal in voting has one.
func (k Keeper) CheckVoteRecords(ctx context.Context) error {
	err := k.VotingStates.Walk(ctx, nil, func(id uint64, vs types.VotingState) (bool, error) {
		p, err := k.Proposals.Get(ctx, id)
		if err != nil {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "voting state of proposal %d: %v", id, err)
		}
		if p.Status != types.PROPOSAL_STATUS_VOTING {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "voting state of proposal %d, which is %s", id, p.Status)
		}
		if want := votingStateOf(p); !k.sameValue(&want, &vs) {
			return true, errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d voting state %v, its record gives %v", id, vs, want)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Proposals.Indexes.Status.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.PROPOSAL_STATUS_VOTING)),
		func(_ int32, id uint64) (bool, error) {
			has, err := k.VotingStates.Has(ctx, id)
			if err == nil && !has {
				err = errorsmod.Wrapf(types.ErrBrokenInvariant, "proposal %d is in voting without a voting state", id)
			}
			return err != nil, err
		})
	return err
}

// sameValue says whether two records have the same stored encoding.
func (k Keeper) sameValue(a, b proto.Message) bool {
	x, errA := k.cdc.Marshal(a)
	y, errB := k.cdc.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}
