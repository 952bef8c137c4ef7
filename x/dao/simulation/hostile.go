package simulation

import (
	"context"
	"math/rand"
	"strings"

	"cosmossdk.io/math"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

// Hostile variants: a valid signer and hostile content everywhere else
// (control bytes and oversized text, extreme and negative amounts, unknown
// ids and enum values). A refusal with a registered error is the expected
// outcome; a panic or an unregistered error fails the run.

var maxAmount = math.NewInt(1_000_000_000_000)

// MsgLockHostileFactory locks a hostile coin.
func MsgLockHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgLock, simsx.SimDeliveryResultHandler) {
		owner := simops.AnyAccount(data)
		msg := &types.MsgLock{Owner: owner.AddressBech32, Amount: simops.Coin(data.Rand().Rand, types.DefaultLockDenom, maxAmount)}
		return simops.Signers(owner), msg, simops.Hostile
	})
}

// MsgUnlockHostileFactory unlocks a hostile coin.
func MsgUnlockHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnlock, simsx.SimDeliveryResultHandler) {
		owner := simops.AnyAccount(data)
		msg := &types.MsgUnlock{Owner: owner.AddressBech32, Amount: simops.Coin(data.Rand().Rand, types.DefaultLockDenom, maxAmount)}
		return simops.Signers(owner), msg, simops.Hostile
	})
}

// MsgCancelUnlockHostileFactory cancels an extreme unlock id.
func MsgCancelUnlockHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelUnlock, simsx.SimDeliveryResultHandler) {
		owner := simops.AnyAccount(data)
		msg := &types.MsgCancelUnlock{Owner: owner.AddressBech32, UnlockId: hostile.Uint64(data.Rand().Rand, 100)}
		return simops.Signers(owner), msg, simops.Hostile
	})
}

// MsgDelegateHostileFactory delegates to a hostile address string.
func MsgDelegateHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDelegate, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgDelegate{Delegator: from.AddressBech32, Delegatee: simops.Address(data.Rand().Rand, simops.AnyAccount(data).AddressBech32)}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgSubmitProposalHostileFactory submits a proposal with hostile text, a
// hostile class and voting period, and hostile messages: unknown types,
// messages not signed by the authority, nested proposals, oversized and
// control-byte text inside messages, too many of them.
func MsgSubmitProposalHostileFactory(k keeper.Keeper, props []proposalMsg) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitProposal, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		proposer := simops.AnyAccount(data)
		authority := k.GetAuthority()
		maxConstitution := int(types.DefaultMaxConstitutionLength)
		if params, err := k.Params.Get(simops.ReadContext(ctx)); err == nil {
			maxConstitution = int(params.MaxConstitutionLength)
		}
		var anys []*codectypes.Any
		for range r.Intn(4) + r.Intn(2)*int(types.DefaultMaxMessages) {
			var m sdk.Msg
			switch r.Intn(6) {
			case 0:
				// The type URL is a string of the outer message: the tx
				// decoder refuses it unless it is valid UTF-8.
				anys = append(anys, &codectypes.Any{TypeUrl: simops.Text(r, "/aitbc.dao.v1.MsgUnknown"), Value: []byte(hostile.RandomRunes(r, 16))})
				continue
			case 1:
				m = &types.MsgSetConstitution{Authority: authority, Constitution: simops.RawText(r, strings.Repeat("x", maxConstitution+1))}
			case 2:
				m = &types.MsgCommunitySpend{Authority: simops.RawText(r, authority), Recipient: simops.RawText(r, proposer.AddressBech32),
					Amount: simops.Coins(r, types.DefaultLockDenom, maxAmount)}
			case 3:
				nested, err := newMsgSubmitProposal(authority, simops.RawText(r, types.ClassStandard), nil)
				if err != nil {
					panic(err)
				}
				nested.Title = simops.RawText(r, "nested")
				m = nested
			default:
				m = pickProposalMsg(ctx, data, props, authority)
				if m != nil && r.Intn(2) == 0 {
					setAuthority(m, proposer.AddressBech32) // not the authority
				}
			}
			if m == nil {
				continue
			}
			a, err := codectypes.NewAnyWithValue(m)
			if err != nil {
				panic(err)
			}
			anys = append(anys, a)
		}
		msg := &types.MsgSubmitProposal{
			Proposer:     proposer.AddressBech32,
			Class:        simops.Text(r, types.ClassStandard),
			Title:        simops.Text(r, "hostile"),
			Summary:      simops.Text(r, "summary"),
			Metadata:     simops.Text(r, ""),
			Messages:     anys,
			VotingPeriod: simops.Duration(r),
		}
		return simops.Signers(proposer), msg, simops.Hostile
	})
}

// MsgCancelProposalHostileFactory cancels an extreme proposal id.
func MsgCancelProposalHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelProposal, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		msg := &types.MsgCancelProposal{Proposer: from.AddressBech32, ProposalId: hostile.Uint64(data.Rand().Rand, 100)}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// MsgChallengeHostileFactory challenges with a hostile reason, sometimes a
// proposal that can be challenged.
func MsgChallengeHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgChallenge, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		id := hostile.Uint64(r, 100)
		if p, ok := simops.Pick(r, proposalsIn(simops.ReadContext(ctx), k, types.PROPOSAL_STATUS_CHALLENGE)); ok {
			id = p.Id
		}
		reason := simops.Text(r, "reason")
		if r.Intn(4) == 0 {
			reason = strings.Repeat("\t\n ", 1+r.Intn(1000))
		}
		return simops.Signers(from), &types.MsgChallenge{Challenger: from.AddressBech32, ProposalId: id, Reason: reason}, simops.Hostile
	})
}

// MsgRuleChallengeHostileFactory rules on an extreme proposal id.
func MsgRuleChallengeHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRuleChallenge, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		msg := &types.MsgRuleChallenge{Member: from.AddressBech32, ProposalId: hostile.Uint64(r, 100), Uphold: r.Intn(2) == 0}
		return simops.Signers(from), msg, simops.Hostile
	})
}

// hostileOption is an enum value in or out of range.
func hostileOption(r *rand.Rand) types.VoteOption {
	if r.Int63n(2) == 0 {
		return types.VoteOption(r.Int63n(6))
	}
	return types.VoteOption(int32(r.Int63n(1<<32) - 1<<31))
}

// MsgVoteHostileFactory votes with an out-of-range option, often on a
// proposal in voting.
func MsgVoteHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVote, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		id := hostile.Uint64(r, 100)
		if p, _, ok := votable(simops.ReadContext(ctx), k, r); ok {
			id = p.Id
		}
		return simops.Signers(from), &types.MsgVote{Voter: from.AddressBech32, ProposalId: id, Option: hostileOption(r)}, simops.Hostile
	})
}

// MsgVoteWeightedHostileFactory votes with repeated, out-of-range options
// and weights that are negative, zero, over one or do not add up.
func MsgVoteWeightedHostileFactory(k keeper.Keeper) simsx.SimMsgFactoryX {
	return simops.Factory(func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVoteWeighted, simsx.SimDeliveryResultHandler) {
		r := data.Rand().Rand
		from := simops.AnyAccount(data)
		id := hostile.Uint64(r, 100)
		if p, _, ok := votable(simops.ReadContext(ctx), k, r); ok {
			id = p.Id
		}
		options := make([]types.WeightedVoteOption, r.Intn(7))
		for i := range options {
			options[i] = types.WeightedVoteOption{Option: hostileOption(r), Weight: simops.Dec(r)}
		}
		return simops.Signers(from), &types.MsgVoteWeighted{Voter: from.AddressBech32, ProposalId: id, Options: options}, simops.Hostile
	})
}

// MsgApproveHostileFactory approves an extreme proposal id.
func MsgApproveHostileFactory() simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgApprove, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), &types.MsgApprove{Member: from.AddressBech32, ProposalId: hostile.Uint64(data.Rand().Rand, 100)}, simops.Hostile
	})
}
